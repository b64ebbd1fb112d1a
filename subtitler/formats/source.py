"""Writing a read document back by splicing its source text.

A document read from a file keeps a :class:`~subtitler.model.Source` map. Writing
it walks the source text and copies everything the document did not change:
identifiers, settings, STYLE/REGION/NOTE blocks, unparseable blocks, tags, blank
lines and line endings. A cue whose times changed gets new timestamps in the
shape of the old ones (same separators and field widths); a cue whose text
changed is written afresh; a cue left out is cut with its trailing blank lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from subtitler.formats.grammar import FIXED_TIMING_LINE, FULLWIDTH_DELIMITERS, SRT_TIMESTAMP_FIELDS
from subtitler.model import Block, Cue, Document
from subtitler.timecode import FIXED_LIMIT_MS, HOUR_FIELDS, MILLI_FIELDS, MIN_SEC_FIELDS

_NEWLINE = re.compile(r"[\r\n]")


def restamp(old: str, ms: int) -> str:
    """Write ``ms`` in the shape of the timestamp text ``old``.

    Separators and field widths are kept; an hours field is added when the time
    needs one and the old text had none, and milliseconds when the time has some
    and the old text had none.

    >>> restamp("00:01.000", 3_723_004), restamp("0:00:01.5", 2_007), restamp("00:00:01", 2_500)
    ('01:02:03.004', '0:00:02.007', '00:00:02,500')
    >>> restamp("0:00:01.5", 2_700), restamp("00\uff1a00:01\uff0c000", 2_000)
    ('0:00:02.7', '00:00:02,000')
    """
    match = SRT_TIMESTAMP_FIELDS.match(old.translate(FULLWIDTH_DELIMITERS))  # full-width: written as ASCII
    if match is None:  # not a shape we know: fall back to the plain form
        return ("-" if ms < 0 else "") + _plain(abs(ms))
    sign = "-" if ms < 0 else ""
    value = abs(ms)
    frac_text = match["f"]
    if frac_text is None:
        seconds_total, milli = divmod(value, 1000)
        # A shape without milliseconds cannot hold this time: add them rather
        # than lose them (',' as SRT has it: only SRT tolerates such stamps).
        frac = f",{milli:03d}" if milli else ""
    else:
        seconds_total, milli = divmod(value, 1000)
        width = len(frac_text)  # the digits are a fraction of a second: a short field may need widening
        if width >= 3:
            frac_out = milli * 10 ** (width - 3)
        elif milli % 10 ** (3 - width) == 0:
            frac_out = milli // 10 ** (3 - width)
        else:
            frac_out, width = milli, 3
        frac = f"{match['fsep']}{frac_out:0{width}d}"
    minutes_total, s = divmod(seconds_total, 60)
    h, m = divmod(minutes_total, 60)
    s_text = f"{s:0{len(match['s'])}d}"
    if match["h"] is not None:
        head = f"{h:0{_hours_width(match['h'])}d}{match['hsep']}{m:0{len(match['m'])}d}"
    elif h:
        head = f"{h:02d}:{m:0{len(match['m'])}d}"
    else:
        head = f"{m:0{len(match['m'])}d}"
    return f"{match['lead']}{sign}{head}{match['msep']}{s_text}{frac}{match['trail']}"


def _hours_width(field: str) -> int:
    """The width an hours field is padded to: a field grown past two digits by a
    large time (``100``) goes back to two when the time is smaller again.

    >>> _hours_width("00"), _hours_width("0"), _hours_width("100"), _hours_width("007")
    (2, 1, 2, 3)
    """
    return len(field) if len(field) <= 2 or field[0] == "0" else 2


def _plain(ms: int) -> str:
    s, milli = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return f"{h:02d}:{m:02d}:{s:02d}.{milli:03d}"


def splice(
    doc: Document,
    fresh: Callable[[Cue, int], str],
    stamps: Callable[[str], tuple[int, int, int, int] | None],
) -> str | None:
    """Write ``doc`` by splicing its source text, or None when that cannot be done.

    It cannot when the document was not read from text, when its blocks changed,
    or when its cues are no longer in source order (then the caller writes afresh).

    Args:
        doc: the document.
        fresh: writes one cue (with its trailing blank line) that has no source block.
        stamps: where the two timestamps stand in a timing line.
    """
    src = doc.source
    if src is None or not _same_blocks(doc.blocks, src.blocks):
        return None
    if doc.cues is src.cues and doc.blocks is src.blocks:
        return src.text  # nothing changed: the text read is the text to write
    last = -1
    for cue in doc.cues:
        if cue.src >= 0:
            if cue.src <= last or cue.src >= len(src.cues):
                return None
            last = cue.src
    text, spans, orig = src.text, src.spans, src.cues
    out: list[str] = []
    append = out.append
    fixed = FIXED_TIMING_LINE.match  # its timestamps at 0-12 and 17-29: the splice can skip the parser
    # Source text before ``pos`` is written. Copying is lazy: a cue kept as it was
    # adds nothing, and a retimed one only its timing line, so the text between
    # two timing lines goes out in one slice.
    pos = 0
    block_end = 0  # where the block of the last source cue written ends
    k = 0
    for index, cue in enumerate(doc.cues):
        s = cue.src
        if s < 0:
            append(text[pos:block_end])
            pos = block_end
            append(fresh(cue, index))
            continue
        while k < s:  # source cues left out of the document: cut their blocks
            append(text[pos:spans[3 * k]])
            pos = spans[3 * k + 1]
            k += 1
        block_end = spans[3 * s + 1]
        k = s + 1
        old = orig[s]
        if cue is old:
            continue
        if cue.text == old.text and cue.id == old.id and cue.settings_text == old.settings_text:
            t0 = spans[3 * s + 2]
            append(text[pos:t0])
            if fixed(text, t0) is not None:  # HH:MM:SS,mmm --> HH:MM:SS,mmm: no parsing needed
                start = text[t0:t0 + 12] if cue.start_ms == old.start_ms else fixed_stamp(cue.start_ms, text[t0 + 8])
                end = text[t0 + 17:t0 + 29] if cue.end_ms == old.end_ms else fixed_stamp(cue.end_ms, text[t0 + 25])
                append(f"{start} --> {end}")
                pos = t0 + 29
            else:
                append(_restamp_line(text, t0, cue, old, stamps))
                pos = _line_end(text, t0)
        else:
            append(text[pos:spans[3 * s]])
            append(fresh(cue, index))
            pos = block_end
    while k < len(orig):
        append(text[pos:spans[3 * k]])
        pos = spans[3 * k + 1]
        k += 1
    append(text[pos:])
    return "".join(out)


def _same_blocks(blocks: tuple[Block, ...], read: tuple[Block, ...]) -> bool:
    """Whether the blocks are those read; ``before_cue`` may differ (it counts cues, and
    cues left out change the count, while splicing places blocks by their source spans)."""
    if blocks == read:
        return True
    return len(blocks) == len(read) and all(
        (a.kind, a.text, a.line, a.start, a.end) == (b.kind, b.text, b.line, b.start, b.end)
        for a, b in zip(blocks, read))


def fixed_stamp(ms: int, sep: str) -> str:
    """``ms`` as ``HH:MM:SS<sep>mmm``: what :func:`restamp` writes in that shape, faster.

    >>> fixed_stamp(3_723_004, ","), fixed_stamp(-1500, ".") == restamp("00:00:00.000", -1500)
    ('01:02:03,004', True)
    """
    if 0 <= ms < FIXED_LIMIT_MS:
        return f"{HOUR_FIELDS[ms // 3_600_000]}{MIN_SEC_FIELDS[ms // 1000 % 3600]}{sep}{MILLI_FIELDS[ms % 1000]}"
    return restamp(f"00:00:00{sep}000", ms)


def _line_end(text: str, start: int) -> int:
    match = _NEWLINE.search(text, start)
    return match.start() if match else len(text)


def _restamp_line(
    text: str, start: int, cue: Cue, old: Cue, stamps: Callable[[str], tuple[int, int, int, int] | None]
) -> str:
    line = text[start:_line_end(text, start)]
    where = stamps(line)
    if where is None:  # cannot happen for a line the reader parsed; keep the text
        return line
    sa, sb, ea, eb = where
    new_start = line[sa:sb] if cue.start_ms == old.start_ms else restamp(line[sa:sb], cue.start_ms)
    new_end = line[ea:eb] if cue.end_ms == old.end_ms else restamp(line[ea:eb], cue.end_ms)
    return line[:sa] + new_start + line[sb:ea] + new_end + line[eb:]
