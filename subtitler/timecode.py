"""Times as integer milliseconds: parsing, formatting, offsets and exact frame rates.

Every time in subtitler is an ``int`` number of milliseconds. This module is the
only place that turns text into milliseconds and back, and it holds the single
rounding rule (:func:`round_ms`) that every computation with fractions uses.
"""

from __future__ import annotations

import re
from fractions import Fraction

from subtitler.errors import UsageError

#: The largest time an SRT timestamp can hold (99:59:59,999).
SRT_MAX_MS = 99 * 3_600_000 + 59 * 60_000 + 59_000 + 999

#: NTSC rates that people type as decimals; each means the exact rational k*1000/1001.
_NTSC_BASES = (24, 30, 48, 60, 120)

_TIMESTAMP = re.compile(
    r"""^(?P<sign>[-+])?
        (?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{1,2})(?:[.,](?P<f>\d{1,3}))?$""",
    re.VERBOSE,
)
_UNIT_OFFSET = re.compile(
    r"^(?P<sign>[-+])?(?P<num>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>ms|s|m|min|h|f)?$"
)
_CLOCK_OFFSET = re.compile(
    r"^(?P<sign>[-+])?(?:(?:(?P<h>\d+):)?(?P<m>\d+):)?(?P<s>\d+)(?:[.,](?P<f>\d+))?$"
)
#: The longest time or rate text parsed: past it no value is a sane time, and int()
#: refuses numbers of thousands of digits.
MAX_TEXT = 64
_UNIT_MS = {"ms": Fraction(1), "s": Fraction(1000), "m": Fraction(60_000),
            "min": Fraction(60_000), "h": Fraction(3_600_000)}


def round_ms(value: Fraction | float | int) -> int:
    """Round to whole milliseconds, halves away from zero: the one rounding rule.

    >>> round_ms(Fraction(3, 2)), round_ms(Fraction(-3, 2)), round_ms(2.4)
    (2, -2, 2)
    """
    frac = Fraction(value)
    if frac >= 0:
        return int(frac + Fraction(1, 2))
    return -int(-frac + Fraction(1, 2))


def split_ms(ms: int) -> tuple[int, int, int, int]:
    """Split non-negative milliseconds into hours, minutes, seconds and milliseconds.

    >>> split_ms(3_723_004)
    (1, 2, 3, 4)
    """
    s, milli = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return h, m, s, milli


# Writing a timestamp is three lookups in these, where formatting four fields costs five times as much.
_HOURS_TEXT = [f"{h:02d}:" for h in range(100)]
_MIN_SEC_TEXT = [f"{m:02d}:{s:02d}" for m in range(60) for s in range(60)]
_MILLI_TEXT = [f"{f:03d}" for f in range(1000)]


def format_srt(ms: int) -> str:
    """Format milliseconds as an SRT timestamp ``HH:MM:SS,mmm``.

    Negative times are written with a leading minus, as some editors do; the
    validator reports them.

    >>> format_srt(3_723_004), format_srt(-1500)
    ('01:02:03,004', '-00:00:01,500')
    """
    if 0 <= ms < 360_000_000:
        hours, rest = divmod(ms, 3_600_000)
        seconds, milli = divmod(rest, 1000)
        return f"{_HOURS_TEXT[hours]}{_MIN_SEC_TEXT[seconds]},{_MILLI_TEXT[milli]}"
    sign = "-" if ms < 0 else ""
    h, m, s, milli = split_ms(abs(ms))
    return f"{sign}{h:02d}:{m:02d}:{s:02d},{milli:03d}"


def format_vtt(ms: int, *, hours: bool = True) -> str:
    """Format milliseconds as a WebVTT timestamp ``[HH:]MM:SS.mmm``.

    With ``hours=False`` the hours are written only when they are not zero.

    >>> format_vtt(61_500), format_vtt(61_500, hours=False)
    ('00:01:01.500', '01:01.500')
    """
    if hours and 0 <= ms < 360_000_000:
        hour, rest = divmod(ms, 3_600_000)
        seconds, milli = divmod(rest, 1000)
        return f"{_HOURS_TEXT[hour]}{_MIN_SEC_TEXT[seconds]}.{_MILLI_TEXT[milli]}"
    sign = "-" if ms < 0 else ""
    h, m, s, milli = split_ms(abs(ms))
    if h or hours:
        return f"{sign}{h:02d}:{m:02d}:{s:02d}.{milli:03d}"
    return f"{sign}{m:02d}:{s:02d}.{milli:03d}"


