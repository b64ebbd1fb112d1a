"""Retiming: shift, stretch and sync, each one mapping of milliseconds applied to all cues or none.

Every operation builds a :class:`Mapping` from old to new milliseconds (a shift,
a frame-rate change, a line or a chain of lines through sync points). :func:`apply`
computes every new time first, checks the result (no time below zero unless the
caller asked to clamp or drop, cue order kept) and only then builds the new
document, so a retiming that cannot be done leaves nothing half done. The new
cues keep ``Cue.src``: writing the document back splices its source, and the
output differs from the input only inside timestamps.

Frame rates. Converting a file timed for a FROM fps video to a TO fps video
keeps each cue on the same frame number, so times scale by FROM/TO: a cue at
00:01:00,000 in a 25 fps file converted to 23.976 fps (24000/1001) lands at
60 000 * 25 / (24000/1001) = 62 562.5 ms, rounded to 00:01:02,563. This is the
direction of webvtt-py's ``change_framerate(25, Fraction(24000, 1001))``.
pysrt's ``shift(ratio=...)`` and ``srt rate INITIAL FINAL`` multiply by TO/FROM
instead: their "23.976 to 25" is our ``--fps 25:23.976``. See docs/retime.md.

The mappings and the plan of new times live in :mod:`subtitler.retime.mapping`, the
fast path for clean files in :mod:`subtitler.retime.text`, HLS segments in
:mod:`subtitler.formats.hls`.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Literal

from subtitler import rules
from subtitler.errors import RetimeError, UsageError
from subtitler.model import Block, Cue, Document, Finding, make_cue
from subtitler.retime.mapping import (
    Mapping,
    Plan,
    _Swap,
    fps_factor,
    plan,
    shift_mapping,
    stretch_mapping,
    sync_mapping,
)
from subtitler.timecode import SRT_MAX_MS, format_srt, format_vtt

__all__ = [
    "Mapping", "Negative", "Plan", "apply", "change_fps", "cue_name", "fps_factor", "plan", "shift", "shift_mapping",
    "stretch", "stretch_mapping", "sync", "sync_mapping",
]

#: What to do with a cue whose new times fall below zero.
Negative = Literal["refuse", "clamp", "drop"]
#: How many offending cues an error message names before it says "and N more".
_NAMED = 10


def cue_name(cue: Cue, index: int) -> str:
    """How messages name a cue: its identifier when it has one, else its position.

    >>> cue_name(Cue(0, 1, "x", "12", line=40), 11), cue_name(Cue(0, 1, "x", line=7), 2)
    ('cue 12 (line 40)', 'cue #3 (line 7)')
    """
    where = f" (line {cue.line})" if cue.line else ""
    if cue.id and cue.id.isdigit():
        return f"cue {cue.id}{where}"
    if cue.id:
        return f"cue {cue.id!r}{where}"
    return f"cue #{index + 1}{where}"


def apply(doc: Document, mapping: Mapping, *, negative: Negative = "refuse",
          start_from: int | None = None, start_to: int | None = None) -> Document:
    """``doc`` with every cue (or every cue starting in the range) retimed by ``mapping``.

    Only times change: cues keep their text, identifiers, settings and source
    span, so writing the result splices the source. A cue whose times do not
    change is the same object as before.

    Args:
        doc: the document.
        mapping: old to new milliseconds.
        negative: for cues with a time below zero: ``refuse`` (raise),
            ``clamp`` (move the time to zero, a W601 finding per cue) or ``drop``
            (remove the cue, an I602 finding per cue). Findings are appended to
            the document's.
        start_from, start_to: retime only cues with ``start_from <= start < start_to``.

    Raises:
        RetimeError: a time would fall below zero (``refuse``), or a range would
            change the cue order; both name the cues.
    """
    if negative not in ("refuse", "clamp", "drop"):
        raise UsageError(f"negative={negative!r}: expected 'refuse', 'clamp' or 'drop'")
    cues = doc.cues
    starts = [c.start_ms for c in cues]
    ends = [c.end_ms for c in cues]
    stamp = format_srt if doc.format == "srt" else format_vtt
    try:
        result = plan(mapping, starts, ends, start_from, start_to)
    except _Swap as swap:
        a, b = swap.a, swap.b
        raise RetimeError(
            f"the range would change the order of the cues: {cue_name(cues[a], a)} would start at "
            f"{stamp(swap.new_a)}, after {cue_name(cues[b], b)} at {stamp(swap.new_b)}; "
            "narrow the range or shift all cues", line=cues[a].line or None) from None
    del starts, ends
    if doc.format == "srt":
        _refuse_past_srt_limit(cues, result, stamp)
    bad = result.negative()
    notes: list[Finding] = []
    drop: set[int] = set()
    if bad:
        if negative == "refuse":
            raise RetimeError(_negative_message(cues, bad, result, stamp), line=cues[bad[0]].line or None)
        for i in bad:
            cue = cues[i]
            was = f"{stamp(result.starts[i])} --> {stamp(result.ends[i])}"
            if negative == "clamp":
                result.starts[i] = max(result.starts[i], 0)
                result.ends[i] = max(result.ends[i], 0)
                now = f"{stamp(result.starts[i])} --> {stamp(result.ends[i])}"
                message = f"{cue_name(cue, i)} clamped to {now} (would be {was})"
                notes.append(rules.make("W601", cue.line, 0, message, i))
            else:
                drop.add(i)
                notes.append(rules.make("I602", cue.line, 0, f"{cue_name(cue, i)} dropped (would be {was})", i))
    # make_cue rather than dataclasses.replace: the same frozen Cue, ``src`` kept
    # for the splice writer, four times faster (it counts at 100,000 cues).
    new_cues = [
        cue if (s == cue.start_ms and e == cue.end_ms) else
        make_cue(s, e, cue.text, cue.id, cue.speaker, cue.settings, cue.settings_text, cue.line, cue.src)
        for cue, s, e in zip(cues, result.starts, result.ends)
    ]
    blocks = doc.blocks
    if drop:
        blocks = _rebase(blocks, drop)
        new_cues = [c for i, c in enumerate(new_cues) if i not in drop]
    return dataclasses.replace(doc, cues=tuple(new_cues), blocks=blocks, findings=doc.findings + tuple(notes))


def _named(cues: Sequence[Cue], which: list[int], result: Plan, stamp: Callable[[int], str], fate: str) -> str:
    """'2 cues would ...: cue 3 at ... --> ...; cue 9 at ...' for the first few of ``which``."""
    named = [f"{cue_name(cues[i], i)} at {stamp(result.starts[i])} --> {stamp(result.ends[i])}"
             for i in which[:_NAMED]]
    more = f" and {len(which) - _NAMED} more" if len(which) > _NAMED else ""
    count = "1 cue" if len(which) == 1 else f"{len(which)} cues"
    return f"{count} would {fate}: {'; '.join(named)}{more}. Nothing was changed"


def _negative_message(cues: Sequence[Cue], bad: list[int], result: Plan, stamp: Callable[[int], str]) -> str:
    return (_named(cues, bad, result, stamp, "go below zero")
            + "; clamp them to zero or drop them (`negative`)")


def _refuse_past_srt_limit(cues: Sequence[Cue], result: Plan, stamp: Callable[[int], str]) -> None:
    """Raise when a retimed cue would end past the last time an SRT timestamp can hold."""
    late = [i for i, (cue, s, e) in enumerate(zip(cues, result.starts, result.ends))
            if max(s, e) > SRT_MAX_MS and (s, e) != (cue.start_ms, cue.end_ms)]
    if late:
        fate = f"go past {stamp(SRT_MAX_MS)}, the last time SRT can write"
        raise RetimeError(_named(cues, late, result, stamp, fate), line=cues[late[0]].line or None)


def _rebase(blocks: tuple[Block, ...], dropped: set[int]) -> tuple[Block, ...]:
    """Blocks with ``before_cue`` counting only the cues that stay."""
    ordered = sorted(dropped)
    return tuple(dataclasses.replace(b, before_cue=b.before_cue - bisect_right(ordered, b.before_cue - 1))
                 for b in blocks)


def shift(doc: Document, offset_ms: int, *, negative: Negative = "refuse",
          start_from: int | None = None, start_to: int | None = None) -> Document:
    """``doc`` with its cues moved by ``offset_ms`` (all, or those starting in a range); see :func:`apply`."""
    return apply(doc, shift_mapping(offset_ms), negative=negative, start_from=start_from, start_to=start_to)


def stretch(doc: Document, factor: Fraction, *, anchor_ms: int = 0, negative: Negative = "refuse") -> Document:
    """``doc`` with its times scaled by ``factor`` around ``anchor_ms``; see :func:`apply`."""
    return apply(doc, stretch_mapping(factor, anchor_ms), negative=negative)


def change_fps(doc: Document, from_fps: Fraction, to_fps: Fraction, *, anchor_ms: int = 0,
               negative: Negative = "refuse") -> Document:
    """``doc`` converted from a video at ``from_fps`` to one at ``to_fps`` (times times FROM/TO)."""
    return stretch(doc, fps_factor(from_fps, to_fps), anchor_ms=anchor_ms, negative=negative)


def sync(doc: Document, points: Sequence[tuple[int, int]], *, negative: Negative = "refuse") -> Document:
    """``doc`` moved through sync points ``(old_ms, new_ms)``; see :func:`sync_mapping` and :func:`apply`."""
    return apply(doc, sync_mapping(points), negative=negative)
