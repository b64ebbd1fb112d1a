"""generate: a news transcript to speaker turns, timings and caption cues.

One pipeline, each stage a pure function of the one before::

    text -> transcript.parse -> speakers.attribute -> timing.estimate -> segment.captions

:func:`generate_text` runs it; :func:`subtitler.pipeline.render.document` renders the
cues as an SRT or WebVTT Document with speakers marked, and
:mod:`subtitler.pipeline.jsondoc` and :mod:`subtitler.pipeline.rttm` write the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cache

from subtitler import profiles
from subtitler.errors import TranscriptError, UsageError
from subtitler.formats.decoding import decode
from subtitler.model import Finding
from subtitler.pipeline import segment, timing, transcript
from subtitler.pipeline.render import srt_labels
from subtitler.pipeline.result import Caption, Generated
from subtitler.pipeline.speakers import attribute as speakers
from subtitler.pipeline.speakers.cast import Member
from subtitler.pipeline.timing import TimingOptions
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
        force: caption even when the known duration cannot hold the speech.
        repair: repair transcription glitches where the evidence allows, each one a finding
            (a stray period, a lost space); False changes no word.
        speakers: ``learned`` (the model learned from the corpus, the default) or ``rules``
            (the hand-weighted model) for transcripts without labels.
        cast: the people of the programme when known (``speakers.cast.read``): they name the speakers.

    Raises:
        UsageError: options that contradict each other.
    """

    profile: Profile = field(default_factory=lambda: profiles.get("netflix"))
    fps: Fraction = DEFAULT_FPS
    timing: TimingOptions = field(default_factory=TimingOptions)
    audio: str | None = None
    audio_offset_ms: int | None = None
    force: bool = False
    repair: bool = True
    speakers: str = "learned"
    cast: tuple[Member, ...] = ()

    def __post_init__(self) -> None:
        if self.speakers not in ("learned", "rules"):
            raise UsageError(f"`speakers` {self.speakers!r}: expected learned or rules")
        if self.audio_offset_ms is not None and self.audio is None:
            raise UsageError("`audio_offset_ms` skips the start of the audio: it needs `audio`")
        timed = self.timing
        if self.audio is not None and (timed.start_ms or timed.duration_ms is not None or timed.sync):
            raise UsageError("with `audio` every time comes from the audio's clock: `start_ms`, `duration_ms` "
                             "and `sync` do not apply (`audio_offset_ms` skips an intro)")


def generate_text(text: str, options: Options = Options(), source: str | None = None) -> Generated:
    """Generate captions from transcript text.

    Raises:
        TranscriptError: the text holds no speech.
        UsageError: timing options that contradict each other.
        AlignError: ``options.audio`` is set but pocketsphinx is missing or the audio unreadable.
    """
    parsed = transcript.parse(text, options.repair)
    _room_to_speak(parsed, options)
    attribution = speakers.attribute(parsed, method=options.speakers, cast=options.cast)
    notes, left_out = parsed.findings, parsed.dropped
    del parsed  # its paragraphs are the turns' sentences now
    timed = timing.estimate(attribution.turns, _rate_for(options))
    aligned: list[Finding] = []
    if options.audio is not None:  # imported here: text-only generate never loads pocketsphinx
        from subtitler.pipeline.align import AlignOptions, align_turns

        timed, aligned = align_turns(timed, options.audio, AlignOptions(offset_ms=options.audio_offset_ms or 0))
    # the times are the estimate's own unless the audio, a known duration or sync points fix them
    elastic = options.audio is None and options.timing.duration_ms is None and not options.timing.sync
    cues, fitted, warnings = segment.fit(timed, options.profile, options.fps, None, elastic)
    plain = tuple(cues)
    del cues
    # The layouts with a marker are fit again from the times before fitting. Elastic, those are the
    # estimate's, made again when asked from the fitted turns (fitting moved only their times, which the
    # estimate does not read) rather than kept beside them (a second copy of every sentence and word time);
    # otherwise fitting changed no time and they are the result's.
    people = attribution.speakers
    del timed, attribution

    @cache
    def layout(style: str) -> tuple[Caption, ...]:  # room for a marker only in the styles that write one
        marks = srt_labels(people, style)
        if not marks:
            return plain
        spoken = timing.estimate(fitted, _rate_for(options)) if elastic else fitted
        return tuple(segment.fit(spoken, options.profile, options.fps, marks, elastic)[0])

    findings = tuple(sorted((*notes, *aligned, *warnings), key=lambda f: f.line))
    dropped = tuple(sorted(left_out, key=lambda d: d.line))
    return Generated(source, people, fitted, plain, dropped, findings, options.profile, layout)


#: No speech is faster than this (a fast news reader says about 4 words a second, 0.25 s a word).
MIN_MS_PER_WORD = 150


def _room_to_speak(parsed: transcript.Transcript, options: Options) -> None:
    """Refuse a known duration that cannot hold the speech at any rate people speak, unless ``force``.

    Raises:
        UsageError: the duration leaves less than :data:`MIN_MS_PER_WORD` a word.
    """
    known = options.timing.duration_ms
    if known is None or options.force:
        return
    words = sum(len(s.text.split()) for p in parsed.paragraphs for s in p.sentences)
    if words and known < words * MIN_MS_PER_WORD:
        raise UsageError(f"`duration_ms` {known / 1000:g}s leaves {known / words / 1000:.2f} s a word for {words} "
                         f"words; speech is at least {MIN_MS_PER_WORD / 1000:.2f} s a word: give the real duration, "
                         "or `force` to caption it anyway")


def _rate_for(options: Options) -> TimingOptions:
    """The timing options with the speaking rate the profile allows when the user gave none.

    Estimated speech at the default rate reads faster than a profile that measures
    words a minute may allow (DCMP's 160 against the 170 of a news reader), so that
    every cue would be flagged: the estimate follows the profile's limit instead.
    """
    timed = options.timing
    limit = options.profile.max_wpm
    if timed.wpm is None and timed.syllables_per_second is None and limit is not None and limit < timing.DEFAULT_WPM:
        return replace(timed, wpm=limit)
    return timed


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
