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

from subtitler.model import Cue, Document

_SHAPE = re.compile(
    r"^(?P<lead>\s*)(?P<sign>-?)(?:(?P<h>\d+)(?P<hsep>\s*:\s*))?(?P<m>\d+)(?P<msep>\s*:\s*)"
    r"(?P<s>\d+)(?:(?P<fsep>\s*[,.:;]\s*)(?P<f>\d+))?(?P<trail>\s*)$"
)


_NEWLINE = re.compile(r"[\r\n]")


def restamp(old: str, ms: int) -> str:
    """Write ``ms`` in the shape of the timestamp text ``old``.

    Separators and field widths are kept; an hours field is added when the time
    needs one and the old text had none.

    >>> restamp("00:01.000", 3_723_004), restamp("0:00:01.5", 2_007)
    ('01:02:03.004', '0:00:02.7')
    """
    match = _SHAPE.match(old)
    if match is None:  # not a shape we know: fall back to the plain form
        return ("-" if ms < 0 else "") + _plain(abs(ms))
    sign = "-" if ms < 0 else ""
    value = abs(ms)
    frac_text = match["f"]
    if frac_text is None:
        seconds_total, frac_out = divmod(value, 1000)
        frac = ""
    else:
        seconds_total, milli = divmod(value, 1000)
        width = len(frac_text)
        frac_out = milli * 10 ** (width - 3) if width > 3 else milli
        frac = f"{match['fsep']}{frac_out:0{width}d}"
    minutes_total, s = divmod(seconds_total, 60)
    h, m = divmod(minutes_total, 60)
    s_text = f"{s:0{len(match['s'])}d}"
    if match["h"] is not None:
        head = f"{h:0{len(match['h'])}d}{match['hsep']}{m:0{len(match['m'])}d}"
    elif h:
        head = f"{h:02d}:{m:0{len(match['m'])}d}"
    else:
        head = f"{m:0{len(match['m'])}d}"
    return f"{match['lead']}{sign}{head}{match['msep']}{s_text}{frac}{match['trail']}"


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
    if src is None or doc.blocks != src.blocks:
        return None
    last = -1
    for cue in doc.cues:
        if cue.src >= 0:
            if cue.src <= last or cue.src >= len(src.cues):
                return None
            last = cue.src
    text, spans, orig = src.text, src.spans, src.cues
    out: list[str] = []
    append = out.append
    pos = 0
    k = 0
    for index, cue in enumerate(doc.cues):
        s = cue.src
        if s < 0:
            append(fresh(cue, index))
            continue
        while k < s:  # source cues left out of the document: cut their blocks
            append(text[pos:spans[3 * k]])
            pos = spans[3 * k + 1]
            k += 1
        b0, b1, t0 = spans[3 * s], spans[3 * s + 1], spans[3 * s + 2]
        old = orig[s]
        if cue is old:
            append(text[pos:b1])
        elif cue.text == old.text and cue.id == old.id and cue.settings_text == old.settings_text:
            append(text[pos:t0])
            append(_restamp_line(text, t0, cue, old, stamps))
            pos = _line_end(text, t0)
            append(text[pos:b1])
        else:
            append(text[pos:b0])
            append(fresh(cue, index))
        pos = b1
        k = s + 1
    while k < len(orig):
        append(text[pos:spans[3 * k]])
        pos = spans[3 * k + 1]
        k += 1
    append(text[pos:])
    return "".join(out)


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