def fraction_ms(digits: str | None) -> int:
    """Decimal fraction digits of a second as milliseconds, rounded (the one fraction rule).

    >>> fraction_ms('5'), fraction_ms('05'), fraction_ms('4560'), fraction_ms(None)
    (500, 50, 456, 0)
    """
    if not digits:
        return 0
    return round_ms(Fraction(int(digits), 10 ** len(digits)) * 1000)


def parse_timestamp(text: str, fps: Fraction | None = None) -> int:
    """Parse a clock time such as ``01:02:03,004``, ``02:03.4`` or ``-00:00:01.000``.

    Either ``,`` or ``.`` separates the milliseconds. SMPTE timecode
    (``HH:MM:SS:FF``, drop-frame ``HH:MM:SS;FF``) is read at ``fps`` (see
    :func:`subtitler.smpte.parse_smpte`).

    >>> parse_timestamp("01:02:03,004"), parse_timestamp("2:03.5"), parse_timestamp("10:00:01:00", Fraction(25))
    (3723004, 123500, 36001000)

    Raises:
        UsageError: the text is not a timestamp.
    """
    if _is_smpte(text):
        return _parse_smpte(text, fps)
    match = _TIMESTAMP.match(text.strip()) if len(text) <= MAX_TEXT else None
    if match is None:
        raise UsageError(f"not a timestamp: {text!r} (expected HH:MM:SS,mmm)")
    ms = (int(match["h"] or 0) * 3_600_000 + int(match["m"]) * 60_000
          + int(match["s"]) * 1000 + fraction_ms(match["f"]))
    return -ms if match["sign"] == "-" else ms


def parse_offset(text: str, fps: Fraction | None = None) -> int:
    """Parse a signed duration: ``-2.5s``, ``+250ms``, ``1:02.5``, ``00:00:01.200``, ``12f``.

    A bare number means seconds. Frames (``12f``) need ``fps``. SMPTE timecode
    (``00:00:01:00``, drop-frame ``00:00:01;00``) is a number of frames at ``fps``
    (see :func:`subtitler.smpte.parse_smpte`).

    >>> parse_offset("-2.5s"), parse_offset("+250ms"), parse_offset("1:02.5")
    (-2500, 250, 62500)
    >>> parse_offset("12f", Fraction(24)), parse_offset("00:00:01;00", Fraction(30000, 1001))
    (500, 1001)

    Raises:
        UsageError: the text is not a duration, or frames were given without a rate.
    """
    value = text.strip().replace(" ", "")
    if len(value) > MAX_TEXT:
        raise UsageError(f"not a duration: {text[:40]!r}... ({len(value)} characters)")
    if _is_smpte(value):
        return _parse_smpte(value, fps)
    match = _UNIT_OFFSET.match(value)
    if match is not None:
        unit = match["unit"] or "s"
        amount = Fraction(match["num"])
        if unit == "f":
            if fps is None:
                raise UsageError(f"offset {text!r} is in frames: give the frame rate with `fps`")
            ms = round_ms(amount * 1000 / fps)
        else:
            ms = round_ms(amount * _UNIT_MS[unit])
        return -ms if match["sign"] == "-" else ms
    match = _CLOCK_OFFSET.match(value)
    if match is None:
        raise UsageError(
            f"not a duration: {text!r} (examples: -2.5s, 250ms, 1:02.5, 00:00:01.200, 12f)"
        )
    ms = (int(match["h"] or 0) * 3_600_000 + int(match["m"] or 0) * 60_000
          + int(match["s"]) * 1000 + fraction_ms(match["f"]))
    return -ms if match["sign"] == "-" else ms


