"""Caption profiles: the numbers a professional caption is held to, as data.

Figures and sources are in ``GUIDELINES.md`` of the project's shared docs:
Netflix Timed Text Style Guide (English, USA) and Timing Guidelines, BBC
Subtitle Guidelines, DCMP Captioning Key. ``netflix`` is the default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from subtitler.errors import UsageError
from subtitler.timecode import frames_to_ms, parse_fps

#: Frame rate assumed when none is given (US broadcast).
DEFAULT_FPS = Fraction(30000, 1001)


@dataclass(frozen=True, slots=True)
class Profile:
    """What captions must meet.

    Attributes:
        name: netflix, bbc or dcmp.
        chars_per_line: the most characters (as a reader sees them) on one line.
        lines_per_cue: the most lines in one cue.
        max_cps: reading speed limit in characters per second (spaces and
            punctuation counted), or None when the profile measures words.
        max_wpm: reading speed limit in words per minute, or None.
        min_duration_ms: the shortest a cue may show.
        min_ms_per_word: for profiles that scale the minimum with the words (BBC).
        max_duration_ms: the longest a cue may show, or None.
        min_gap_frames: the smallest gap between two cues, in frames (0: none).
        min_gap_ms: a gap, when there is one, must be at least this long (BBC: 1 s).
        chain_frames: gaps up to this many frames should be closed to the minimum
            gap ("chaining"), or 0 when the profile has no such rule.
        bom_allowed: whether a UTF-8 byte order mark is acceptable.
        source: where the numbers come from.
    """

    name: str
    chars_per_line: int
    lines_per_cue: int
    max_cps: float | None
    max_wpm: float | None
    min_duration_ms: int
    min_ms_per_word: int
    max_duration_ms: int | None
    min_gap_frames: int
    min_gap_ms: int
    chain_frames: int
    bom_allowed: bool
    source: str

    def min_gap(self, fps: Fraction = DEFAULT_FPS) -> int:
        """The minimum gap in milliseconds at ``fps``."""
        return frames_to_ms(self.min_gap_frames, fps) if self.min_gap_frames else 0

    def chain_gap(self, fps: Fraction = DEFAULT_FPS) -> int:
        """Gaps up to this many milliseconds should be closed (0 when the profile has no such rule)."""
        return frames_to_ms(self.chain_frames, fps) if self.chain_frames else 0

    def min_duration(self, words: int) -> int:
        """The shortest a cue of ``words`` words may show."""
        return max(self.min_duration_ms, self.min_ms_per_word * words)

    def reading_limit(self) -> str:
        """The reading speed limit in words: '20 cps' or '180 wpm'."""
        return f"{self.max_cps:g} cps" if self.max_cps is not None else f"{self.max_wpm:g} wpm"


PROFILES: dict[str, Profile] = {
    "netflix": Profile(
        "netflix", chars_per_line=42, lines_per_cue=2, max_cps=20.0, max_wpm=None,
        min_duration_ms=833, min_ms_per_word=0, max_duration_ms=7000, min_gap_frames=2, min_gap_ms=0,
        chain_frames=12, bom_allowed=False,
        source="Netflix Timed Text Style Guide (English, USA); Netflix Timing Guidelines",
    ),
    "bbc": Profile(
        "bbc", chars_per_line=37, lines_per_cue=2, max_cps=None, max_wpm=180.0,
        min_duration_ms=300, min_ms_per_word=300, max_duration_ms=None, min_gap_frames=0, min_gap_ms=1000,
        chain_frames=0, bom_allowed=True,
        source="BBC Subtitle Guidelines §3.1, §3.3, §4, §4.5",
    ),
    "dcmp": Profile(
        "dcmp", chars_per_line=32, lines_per_cue=2, max_cps=None, max_wpm=160.0,
        min_duration_ms=2000, min_ms_per_word=0, max_duration_ms=None, min_gap_frames=0, min_gap_ms=0,
        chain_frames=0, bom_allowed=True,
        source="DCMP Captioning Key (presentation rate, adult special interest)",
    ),
}


def get(name: str) -> Profile:
    """The profile called ``name``.

    Raises:
        UsageError: no such profile.
    """
    try:
        return PROFILES[name.lower()]
    except KeyError:
        raise UsageError(f"unknown profile {name!r} (netflix, bbc or dcmp)") from None


def fps_or_default(text: str | None) -> Fraction:
    """The frame rate given on the command line, or the default."""
    return DEFAULT_FPS if text is None else parse_fps(text)


@dataclass(frozen=True, slots=True)
class GapRule:
    """A profile's gap rule at one frame rate, in whole milliseconds.

    Attributes:
        short_below: a gap under this is too short (0: no such rule).
        short_from: ... unless it is under this (gaps of 0 ms are fine for BBC: "no gap or >= 1 s").
        chain_from, chain_to: gaps in this range (inclusive) should be chained (chain_to < chain_from: none).
        target: the gap a repair leaves (the profile's minimum, 0 when it has none).
        text: the limit as a message states it.
    """

    short_below: int
    short_from: int
    chain_from: int
    chain_to: int
    target: int
    text: str


def fps_text(fps: Fraction) -> str:
    """A frame rate as people write it.

    >>> fps_text(Fraction(30000, 1001)), fps_text(Fraction(25)), fps_text(Fraction(24000, 1001))
    ('29.97', '25', '23.976')
    """
    return f"{float(fps):.3f}".rstrip("0").rstrip(".")


def _ms_from_frames(frames: Fraction, fps: Fraction) -> int:
    """The smallest whole number of milliseconds that is at least ``frames`` frames long."""
    return math.ceil(frames * 1000 / fps)


def gap_rule(profile: Profile, fps: Fraction) -> GapRule:
    """The gap limits of ``profile`` at ``fps``.

    >>> gap_rule(PROFILES["netflix"], Fraction(25))
    GapRule(short_below=60, short_from=0, chain_from=100, chain_to=499, target=80, text='2 frames (80 ms at 25 fps)')
    >>> gap_rule(PROFILES["bbc"], Fraction(25)).short_from
    1
    """
    if profile.min_gap_frames:
        frames = profile.min_gap_frames
        half = Fraction(1, 2)
        short_below = _ms_from_frames(frames - half, fps)  # rounds to fewer frames than the minimum
        chain_from = _ms_from_frames(frames + half, fps)
        chain_to = _ms_from_frames(profile.chain_frames + half, fps) - 1 if profile.chain_frames else -1
        target = profile.min_gap(fps)
        text = f"{frames} frames ({target} ms at {fps_text(fps)} fps)"
        return GapRule(short_below, 0, chain_from, chain_to, target, text)
    if profile.min_gap_ms:
        return GapRule(profile.min_gap_ms, 1, 0, -1, 0, f"{profile.min_gap_ms} ms (or no gap)")
    return GapRule(0, 0, 0, -1, 0, "")
