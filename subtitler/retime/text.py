"""The fast path of retiming: a clean file retimed as text, without building a Document.

Reading a 100,000-cue file into a Document builds an object per cue, which costs
more than the whole retiming. Most files are clean, and for those the cues are
exactly the blocks between blank lines: this module finds every timing line with
a few whole-text operations, maps the times in bulk with the same
:func:`~subtitler.retime.mapping.plan` as :func:`~subtitler.retime.apply.apply`, and writes new
timestamps in the same shape as the splice writer does.

It accepts only what the readers' own fast paths accept (the SRT reader's clean
path, the WebVTT reader's one-cue-per-block path, NOTE, STYLE and REGION blocks),
and only retimings that need no message: no time below zero, no change of cue
order. Anything else returns None and the caller takes the Document path, which
gives the same bytes where both apply (tests compare them on the corpus and on
generated files).
"""

from __future__ import annotations

import codecs
import functools
from dataclasses import dataclass
from itertools import repeat
from operator import add, itemgetter
from typing import TYPE_CHECKING

from subtitler.errors import RetimeError
from subtitler.formats.grammar import (
    SPACE_ONLY_LINE,
    SRT_NON_ASCII_ARROWS,
    VTT_AFTER_SIGNATURE,
    VTT_NOTE,
    VTT_STYLE_OR_REGION,
)
from subtitler.retime.mapping import Mapping, plan
from subtitler.timecode import (
    FIXED_LIMIT_MS,
    HOUR_FIELDS,
    HOURS_MS,
    MILLI_FIELDS,
    MILLI_MS,
    MIN_SEC_FIELDS,
    MIN_SEC_MS,
    fixed_ms,
)

if TYPE_CHECKING:
    from subtitler.model import Document, Finding
    from subtitler.retime.apply import Negative

# Arrows that could make a text line a timing line for the SRT reader, besides
# "- >" and "=>"; "->" is also in every timing line's "-->", so it is counted instead.
# WebVTT blocks that are not cues, as the WebVTT reader tells them apart.
# "MM:SS" with the separator before the milliseconds, by value (timecode.MIN_SEC_FIELDS).
_MIN_SEC = {sep: [min_sec + sep for min_sec in MIN_SEC_FIELDS] for sep in ",."}
#: From this many cues on, the minute tables (66,000 entries, built in about 15 ms) pay for themselves.
_BIG = 20_000


def retime_text(text: str, fmt: str, mapping: Mapping,
                start_from: int | None = None, start_to: int | None = None) -> str | None:
    """``text`` with its cues retimed, or None when the Document path must do it.

    Args:
        text: a whole SRT or WebVTT file, decoded.
        fmt: ``srt`` or ``vtt``.
        mapping, start_from, start_to: as for :func:`subtitler.retime.apply.apply`.
    """
    newline = _newline(text)
    if newline is None or not text:
        return None
    if fmt == "srt":
        return _srt(text, newline, mapping, start_from, start_to)
    if fmt == "vtt":
        return _vtt(text, newline, mapping, start_from, start_to)
    return None


@dataclass(frozen=True)
class Retimed:
    """A retimed file.

    Attributes:
        data: the file's new bytes, in its own encoding, with its BOM and line endings.
        read: what reading the file found (its findings and the blocks it could not
            parse, no cues), when the Document path ran; None after the fast path,
            which runs only on files with nothing to report.
        notes: what the retiming itself reports (cues clamped or dropped).
    """

    data: bytes
    read: Document | None = None
    notes: tuple[Finding, ...] = ()


