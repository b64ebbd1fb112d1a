"""The fast path of the WebVTT reader: a plain file checked in bulk, its cues built on first use.

A plain WebVTT file is a one-line header and blocks of an optional identifier, a
``HH:MM:SS.mmm --> HH:MM:SS.mmm`` timing line without settings and text lines,
one blank line apart. For such a file the W3C parser's block algorithm gives
exactly one cue a block, so the reader can check every block with whole-text
operations, a batch at a time, and build the Cue objects only when someone
looks at them (:class:`~subtitler.model.LazyCues`). Anything else (settings,
short timestamps, NOTE, STYLE or REGION blocks, character references, more
than one blank line) returns None and the full parser in
:mod:`subtitler.formats.vtt` reads the file; a test holds the two to the same
result.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from itertools import accumulate, chain, repeat
from operator import add, itemgetter

from subtitler import gcpause
from subtitler.formats.speakermarks import vtt_voice
from subtitler.model import DEFAULT_SETTINGS, Cue, LazyCues, _CueBuilder
from subtitler.timecode import HOURS_MS, MILLI_MS, MIN_SEC_MS

#: Characters of text split at a time, as in the SRT fast path.
BATCH = 1 << 20
_ALL_ZERO = str.maketrans("123456789", "000000000")
_ZERO_TIMING = "00:00:00.000 --> 00:00:00.000"
_TENS_AT = itemgetter(3, 6, 20, 23)
_LOW_DIGITS = frozenset("012345")

#: (identifier, timing line, text) of each block of a batch.
Block = tuple[str, str, str]


class _NotPlain(Exception):
    """A block the fast path does not take."""


def _block(chunk: str, newline: str) -> Block:
    """A block's identifier, timing line and text; the timing line is the first or second line."""
    first, _, rest = chunk.partition(newline)
    if "-->" in first:
        return "", first, rest
    timing, _, text = rest.partition(newline)
    if "-->" not in timing:
        raise _NotPlain
    return first, timing, text


def _batches(text: str, newline: str, start: int) -> Iterator[list[Block]]:
    """The blocks after the header, a batch of about BATCH characters at a time."""
    sep = newline * 2
    size = len(text)
    pos = start
    while pos < size:
        end = text.find(sep, min(pos + BATCH, size))
        window = text[pos:] if end < 0 else text[pos:end]
        pos = size if end < 0 else end + len(sep)
        if end < 0:  # the last line's ending, and one blank line after the last cue
            for _ in range(2):
                if window.endswith(newline):
                    window = window[:-len(newline)]
        if not window or window.endswith(newline):
            raise _NotPlain
        yield [_block(chunk, newline) for chunk in window.split(sep)]


def _plain(blocks: list[Block], newline: str) -> bool:
    """Whether a batch's blocks are plain cues, every timing line and text checked."""
    timings = [timing for _, timing, _ in blocks]
    if "".join(timings).translate(_ALL_ZERO) != _ZERO_TIMING * len(timings):
        return False  # settings, short or malformed timestamps: the full parser decides
    if not all(_LOW_DIGITS.issuperset(tens) for tens in set(map(_TENS_AT, timings))):
        return False
    ids = "".join(ident for ident, _, _ in blocks)
    texts = newline.join(text for _, _, text in blocks)
    # '-->' in a text line starts a new block; '&' needs the character reference check;
    # a NUL is replaced; none of that is for the fast path
    return not any(mark in texts or mark in ids for mark in ("-->", "&", "\x00"))


def read_plain(text: str, newline: str) -> tuple[str, LazyCues] | None:
    """The header line and the cues of a plain WebVTT text, or None when it is not plain.

    Args:
        text: the whole text (its signature already checked).
        newline: its one kind of line ending.
    """
    sep = newline * 2
    header_end = text.find(sep)
    header = text if header_end < 0 else text[:header_end]
    if newline in header or newline * 3 in text or "\r" in header:
        return None  # header lines, or several blank lines: the full parser reports them
    if header_end < 0:
        return None
    start = header_end + len(sep)
    count = 0
    try:
        for blocks in _batches(text, newline, start):
            if not _plain(blocks, newline):
                return None
            count += len(blocks)
    except _NotPlain:
        return None

    def build() -> tuple[tuple[Cue, ...], array[int]]:
        return _build(text, newline, start)

    return header, LazyCues(count, build)


def _stamps(timings: list[str], at: int) -> list[int]:
    hours = map(HOURS_MS.__getitem__, map(itemgetter(slice(at, at + 2)), timings))
    min_sec = map(MIN_SEC_MS.__getitem__, map(itemgetter(slice(at + 3, at + 8)), timings))
    milli = map(MILLI_MS.__getitem__, map(itemgetter(slice(at + 9, at + 12)), timings))
    return list(map(add, map(add, hours, min_sec), milli))


def _build(text: str, newline: str, start: int) -> tuple[tuple[Cue, ...], array[int]]:
    """The Cue objects and source spans of a text :func:`read_plain` has checked."""
    width = len(newline)
    cues: list[Cue] = []
    spans: array[int] = array("q")
    first_line = text.count(newline, 0, start)  # 0-based line of the first block
    with gcpause.paused():
        for blocks in _batches(text, newline, start):
            ids = [ident for ident, _, _ in blocks]
            timings = [timing for _, timing, _ in blocks]
            bodies = [body for _, _, body in blocks]
            starts, ends = _stamps(timings, 0), _stamps(timings, 17)
            id_sizes = [len(ident) + width if ident else 0 for ident in ids]
            sizes = [head + 29 + (width + len(body) if body else 0) for head, body in zip(id_sizes, bodies)]
            block_starts = list(accumulate(map(add, sizes, repeat(2 * width)), initial=start))
            start = block_starts.pop()
            block_ends = [*block_starts[1:], start]
            timing_starts = list(map(add, block_starts, id_sizes))
            spans.extend(chain.from_iterable(zip(block_starts, block_ends, timing_starts)))
            lines = [(1 if ident else 0) + 2 + (1 + body.count(newline) if body else 0) for ident, body in
                     zip(ids, bodies)]  # identifier, timing line, text lines, blank line
            firsts = list(accumulate(lines, initial=first_line))
            first_line = firsts.pop()
            numbers = [first + (2 if ident else 1) for first, ident in zip(firsts, ids)]  # the timing line, 1-based
            if newline != "\n":
                bodies = [body.replace(newline, "\n") if newline in body else body for body in bodies]
            voices = [vtt_voice(body) if "<v" in body else None for body in bodies]
            batch = list(map(_CueBuilder, starts, ends, bodies, ids, voices, repeat(DEFAULT_SETTINGS), repeat(""),
                             numbers, range(len(cues), len(cues) + len(ids))))
            for cue in batch:
                cue.__class__ = Cue  # type: ignore[assignment]
            cues.extend(batch)  # type: ignore[arg-type]
    if spans:
        spans[-2] = len(text)  # the last block ends with the text
    return tuple(cues), spans
