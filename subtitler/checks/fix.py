"""Mechanical repairs: the changes a professional accepts without thinking, each one listed.

:func:`fix` returns a new Document and one ``I70x`` finding per change:

- the file: re-encoded as UTF-8, line endings made uniform (and a final one
  added, extra blank lines at the end removed), a BOM the profile forbids removed;
- order: cues sorted by start time (stable, so cues that start together keep
  their order), SRT cues renumbered 1, 2, 3 …;
- timing, only ever moving a cue's *end*: an overlap trimmed by ending the
  earlier cue two frames (the profile's gap) before the next, a gap under the
  chaining threshold closed to the minimum gap, a cue too short to read
  extended into the free time after it.

Text is never touched. A repair that would need judgement (an overlap where
the next cue shows inside this one, a trim that would leave the cue too short
to read, an index line that is not a number) is left and noted as ``I709``;
validating the output lists whatever is left. Cues keep their source index
when only their times change, so the writer rewrites only those timestamps.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from fractions import Fraction

from subtitler import formats
from subtitler.checks.common import cue_name, finding, stamp, timing_columns
from subtitler.checks.text import visible
from subtitler.formats.grammar import EOL
from subtitler.formats.lines import trailing_blank_lines
from subtitler.model import Document, Finding
from subtitler.profiles import DEFAULT_FPS, PROFILES, Profile, gap_rule
from subtitler.timecode import frames_to_ms

_NAMES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}
#: Overlaps are trimmed to end this many frames before the next cue when the profile sets no gap.
TRIM_FRAMES = 2


@dataclass(frozen=True)
class FixResult:
    """A repaired document and the list of what changed (and what was left)."""

    document: Document
    changes: tuple[Finding, ...]


def fix(doc: Document, profile: Profile | None = None, fps: Fraction = DEFAULT_FPS) -> FixResult:
    """Repair what can be repaired mechanically.

    Args:
        doc: a document as read (or built).
        profile: the caption profile whose limits the repairs aim at (default netflix).
        fps: the programme's frame rate (gaps are whole frames).

    Returns:
        The new document and one finding per change (``I701``-``I708``) or
        repair declined (``I709``), in the order they were made.
    """
    chosen = profile or PROFILES["netflix"]
    changes: list[Finding] = []
    doc = _normalise_file(doc, chosen, changes)
    doc = _sort(doc, changes)
    if doc.format == "srt":
        doc = _renumber(doc, changes)
    doc = _retime(doc, chosen, fps, changes)
    return FixResult(doc, tuple(changes))


def _normalise_file(doc: Document, profile: Profile, changes: list[Finding]) -> Document:
    """UTF-8, one kind of line ending, a final one, no extra blank lines at the end, no forbidden BOM."""
    keep_bom = doc.bom and doc.encoding == "utf-8" and profile.bom_allowed
    if doc.encoding != "utf-8":
        changes.append(finding("I706", 0, 0, f"re-encoded from {doc.encoding} to UTF-8"))
    if doc.bom and not keep_bom:
        why = "UTF-8 needs none" if doc.encoding != "utf-8" else f"the {profile.name} profile forbids it"
        changes.append(finding("I708", 1, 1, f"byte order mark removed ({why})"))
    if doc.source is not None:
        text = formats.write(doc)
        new = _normalise_text(text, doc.newline, doc.format == "srt", changes)
        if new != text:
            reread = formats.parse(doc.format, new)
            return dataclasses.replace(reread, encoding="utf-8", bom=keep_bom, exact=True)
    return dataclasses.replace(doc, encoding="utf-8", bom=keep_bom, exact=True)


def _normalise_text(text: str, nl: str, srt: bool, changes: list[Finding]) -> str:
    endings = EOL.findall(text)
    other = sum(1 for e in endings if e != nl)
    if other:
        text = EOL.sub(nl, text)
        changes.append(finding("I707", 0, 0, f"line endings made {_NAMES[nl]} ({other} were not)"))
    blanks = trailing_blank_lines(text)
    # only SRT: in WebVTT a line of spaces is not blank but cue text, and must stay
    if srt and blanks > 1:
        text = re.sub(f"(?:{re.escape(nl)}[^\\S\\r\\n]*)+\\Z", nl, text)
        changes.append(finding("I707", 0, 0, f"{blanks} blank lines at the end removed"))
    if text and not text.endswith(("\n", "\r")):
        text += nl
        changes.append(finding("I707", len(endings) + 1, 0, "line ending added after the last line"))
    return text


def _sort(doc: Document, changes: list[Finding]) -> Document:
    cues = doc.cues
    if all(cues[k - 1].start_ms <= cues[k].start_ms for k in range(1, len(cues))):
        return doc
    order = sorted(range(len(cues)), key=lambda k: cues[k].start_ms)
    for new, old in enumerate(order):
        if new != old:
            cue = cues[old]
            changes.append(finding("I702", cue.line, 1, f"{cue_name(cue, old)} moved from position {old + 1} to "
                                                        f"{new + 1} (starts at {stamp(doc, cue.start_ms)})", old))
    return dataclasses.replace(doc, cues=tuple(cues[k] for k in order))


def _renumber(doc: Document, changes: list[Finding]) -> Document:
    cues = list(doc.cues)
    for k, cue in enumerate(cues):
        wanted = str(k + 1)
        if cue.id == wanted:
            continue
        digits = cue.id.strip().lstrip("#").rstrip(".):").strip()
        if cue.id and not (digits.isdigit() and digits.isascii()):
            message = f"cue number {cue.id!r} left as it is: it is not a number and may be text"
            changes.append(finding("I709", max(cue.line - 1, 1), 1, message, k))
            continue
        what = f"cue number {cue.id!r} -> {wanted}" if cue.id else f"cue number {wanted} added"
        changes.append(finding("I701", max(cue.line - 1, 1) if cue.id else cue.line, 1, what, k))
        cues[k] = dataclasses.replace(cue, id=wanted)
    return dataclasses.replace(doc, cues=tuple(cues))


def _retime(doc: Document, profile: Profile, fps: Fraction, changes: list[Finding]) -> Document:
    """Trim overlaps, extend short cues, chain short gaps: only cue ends move, never starts."""
    rule = gap_rule(profile, fps)
    # the gap a trimmed overlap leaves: the profile's own, none for "no gap or >= 1 s" (BBC), else two frames
    trim_gap = rule.target if profile.min_gap_frames else 0 if profile.min_gap_ms else frames_to_ms(TRIM_FRAMES, fps)
    longest = profile.max_duration_ms
    vtt = doc.format == "vtt"
    cues = list(doc.cues)
    found: list[Finding] = []
    # from the last cue back: a cue's repair depends on the next cue's final end (an extended
    # cue may no longer be inside the one before it), never on the cue before it
    for k in range(len(cues) - 1, -1, -1):
        cue = cues[k]
        start, end = cue.start_ms, cue.end_ms
        if end <= start:
            continue  # nothing mechanical mends a cue that ends before it starts
        nxt = cues[k + 1] if k + 1 < len(cues) else None
        least = profile.min_duration(len(visible(cue.text, vtt).split()) if profile.min_ms_per_word else 0)
        steps: list[tuple[str, int, str]] = []  # (code, end after the step, why)
        declined: list[str] = []
        new_end = end
        if nxt is not None and end > nxt.start_ms:
            name = cue_name(nxt, k + 1)
            if nxt.start_ms <= start or nxt.end_ms < end:
                declined.append(f"overlap with {name} left: it shows {'inside' if nxt.end_ms < end else 'with'} "
                                "this cue")
            elif nxt.start_ms - trim_gap - start < least:
                declined.append(f"overlap with {name} left: trimming would leave "
                                f"{nxt.start_ms - trim_gap - start} ms < {least} ms")
            else:
                new_end = nxt.start_ms - trim_gap
                steps.append(("I703", new_end, f"overlapped {name} by {end - nxt.start_ms} ms; "
                                               f"now ends {trim_gap} ms before it"))
        if new_end - start < least and new_end == end:
            free = nxt.start_ms - trim_gap if nxt is not None else None
            if free is None or start + least <= free:
                new_end = start + least
                steps.append(("I705", new_end, f"duration {end - start} ms extended to the {least} ms minimum"))
            else:
                declined.append(f"too short to read: {max(free - start, end - start)} ms free before "
                                f"{cue_name(cues[k + 1], k + 1)}, {least} ms needed")
        if nxt is not None and new_end <= nxt.start_ms:
            gap = nxt.start_ms - new_end
            if rule.chain_from <= gap <= rule.chain_to or rule.short_from <= gap < rule.short_below:
                chained = nxt.start_ms - rule.target
                if chained < new_end and chained - start < least:
                    declined.append(f"gap of {gap} ms left: closing it would leave {chained - start} ms < {least} ms")
                elif longest is not None and chained - start > longest:
                    declined.append(f"gap of {gap} ms left: closing it would make the cue longer than {longest} ms")
                else:
                    new_end = chained
                    steps.append(("I704", new_end, f"gap of {gap} ms to {cue_name(nxt, k + 1)} closed to "
                                                   f"{rule.target} ms"))
        if steps or declined:
            col = timing_columns(doc, cue)[1]
            before = end
            notes = []
            for code, after, why in steps:
                notes.append(finding(code, cue.line, col, f"end {stamp(doc, before)} -> {stamp(doc, after)}: {why}", k))
                before = after
            notes.extend(finding("I709", cue.line, col, why, k) for why in declined)
            found[:0] = notes
        if new_end != end:
            cues[k] = dataclasses.replace(cue, end_ms=new_end)
    changes.extend(found)  # listed in file order
    return dataclasses.replace(doc, cues=tuple(cues))