def retime_bytes(data: bytes, mapping: Mapping, *, path: str | None = None, fmt: str | None = None,
                 negative: Negative = "refuse", start_from: int | None = None,
                 start_to: int | None = None) -> Retimed:
    """A subtitle file's bytes retimed: by the fast path when the file allows it, else as a Document.

    Both paths give the same bytes where both apply. The bytes are dropped once
    decoded (a large file is held once, not twice; pass them without keeping a
    reference) and built again, identical, when the Document path needs them.

    Args:
        data: the file's bytes.
        mapping: the retiming (:mod:`subtitler.retime.mapping`).
        path: the file's name, for its format and for messages.
        fmt: ``srt`` or ``vtt``, or None to tell from the name and the bytes.
        negative, start_from, start_to: as for :func:`subtitler.retime.apply.apply`.

    Raises:
        SubtitlerError: not text, not a subtitle file, or a retiming that cannot apply to every cue.
    """
    from subtitler import formats
    from subtitler.formats.decoding import decode

    kind = formats.kind_of(data, path, fmt)
    decoded = decode(data, path)
    if decoded.change is not None:
        # Its encoding would not give these bytes back (W012): retime the bytes themselves. The
        # timing lines are ASCII, and in these encodings no byte of another character is an
        # ASCII digit, colon, comma, period, dash, '>' or line end, so one byte a character keeps
        # every other byte as it is.
        del decoded
        text = retime_text(data.decode("latin-1"), kind, mapping, start_from, start_to)
        if text is not None:
            return Retimed(text.encode("latin-1"))
        decoded = decode(data, path)
    # Bytes that decoded as UTF-8 without guessing are the text encoded again.
    rebuild = decoded.encoding == "utf-8" and not decoded.detected
    if rebuild:
        del data
    text = retime_text(decoded.text, kind, mapping, start_from, start_to)
    if text is not None:
        encoding, bom = decoded.encoding, decoded.bom
        del decoded
        return Retimed(formats.encode_text(text, encoding, bom))
    if rebuild:
        data = (codecs.BOM_UTF8 if decoded.bom else b"") + decoded.text.encode("utf-8")
    del decoded
    from dataclasses import replace

    from subtitler.errors import SubtitlerError
    from subtitler.retime.apply import apply

    doc = formats.read(data, path, kind)
    del data
    try:
        retimed = apply(doc, mapping, negative=negative, start_from=start_from, start_to=start_to)
    except SubtitlerError as exc:
        raise exc.with_path(path or "-") from None
    read = replace(doc, cues=(), source=None)
    notes = retimed.findings[len(doc.findings):]
    del doc
    return Retimed(formats.encode(retimed, formats.write(retimed)), read, notes)


def _newline(text: str) -> str | None:
    """The one kind of line ending in ``text`` (as the readers decide it), None when mixed."""
    if "\r" not in text:
        return "\n"
    if text.count("\r\n") == text.count("\r") == text.count("\n"):
        return "\r\n"
    if "\n" not in text:
        return "\r"
    return None


def _new_times(mapping: Mapping, starts: list[int], ends: list[int],
               start_from: int | None, start_to: int | None) -> tuple[list[int], list[int]] | None:
    """The new times, when every one is from zero up to 100 hours (what the fast path writes)."""
    try:
        result = plan(mapping, starts, ends, start_from, start_to)
    except RetimeError:
        return None
    if result.negative() or max(max(result.starts, default=0), max(result.ends, default=0)) >= FIXED_LIMIT_MS:
        return None
    return result.starts, result.ends


