"""Converting a Document between SRT and WebVTT: the same cues, in the other format's terms.

Speakers move from ``<v Name>`` to an SRT marker (and back); italic, bold and
underline tags are kept; tags the target format does not have are removed;
character references are decoded for SRT and escaped for WebVTT. What the
target cannot hold (WebVTT cue settings, STYLE and REGION blocks) is listed as
``I501`` findings, never lost silently; unparseable blocks are carried over as
they are.
"""

from __future__ import annotations

import html
import re

from subtitler import rules
from subtitler.formats.speakermarks import render, srt_marker, strip_marker
from subtitler.model import DEFAULT_SETTINGS, Cue, Document, Finding

rules.register(
    rules.Rule("I501", "conversion-loss", "file",
               "Something the target format cannot hold was left out by a conversion."),
)

_SRT_KEEP = re.compile(r"</?(?:i|b|u)>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")
_VTT_KEEP = re.compile(r"<(/?)([ibu])(?:\.[^\s>]*)?(?:[ \t][^>]*)?>")
_BARE_AMP = re.compile(r"&(?!(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
_BLANK_LINES = re.compile(r"\n[ \t]*(?=\n)|^\n+|\n+$")


def _to_vtt_text(text: str) -> str:
    """SRT cue text as WebVTT cue text: i/b/u kept, other tags dropped, '&' and '<' escaped."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group().lower())
        return f"\x00{len(kept) - 1}\x00"

    text = _SRT_KEEP.sub(keep, text)
    text = _ANY_TAG.sub("", text)
    text = _BARE_AMP.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return _BLANK_LINES.sub("", text.replace("-->", "->"))


def _to_srt_text(text: str) -> str:
    """WebVTT cue text as SRT text: i/b/u kept (without classes), other tags dropped, references decoded."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(f"<{match.group(1)}{match.group(2)}>")
        return f"\x00{len(kept) - 1}\x00"

    text = _VTT_KEEP.sub(keep, text)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def convert(doc: Document, to: str, speaker_style: str | None = None) -> tuple[Document, list[Finding]]:
    """The document in format ``to``, and what the conversion had to leave out.

    Args:
        doc: a document in either format.
        to: ``srt`` or ``vtt``.
        speaker_style: how speakers are marked in SRT output (label, chevron,
            dash, none); WebVTT always uses voice spans.
    """
    if to == doc.format:
        return doc, []
    notes: list[Finding] = []
    cues: list[Cue] = []
    previous: str | None = None
    style = speaker_style or "label"
    for index, cue in enumerate(doc.cues):
        if to == "vtt":
            plain = strip_marker(cue.text) if srt_marker(cue.text)[0] in ("label", "chevron") else cue.text
            body = _to_vtt_text(plain)
            text = render(body, cue.speaker, "voice", cue.speaker != previous)
            ident = cue.id
        else:
            body = _to_srt_text(cue.text)
            text = render(body, cue.speaker, style, cue.speaker != previous)
            ident = str(index + 1)
            if cue.settings != DEFAULT_SETTINGS or cue.settings_text.strip():
                message = f"cue settings {cue.settings_text.strip()!r} dropped: SRT has none"
                notes.append(rules.make("I501", cue.line, 0, message, index))
        previous = cue.speaker
        settings, settings_text = (DEFAULT_SETTINGS, "") if to == "srt" else (cue.settings, cue.settings_text)
        cues.append(Cue(cue.start_ms, cue.end_ms, text, ident, cue.speaker, settings, settings_text, cue.line))
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
