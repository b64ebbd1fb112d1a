"""The generate command: a transcript to SRT, WebVTT, JSON and RTTM."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from subtitler.cli import batch as batching
from subtitler.cli.core import FLAGS, app, echo, run, write_output
from subtitler.errors import name_parameters

if TYPE_CHECKING:
    from subtitler.model import Finding
    from subtitler.pipeline.speakers.cast import Member

FORMATS = ("srt", "vtt", "json", "rttm", "ttml", "scc")


def _cast(path: str | None, people: list[str]) -> tuple[Member, ...]:
    """The cast of --cast FILE and each --speaker NAME=ROLE."""
    from subtitler.errors import SubtitlerError, UsageError
    from subtitler.fileio import read_bytes
    from subtitler.pipeline.speakers import cast

    members = cast.read(read_bytes(path).decode("utf-8", errors="replace"), path) if path else ()
    for item in people:
        if "=" not in item:
            raise UsageError(f"--speaker {item}: expected NAME=ROLE, for example 'Kim Min-ji=correspondent'")
        try:
            members += (cast.member(item),)
        except SubtitlerError as error:
            raise UsageError(f"--speaker {item}: {error.message}") from None
    return members


def _format_of(path: str) -> str | None:
    """The output format an extension names (.srt, .vtt, .webvtt, .json, .rttm), else None."""
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    return {"webvtt": "vtt", "dfxp": "ttml"}.get(ext, ext) if ext in (*FORMATS, "webvtt", "dfxp") else None


def _targets(outputs: list[str], to: str | None) -> list[tuple[str, str]]:
    """Each output with its format: ``--to`` for stdout, the extension for a file.

    Raises:
        UsageError: ``--to`` contradicts an extension, or a file's extension names no format and
            ``--to`` does not say one.
    """
    from subtitler.errors import UsageError

    pairs = []
    for target in outputs:
        named = None if target == "-" else _format_of(target)
        if named is not None and to is not None and named != to:
            raise UsageError(f"-o {target} names {named} but --to says {to}: give one of them")
        if named is None and target != "-" and to is None:
            raise UsageError(f"-o {target}: the extension names no output format ({', '.join(FORMATS)}); "
                             "say which with --to")
        pairs.append((target, named or to or "srt"))
    return pairs


@app.command()
@run
def generate(
    transcripts: Annotated[list[str], typer.Argument(metavar="TRANSCRIPT...", help="Transcript text file ('-' for stdin); several, a glob, a folder or a URL make a batch (docs/scale.md).")],  # noqa: E501
    output: Annotated[Optional[list[str]], typer.Option("-o", "--output", help="Output file; repeat it for several formats.")] = None,  # noqa: UP045, E501
    output_format: Annotated[Optional[str], typer.Option("--to", "--format", "-f", help="srt, vtt, json, rttm, ttml or scc: the format of stdout, or of an -o file whose extension names none (default srt).")] = None,  # noqa: UP045, E501
    ttml_profile: Annotated[Optional[str], typer.Option("--ttml-profile", help="TTML written as imsc (IMSC 1.1 Text, the default) or ebu-tt-d.")] = None,  # noqa: UP045, E501
    lang: Annotated[Optional[str], typer.Option("--lang", help="The language of TTML written (xml:lang; default en).")] = None,  # noqa: UP045, E501
    profile: Annotated[str, typer.Option(help="Caption profile: netflix, bbc or dcmp.")] = "netflix",
    speaker_style: Annotated[Optional[str], typer.Option(help="voice, label, chevron, dash or none.")] = None,  # noqa: UP045
    wpm: Annotated[Optional[float], typer.Option(help="Speaking rate in words a minute (default 170).")] = None,  # noqa: UP045
    syllable_rate: Annotated[Optional[float], typer.Option(help="Speaking rate in syllables a second.")] = None,  # noqa: UP045
    start: Annotated[Optional[str], typer.Option(help="Programme time of the first word (e.g. 00:01:00.000).")] = None,  # noqa: UP045
    duration: Annotated[Optional[str], typer.Option(help="Known length of the speech (e.g. 3m12s, 192.5s, 00:03:12.500).")] = None,  # noqa: UP045, E501
    sync: Annotated[Optional[list[str]], typer.Option(help="LINE=TIME: the speech on LINE starts at TIME; repeatable.")] = None,  # noqa: UP045, E501
    fps: Annotated[Optional[str], typer.Option(help="Programme frame rate for gaps in frames and times typed as timecode (default 29.97).")] = None,  # noqa: UP045, E501
    tc_start: Annotated[Optional[str], typer.Option("--tc-start", help="Timecode of the programme's first frame (e.g. 10:00:00;00): --start and --sync timecodes count from it, and SCC and TTML outputs are timed from it.")] = None,  # noqa: UP045, E501
    colours: Annotated[bool, typer.Option("--colours/--no-colours", help="WebVTT STYLE block colouring the speakers (ffmpeg < 6.1 stops reading at it).")] = True,  # noqa: E501
    summary: Annotated[bool, typer.Option("--summary", help="Print speakers and turns (stderr).")] = False,
    speakers: Annotated[str, typer.Option("--speakers", help="Who speaks, without labels: learned (the model learned from 2,433 transcripts) or rules (the hand-weighted model).")] = "learned",  # noqa: E501
    cast: Annotated[Optional[str], typer.Option("--cast", metavar="FILE", help="The rundown: one 'Name, role' a line (aliases after more commas); the speakers are these people.")] = None,  # noqa: UP045, E501
    speaker: Annotated[Optional[list[str]], typer.Option("--speaker", metavar="NAME=ROLE", help="One person of the cast, e.g. 'Kim Min-ji=correspondent'; repeatable, added to --cast.")] = None,  # noqa: UP045, E501
    force: Annotated[bool, typer.Option("--force", help="Caption even when --duration cannot hold the speech.")] = False,  # noqa: E501
    repair: Annotated[bool, typer.Option("--repair/--no-repair", help="Repair transcription glitches (a stray period, a lost space) where the evidence allows, each one shown on stderr; --no-repair changes no word.")] = True,  # noqa: E501
    audio: Annotated[Optional[str], typer.Option(metavar="FILE", help="The segment's audio: time every sentence from it (WAV; MP3, MP4, MXF… with ffmpeg). Needs pip install 'subtitler\\[align]'.")] = None,  # noqa: UP045, E501
    audio_offset: Annotated[Optional[str], typer.Option(metavar="OFFSET", help="Skip this much of the audio's start, an intro without transcribed speech (e.g. 4s, 00:00:04.000); times stay the audio's.")] = None,  # noqa: UP045, E501
    engine: batching.EngineOpt = None,
    scheduler: batching.SchedulerOpt = None,
    jobs: batching.JobsOpt = None,
    resume: batching.ResumeOpt = False,
    overwrite: batching.OverwriteOpt = False,
    retries: batching.RetriesOpt = None,
) -> None:
    """Turn a news transcript into speaker turns, timings and captions.

    Example: subtitler generate story.txt -o story.srt -o story.vtt -o story.json

    With the audio: subtitler generate story.txt --audio story.wav -o story.srt
    """
    from subtitler import pipeline, profiles
    from subtitler.errors import UsageError
    from subtitler.fileio import check_output, read_bytes
    from subtitler.model import CHECK_BELOW
    from subtitler.pipeline.timing import TimingOptions
    from subtitler.smpte import is_smpte, parse_position
    from subtitler.timecode import parse_offset, parse_timestamp

    if output_format is not None and output_format not in FORMATS:
        raise UsageError(f"--to {output_format}: expected one of {', '.join(FORMATS)}")
    folder = output[0] if output and len(output) == 1 else None
    flags = batching.Flags(engine, scheduler, jobs, resume, overwrite, retries)
    many = batching.wanted(transcripts, folder, flags)  # docs/scale.md
    transcript = transcripts[0]
    targets = [] if many else _targets(output or ["-"], output_format)
    if speaker_style is not None and speaker_style not in ("voice", "label", "chevron", "dash", "none"):
        raise UsageError(f"--speaker-style {speaker_style}: expected voice, label, chevron, dash or none")
    rate = profiles.fps_or_default(fps)

    def moment(text: str) -> int:
        if is_smpte(text):
            return parse_position(text, rate, tc_start)
        return parse_timestamp(text) if ":" in text else parse_offset(text)

    points = []
    for item in sync or []:
        line, sep, time = item.partition("=")
        if not sep or not line.strip().isdigit():
            raise UsageError(f"--sync {item}: expected LINE=TIME, for example 12=00:01:05.200")
        points.append((int(line), moment(time)))
    options = pipeline.Options(
        profile=profiles.get(profile),
        fps=rate,
        timing=TimingOptions(
            wpm=wpm,
            syllables_per_second=syllable_rate,
            start_ms=moment(start) if start else 0,
            duration_ms=_duration(duration),
            sync=tuple(points),
        ),
        audio=audio,
        audio_offset_ms=_duration(audio_offset),
        force=force,
        repair=repair,
        speakers=speakers,
        cast=_cast(cast, speaker or []),
    )
    if many:
        from subtitler.batch import Generate

        if audio or (output_format or "srt") not in ("srt", "vtt"):
            raise UsageError("a batch of transcripts writes srt or vtt (--to), without --audio")
        job = Generate(output_format or "srt", options, speaker_style, colours)
        batching.run(job, transcripts, folder, flags)
    for target, _ in targets:
        check_output([transcript], target, False, can_replace=False)
    generated = pipeline.generate_bytes(read_bytes(transcript), options, transcript)
    _warn(transcript, generated.findings)
    if ttml_profile is not None and ttml_profile not in ("imsc", "ebu-tt-d"):
        raise UsageError(f"--ttml-profile {ttml_profile}: expected imsc or ebu-tt-d")
    start_ms = parse_position(tc_start, rate) if tc_start else None
    for target, kind in targets:
        notes: list[Finding] = []
        write_output(render(generated, kind, speaker_style, colours, ttml_profile, start_ms, lang, notes), target)
        _warn_broadcast(target, notes)
    if summary:
        _summary(generated)
    elif output:
        echo(f"{transcript}: {_count(len(generated.speakers), 'speaker')}, {_count(len(generated.turns), 'turn')}, "
             f"{_count(len(generated.captions), 'cue')}, {_count(len(generated.dropped), 'line')} left out", err=True)
    unsure = [t for t in generated.turns if t.unsure]
    if unsure:
        lines = ", ".join(str(t.line) for t in unsure[:12]) + (" …" if len(unsure) > 12 else "")
        echo(f"subtitler: {transcript}: {_count(len(unsure), 'turn')} to check, the speaker model under "
             f"{CHECK_BELOW:.0%} sure: line {lines}", err=True)


def _count(number: int, noun: str) -> str:
    """'1 cue', '2 cues'."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