def _srt(text: str, nl: str, mapping: Mapping, start_from: int | None, start_to: int | None) -> str | None:
    """A clean SRT text: index, ``HH:MM:SS,mmm --> HH:MM:SS,mmm``, text lines, one blank line.

    The text is cut at every ``" --> "``: piece ``i`` then ends with cue ``i``'s
    start time and the next begins with its end time, and what lies between two
    timing lines (the end of a line, a cue's text, a blank line, an index) is one
    piece, copied as it is. Checks on those pieces and whole-text counts make sure
    the file is one the SRT reader takes on its clean path, with the same cues.
    """
    # A search for one character is a memchr, twenty times faster than one for two
    # characters: each search below for a rare pair first asks for its rare character.
    if text[0].isspace() or (("\n " in text or ("\t" in text and "\n\t" in text)) and SPACE_ONLY_LINE.search(text)):
        return None
    w = len(nl)
    sep = nl * 2
    cut = len(text)
    for _ in range(2):  # the last line's ending, and the usual blank line after the last cue
        if text.endswith(nl, 0, cut):
            cut -= w
    if text.endswith(nl, 0, cut) or text.find(nl * 3, 0, cut) >= 0:
        return None
    if not text.isascii() and any(arrow in text for arrow in SRT_NON_ASCII_ARROWS):
        return None
    pieces = text.split(" --> ")
    count = len(pieces) - 1
    # Every blank line separates two cues (so each block is one cue), and every
    # "->" is in a timing line, with no "- >" or "=>" (so no text line can be read
    # as one). When every ">" is in a " --> ", the latter holds without a search
    # for two characters.
    if not count or text.count(sep, 0, cut) != count - 1:
        return None
    if text.count(">") != count and (
            text.count("->") != count or "- >" in text or ("=" in text and "=>" in text)):
        return None
    first, last = pieces[0], pieces[-1]
    big = count >= _BIG
    starts = _edge_stamps(pieces[:-1], -12, big)
    ends = _edge_stamps(pieces[1:], 0, big)
    if starts is None or ends is None:
        return None
    # Between two timing lines: a line ending, then the cue's text lines if it
    # has any, the blank line, the next index and its line ending.
    between = list(map(itemgetter(slice(12, -12)), pieces[1:-1]))
    del pieces
    head, tail = first[:-12], last[12:]
    if not head.endswith(nl) or (tail and not tail.startswith(nl)) or (len(text) - len(tail)) > cut:
        return None
    line_ends = {nl}
    if not set(map(itemgetter(slice(w)), between)) <= line_ends:
        return None
    if not set(map(itemgetter(slice(-w, None)), between)) <= line_ends:
        return None
    blank_at = list(map(str.rfind, between, repeat(sep)))  # each piece's one blank line (the count above)
    if min(blank_at, default=0) < 0:
        return None
    indexes = [piece[at + 2 * w:-w] for piece, at in zip(between, blank_at)]
    digits = "".join(indexes) + head[:-w]
    if not all(indexes) or not digits.isdigit() or not digits.isascii():
        return None  # an index line that is missing, or not a number
    del indexes, digits, blank_at
    times = _new_times(mapping, starts, ends, start_from, start_to)
    if times is None:
        return None
    del starts, ends
    return _join(head, between, tail, times[0], times[1], ",", big)


@functools.cache
def _minute_tables(sep: str) -> tuple[dict[str, int], dict[str, int], list[str], list[str]]:
    """``HH:MM:`` and ``SS<sep>mmm`` to milliseconds, and back (by minute, and by
    millisecond of the minute): two lookups a timestamp, not three, and every
    separator is in a key."""
    minutes = [hours + minute + ":" for hours in HOUR_FIELDS for minute in list(HOURS_MS)[:60]]
    within = [second + milli for second in [second + sep for second in list(HOURS_MS)[:60]] for milli in MILLI_FIELDS]
    return dict(zip(minutes, range(0, 6000 * 60_000, 60_000))), dict(zip(within, range(60_000))), minutes, within


def _edge_stamps(pieces: list[str], at: int, big: bool) -> list[int] | None:
    """Milliseconds of the ``HH:MM:SS,mmm`` stamp at ``at`` (0, or -12: the end) of each piece,
    or None when one is not a stamp the SRT reader's clean path takes.

    The tables' keys hold only such fields (ASCII digits, minutes and seconds
    up to 59, the separators inside them), so a failed lookup is a failed check;
    the separators outside the keys are checked apart.
    """
    try:
        if big:
            minutes, within = _minute_tables(",")[:2]
            return list(map(add, map(minutes.__getitem__, map(itemgetter(slice(at, at + 6)), pieces)),
                            map(within.__getitem__, map(itemgetter(slice(at + 6, at + 12 or None)), pieces))))
        hours = map(HOURS_MS.__getitem__, map(itemgetter(slice(at, at + 2)), pieces))
        min_sec = map(MIN_SEC_MS.__getitem__, map(itemgetter(slice(at + 3, at + 8)), pieces))
        milli = map(MILLI_MS.__getitem__, map(itemgetter(slice(at + 9, at + 12 or None)), pieces))
        stamps = list(map(add, map(add, hours, min_sec), milli))
    except KeyError:
        return None
    if set(map(itemgetter(at + 2), pieces)) != {":"} or set(map(itemgetter(at + 8), pieces)) != {","}:
        return None
    return stamps


