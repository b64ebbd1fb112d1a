"""The fast path of the SRT reader: a clean file read with a few whole-text operations.

Most SRT files in the wild are clean: ``N``, ``HH:MM:SS,mmm --> HH:MM:SS,mmm``,
text lines, a blank line, with one kind of line ending. For those, one
``re.split`` over the whole text finds every cue, and the times, offsets and
cues are built with list operations instead of a walk over lines, which makes
reading about five times faster. Anything else (one irregular block is enough)
returns None, and the tolerant reader in :mod:`subtitler.formats.srt` reads the
file instead; both give the same Document for a clean file (a test checks it).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from itertools import accumulate, chain, repeat
from operator import add, itemgetter, methodcaller

from subtitler import gcpause
from subtitler.model import DEFAULT_SETTINGS, Cue, LazyCues, _CueBuilder
from subtitler.timecode import HOURS_MS, MILLI_MS, MIN_SEC_MS

_LOW_DIGITS = frozenset("012345")
#: Every ASCII digit to '0': a clean timing line becomes exactly _ZERO_TIMING.
_ALL_ZERO = str.maketrans("123456789", "000000000")
_ZERO_TIMING = "00:00:00,000 --> 00:00:00,000"
_TENS_AT = itemgetter(3, 6, 20, 23)
_SPACE_LINE = re.compile(r"\n[^\S\r\n]+(?=\r?\n|$)")
# A text line that could be a timing line: the tolerant reader must split the cue there.
_ARROW_LINE = re.compile(r"\n[^\S\n]*-?[^\S\n]*\d+[^\S\n]*:.*(?:-+[^\S\n]*-*[^\S\n]*>|=+>|→|[—–]-?>)")
# Lines a speaker marker could start: '>>', a dialogue dash, an upper-case label.
_MARKER_LINE = re.compile(r"\n(?:>|-|[^\W\d_a-z][^\W_a-z]*(?:[ .'\-][^\W_a-z]+)*\s*:)")


def _stamps(timings: tuple[str, ...], at: int) -> list[int]:
    hours = map(HOURS_MS.__getitem__, map(itemgetter(slice(at, at + 2)), timings))
    min_sec = map(MIN_SEC_MS.__getitem__, map(itemgetter(slice(at + 3, at + 8)), timings))
    milli = map(MILLI_MS.__getitem__, map(itemgetter(slice(at + 9, at + 12)), timings))
    return list(map(add, map(add, hours, min_sec), milli))


#: Characters of text split at a time: the memory a large file takes beyond its text stays flat.
BATCH = 1 << 20

Columns = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


class _NotClean(Exception):
    """A block that is not index, timing line and text."""


def _batches(text: str, newline: str) -> Iterator[Columns]:
    """The index lines, timing lines and texts of the blocks, a batch of about BATCH characters at a time.

    Raises:
        _NotClean: a block without a timing line, or an unexpected end of the text.
    """
    sep = newline * 2
    size = len(text)
    pos = 0
    while pos < size:
        end = text.find(sep, min(pos + BATCH, size))
        window = text[pos:] if end < 0 else text[pos:end]
        pos = size if end < 0 else end + len(sep)
        if end < 0:  # the last line's ending, and the usual blank line after the last cue
            for _ in range(2):
                if window.endswith(newline):
                    window = window[:-len(newline)]
        if not window or window.endswith(newline):
            raise _NotClean
        parts = list(map(methodcaller("split", newline, 2), window.split(sep)))
        del window
        lengths = set(map(len, parts))
        if not lengths <= {2, 3}:
            raise _NotClean
        if 2 in lengths:  # cues without text: give them an empty third part
            parts = [p if len(p) == 3 else [*p, ""] for p in parts]
        yield tuple(zip(*parts))  # type: ignore[misc]


def _checked(columns: Columns, newline: str) -> bool:
    """Whether a batch's blocks are clean cues (every timing line and text line checked)."""
    ids, timings, texts = columns
    digits = "".join(ids)
    if not digits.isdigit() or not digits.isascii() or set(map(len, timings)) != {29}:
        return False
    if "".join(timings).translate(_ALL_ZERO) != _ZERO_TIMING * len(timings):
        return False  # a timestamp that is not all ASCII digits at the digit places
    if not all(_LOW_DIGITS.issuperset(tens) for tens in set(map(_TENS_AT, timings))):
        return False
    joined = newline + newline.join(texts)
    # a line of white space only is a blank line to the tolerant reader; only text lines can be one here
    if _SPACE_LINE.search(joined):  # one pass of a pattern that starts with a line feed: cheap
        return False
    arrows = "->" in joined or "- >" in joined or "=>" in joined or (
        not joined.isascii() and ("→" in joined or "—>" in joined or "–>" in joined))
    return not (arrows and _ARROW_LINE.search(joined.replace("\r", "")))


