"""generate: a news transcript to speaker turns, timings and caption cues.

One pipeline, each stage a pure function of the one before::

    text -> transcript.parse -> speakers.attribute -> timing.estimate -> segment.captions

:func:`generate_text` runs it; :func:`subtitler.generate.render.document` renders the
cues as an SRT or WebVTT Document with speakers marked, and
:mod:`subtitler.formats.jsondoc` and :mod:`subtitler.formats.rttm` write the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from subtitler import profiles
from subtitler.errors import TranscriptError
from subtitler.formats.decoding import decode
from subtitler.generate import segment, timing, transcript
from subtitler.generate.render import srt_labels
from subtitler.generate.speakers import attribute as speakers
from subtitler.generate.timing import TimingOptions
from subtitler.model import Finding, Generated
from subtitler.profiles import DEFAULT_FPS, Profile


@dataclass(frozen=True)
class Options:
    """How to generate captions.

    Attributes:
        profile: the caption profile the cues must meet.
        fps: the programme's frame rate (for minimum gaps in frames).
        timing: speaking rate, start, known duration, sync points.
        audio: the segment's audio: time every sentence from it (needs ``subtitler[align]``).
        audio_offset_ms: audio before this holds no transcribed speech (an intro to skip).
        repair: repair transcription glitches where the evidence allows, each one a finding
            (a stray period, a lost space); False changes no word.
    """

    profile: Profile = field(default_factory=lambda: profiles.get("netflix"))
    fps: Fraction = DEFAULT_FPS
    timing: TimingOptions = field(default_factory=TimingOptions)
    audio: str | None = None
    audio_offset_ms: int = 0
    repair: bool = True


def generate_text(text: str, options: Options = Options(), source: str | None = None) -> Generated:
    """Generate captions from transcript text.

    Raises:
        TranscriptError: the text holds no speech.
        UsageError: timing options that contradict each other.
        AlignError: ``options.audio`` is set but pocketsphinx is missing or the audio unreadable.
    """
    parsed = transcript.parse(text, options.repair)
    attribution = speakers.attribute(parsed)
    timed = timing.estimate(attribution.turns, options.timing)
    aligned: list[Finding] = []
    if options.audio is not None:  # imported here: text-only generate never loads pocketsphinx
        from subtitler.generate.align import AlignOptions, align_turns

        timed, aligned = align_turns(timed, options.audio, AlignOptions(offset_ms=options.audio_offset_ms))
    cues, warnings = segment.captions(timed, options.profile, options.fps, srt_labels(attribution.speakers))
    findings = tuple(sorted((*parsed.findings, *aligned, *warnings), key=lambda f: f.line))
    dropped = tuple(sorted(parsed.dropped, key=lambda d: d.line))
    return Generated(source, attribution.speakers, timed, tuple(cues), dropped, findings, options.profile)


def generate_bytes(data: bytes, options: Options = Options(), source: str | None = None) -> Generated:
    """Generate captions from the bytes of a transcript file (any encoding subtitler can decode).

    Raises:
        DecodeError: not text.
        TranscriptError: no speech.
    """
    from subtitler.formats import looks_like_subtitles

    if looks_like_subtitles(data):
        raise TranscriptError("this is a subtitle file (SRT or WebVTT), not a transcript: generate reads plain "
                              "text; convert, shift or validate work on subtitle files", path=source)
    text = decode(data, source).text
    if not text.strip():
        raise TranscriptError("the transcript is empty", path=source)
    try:
        return generate_text(text, options, source)
    except TranscriptError as exc:
        raise exc.with_path(source or "-") from None
