"""Mappings of milliseconds: the one shape every retiming takes, and the plan of new times.

A :class:`Mapping` is linear on each of its pieces: a shift is one piece of
slope 1, a frame-rate change one piece through an anchor, a sync a chain of
pieces through the sync points. :func:`plan` maps every start and end time of a
list of cues in bulk and checks the cue order, before anything changes. Both the
Document path (:mod:`subtitler.retime.apply`) and the text fast path
(:mod:`subtitler.retime.text`) compute their new times here, so they agree.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

from subtitler.errors import RetimeError, UsageError
from subtitler.timecode import format_vtt, round_ms


@dataclass(frozen=True, slots=True)
class Mapping:
    """A map from old to new milliseconds, linear on each of its pieces.

    On piece ``i`` a time ``t`` goes to ``round_ms(y + (t - x) * slope)`` for the
    piece's ``(x, y, slope)``. Piece ``i`` covers ``breaks[i - 1] <= t < breaks[i]``;
    the first piece has no lower bound and the last no upper one. A shift is one
    piece of slope 1 and needs no rounding.

    >>> m = sync_mapping([(0, 1000), (10_000, 12_000)])
    >>> m(5000), m(-1000)
    (6500, -100)
    """

    pieces: tuple[tuple[int, int, Fraction], ...]
    breaks: tuple[int, ...] = ()

    def __call__(self, ms: int) -> int:
        return self.map_all([ms])[0]

    def map_all(self, times: Sequence[int]) -> list[int]:
        """Every time of ``times`` mapped, in one pass (the bulk form the readers' lists want)."""
        if len(self.pieces) == 1:
            x, y, slope = self.pieces[0]
            if slope == 1:
                return list(map((y - x).__add__, times))
            return [round_ms(y + (t - x) * slope) for t in times]
        out = []
        for t in times:
            x, y, slope = self.pieces[bisect_right(self.breaks, t)]
            out.append(round_ms(y + (t - x) * slope))
        return out

    @property
    def offset(self) -> int | None:
        """The offset when this mapping is a plain shift, else None."""
        if len(self.pieces) == 1 and self.pieces[0][2] == 1:
            return self.pieces[0][1] - self.pieces[0][0]
        return None


def shift_mapping(offset_ms: int) -> Mapping:
    """Every time moves by ``offset_ms`` (negative: earlier).

    >>> shift_mapping(-2500)(10_000)
    7500
    """
    return Mapping(((0, offset_ms, Fraction(1)),))


def stretch_mapping(factor: Fraction, anchor_ms: int = 0) -> Mapping:
    """Times scale by ``factor`` around ``anchor_ms``, which stays where it is.

    >>> stretch_mapping(Fraction(25) / Fraction(24000, 1001))(60_000)
    62563

    Raises:
        UsageError: the factor is not above zero.
    """
    if factor <= 0:
        raise UsageError(f"stretch factor must be above zero, not {factor}")
    return Mapping(((anchor_ms, anchor_ms, Fraction(factor)),))


def fps_factor(from_fps: Fraction, to_fps: Fraction) -> Fraction:
    """The stretch factor that converts a file timed for ``from_fps`` to ``to_fps``: FROM/TO.

    The same frame number lands at the new rate's time for it, so a 25 fps file
    converted to 23.976 gets later times.

    >>> fps_factor(Fraction(25), Fraction(24000, 1001))
    Fraction(1001, 960)
    """
    if from_fps <= 0 or to_fps <= 0:
        raise UsageError("frame rates must be above zero")
    return Fraction(from_fps) / Fraction(to_fps)


def sync_mapping(points: Sequence[tuple[int, int]]) -> Mapping:
    """The map through sync points ``(old_ms, new_ms)``.

    One point is a shift. Two or more make a chain of lines: between two
    neighbouring points along the line through them, before the first and after
    the last along the line of the outermost pair, so a file that drifts
    differently before and after an ad break is fixed in one run.

    Raises:
        UsageError: no point, a time below zero, two points at the same old
            time, or points whose new times are not in the order of their old times.
    """
    if not points:
        raise UsageError("give at least one sync point OLD=NEW")
    for old, new in points:
        if old < 0 or new < 0:
            raise UsageError(f"sync point {_clock(old)}={_clock(new)}: times cannot be below zero")
    ordered = sorted(points)
    for (x1, y1), (x2, y2) in pairwise(ordered):
        if x1 == x2:
            raise UsageError(f"two sync points for the same time {_clock(x1)}")
        if y1 >= y2:
            raise UsageError(
                f"sync points must keep the order of time: {_clock(x1)}={_clock(y1)} comes before "
                f"{_clock(x2)}={_clock(y2)} in the file but not after the move")
    if len(ordered) == 1:
        return shift_mapping(ordered[0][1] - ordered[0][0])
    pieces = tuple((x1, y1, Fraction(y2 - y1, x2 - x1)) for (x1, y1), (x2, y2) in pairwise(ordered))
    return Mapping(pieces, tuple(x for x, _ in ordered[1:-1]))


def _clock(ms: int) -> str:
    return format_vtt(ms)


@dataclass(frozen=True, slots=True)
class Plan:
    """Every new time of a retiming, computed before any cue changes.

    Attributes:
        starts, ends: the new times, one per cue.
        moved: which cues the retiming applies to (all, unless a range was given).
    """

    starts: list[int]
    ends: list[int]
    moved: list[bool] | None = None

    def negative(self) -> list[int]:
        """Indexes of the moved cues with a new time below zero."""
        if min(self.starts, default=0) >= 0 and min(self.ends, default=0) >= 0:
            return []
        moved = self.moved
        return [i for i, (s, e) in enumerate(zip(self.starts, self.ends))
                if (s < 0 or e < 0) and (moved is None or moved[i])]


def plan(mapping: Mapping, starts: Sequence[int], ends: Sequence[int],
         start_from: int | None = None, start_to: int | None = None) -> Plan:
    """The new times of cues with ``starts`` and ``ends``.

    With ``start_from`` or ``start_to``, only cues starting in
    ``start_from <= start < start_to`` are retimed; the others keep their times.

    Raises:
        RetimeError: the range moves cues past others that stay (the cue order
            would change); it names the first two cues that would swap.
    """
    new_starts, new_ends = mapping.map_all(starts), mapping.map_all(ends)
    if start_from is None and start_to is None:
        return Plan(new_starts, new_ends)
    low = start_from if start_from is not None else -(1 << 62)
    high = start_to if start_to is not None else 1 << 62
    moved = [low <= s < high for s in starts]
    new_starts = [n if m else s for n, s, m in zip(new_starts, starts, moved)]
    new_ends = [n if m else e for n, e, m in zip(new_ends, ends, moved)]
    _check_order(starts, new_starts)
    return Plan(new_starts, new_ends, moved)


def _check_order(starts: Sequence[int], new_starts: Sequence[int]) -> None:
    """Raise when two cues would swap: a monotone mapping of all cues never does, a range can."""
    order = sorted(range(len(starts)), key=starts.__getitem__)
    for a, b in pairwise(order):
        if new_starts[a] > new_starts[b]:
            raise _Swap(a, b, new_starts[a], new_starts[b])


class _Swap(RetimeError):
    """Cue ``a``, before cue ``b``, would start after it (:func:`apply` writes the message)."""

    def __init__(self, a: int, b: int, new_a: int, new_b: int) -> None:
        super().__init__("the range would change the order of the cues")
        self.a, self.b, self.new_a, self.new_b = a, b, new_a, new_b