#: Notes that change the words (repairs): shown with the warnings, so no word changes unseen.
REPAIRS = frozenset({"I401", "I402"})


def _warn(transcript: str, findings: Sequence[Finding], shown: int = 5) -> None:
    """Warnings and repairs on stderr, the first few of each code (the JSON output has them all; other notes only there)."""  # noqa: E501
    from subtitler.model import Severity

    by_code: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.severity != Severity.INFO or finding.code in REPAIRS:
            by_code.setdefault(finding.code, []).append(finding)
    for code, group in by_code.items():
        for finding in group[:shown]:
            echo(f"subtitler: {transcript}:{finding.line}: {code} {name_parameters(finding.message, FLAGS)}", err=True)
        if len(group) > shown:
            echo(f"subtitler: {transcript}: {code} {len(group) - shown} more (--to json lists every one)", err=True)


def _summary(generated: object) -> None:
    """Speakers and turns as tables on stderr."""
    from rich.console import Console
    from rich.table import Table

    from subtitler import pipeline
    from subtitler.timecode import format_vtt

    assert isinstance(generated, pipeline.Generated)
    console = Console(stderr=True)
    people = Table(title="Speakers")
    for column in ("id", "name", "role", "turns", "talk time"):
        people.add_column(column)
    for speaker in generated.speakers:
        turns = [t for t in generated.turns if t.speaker == speaker.id]
        talk = sum(t.end_ms - t.start_ms for t in turns) / 1000
        people.add_row(speaker.id, speaker.name or "-", speaker.role, str(len(turns)), f"{talk:.1f} s")
    console.print(people)
    table = Table(title="Turns")
    for column in ("speaker", "lines", "start", "end", "text"):
        table.add_column(column)
    for turn in generated.turns:
        lines = f"{turn.sentences[0].line}-{turn.sentences[-1].line}"
        table.add_row(turn.speaker, lines, format_vtt(turn.start_ms), format_vtt(turn.end_ms), turn.text[:32] + "…")
    console.print(table)
    left_out = ", ".join(f"line {d.line} ({d.reason})" for d in generated.dropped)
    console.print(f"{_count(len(generated.captions), 'cue')}; {_count(len(generated.dropped), 'line')} left out"
                  + (f": {left_out}" if left_out else ""))


