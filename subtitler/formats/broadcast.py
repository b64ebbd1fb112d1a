"""Converting to the broadcast formats (TTML, SCC): plain cue text, the speaker apart, and the programme start.

A TTML or SCC :class:`~subtitler.model.Document` holds cue text as SRT does
(lines, ``<i>``, ``<b>``, ``<u>``) without speaker markers: TTML carries the speaker
in ``cue.speaker`` (written as ``ttm:agent``); SCC has no names, so its text starts
with ``>>`` where the speaker changes, the US convention. Settings the writers
keep are in ``Document.meta``: ``ttml_profile`` (``imsc`` or ``ebu-tt-d``), ``lang``,
and ``tc_start_ms``, the programme start that every written time is counted from
(``--tc-start 10:00:00;00``).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Literal

from subtitler import rules
from subtitler.errors import ConversionError, UsageError
from subtitler.formats.grammar import SSA_TAG
from subtitler.formats.speakermarks import srt_marker, strip_marker
from subtitler.model import DEFAULT_SETTINGS, Cue, Document, Finding, make_cue
from subtitler.timecode import format_srt

Unfit = Literal["refuse", "clamp", "drop"]
#: A BCP 47 language tag, as xml:lang takes it (language, then subtags).
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
CHEVRON = ">> "


def _plain(doc: Document, cue: Cue) -> tuple[str, bool]:
    """A cue's text without speaker markers or tags other than i/b/u, and whether it had a chevron."""
    from subtitler.formats.convert import _replace_tags, _to_srt_text

    text = cue.text
    if doc.format == "vtt":
        return _to_srt_text(text), False
    if doc.format != "srt":
        return text, False
    kind = srt_marker(text)[0] if text[:1] == ">" or (text[:1].isupper() and ":" in text) else ""
    if kind in ("label", "chevron"):
        text = strip_marker(text)
    if "{" in text:
        text = SSA_TAG.sub(lambda m: {"{i}": "<i>", "{/i}": "</i>", "{b}": "<b>", "{/b}": "</b>", "{u}": "<u>",
                                      "{/u}": "</u>"}.get(m.group().lower(), ""), text)
    if "<" in text:
        text = _replace_tags(text, str)
    return text, kind == "chevron"


