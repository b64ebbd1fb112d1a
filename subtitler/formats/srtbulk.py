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
from itertools import accumulate, chain, repeat
from operator import add, itemgetter, methodcaller

from subtitler import gcpause
from subtitler.model import DEFAULT_SETTINGS, Cue, LazyCues, _CueBuilder
from subtitler.timecode import HOURS_MS, MILLI_MS, MIN_SEC_MS

#: What a clean timing line holds at its fixed separator positions.
_SEPARATORS = (":", ",", " ", "-", "-", ">", " ", ":", ",")
_SEPARATOR_AT = itemgetter(2, 8, 12, 13, 14, 15, 16, 19, 25)
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


def read_clean(text: str, newline: str) -> LazyCues | None:
    """The cues of a clean SRT text, or None when it is not clean.

    Clean: every block is an index, a ``HH:MM:SS,mmm --> HH:MM:SS,mmm`` line and
    text lines, blocks are separated by exactly one blank line, and no line is
    white space only. Every block is checked here; the Cue objects (and their
    source spans) are built when first looked at (:class:`~subtitler.model.LazyCues`).

    Args:
        text: the whole text.
        newline: its one kind of line ending.
    """
    if not text or text[0].isspace():
        return None
    if newline * 3 in text:
        return None  # several blank lines somewhere: the tolerant reader reports them
    chunks = text.split(newline * 2)
    # the text ends after the last cue's text, its line ending, or a blank line after that
    last = chunks[-1]
    if last == "":
        chunks.pop()
        last = chunks[-1] if chunks else ""
    elif last.endswith(newline):
        last = chunks[-1] = last[:-len(newline)]
    if not chunks or not last or last.endswith(newline):
        return None
    parts = list(map(methodcaller("split", newline, 2), chunks))
    del chunks
    lengths = set(map(len, parts))
    if not lengths <= {2, 3}:
        return None
    if 2 in lengths:  # cues without text: give them an empty third part
        parts = [p if len(p) == 3 else [*p, ""] for p in parts]
    ids, timings, texts = zip(*parts)
    del parts
    digits = "".join(ids)
    if not digits.isdigit() or not digits.isascii() or set(map(len, timings)) != {29}:
        return None
    if "".join(timings).translate(_ALL_ZERO) != _ZERO_TIMING * len(timings):
        return None  # a timestamp that is not all ASCII digits at the digit places
    if not all(_LOW_DIGITS.issuperset(tens) for tens in set(map(_TENS_AT, timings))):
        return None
    joined = newline + newline.join(texts)
    # a line of white space only is a blank line to the tolerant reader; only text lines can be one here
    if _SPACE_LINE.search(joined):  # one pass of a pattern that starts with a line feed: cheap
        return None
    arrows = "->" in joined or "- >" in joined or "=>" in joined or (
        not joined.isascii() and ("→" in joined or "—>" in joined or "–>" in joined))
    if arrows and _ARROW_LINE.search(joined.replace("\r", "")):
        return None
    markers = _MARKER_LINE.search(joined) is not None
    del joined

    def build() -> tuple[tuple[Cue, ...], array[int]]:
        return _build(text, newline, ids, timings, texts, markers)

    return LazyCues(len(ids), build)


def _build(text: str, newline: str, ids: tuple[str, ...], timings: tuple[str, ...], texts: tuple[str, ...],
           markers: bool) -> tuple[tuple[Cue, ...], array[int]]:
    """The Cue objects and source spans of a file :func:`read_clean` has checked."""
    with gcpause.paused():
        starts, ends = _stamps(timings, 0), _stamps(timings, 17)
        count = len(ids)
        width = len(newline)
        # each block: index, newline, timing line, and (when there is text) newline and text
        sizes = [len(ident) + width + 29 + (width + len(body) if body else 0) for ident, body in zip(ids, texts)]
        lines = [1 + (1 + body.count(newline) if body else 0) for body in texts]
        if newline != "\n":
            texts = tuple(t.replace(newline, "\n") if newline in t else t for t in texts)
        block_starts = [0, *accumulate(map(add, sizes[:-1], repeat(2 * width)))]
        block_ends = [*block_starts[1:], len(text)]
        timing_starts = list(map(add, map(add, block_starts, map(len, ids)), repeat(width)))
        spans = array("q", chain.from_iterable(zip(block_starts, block_ends, timing_starts)))
        del block_starts, block_ends, timing_starts
        # 1-based timing line: the index line's number + 1; a block's lines, then one blank line
        numbers = [first + 2 for first in accumulate(map(add, lines[:-1], repeat(2)), initial=0)]
        speakers = _speakers(texts) if markers else repeat(None)
        cues = list(map(_CueBuilder, starts, ends, texts, ids, speakers,
                        repeat(DEFAULT_SETTINGS), repeat(""), numbers, range(count)))
        for cue in cues:
            cue.__class__ = Cue  # type: ignore[assignment]
    return tuple(cues), spans  # type: ignore[arg-type]


def _speakers(texts: tuple[str, ...]) -> list[str | None]:
    from subtitler.formats.speakermarks import srt_marker

    out: list[str | None] = []
    current: str | None = None
    labelled = False
    for text in texts:
        kind, name = srt_marker(text)
        if kind == "label":
            labelled, current = True, name
        elif kind in ("chevron", "dash"):
            current = None
        out.append(current if labelled or kind == "label" else None)
    return out