def _join(head: str, between: list[str], tail: str, starts: list[int], ends: list[int], sep: str,
          big: bool = False) -> str:
    """``head``, a timing line, each of ``between`` and a timing line, ..., ``tail``.

    The times are from zero up to 100 hours (:func:`_new_times`), as the tables hold.
    """
    if big:
        minutes, within = _minute_tables(sep)[2:]
        lines = [f"{minutes[s // 60_000]}{within[s % 60_000]} --> {minutes[e // 60_000]}{within[e % 60_000]}"
                 for s, e in zip(starts, ends)]
    else:
        hours, min_sec, milli = HOUR_FIELDS, _MIN_SEC[sep], MILLI_FIELDS
        lines = [f"{hours[s // 3_600_000]}{min_sec[s // 1000 % 3600]}{milli[s % 1000]} --> "
                 f"{hours[e // 3_600_000]}{min_sec[e // 1000 % 3600]}{milli[e % 1000]}" for s, e in zip(starts, ends)]
    pieces: list[str] = [""] * (2 * len(lines) + 1)
    pieces[1::2] = lines
    del lines
    pieces[2:-1:2] = between
    pieces[0], pieces[-1] = head, tail
    return "".join(pieces)


def _vtt_timing(line: str) -> tuple[int, int] | None:
    """Times of a timing line the WebVTT reader takes on its fast path (``HH:MM:SS.mmm --> HH:MM:SS.mmm``)."""
    if len(line) < 29 or line[12:17] != " --> " or line[8] != "." or line[25] != "." or (
            len(line) > 29 and line[29] not in " \t"):
        return None
    start, end = fixed_ms(line), fixed_ms(line, 17)
    if start is None or end is None:
        return None
    return start, end


def _vtt(text: str, nl: str, mapping: Mapping, start_from: int | None, start_to: int | None) -> str | None:
    """A WebVTT text whose blocks are each one cue (optional identifier, ``HH:MM:SS.mmm`` times)
    or a NOTE, or a STYLE or REGION before the cues, separated by single blank lines."""
    if not text.startswith("WEBVTT") or (len(text) > 6 and text[6] not in VTT_AFTER_SIGNATURE):
        return None
    if "\x00" in text or nl * 3 in text:
        return None
    w = len(nl)
    timing_at: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for chunk in text.split(nl * 2):
        here, pos = pos, pos + len(chunk) + 2 * w
        if not here:  # the header: WEBVTT and header lines
            if "-->" in chunk:
                return None
            continue
        arrow = chunk.find("-->")
        line_end = chunk.find(nl)
        if arrow < 0:
            first = chunk if line_end < 0 else chunk[:line_end]
            if not chunk or VTT_NOTE.match(first):
                continue
            if not timing_at and line_end >= 0 and VTT_STYLE_OR_REGION.match(first):
                continue
            return None  # a block the reader reports: the Document path carries and reports it
        if chunk.find("-->", arrow + 3) >= 0:
            return None  # a second arrow: the reader may start another cue there
        line_start = 0
        if 0 <= line_end < arrow:  # an identifier, then the timing line
            line_start = line_end + w
            line_end = chunk.find(nl, line_start)
            if 0 <= line_end < arrow:
                return None  # the arrow is further down: the reader may start a cue mid-block
        times = _vtt_timing(chunk[line_start:line_end] if line_end >= 0 else chunk[line_start:])
        if times is None:
            return None
        timing_at.append(here + line_start)
        starts.append(times[0])
        ends.append(times[1])
    new = _new_times(mapping, starts, ends, start_from, start_to)
    if new is None:
        return None
    del starts, ends
    if not timing_at:
        return text
    # the text around the timing lines' 29 characters (the cue settings stay in it)
    between = list(map(text.__getitem__, map(slice, map((29).__add__, timing_at[:-1]), timing_at[1:])))
    return _join(text[:timing_at[0]], between, text[timing_at[-1] + 29:], new[0], new[1], ".",
                 len(timing_at) >= _BIG)
