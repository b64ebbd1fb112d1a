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
from itertools import accumulate

from subtitler.formats.bulk import NotClean, cues, spans, stamps, timings_ok, windows
from subtitler.formats.speakermarks import vtt_voice
from subtitler.model import Cue, LazyCues

#: (identifier, timing line, text) of each block of a batch.
Block = tuple[str, str, str]


def _block(chunk: str, newline: str) -> Block:
    """A block's identifier, timing line and text; the timing line is the first or second line."""
    first, _, rest = chunk.partition(newline)
    if "-->" in first:
        return "", first, rest
    timing, _, text = rest.partition(newline)
    if "-->" not in timing:
        raise NotClean
    return first, timing, text


def _batches(text: str, newline: str, start: int) -> Iterator[list[Block]]:
    """The blocks after the header, a batch at a time."""
    for window in windows(text, newline, start):
        yield [_block(chunk, newline) for chunk in window.split(newline * 2)]


def _plain(blocks: list[Block], newline: str) -> bool:
    """Whether a batch's blocks are plain cues, every timing line and text checked."""
    if not timings_ok([timing for _, timing, _ in blocks], "."):
        return False  # settings, short or malformed timestamps: the full parser decides
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
    except NotClean:
        return None

    def build() -> tuple[tuple[Cue, ...], array[int]]:
        return _build(text, newline, start)

    return header, LazyCues(count, build)


def _build(text: str, newline: str, start: int) -> tuple[tuple[Cue, ...], array[int]]:
    """The Cue objects and source spans of a text :func:`read_plain` has checked."""
    width = len(newline)
    built: list[Cue] = []
    out: array[int] = array("q")
    first_line = text.count(newline, 0, start)  # 0-based line of the first block
    for blocks in _batches(text, newline, start):
        ids = [ident for ident, _, _ in blocks]
        timings = [timing for _, timing, _ in blocks]
        bodies = [body for _, _, body in blocks]
        id_sizes = [len(ident) + width if ident else 0 for ident in ids]
        sizes = [head + 29 + (width + len(body) if body else 0) for head, body in zip(id_sizes, bodies)]
        start = spans(out, start, sizes, newline, id_sizes)
        lines = [(1 if ident else 0) + 2 + (1 + body.count(newline) if body else 0) for ident, body in
                 zip(ids, bodies)]  # identifier, timing line, text lines, blank line
        firsts = list(accumulate(lines, initial=first_line))
        first_line = firsts.pop()
        numbers = [first + (2 if ident else 1) for first, ident in zip(firsts, ids)]  # the timing line, 1-based
        if newline != "\n":
            bodies = [body.replace(newline, "\n") if newline in body else body for body in bodies]
        voices = [vtt_voice(body) if "<v" in body else None for body in bodies]
        built += cues(stamps(timings, 0), stamps(timings, 17), bodies, ids, voices, numbers, len(built))
    if out:
        out[-2] = len(text)  # the last block ends with the text
    return tuple(built), out
