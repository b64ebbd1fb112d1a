"""Converting a Document between SRT and WebVTT: the same cues, in the other format's terms.

Speakers move from ``<v Name>`` to an SRT marker (and back); italic, bold and
underline tags are kept; tags the target format does not have are removed;
character references are decoded for SRT and escaped for WebVTT. What the
target cannot hold (WebVTT cue settings, STYLE and REGION blocks) is listed as
``I501`` findings, never lost silently; unparseable blocks are carried over as
they are.
"""

from __future__ import annotations

import re

from subtitler import rules
from subtitler.errors import NotSubtitleError, UsageError
from subtitler.formats.cuetext import unescape
from subtitler.formats.speakermarks import render, srt_marker, strip_marker
from subtitler.model import DEFAULT_SETTINGS, Cue, Document, Finding, make_cue

# One pass over the tags of a cue: i, b and u stay (lower case, without classes), the rest go.
_TAG = re.compile(r"<(/?)([A-Za-z]*)[^>]*>")
_BARE_AMP = re.compile(r"&(?!(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
_BLANK_LINES = re.compile(r"\n[ \t]*(?=\n)|^\n+|\n+$")
_KEPT = frozenset("ibu")
_PLAIN_TAGS = ("<i>", "</i>", "<b>", "</b>", "<u>", "</u>")


def _only_kept_tags(text: str) -> bool:
    """Whether every '<' and '>' of ``text`` belongs to a plain i, b or u tag (then it needs no change)."""
    for tag in _PLAIN_TAGS:
        text = text.replace(tag, "")
    return "<" not in text and ">" not in text


def _tag(match: re.Match[str]) -> str:
    name = match.group(2).lower()
    return f"<{match.group(1)}{name}>" if name in _KEPT else ""


def _to_vtt_text(text: str) -> str:
    """SRT cue text as WebVTT cue text: i/b/u kept, other tags dropped, '&' and '<' escaped.

    >>> _to_vtt_text('<font color="red">Tom & <I>Jerry</I></font> a<b')
    'Tom &amp; <i>Jerry</i> a&lt;b'
    """
    if "&" in text:
        text = _BARE_AMP.sub("&amp;", text)
    if ("<" in text or ">" in text) and not _only_kept_tags(text):
        pieces = []
        pos = 0
        for match in _TAG.finditer(text):  # escape the text between tags, keep i/b/u
            pieces.append(text[pos:match.start()].replace("<", "&lt;").replace(">", "&gt;"))
            pieces.append(_tag(match))
            pos = match.end()
        pieces.append(text[pos:].replace("<", "&lt;").replace(">", "&gt;"))
        text = "".join(pieces)
    if "-->" in text:
        text = text.replace("-->", "->")
    if text[:1] == "\n" or text[-1:] == "\n" or "\n\n" in text or "\n " in text or "\n\t" in text:
        text = _BLANK_LINES.sub("", text)  # WebVTT cue text cannot hold a blank line
    return text


def _to_srt_text(text: str) -> str:
    """WebVTT cue text as SRT text: i/b/u kept (without classes), other tags dropped, references decoded.

    >>> _to_srt_text("<v Kim>Tom &amp; <i.loud>Jerry</i></v>")
    'Tom & <i>Jerry</i>'
    """
    if "<" in text:
        text = _TAG.sub(_tag, text)
    return unescape(text) if "&" in text else text


_LINE_VOICE = re.compile(r"^\s*<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")


def _line_voices(text: str) -> list[str | None]:
    """The voice each line of WebVTT cue text starts with, or None.

    >>> _line_voices("<v Anna>How are you?</v>\\n<v Bob>Fine.</v>")
    ['Anna', 'Bob']
    """
    return [match.group(1).strip() if (match := _LINE_VOICE.match(line)) else None for line in text.split("\n")]


def convert(doc: Document, to: str, speaker_style: str | None = None) -> tuple[Document, list[Finding]]:
    """The document in format ``to``, and what the conversion had to leave out.

    Args:
        doc: a document in either format.
        to: ``srt`` or ``vtt``.
        speaker_style: how speakers are marked in SRT output (label, chevron,
            dash, none); WebVTT always uses voice spans.

    Raises:
        UsageError: ``to`` names no subtitle format.
        NotSubtitleError: the document has no cue, only blocks its reader could not parse.
    """
    if to not in ("srt", "vtt"):
        raise UsageError(f"cannot convert to {to!r}: the subtitle formats are 'srt' and 'vtt'")
    if not doc.cues and doc.invalid_blocks:
        raise NotSubtitleError(f"no cue in {len(doc.invalid_blocks)} blocks: not a subtitle file (a transcript? "
                               "generate reads those)")
    if to == doc.format:
        return doc, []
    notes: list[Finding] = []
    cues: list[Cue] = []
    previous: str | None = None
    style = speaker_style or "label"
    for index, cue in enumerate(doc.cues):
        if to == "vtt":
            first = cue.text[:1]
            marked = (first == ">" or (first.isupper() and ":" in cue.text)) and \
                srt_marker(cue.text)[0] in ("label", "chevron")
            plain = strip_marker(cue.text) if marked else cue.text
            body = _to_vtt_text(plain)
            text = render(body, cue.speaker, "voice", cue.speaker != previous)
            ident = cue.id
        else:
            voices = _line_voices(cue.text)
            if len(set(filter(None, voices))) > 1:  # a dialogue cue: a dash on each speaker's line
                lines = _to_srt_text(cue.text).split("\n")
                text = "\n".join(f"-{line}" if who else line for line, who in zip(lines, voices))
            else:
                text = render(_to_srt_text(cue.text), cue.speaker, style, cue.speaker != previous)
            ident = str(index + 1)
            if cue.settings is not DEFAULT_SETTINGS or (cue.settings_text and not cue.settings_text.isspace()):
                message = f"cue settings {cue.settings_text.strip()!r} dropped: SRT has none"
                notes.append(rules.make("I501", cue.line, 0, message, index))
        previous = cue.speaker
        settings, settings_text = (DEFAULT_SETTINGS, "") if to == "srt" else (cue.settings, cue.settings_text)
        cues.append(make_cue(cue.start_ms, cue.end_ms, text, ident, cue.speaker, settings, settings_text, cue.line, -1))
    blocks = []
    for block in doc.blocks:
        if block.kind == "invalid":
            blocks.append(block)
        elif block.kind in ("style", "region", "note") and to == "srt":
            notes.append(rules.make("I501", block.line, 0, f"{block.kind.upper()} block dropped: SRT has none"))
    regions = doc.regions if to == "vtt" else ()
    converted = Document("srt" if to == "srt" else "vtt", tuple(cues), tuple(blocks), regions, doc.findings,
                         "utf-8", False, doc.newline)
    return converted, notes