def to_broadcast(doc: Document, to: str, unfit: Unfit = "refuse", ttml_profile: str | None = None,
                 tc_start_ms: int | None = None, speaker_style: str | None = None,
                 lang: str | None = None) -> tuple[Document, list[Finding]]:
    """``doc`` as a TTML or SCC document, and what the conversion changed or left out.

    Times below zero (which neither format holds) are refused unless ``unfit`` is
    ``clamp`` or ``drop``; SCC text is fitted to 608's rows and character set
    (:func:`subtitler.formats.cea608.fit`), refusing a cue that does not fit unless ``drop``.

    Raises:
        UsageError: an unknown profile.
        ConversionError: what the target cannot hold, with ``unfit="refuse"``.
    """
    from subtitler.formats import cea608, scc, ttml

    if ttml_profile is not None and ttml_profile not in ttml.PROFILES:
        raise UsageError(f"`ttml_profile` {ttml_profile!r}: expected imsc or ebu-tt-d")
    if lang is not None and _LANGUAGE.fullmatch(lang) is None:
        raise UsageError(f"`lang` {lang!r}: expected a language tag such as en, en-US, ko")
    offset = tc_start_ms if tc_start_ms is not None else int(doc.setting("tc_start_ms", "0"))
    meta = {"tc_start_ms": str(offset)}
    if to == "ttml":
        meta["ttml_profile"] = ttml_profile or doc.setting("ttml_profile", "imsc")
        meta["lang"] = lang or doc.setting("lang", "en")
    notes: list[Finding] = []
    below = [i for i, c in enumerate(doc.cues) if c.start_ms + offset < 0 or c.end_ms + offset < 0]
    if below and unfit == "refuse":
        named = ", ".join(f"cue {i + 1} (line {doc.cues[i].line}) at {format_srt(doc.cues[i].start_ms)}"
                          for i in below[:5])
        raise ConversionError(f"{len(below)} cue(s) have a time below zero, which {to.upper()} cannot hold: {named}; "
                              "clamp them to zero or drop them (`unfit`)")
    cues: list[Cue] = []
    previous: str | None = None
    unfit_cues: list[str] = []
    for index, cue in enumerate(doc.cues):
        start, end = cue.start_ms, cue.end_ms
        if index in below:
            if unfit == "drop":
                notes.append(rules.make("I501", cue.line, 0, f"cue {index + 1} left out: {to.upper()} has no time "
                                        f"below zero ({format_srt(start)})", index))
                continue
            start, end = max(start, -offset), max(end, -offset)
            notes.append(rules.make("I501", cue.line, 0, f"cue {index + 1}: a time below zero moved to zero", index))
        text, chevron = _plain(doc, cue)
        if to == "scc" and doc.format != "scc":
            changed = chevron or (cue.speaker is not None and cue.speaker != previous)
            if changed and speaker_style != "none" and not text.startswith(">>"):
                text = CHEVRON + text
            fitted, found = cea608.fit(text, cue.line, index)
            notes += found
            if fitted is None:
                if unfit != "drop":
                    unfit_cues.append(f"cue {index + 1} (line {cue.line})")
                    continue
                notes.append(rules.make("I501", cue.line, 0, f"cue {index + 1} left out: more than "
                                        f"{cea608.ROWS} rows of {cea608.COLUMNS} characters", index))
                continue
            text = fitted
        previous = cue.speaker
        cues.append(make_cue(start, end, text, cue.id, cue.speaker, DEFAULT_SETTINGS, "", cue.line, -1))
    if unfit_cues:
        raise ConversionError(f"{len(unfit_cues)} cue(s) do not fit in {cea608.ROWS} rows of {cea608.COLUMNS} "
                              f"characters, all SCC holds: {', '.join(unfit_cues[:5])}; split them, "
                              "or leave them out (`drop`)")
    for block in doc.blocks:
        if block.kind in ("style", "region", "note", "invalid"):
            notes.append(rules.make("I501", block.line, 0, f"{block.kind.upper()} block dropped: {to.upper()} "
                                    "output holds cues only"))
    converted = Document(to, tuple(cues), (), (), doc.findings, "utf-8", False, "\n",  # type: ignore[arg-type]
                         meta=tuple(meta.items()))
    if to == "scc":
        notes += scc.late_captions(converted)
    return converted, notes


def from_programme(doc: Document, tc_start_ms: int) -> Document:
    """A TTML or SCC document read from a file timed from a programme start: times from that start.

    The start is kept in ``meta``, so writing the document back gives the file's own timecodes.

    Raises:
        RetimeError: a cue before the programme start.
    """
    from subtitler.errors import RetimeError

    early = [i for i, c in enumerate(doc.cues) if min(c.start_ms, c.end_ms) < tc_start_ms]
    if early:
        first = doc.cues[early[0]]
        raise RetimeError(f"{len(early)} cue(s) before the programme start, where times would fall below zero: "
                          f"the first at {format_srt(first.start_ms)} (line {first.line}), before "
                          f"{format_srt(tc_start_ms)}", line=first.line or None)
    cues = tuple(make_cue(c.start_ms - tc_start_ms, c.end_ms - tc_start_ms, c.text, c.id, c.speaker, c.settings,
                          c.settings_text, c.line, c.src) for c in doc.cues)
    moved = dataclasses.replace(doc, cues=cues) if tc_start_ms else doc
    meta = (*((k, v) for k, v in doc.meta if k != "tc_start_ms"), ("tc_start_ms", str(tc_start_ms)))
    return dataclasses.replace(moved, meta=meta)