def _duration(text: str | None) -> int | None:
    from subtitler.timecode import parse_offset, parse_timestamp

    if text is None:
        return None
    if text.count(":") >= 1 and not text.rstrip().endswith(("s", "m", "h")):
        return parse_timestamp(text)
    total = 0
    import re

    parts = re.findall(r"(\d+(?:\.\d+)?)\s*(ms|h|m|s)", text)
    if parts and "".join(n + u for n, u in parts) == text.replace(" ", ""):
        for number, unit in parts:
            total += parse_offset(number + unit)
        return total
    return parse_offset(text)


def _warn_broadcast(target: str, notes: Sequence[Finding], shown: int = 5) -> None:
    """What fitting the cues to SCC changed (characters replaced, captions late), the first few of each code."""
    from subtitler.model import Severity

    by_code: dict[str, list[Finding]] = {}
    for note in notes:
        if note.severity != Severity.INFO or note.code == "I817":
            by_code.setdefault(note.code, []).append(note)
    for code, group in by_code.items():
        for note in group[:shown]:
            echo(f"subtitler: {target}: {code} {name_parameters(note.message, FLAGS)}", err=True)
        if len(group) > shown:
            echo(f"subtitler: {target}: {code} {len(group) - shown} more", err=True)
    if "I817" in by_code:
        echo(f"subtitler: {target}: --profile dcmp breaks lines at 32 characters, as CEA-608 shows them", err=True)


def render(generated: object, kind: str, speaker_style: str | None, colours: bool = True,
           ttml_profile: str | None = None, tc_start_ms: int | None = None, lang: str | None = None,
           notes: list[Finding] | None = None) -> bytes:
    """The bytes of one output format (what fitting them to TTML or SCC changed goes to ``notes``)."""
    from subtitler import formats, pipeline
    from subtitler.pipeline import jsondoc, rttm

    assert isinstance(generated, pipeline.Generated)
    if kind == "json":
        return jsondoc.dumps(generated).encode()
    if kind == "rttm":
        return rttm.dumps(generated).encode()
    if kind in ("ttml", "scc"):
        from subtitler.formats.broadcast import to_broadcast

        plain = pipeline.document(generated, "srt", "none")
        doc, found = to_broadcast(plain, kind, "refuse", ttml_profile, tc_start_ms, speaker_style, lang)
        if notes is not None:
            notes += found
        return formats.write(doc).encode()
    doc = pipeline.document(generated, kind, speaker_style, colours)
    return formats.write(doc).encode()
