"""Commands that change only timestamps: shift, stretch, sync; and segment for HLS."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from subtitler.cli import batch as batching
from subtitler.cli.core import app, clamp_or_drop, echo, report_reading, run, write_output

if TYPE_CHECKING:
    from subtitler.retime.apply import Negative
    from subtitler.retime.mapping import Mapping

SourceArg = Annotated[list[str], typer.Argument(metavar="SOURCE...", help="SRT or WebVTT file ('-' for stdin); several, a glob, a folder or a URL make a batch (docs/scale.md).")]  # noqa: E501
OutputOpt = Annotated[Optional[str], typer.Option("-o", "--output", help="Output file (default: stdout).")]  # noqa: UP045
InPlaceOpt = Annotated[bool, typer.Option("--in-place", help="Replace the input file (atomically).")]
BackupOpt = Annotated[bool, typer.Option("--backup", help="With --in-place, keep the old file as FILE.bak.")]
ClampOpt = Annotated[bool, typer.Option("--clamp", help="Move times that would fall below zero to zero (a warning per cue).")]  # noqa: E501
DropOpt = Annotated[bool, typer.Option("--drop", help="Drop cues that would fall below zero (each one listed).")]
FormatOpt = Annotated[Optional[str], typer.Option("--from", help="Input format when it cannot be told: srt or vtt.")]  # noqa: UP045
TcStartOpt = Annotated[Optional[str], typer.Option("--tc-start", help="Timecode of the programme's first frame (e.g. 10:00:00:00): a timecode typed for a time is counted from it.")]  # noqa: UP045, E501


@app.command()
@run
def shift(
    sources: SourceArg,
    by: Annotated[str, typer.Option("--by", help="Offset: -2.5s, +250ms, 00:00:01.200, frames like 12f, or SMPTE timecode 00:00:01:00 (with --fps; 00:00:01;00 is drop-frame, 29.97 unless --fps 59.94).")],  # noqa: E501
    start_from: Annotated[Optional[str], typer.Option("--since", help="Only cues starting at or after this time.")] = None,  # noqa: UP045, E501
    start_to: Annotated[Optional[str], typer.Option("--until", help="Only cues starting before this time.")] = None,  # noqa: UP045
    fps: Annotated[Optional[str], typer.Option("--fps", help="Frame rate for an offset in frames or timecode: 25, 23.976, 29.97, 30000/1001.")] = None,  # noqa: UP045, E501
    tc_start: TcStartOpt = None,
    output: OutputOpt = None,
    in_place: InPlaceOpt = False,
    backup: BackupOpt = False,
    clamp: ClampOpt = False,
    drop: DropOpt = False,
    source_format: FormatOpt = None,
    engine: batching.EngineOpt = None,
    scheduler: batching.SchedulerOpt = None,
    jobs: batching.JobsOpt = None,
    resume: batching.ResumeOpt = False,
    overwrite: batching.OverwriteOpt = False,
    retries: batching.RetriesOpt = None,
) -> None:
    """Move cues earlier or later, changing nothing in the file but timestamps.

    Example: subtitler shift captions.srt --by -2.5s -o fixed.srt

    With timecode: subtitler shift captions.srt --by 00:00:01;00 --fps 29.97
    """
    from subtitler.retime.mapping import shift_mapping
    from subtitler.timecode import parse_fps, parse_offset

    rate = parse_fps(fps) if fps is not None else None
    low = _position(start_from, "--since", rate, tc_start) if start_from is not None else None
    high = _position(start_to, "--until", rate, tc_start) if start_to is not None else None
    if low is not None and high is not None and low >= high:
        raise _usage(f"--since {start_from} must come before --until {start_to}")
    mapping = shift_mapping(parse_offset(by, rate))
    _retime(sources, mapping, clamp_or_drop(clamp, drop), output, in_place, backup, source_format, low, high,
            flags=batching.Flags(engine, scheduler, jobs, resume, overwrite, retries))


@app.command()
@run
def stretch(
    sources: SourceArg,
    fps: Annotated[Optional[str], typer.Option("--fps", help="FROM:TO frame rates, e.g. 25:23.976 (the file is timed for FROM).")] = None,  # noqa: UP045, E501
    factor: Annotated[Optional[str], typer.Option("--factor", help="Multiply times by this: 1.001, 25/24.")] = None,  # noqa: UP045
    anchor: Annotated[str, typer.Option("--anchor", help="The time that stays where it is.")] = "0",
    output: OutputOpt = None,
    in_place: InPlaceOpt = False,
    backup: BackupOpt = False,
    clamp: ClampOpt = False,
    drop: DropOpt = False,
    source_format: FormatOpt = None,
    engine: batching.EngineOpt = None,
    scheduler: batching.SchedulerOpt = None,
    jobs: batching.JobsOpt = None,
    resume: batching.ResumeOpt = False,
    overwrite: batching.OverwriteOpt = False,
    retries: batching.RetriesOpt = None,
) -> None:
    """Change the frame rate a file is timed for, or scale its times, with exact rationals.

    A file timed for FROM fps gets times multiplied by FROM/TO, so each cue stays on
    its frame: 00:01:00,000 at 25 fps becomes 00:01:02,563 at 23.976 (24000/1001).

    Example: subtitler stretch captions.srt --fps 25:23.976 -o film.srt
    """
    from subtitler.retime.mapping import fps_factor, stretch_mapping
    from subtitler.timecode import parse_fps

    if (fps is None) == (factor is None):
        raise _usage("give either --fps FROM:TO or --factor F")
    if fps is not None:
        rates = fps.split(":")
        if len(rates) != 2:
            raise _usage(f"--fps {fps}: expected FROM:TO, e.g. 25:23.976")
        ratio = fps_factor(parse_fps(rates[0]), parse_fps(rates[1]))
    else:
        assert factor is not None
        ratio = _factor(factor)
    mapping = stretch_mapping(ratio, _position(anchor, "--anchor"))
    _retime(sources, mapping, clamp_or_drop(clamp, drop), output, in_place, backup, source_format,
            flags=batching.Flags(engine, scheduler, jobs, resume, overwrite, retries))


@app.command()
@run
def sync(
    sources: SourceArg,
    point: Annotated[Optional[list[str]], typer.Option("--point", help="OLD=NEW: the time OLD in the file moves to NEW; repeat it.")] = None,  # noqa: UP045, E501
    fps: Annotated[Optional[str], typer.Option("--fps", help="Frame rate of times typed as timecode (HH:MM:SS:FF): 25, 29.97, 30000/1001.")] = None,  # noqa: UP045, E501
    tc_start: TcStartOpt = None,
    output: OutputOpt = None,
    in_place: InPlaceOpt = False,
    backup: BackupOpt = False,
    clamp: ClampOpt = False,
    drop: DropOpt = False,
    source_format: FormatOpt = None,
    engine: batching.EngineOpt = None,
    scheduler: batching.SchedulerOpt = None,
    jobs: batching.JobsOpt = None,
    resume: batching.ResumeOpt = False,
    overwrite: batching.OverwriteOpt = False,
    retries: batching.RetriesOpt = None,
) -> None:
    """Move the file through sync points: one is a shift, more a line between each pair.

    Times before the first point and after the last follow the outermost pair, so
    a file that drifts differently before and after an ad break is fixed in one run.

    Example: subtitler sync show.vtt --point 00:01:00=00:01:02 --point 00:40:00=00:40:09 -o fixed.vtt
    """
    from subtitler.retime.mapping import sync_mapping
    from subtitler.timecode import parse_fps

    rate = parse_fps(fps) if fps is not None else None
    if not point:
        raise _usage("give at least one --point OLD=NEW")
    pairs = []
    for text in point:
        old, sep, new = text.partition("=")
        if not sep:
            raise _usage(f"--point {text}: expected OLD=NEW, e.g. 00:01:00=00:01:02.5")
        pairs.append((_position(old, "--point", rate, tc_start), _position(new, "--point", rate, tc_start)))
    _retime(sources, sync_mapping(pairs), clamp_or_drop(clamp, drop), output, in_place, backup, source_format,
            flags=batching.Flags(engine, scheduler, jobs, resume, overwrite, retries))


@app.command()
@run
def segment(
    source: Annotated[str, typer.Argument(help="WebVTT file ('-' for stdin).")],
    output: Annotated[str, typer.Option("-o", "--output", help="Folder for the segments and the playlist.")],
    seconds: Annotated[int, typer.Option("--seconds", help="Length of each segment in whole seconds.")] = 10,
    mpegts: Annotated[int, typer.Option("--mpegts", help="MPEG-TS time of local zero in X-TIMESTAMP-MAP (90 kHz).")] = 900_000,  # noqa: E501
) -> None:
    """Cut a WebVTT file into HLS segments with an m3u8 playlist (through webvtt-py).

    Example: subtitler segment captions.vtt --seconds 6 -o hls/
    """
    from subtitler.fileio import load, same_file
    from subtitler.formats.hls import planned
    from subtitler.formats.hls import segment as segment_doc

    doc = load(source, "vtt")
    for path in planned(doc, output, seconds):
        if same_file(source, path):
            raise _usage(f"{path}, a file this run writes, is its input: write the segments to another folder")
    report_reading(source, doc, "left out of the segments, as browsers leave it out")
    result = segment_doc(doc, output, seconds, mpegts)
    for block in result.left_out:
        if block.kind == "note":
            echo(f"subtitler: {source}:{block.line}: NOTE block not copied into the segments", err=True)
    for name in result.stale:
        echo(f"subtitler: {name}: left from an earlier run; not in the new playlist", err=True)
    echo(f"subtitler: {len(result.files) - 1} segments and {result.files[-1]}", err=True)


def _usage(message: str) -> Exception:
    from subtitler.errors import UsageError

    return UsageError(message)


def _position(text: str, option: str, fps: Fraction | None = None, tc_start: str | None = None) -> int:
    """A time in the file (``00:01:00``, ``1:02.5``, ``62.5s``, timecode from ``tc_start``), never below zero."""
    from subtitler.smpte import parse_position

    ms = parse_position(text, fps, tc_start)
    if ms < 0:
        after = f" (it comes before --tc-start {tc_start})" if tc_start else ""
        raise _usage(f"{option} {text}: a time in the file cannot be below zero{after}")
    return ms


def _factor(text: str) -> Fraction:
    try:
        value = Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise _usage(f"--factor {text}: not a number (examples: 1.001, 25/24)") from None
    if value <= 0:
        raise _usage(f"--factor {text}: must be above zero")
    return value


def _retime(sources: list[str], mapping: Mapping, negative: Negative, output: str | None, in_place: bool,
            backup: bool, fmt: str | None, start_from: int | None = None, start_to: int | None = None,
            flags: batching.Flags | None = None) -> None:
    """Read, retime (the text fast path when the file allows it), report, write; or run a batch."""
    from subtitler.fileio import STDIO, check_output, read_bytes, replace_in_place, same_file
    from subtitler.retime.text import retime_bytes

    if fmt is not None and fmt not in ("srt", "vtt"):
        raise _usage(f"--from {fmt}: expected srt or vtt")
    flags = flags or batching.Flags()
    if batching.wanted(sources, output, flags):  # many files (docs/scale.md)
        from subtitler.batch import Retime

        if in_place:
            raise _usage("--in-place replaces one file: a batch writes to an -o folder or prefix")
        job = Retime(mapping, negative, fmt, start_from, start_to)
        batching.run(job, sources, output, flags)
    source = sources[0]
    if in_place:
        if source == STDIO:
            raise _usage("--in-place needs a file, not stdin")
        if output is not None and not same_file(output, source):
            raise _usage("--in-place replaces the input: do not give -o as well")
        output = source
    elif backup:
        raise _usage("--backup goes with --in-place")
    check_output([source], output, in_place)

    def change(data: bytes) -> bytes:
        retimed = retime_bytes(data, mapping, path=None if source == STDIO else source, fmt=fmt,
                               negative=negative, start_from=start_from, start_to=start_to)
        if retimed.read is not None:
            report_reading(source, retimed.read, "carried through unchanged, not retimed")
        for note in retimed.notes:
            echo(f"subtitler: {source}:{note.line}: {note.code} {note.message}", err=True)
        return retimed.data

    if in_place:
        replace_in_place(source, change, backup)
    else:
        write_output(change(read_bytes(source)), output)
