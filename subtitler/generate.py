"""generate: a news transcript to speaker turns, timings and caption cues.

One pipeline, each stage a pure function of the one before::

    text -> transcript.parse -> speakers.attribute -> timing.estimate -> segment.captions

:func:`generate` runs it; :func:`document` renders the cues as an SRT or WebVTT
Document with speakers marked, and :mod:`subtitler.formats.jsondoc` and
:mod:`subtitler.formats.rttm` write the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from subtitler import gcpause, profiles, segment, speakers, timing, transcript
from subtitler.decoding import decode
from subtitler.errors import TranscriptError
from subtitler.formats.speakermarks import render
from subtitler.model import Block, Cue, Document, Dropped, Finding, Speaker, Turn
from subtitler.profiles import DEFAULT_FPS, Profile
from subtitler.segment import Caption
from subtitler.timing import TimingOptions

#: Speaker colours in the BBC's order (BBC Subtitle Guidelines §8.3): white, yellow, cyan, green.
COLOURS = ("white", "yellow", "cyan", "lime")


@dataclass(frozen=True)
class Options:
    """How to generate captions.

    Attributes:
        profile: the caption profile the cues must meet.
        fps: the programme's frame rate (for minimum gaps in frames).
        timing: speaking rate, start, known duration, sync points.
        audio: the segment's audio: time every sentence from it (needs ``subtitler[align]``).
        audio_offset_ms: audio before this holds no transcribed speech (an intro to skip).
    """

    profile: Profile = field(default_factory=lambda: profiles.get("netflix"))
    fps: Fraction = DEFAULT_FPS
    timing: TimingOptions = field(default_factory=TimingOptions)
    audio: str | None = None
    audio_offset_ms: int = 0


@dataclass(frozen=True)
class Generated:
    """Everything generate decided, in the order of the transcript.

    Attributes:
        source: the transcript's path, when it came from a file.
        speakers: who speaks, with ids, names and roles.
        turns: speaker turns with their timed sentences.
        captions: the cues.
        dropped: every input line that is not speech, with why.
        findings: repairs and warnings, each with its source line.
        profile: the profile the cues were made for.
    """

    source: str | None
    speakers: tuple[Speaker, ...]
    turns: tuple[Turn, ...]
    captions: tuple[Caption, ...]
    dropped: tuple[Dropped, ...]
    findings: tuple[Finding, ...]
    profile: Profile

    def speaker(self, speaker_id: str) -> Speaker:
        """The speaker with this id."""
        return next(s for s in self.speakers if s.id == speaker_id)


def generate_text(text: str, options: Options = Options(), source: str | None = None) -> Generated:
    """Generate captions from transcript text.

    Raises:
        TranscriptError: the text holds no speech.
        UsageError: timing options that contradict each other.
        AlignError: ``options.audio`` is set but pocketsphinx is missing or the audio unreadable.
    """
    with gcpause.paused():
        parsed = transcript.parse(text)
        attribution = speakers.attribute(parsed)
        timed = timing.estimate(attribution.turns, options.timing)
        aligned: list[Finding] = []
        if options.audio is not None:  # imported here: text-only generate never loads pocketsphinx
            from subtitler.align import AlignOptions, align_turns

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


def display_name(speaker: Speaker) -> str:
    """The name shown for a speaker: their name, else 'Anchor' or 'Speaker 2'."""
    if speaker.name:
        return speaker.name
    return speaker.id.replace("-", " ").capitalize()


def _voice(name: str) -> str:
    """A name safe inside a WebVTT voice annotation."""
    return name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_vtt(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document(generated: Generated, fmt: str, speaker_style: str | None = None, colours: bool = True) -> Document:
    """The cues as an SRT or WebVTT document with speakers marked.

    WebVTT: ``<v Name>`` on every cue and (with ``colours``) a STYLE block
    colouring each voice. ffmpeg before 6.1 stops reading a WebVTT file at a
    STYLE block, so pipelines that feed it can leave the block out.
    SRT: the speaker style (default ``label``: ``NAME:`` on the first cue after a change).
    """
    style = speaker_style or ("voice" if fmt == "vtt" else "label")
    names = {s.id: display_name(s) for s in generated.speakers}
    cues = []
    previous = ""
    for caption in generated.captions:
        if len(caption.speakers) > 1:  # a dialogue cue: one speaker a line, each with a dash
            lines = []
            for line, who in zip(caption.lines, caption.speakers):
                shown = _escape_vtt(line) if fmt == "vtt" else line
                lines.append(f"<v {_voice(names[who])}>{shown}</v>" if style == "voice" else shown)
            text = "\n".join(lines)
        else:
            body = "\n".join(_escape_vtt(line) if fmt == "vtt" else line for line in caption.lines)
            name = _voice(names[caption.speaker]) if style == "voice" else names[caption.speaker]
            text = render(body, name, style, caption.speaker != previous)
        previous = caption.speakers[-1]
        cues.append(Cue(caption.start_ms, caption.end_ms, text, speaker=names[caption.speaker]))
    blocks: tuple[Block, ...] = ()
    if fmt == "vtt":
        blocks = (Block("header", "WEBVTT"),)
        if colours:
            blocks += (Block("style", _style_block(generated, names)),)
    return Document("vtt" if fmt == "vtt" else "srt", tuple(cues), blocks)


def srt_labels(people: tuple[Speaker, ...]) -> dict[str, str]:
    """The SRT label of each speaker (``KIM MIN-JI:``), for which a turn's first line keeps room."""
    return {person.id: render("", display_name(person), "label", True).rstrip() for person in people}


def _style_block(generated: Generated, names: dict[str, str]) -> str:
    rules = ["STYLE"]
    for index, speaker in enumerate(generated.speakers):
        name = names[speaker.id].replace("\\", "\\\\").replace('"', '\\"')
        rules.append(f'::cue(v[voice="{name}"]) {{ color: {COLOURS[index % len(COLOURS)]}; }}')
    return "\n".join(rules)
