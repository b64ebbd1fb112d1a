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
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Literal

from subtitler import rules
from subtitler.errors import ConversionError, NotSubtitleError, UsageError
from subtitler.formats.cuetext import unescape
from subtitler.formats.grammar import SSA_POSITION, SSA_TAG
from subtitler.formats.speakermarks import render, srt_marker, strip_marker, vtt_voice
from subtitler.formats.vttsettings import parse_cue_settings
from subtitler.model import DEFAULT_SETTINGS, Block, Cue, Document, Finding, make_cue
from subtitler.timecode import format_srt

# The start of a tag: its slash and its name; where it ends is found by a search for '>'
# (a pattern '<[^>]*>' tries every '<' of a run of them to the end: quadratic).
_TAG_HEAD = re.compile(r"<(/?)([A-Za-z]*)")
_BARE_AMP = re.compile(r"&(?!(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
_KEPT = frozenset("ibu")
_PLAIN_TAGS = ("<i>", "</i>", "<b>", "</b>", "<u>", "</u>")


def _only_kept_tags(text: str) -> bool:
    """Whether every '<' and '>' of ``text`` belongs to a plain i, b or u tag (then it needs no change)."""
    for tag in _PLAIN_TAGS:
        text = text.replace(tag, "")
    return "<" not in text and ">" not in text


def _tags(text: str) -> Iterator[tuple[int, int, str]]:
    """Each tag of ``text`` ('<' to the next '>'): its start, its end and what it becomes (i, b, u or '').

    >>> list(_tags("a<I.x>b</i><<c"))
    [(1, 6, '<i>'), (7, 11, '</i>')]
    """
    pos = text.find("<")
    while pos >= 0:
        end = text.find(">", pos)
        if end < 0:
            return  # no '>' after this '<', so none after any later one
        head = _TAG_HEAD.match(text, pos)
        assert head is not None
        yield pos, end + 1, _kept_tag(head.group(1), head.group(2).lower())
        pos = text.find("<", end + 1)


@lru_cache(maxsize=64)
def _kept_tag(slash: str, name: str) -> str:
    """What a tag becomes: the same tag without classes (one string for all: a cue of a million tags
    holds a million pointers to it, not a million strings), or ''."""
    return f"<{slash}{name}>" if name in _KEPT else ""


def _replace_tags(text: str, between: Callable[[str], str]) -> str:
    """``text`` with each tag replaced as :func:`_tags` says and ``between`` applied to the text between."""
    pieces = []
    pos = 0
    for start, end, kept in _tags(text):
        if start > pos:
            pieces.append(between(text[pos:start]))
        if kept:
            pieces.append(kept)
        pos = end
    pieces.append(between(text[pos:]))
    return "".join(pieces)


def _escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _to_vtt_text(text: str) -> str:
    """SRT cue text as WebVTT cue text: i/b/u kept, other tags dropped, '&' and '<' escaped.

    >>> _to_vtt_text('<font color="red">Tom & <I>Jerry</I></font> a<b')
    'Tom &amp; <i>Jerry</i> a&lt;b'
    """
    if "&" in text:
        text = _BARE_AMP.sub("&amp;", text)
    if ("<" in text or ">" in text) and not _only_kept_tags(text):
        text = _replace_tags(text, _escape)  # escape the text between tags, keep i/b/u
    if "-->" in text:
        text = text.replace("-->", "->")
    if text[:1] == "\n" or text[-1:] == "\n" or "\n\n" in text or "\n " in text or "\n\t" in text:
        # WebVTT cue text cannot hold a blank line: lines of nothing or white space go
        text = "\n".join(line for line in text.split("\n") if line.strip(" \t"))
    return text


def _to_srt_text(text: str) -> str:
    """WebVTT cue text as SRT text: i/b/u kept (without classes), other tags dropped, references decoded.

    >>> _to_srt_text("<v Kim>Tom &amp; <i.loud>Jerry</i></v>")
    'Tom & <i>Jerry</i>'
    """
    if "<" in text:
        text = _replace_tags(text, str)
    return unescape(text) if "&" in text else text




def _line_voices(text: str) -> list[str | None]:
    """The voice each line of WebVTT cue text starts with, or None.

    >>> _line_voices("<v Anna>How are you?</v>\\n<v Bob>Fine.</v>")
    ['Anna', 'Bob']
    """
    return [vtt_voice(line.lstrip()) if line.lstrip().startswith("<v") else None for line in text.split("\n")]


#: WebVTT settings for each SubStation keypad position ({\an1} bottom left ... {\an9} top right).
_AN_SETTINGS = {
    "1": "align:left", "2": "", "3": "align:right",
    "4": "line:50% align:left", "5": "line:50%", "6": "line:50% align:right",
    "7": "line:0 align:left", "8": "line:0", "9": "line:0 align:right",
}
#: The SubStation style tags with an SRT (and WebVTT) tag of the same meaning.
_SSA_STYLE = {"{b}": "<b>", "{/b}": "</b>", "{i}": "<i>", "{/i}": "</i>", "{u}": "<u>", "{/u}": "</u>"}


def _without_ssa(text: str) -> tuple[str, str]:
    r"""SRT text without SubStation tags ({b} as <b>), and the WebVTT settings of its {\anN}.

    >>> _without_ssa("{\\an8}{b}Top{/b}{\\xyz}")
    ('<b>Top</b>', 'line:0')
    """
    position = SSA_POSITION.search(text)
    settings = _AN_SETTINGS[position.group(1)] if position else ""
    return SSA_TAG.sub(lambda m: _SSA_STYLE.get(m.group().lower(), ""), text), settings


Unfit = Literal["refuse", "clamp", "drop"]


def convert(doc: Document, to: str, speaker_style: str | None = None,
            unfit: Unfit = "refuse", ttml_profile: str | None = None,
            tc_start_ms: int | None = None, lang: str | None = None) -> tuple[Document, list[Finding]]:
    """The document in format ``to``, and what the conversion had to leave out.

    What the target format cannot hold is refused unless ``unfit`` says otherwise:
    a time below zero in WebVTT (browsers drop the cue: ``clamp`` moves it to zero,
    ``drop`` leaves the cue out), and, into SRT, a WebVTT block with a timing line
    that browsers drop but SRT readers would show (``drop`` leaves it out). Each
    one handled is a note.

    Into TTML and SCC, :func:`subtitler.formats.broadcast.to_broadcast` does it
    (``ttml_profile``, ``tc_start_ms``: the programme start the times are written from, ``lang``:
    the TTML ``xml:lang``).

    Args:
        doc: a document in any format.
        to: ``srt``, ``vtt``, ``ttml`` or ``scc``.
        speaker_style: how speakers are marked in SRT output (label, chevron,
            dash, none); WebVTT always uses voice spans.
        unfit: ``refuse``, ``clamp`` or ``drop``.

    Raises:
        UsageError: ``to`` names no subtitle format.
        NotSubtitleError: the document has no cue, only blocks its reader could not parse.
        ConversionError: something the target cannot hold, and ``unfit`` is ``refuse``.
    """
    if to not in ("srt", "vtt", "ttml", "scc"):
        raise UsageError(f"cannot convert to {to!r}: the subtitle formats are 'srt', 'vtt', 'ttml' and 'scc'")
    if not doc.cues and doc.invalid_blocks:
        raise NotSubtitleError(f"no cue in {len(doc.invalid_blocks)} blocks: not a subtitle file (a transcript? "
                               "generate reads those)")
    if to in ("ttml", "scc"):
        from subtitler.formats.broadcast import to_broadcast

        if to == doc.format and ttml_profile is None and tc_start_ms is None and lang is None:
            return doc, []
        return to_broadcast(doc, to, unfit, ttml_profile, tc_start_ms, speaker_style, lang)
    if to == doc.format:
        return doc, []
    broadcast = doc.format in ("ttml", "scc")  # plain text, the speaker apart (formats.broadcast)
    notes: list[Finding] = []
    cues: list[Cue] = []
    previous: str | None = None
    style = speaker_style or "label"
    below = _below_zero(doc, to, unfit)
    hidden = _hidden_cues(doc, to, unfit)
    for index, cue in enumerate(doc.cues):
        if index in below:
            if unfit == "drop":
                notes.append(rules.make("I501", cue.line, 0, f"cue {index + 1} left out: WebVTT has no time below "
                                        f"zero ({format_srt(cue.start_ms)})", index))
                continue
            notes.append(rules.make("I501", cue.line, 0, f"cue {index + 1}: a time below zero moved to zero "
                                    "(WebVTT has none)", index))
            cue = replace(cue, start_ms=max(cue.start_ms, 0), end_ms=max(cue.end_ms, 0))
        position = ""
        if to == "vtt":
            first = cue.text[:1]
            marked = not broadcast and (first == ">" or (first.isupper() and ":" in cue.text)) and \
                srt_marker(cue.text)[0] in ("label", "chevron")
            plain = strip_marker(cue.text) if marked else cue.text
            if "{" in plain and SSA_TAG.search(plain):
                plain, position = _without_ssa(plain)
                notes.append(rules.make("I502", cue.line, 0, "SubStation tags removed"
                                        + (f", {{\\an}} written as {position!r}" if position else ""), index))
            if cue.settings_text and not cue.settings_text.isspace():
                notes.append(rules.make("I501", cue.line, 0,
                                        f"{cue.settings_text.strip()[:60]!r} after the timing dropped: WebVTT cue "
                                        "settings are not SubRip coordinates", index))
            body = _to_vtt_text(plain)
            text = render(body, cue.speaker, "voice", cue.speaker != previous)
            ident = cue.id
        else:
            voices = _line_voices(cue.text)
            if len(set(filter(None, voices))) > 1:  # a dialogue cue: a dash on each speaker's line
                lines = _to_srt_text(cue.text).split("\n")
                text = "\n".join(f"-{line}" if who else line for line, who in zip(lines, voices))
            else:
                plain = cue.text if broadcast else _to_srt_text(cue.text)
                text = render(plain, cue.speaker, style, cue.speaker != previous)
            ident = str(index + 1)
            if cue.settings is not DEFAULT_SETTINGS or (cue.settings_text and not cue.settings_text.isspace()):
                message = f"cue settings {cue.settings_text.strip()!r} dropped: SRT has none"
                notes.append(rules.make("I501", cue.line, 0, message, index))
        previous = cue.speaker
        if to == "srt":
            settings, settings_text = DEFAULT_SETTINGS, ""
        else:  # from SRT: what follows its end time is coordinates, never WebVTT settings
            settings_text = f" {position}" if position else ""
            settings = parse_cue_settings(settings_text, {}, cue.line, 0, []) if position else DEFAULT_SETTINGS
        cues.append(make_cue(cue.start_ms, cue.end_ms, text, ident, cue.speaker, settings, settings_text, cue.line, -1))
    blocks = []
    for block in doc.blocks:
        if block in hidden:
            notes.append(rules.make("I501", block.line, 0, "a block browsers drop left out: SRT readers would show "
                                    "it as a cue"))
        elif block.kind == "invalid":
            blocks.append(block)
        elif block.kind in ("style", "region", "note") and to == "srt":
            notes.append(rules.make("I501", block.line, 0, f"{block.kind.upper()} block dropped: SRT has none"))
    regions = doc.regions if to == "vtt" else ()
    converted = Document("srt" if to == "srt" else "vtt", tuple(cues), tuple(blocks), regions, doc.findings,
                         "utf-8", doc.bom, doc.newline)
    return converted, notes


def _named(what: list[str]) -> str:
    return ", ".join(what[:5]) + (f" and {len(what) - 5} more" if len(what) > 5 else "")


def _below_zero(doc: Document, to: str, unfit: Unfit) -> set[int]:
    """The cues with a time below zero that WebVTT cannot hold (refused unless told what to do)."""
    if to != "vtt":
        return set()
    below = {i for i, cue in enumerate(doc.cues) if cue.start_ms < 0 or cue.end_ms < 0}
    if below and unfit == "refuse":
        names = [f"cue {i + 1} (line {doc.cues[i].line}) at {format_srt(doc.cues[i].start_ms)}" for i in sorted(below)]
        many = f"{len(below)} cues have times" if len(below) > 1 else "a cue has a time"
        raise ConversionError(f"{many} below zero, which WebVTT cannot hold (browsers drop such cues): "
                              f"{_named(names)}; clamp them to zero or drop them (`unfit`)")
    return below


def _hidden_cues(doc: Document, to: str, unfit: Unfit) -> set[Block]:
    """WebVTT blocks with a timing line that browsers drop, which an SRT reader would show as cues."""
    if to != "srt" or doc.format != "vtt":
        return set()
    hidden = {b for b in doc.blocks if b.kind == "invalid" and "-->" in b.text}
    if hidden and unfit != "drop":
        names = [f"line {b.line}" for b in sorted(hidden, key=lambda b: b.line)]
        many = f"{len(hidden)} blocks that browsers drop" if len(hidden) > 1 else "a block that browsers drop"
        raise ConversionError(f"{many} would become cues in SRT: {_named(names)}; "
                              "leave them out (`drop`) or mend them first")
    return hidden