def read_clean(text: str, newline: str) -> LazyCues | None:
    """The cues of a clean SRT text, or None when it is not clean.

    Clean: every block is an index, a ``HH:MM:SS,mmm --> HH:MM:SS,mmm`` line and
    text lines, blocks are separated by exactly one blank line, and no line is
    white space only. Every block is checked here, a batch at a time, and nothing
    is kept; the Cue objects (and their source spans) are built from the text when
    first looked at (:class:`~subtitler.model.LazyCues`).

    Args:
        text: the whole text.
        newline: its one kind of line ending.
    """
    if not text or text[0].isspace() or newline * 3 in text:
        return None  # leading or repeated blank lines: the tolerant reader reports them
    count = 0
    markers = False
    try:
        for columns in _batches(text, newline):
            if not _checked(columns, newline):
                return None
            count += len(columns[0])
            markers = markers or _MARKER_LINE.search(newline + newline.join(columns[2])) is not None
    except _NotClean:
        return None

    def build() -> tuple[tuple[Cue, ...], array[int]]:
        return _build(text, newline, markers)

    return LazyCues(count, build)


def _build(text: str, newline: str, markers: bool) -> tuple[tuple[Cue, ...], array[int]]:
    """The Cue objects and source spans of a text :func:`read_clean` has checked."""
    width = len(newline)
    cues: list[Cue] = []
    spans: array[int] = array("q")
    speakers = _Speakers()
    start = 0  # where the next block starts in the text
    first_line = 0  # the 0-based line of the next block's index line
    with gcpause.paused():
        for ids, timings, texts in _batches(text, newline):
            starts, ends = _stamps(timings, 0), _stamps(timings, 17)
            # each block: index, newline, timing line, and (when there is text) newline and text
            sizes = [len(ident) + width + 29 + (width + len(body) if body else 0) for ident, body in zip(ids, texts)]
            lines = [3 + (1 + body.count(newline) if body else 0) for body in texts]  # and the blank line
            if newline != "\n":
                texts = tuple(t.replace(newline, "\n") if newline in t else t for t in texts)
            block_starts = list(accumulate(map(add, sizes, repeat(2 * width)), initial=start))
            start = block_starts.pop()
            block_ends = [*block_starts[1:], start]
            timing_starts = list(map(add, map(add, block_starts, map(len, ids)), repeat(width)))
            spans.extend(chain.from_iterable(zip(block_starts, block_ends, timing_starts)))
            # 1-based timing line: the index line's number + 1
            firsts = list(accumulate(lines, initial=first_line))
            first_line = firsts.pop()
            numbers = [first + 2 for first in firsts]
            who = speakers.of(texts) if markers else repeat(None)
            batch = list(map(_CueBuilder, starts, ends, texts, ids, who, repeat(DEFAULT_SETTINGS), repeat(""),
                             numbers, range(len(cues), len(cues) + len(ids))))
            for cue in batch:
                cue.__class__ = Cue  # type: ignore[assignment]
            cues.extend(batch)  # type: ignore[arg-type]
    if spans:
        spans[-2] = len(text)  # the last block ends with the text
    return tuple(cues), spans


class _Speakers:
    """SRT speaker markers read across batches: a label carries over to the cues after it."""

    def __init__(self) -> None:
        self.current: str | None = None
        self.labelled = False

    def of(self, texts: tuple[str, ...]) -> list[str | None]:
        """The speaker of each text, continuing from the batch before."""
        from subtitler.formats.speakermarks import srt_marker

        out: list[str | None] = []
        for text in texts:
            kind, name = srt_marker(text)
            if kind == "label":
                self.labelled, self.current = True, name
            elif kind in ("chevron", "dash"):
                self.current = None
            out.append(self.current if self.labelled else None)
        return out