def parse_fps(text: str | float | Fraction) -> Fraction:
    """Parse a frame rate as an exact fraction.

    ``24000/1001`` is taken as written; ``23.976``, ``29.97``, ``59.94`` (and the
    other NTSC rates, also as ``23.98``) mean the exact rationals k*1000/1001.

    >>> parse_fps("23.976"), parse_fps("25"), parse_fps("30000/1001")
    (Fraction(24000, 1001), Fraction(25, 1), Fraction(30000, 1001))

    Raises:
        UsageError: not a positive rate.
    """
    if isinstance(text, Fraction):
        rate = text
    else:
        raw = str(text).strip()
        if len(raw) > MAX_TEXT:
            raise UsageError(f"not a frame rate: {raw[:40]!r}... ({len(raw)} characters)")
        try:
            if "/" in raw:
                num, den = raw.split("/", 1)
                rate = Fraction(int(num), int(den))
            else:
                rate = Fraction(raw)
        except (ValueError, ZeroDivisionError):
            raise UsageError(f"not a frame rate: {text!r} (examples: 25, 23.976, 30000/1001)") from None
        if rate.denominator != 1 and "/" not in raw:
            for base in _NTSC_BASES:
                ntsc = Fraction(base * 1000, 1001)
                if abs(rate - ntsc) < Fraction(1, 200):
                    rate = ntsc
                    break
    if rate <= 0:
        raise UsageError(f"frame rate must be positive, not {text!r}")
    return rate


def parse_ratio(value: str | float | Fraction) -> Fraction:
    """A stretch factor as an exact fraction (``"1.001"``, ``"25/24"``, ``0.5``).

    >>> parse_ratio("25/24"), parse_ratio(" 1.5 ")
    (Fraction(25, 24), Fraction(3, 2))

    Raises:
        UsageError: not a finite number.
    """
    raw = value.strip() if isinstance(value, str) else value
    try:
        if isinstance(raw, str) and len(raw) > MAX_TEXT:
            raise ValueError(raw)
        return Fraction(raw)
    except (ValueError, ZeroDivisionError, OverflowError, TypeError):
        shown = raw[:40] if isinstance(raw, str) else raw
        raise UsageError(f"`factor` {shown!r} is not a number (examples: 1.001, 25/24)") from None


def frames_to_ms(frames: int | Fraction, fps: Fraction) -> int:
    """Duration of ``frames`` frames at ``fps``, in whole milliseconds.

    >>> frames_to_ms(2, Fraction(24000, 1001))
    83
    """
    return round_ms(Fraction(frames) * 1000 / fps)


def ms_to_frames(ms: int, fps: Fraction) -> Fraction:
    """Milliseconds as a (fractional) number of frames at ``fps``.

    >>> ms_to_frames(80, Fraction(25))
    Fraction(2, 1)
    """
    return Fraction(ms) * fps / 1000


# Lookup tables for the fixed-width timestamp fields of clean files: three
# dictionary lookups cost less than a regex match and four int() calls, which
# matters when a reader converts a hundred thousand timestamps.
#: "HH" -> milliseconds
HOURS_MS = {f"{h:02d}": h * 3_600_000 for h in range(100)}
#: "MM:SS" -> milliseconds
MIN_SEC_MS = {f"{m:02d}:{s:02d}": (m * 60 + s) * 1000 for m in range(60) for s in range(60)}
#: "mmm" -> milliseconds
MILLI_MS = {f"{f:03d}": f for f in range(1000)}

# The same pieces by value, for writing fixed-width timestamps with three lookups (the
# tables' keys are in value order; an f-string each would cost ten times as much).
#: ``HOUR_FIELDS[h]`` is "HH:".
HOUR_FIELDS = [hours + ":" for hours in HOURS_MS]
#: ``MIN_SEC_FIELDS[m * 60 + s]`` is "MM:SS".
MIN_SEC_FIELDS = list(MIN_SEC_MS)
#: ``MILLI_FIELDS[f]`` is "mmm".
MILLI_FIELDS = list(MILLI_MS)
#: Fixed-width timestamps hold times from zero up to this (exclusive): 100 hours.
FIXED_LIMIT_MS = 100 * 3_600_000


def fixed_ms(stamp: str, at: int = 0) -> int | None:
    """Milliseconds of a fixed-width ``HH:MM:SS?mmm`` at ``at`` in ``stamp``, or None.

    >>> fixed_ms("01:02:03,004"), fixed_ms("1:02:03,004")
    (3723004, None)
    """
    h = HOURS_MS.get(stamp[at:at + 2])
    ms = MIN_SEC_MS.get(stamp[at + 3:at + 8])
    f = MILLI_MS.get(stamp[at + 9:at + 12])
    if h is None or ms is None or f is None or stamp[at + 2] != ":":
        return None
    return h + ms + f


def _is_smpte(text: str) -> bool:
    from subtitler.smpte import is_smpte  # SMPTE timecode counts frames with what this module has

    return is_smpte(text)


def _parse_smpte(text: str, fps: Fraction | None) -> int:
    from subtitler.smpte import parse_smpte

    return parse_smpte(text, fps)
