"""SMPTE timecode: frame labels at exact rates, non-drop and drop-frame, to and from milliseconds.

A timecode HH:MM:SS:FF labels a frame; it counts frames at the nominal rate, the
whole number of frames a second the label has room for (30 for 29.97). At an NTSC
rate, non-drop timecode therefore runs slow against the clock (1 h of labels is
3603.6 s); drop-frame timecode (HH:MM:SS;FF, 29.97 and 59.94 only) skips the
labels of frames 0 and 1 (0 to 3 at 59.94) at the start of every minute but each
tenth, so that it stays within a frame of the clock (SMPTE ST 12-1, section 4.2.2).
"""

from __future__ import annotations

import re
from fractions import Fraction

from subtitler.errors import UsageError
from subtitler.timecode import MAX_TEXT, format_srt, frames_to_ms, parse_offset

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
