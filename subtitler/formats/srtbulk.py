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
from itertools import accumulate, repeat
from operator import methodcaller

from subtitler.formats.bulk import NotClean, cues, spans, stamps, timings_ok, windows
from subtitler.formats.grammar import SPACE_ONLY_LINE, SRT_ARROW_LINE, has_fullwidth
from subtitler.model import Cue, LazyCues

# A text line that could be a timing line: the tolerant reader must split the cue there.
# Lines a speaker marker could start: '>>', a dialogue dash, an upper-case label.
_MARKER_LINE = re.compile(r"\n(?:>|-|[^\W\d_a-z][^\W_a-z]*(?:[ .'\-][^\W_a-z]+)*\s*:)")


Columns = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _batches(text: str, newline: str) -> Iterator[Columns]:
    """The index lines, timing lines and texts of the blocks, a batch at a time.

    Raises:
        NotClean: a block without a timing line, or an unexpected end of the text.
    """
    for window in windows(text, newline):
        parts = list(map(methodcaller("split", newline, 2), window.split(newline * 2)))
        del window
        lengths = set(map(len, parts))
        if not lengths <= {2, 3}:
            raise NotClean
        if 2 in lengths:  # cues without text: give them an empty third part
            parts = [p if len(p) == 3 else [*p, ""] for p in parts]
        yield tuple(zip(*parts))  # type: ignore[misc]


def _checked(columns: Columns, newline: str) -> bool:
    """Whether a batch's blocks are clean cues (every timing line and text line checked)."""
    ids, timings, texts = columns
    digits = "".join(ids)
    if not digits.isdigit() or not digits.isascii() or not timings_ok(timings, ","):
        return False
    joined = newline + newline.join(texts)
    if newline != "\n":  # the patterns below read lines ended by LF (a CR-only file had none)
        joined = joined.replace(newline, "\n")
    # a line of white space only is a blank line to the tolerant reader; only text lines can be one here
    if SPACE_ONLY_LINE.search(joined):  # one pass of a pattern that starts with a line feed: cheap
        return False
    if not joined.isascii() and any(has_fullwidth(text) for text in texts):
        return False  # a full-width timing line in a text: the tolerant reader reads it as one
    arrows = "->" in joined or "- >" in joined or "=>" in joined or (
        not joined.isascii() and ("→" in joined or "—>" in joined or "–>" in joined))
    return not (arrows and SRT_ARROW_LINE.search(joined))


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
            if not markers:  # the pattern reads lines ended by LF, which a CR-only file has none of
                joined = newline + newline.join(columns[2])
                markers = _MARKER_LINE.search(joined if newline == "\n" else joined.replace(newline, "\n")) is not None
    except NotClean:
        return None

    def build() -> tuple[tuple[Cue, ...], array[int]]:
        return _build(text, newline, markers)

    return LazyCues(count, build)


def _build(text: str, newline: str, markers: bool) -> tuple[tuple[Cue, ...], array[int]]:
    """The Cue objects and source spans of a text :func:`read_clean` has checked."""
    width = len(newline)
    built: list[Cue] = []
    out: array[int] = array("q")
    speakers = _Speakers()
    start = 0  # where the next block starts in the text
    first_line = 0  # the 0-based line of the next block's index line
    for ids, timings, texts in _batches(text, newline):
        # each block: index, newline, timing line, and (when there is text) newline and text
        sizes = [len(ident) + width + 29 + (width + len(body) if body else 0) for ident, body in zip(ids, texts)]
        start = spans(out, start, sizes, newline, [len(ident) + width for ident in ids])
        lines = [3 + (1 + body.count(newline) if body else 0) for body in texts]  # and the blank line
        firsts = list(accumulate(lines, initial=first_line))
        first_line = firsts.pop()
        if newline != "\n":
            texts = tuple(t.replace(newline, "\n") if newline in t else t for t in texts)
        who = speakers.of(texts) if markers else repeat(None)
        # the timing line is 1-based its block's first line + 2
        built += cues(stamps(timings, 0), stamps(timings, 17), texts, ids, who,
                      [first + 2 for first in firsts], len(built))
    if out:
        out[-2] = len(text)  # the last block ends with the text
    return tuple(built), out


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
