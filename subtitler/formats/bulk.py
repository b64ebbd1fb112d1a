"""What the SRT and WebVTT fast paths share: batches of text, timestamps read in bulk, cues built in bulk.

A clean file is read a window of about :data:`BATCH` characters at a time, each
window ending at a blank line, so the memory a large file takes beyond its text
stays flat; its timing lines are checked and read with whole-list operations,
and its Cue objects are built without the frozen dataclass's per-field cost.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from itertools import accumulate, chain, repeat
from operator import add, itemgetter

from subtitler.model import DEFAULT_SETTINGS, Cue, _CueBuilder
from subtitler.timecode import HOURS_MS, MILLI_MS, MIN_SEC_MS

#: Characters of text split at a time.
BATCH = 1 << 20
_ALL_ZERO = str.maketrans("123456789", "000000000")
_TENS_AT = itemgetter(3, 6, 20, 23)
_LOW_DIGITS = frozenset("012345")


class NotClean(Exception):
    """The text is not one the fast path takes (the full reader decides)."""


def windows(text: str, newline: str, start: int = 0) -> Iterator[str]:
    """The text from ``start``, in windows that end at a blank line (without it).

    The last window loses the last line's ending and one blank line after it.

    Raises:
        NotClean: a window that is empty or ends with a line ending (more blank lines).
    """
    sep = newline * 2
    size = len(text)
    pos = start
    while pos < size:
        end = text.find(sep, min(pos + BATCH, size))
        window = text[pos:] if end < 0 else text[pos:end]
        pos = size if end < 0 else end + len(sep)
        if end < 0:  # the last line's ending, and the usual blank line after the last cue
            for _ in range(2):
                if window.endswith(newline):
                    window = window[:-len(newline)]
        if not window or window.endswith(newline):
            raise NotClean
        yield window


def timings_ok(timings: Sequence[str], separator: str) -> bool:
    """Whether every line is exactly ``HH:MM:SS<sep>mmm --> HH:MM:SS<sep>mmm`` with minutes and seconds under 60."""
    zero = f"00:00:00{separator}000 --> 00:00:00{separator}000"
    if "".join(timings).translate(_ALL_ZERO) != zero * len(timings):
        return False  # not all ASCII digits at the digit places, or other separators
    return all(_LOW_DIGITS.issuperset(tens) for tens in set(map(_TENS_AT, timings)))


def stamps(timings: Sequence[str], at: int) -> list[int]:
    """Milliseconds of the fixed-width timestamp at ``at`` (0 or 17) of each checked timing line."""
    hours = map(HOURS_MS.__getitem__, map(itemgetter(slice(at, at + 2)), timings))
    min_sec = map(MIN_SEC_MS.__getitem__, map(itemgetter(slice(at + 3, at + 8)), timings))
    milli = map(MILLI_MS.__getitem__, map(itemgetter(slice(at + 9, at + 12)), timings))
    return list(map(add, map(add, hours, min_sec), milli))


def spans(out: array[int], start: int, sizes: list[int], newline: str, timing_at: list[int]) -> int:
    """Append the spans of a batch of blocks (see Source) and return where the next block starts.

    Args:
        out: the spans so far.
        start: where the batch's first block starts.
        sizes: each block's length without its blank line.
        newline: the line ending (a blank line after each block is two of them).
        timing_at: each block's timing line offset from its start.
    """
    starts = list(accumulate(map(add, sizes, repeat(2 * len(newline))), initial=start))
    following: int = starts.pop()
    out.extend(chain.from_iterable(zip(starts, [*starts[1:], following], map(add, starts, timing_at))))
    return following


def cues(starts: list[int], ends: list[int], texts: Sequence[str], ids: Sequence[str],
         speakers: Sequence[str | None] | repeat[None], lines: list[int], first: int) -> list[Cue]:
    """Cue objects for a batch (settings none), numbered from ``first``."""
    built = list(map(_CueBuilder, starts, ends, texts, ids, speakers, repeat(DEFAULT_SETTINGS), repeat(""),
                     lines, range(first, first + len(ids))))
    for cue in built:
        cue.__class__ = Cue  # type: ignore[assignment]
    return built  # type: ignore[return-value]
