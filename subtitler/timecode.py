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
    :func:`parse_smpte`).

    >>> parse_timestamp("01:02:03,004"), parse_timestamp("2:03.5"), parse_timestamp("10:00:01:00", Fraction(25))
    (3723004, 123500, 36001000)

    Raises:
        UsageError: the text is not a timestamp.
    """
    if is_smpte(text):
        return parse_smpte(text, fps)
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
    (see :func:`parse_smpte`).

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
    if is_smpte(value):
        return parse_smpte(value, fps)
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


# -- SMPTE timecode ------------------------------------------------------------------------
#
# A timecode HH:MM:SS:FF labels a frame; it counts frames at the nominal rate, the
# whole number of frames a second the label has room for (30 for 29.97). At an NTSC
# rate, non-drop timecode therefore runs slow against the clock (1 h of labels is
# 3603.6 s); drop-frame timecode (HH:MM:SS;FF, 29.97 and 59.94 only) skips the
# labels of frames 0 and 1 (0 to 3 at 59.94) at the start of every minute but each
# tenth, so that it stays within a frame of the clock (SMPTE ST 12-1, section 4.2.2).

#: The frame rates timecode is written at, as exact rationals.
SMPTE_RATES = {
    "23.976": Fraction(24000, 1001), "24": Fraction(24), "25": Fraction(25), "29.97": Fraction(30000, 1001),
    "30": Fraction(30), "50": Fraction(50), "59.94": Fraction(60000, 1001), "60": Fraction(60),
}
#: The rate a drop-frame timecode is read at when none is given: the rate of US television and SCC files.
DROP_FRAME_DEFAULT = Fraction(30000, 1001)

_SMPTE = re.compile(r"^(?P<sign>[-+])?(?P<h>\d{1,3}):(?P<m>\d{2}):(?P<s>\d{2})(?P<sep>[:;.,])(?P<f>\d{2})$")


def is_smpte(text: str) -> bool:
    """Whether ``text`` is written as SMPTE timecode (four fields, frames last).

    >>> is_smpte("10:00:00:00"), is_smpte("00:00:01;00"), is_smpte("00:00:01.000")
    (True, True, False)
    """
    value = text.strip()
    return len(value) <= MAX_TEXT and value.count(":") + value.count(";") >= 3 and _SMPTE.match(value) is not None


def nominal_rate(fps: Fraction) -> int:
    """The frames a second timecode counts at ``fps``: 30 for 29.97, 24 for 23.976.

    >>> nominal_rate(Fraction(30000, 1001)), nominal_rate(Fraction(25))
    (30, 25)
    """
    return -(-fps.numerator // fps.denominator)


def drop_frames(fps: Fraction) -> int:
    """How many labels drop-frame timecode skips each minute at ``fps`` (2 at 29.97, 4 at 59.94).

    Raises:
        UsageError: drop-frame timecode does not exist at this rate.
    """
    if fps.denominator == 1001 and fps.numerator in (30000, 60000):
        return fps.numerator // 15000
    raise UsageError(f"drop-frame timecode (';') exists only at 29.97 and 59.94 fps, not {float(fps):g}")


def label_to_frames(h: int, m: int, s: int, f: int, nominal: int, drop: int = 0) -> int:
    """The frame number a timecode label names (``drop`` labels skipped a minute; 0 for non-drop).

    >>> label_to_frames(0, 1, 0, 2, 30, 2), label_to_frames(0, 10, 0, 0, 30, 2)
    (1800, 17982)

    Raises:
        UsageError: a field out of range, or a label drop-frame timecode skips.
    """
    if m > 59 or s > 59 or f >= nominal:
        raise UsageError(f"timecode {h:02d}:{m:02d}:{s:02d}:{f:02d} has a field out of range "
                         f"(minutes and seconds to 59, frames below {nominal})")
    minutes = 60 * h + m
    if drop and s == 0 and f < drop and m % 10:
        raise UsageError(f"drop-frame timecode has no {h:02d}:{m:02d}:{s:02d};{f:02d}: frames 0 to {drop - 1} of "
                         "each minute but every tenth are skipped")
    return (minutes * 60 + s) * nominal + f - drop * (minutes - minutes // 10)


def frames_to_label(frames: int, nominal: int, drop: int = 0) -> tuple[int, int, int, int]:
    """The timecode label (hours, minutes, seconds, frames) of frame number ``frames`` >= 0.

    >>> frames_to_label(1800, 30, 2), frames_to_label(17982, 30, 2)
    ((0, 1, 0, 2), (0, 10, 0, 0))
    """
    if drop:
        per_minute = nominal * 60 - drop
        per_ten = per_minute * 10 + drop
        tens, rest = divmod(frames, per_ten)
        # the whole minutes after the first (full) minute of the ten; -1 in that minute's first labels, so + (k < 0)
        k = (rest - drop) // per_minute
        frames += drop * (9 * tens + k + (k < 0))
    seconds, f = divmod(frames, nominal)
    minutes, s = divmod(seconds, 60)
    h, m = divmod(minutes, 60)
    return h, m, s, f


def parse_smpte(text: str, fps: Fraction | None = None) -> int:
    """SMPTE timecode as milliseconds from label 00:00:00:00, rounded: frame number over rate.

    ``;`` (or ``.``/``,`` before the frames) means drop-frame; ``:`` non-drop.
    Non-drop needs ``fps``; drop-frame defaults to 29.97.

    >>> parse_smpte("00:00:01;00"), parse_smpte("01:00:00:00", Fraction(25))
    (1001, 3600000)
    >>> parse_smpte("00:01:00;02"), parse_smpte("00:01:00:00", Fraction(30000, 1001))
    (60060, 60060)

    Raises:
        UsageError: not timecode, a field out of range, or no rate for non-drop timecode.
    """
    frames, rate = smpte_frames(text, fps)
    return frames_to_ms(frames, rate)


def smpte_frames(text: str, fps: Fraction | None = None) -> tuple[int, Fraction]:
    """The frame number SMPTE timecode names (negative after a ``-``), and the rate it was read at.

    >>> smpte_frames("00:01:00;02"), smpte_frames("-00:00:01:05", Fraction(25))
    ((1800, Fraction(30000, 1001)), (-30, Fraction(25, 1)))

    Raises:
        UsageError: as :func:`parse_smpte`.
    """
    match = _SMPTE.match(text.strip()) if len(text) <= MAX_TEXT else None
    if match is None:
        raise UsageError(f"not a timecode: {text!r} (expected HH:MM:SS:FF, or HH:MM:SS;FF drop-frame)")
    drop_frame = match["sep"] != ":"
    if fps is None:
        if not drop_frame:
            raise UsageError(f"timecode {text!r} counts frames: give the frame rate with `fps`")
        fps = DROP_FRAME_DEFAULT
    frames = label_to_frames(int(match["h"]), int(match["m"]), int(match["s"]), int(match["f"]), nominal_rate(fps),
                             drop_frames(fps) if drop_frame else 0)
    return (-frames if match["sign"] == "-" else frames), fps


def ms_to_frame(ms: int, fps: Fraction) -> int:
    """The frame a time falls on: the nearest frame start, halves up.

    >>> ms_to_frame(1001, Fraction(30000, 1001)), ms_to_frame(20, Fraction(25))
    (30, 1)
    """
    return int((Fraction(ms) * fps / 1000 + Fraction(1, 2)) // 1)


def format_smpte(ms: int, fps: Fraction, drop_frame: bool | None = None) -> str:
    """Milliseconds (>= 0) as SMPTE timecode of the nearest frame: ``HH:MM:SS;FF`` when drop-frame.

    ``drop_frame`` defaults to True at 29.97 and 59.94 fps, False elsewhere.

    >>> format_smpte(60060, Fraction(30000, 1001)), format_smpte(3_600_000, Fraction(25))
    ('00:01:00;02', '01:00:00:00')

    Raises:
        UsageError: a time below zero, or drop-frame at a rate that has none.
    """
    if ms < 0:
        raise UsageError(f"timecode cannot hold a time below zero ({format_srt(ms)})")
    if drop_frame is None:
        drop_frame = fps.denominator == 1001 and fps.numerator in (30000, 60000)
    drop = drop_frames(fps) if drop_frame else 0
    h, m, s, f = frames_to_label(ms_to_frame(ms, fps), nominal_rate(fps), drop)
    return f"{h:02d}:{m:02d}:{s:02d}{';' if drop else ':'}{f:02d}"


def parse_position(text: str, fps: Fraction | None = None, tc_start: str | None = None) -> int:
    """A time in a file: a clock time or duration, or SMPTE timecode counted from ``tc_start``.

    ``tc_start`` is the timecode of the programme's first frame (``10:00:00:00``):
    a timecode typed is a programme time, and the file's time is its distance from
    there. Other forms (``00:01:02.500``, ``62.5s``) are times in the file as they are.

    >>> parse_position("10:00:05;00", tc_start="10:00:00;00"), parse_position("1:02.5", tc_start="10:00:00;00")
    (5005, 62500)
    """
    if is_smpte(text):
        frames, rate = smpte_frames(text, fps)
        return frames_to_ms(frames - (smpte_frames(tc_start, fps)[0] if tc_start else 0), rate)
    return parse_offset(text, fps)
