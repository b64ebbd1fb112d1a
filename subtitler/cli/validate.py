"""Commands that judge subtitle files against a caption profile: validate and fix."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from subtitler.cli import batch as batching
from subtitler.cli.core import app, run, write_output

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from subtitler.checks.batch import FileResult, Options, Rendered

#: From this many files on, a terminal gets a progress bar.
PROGRESS_FROM = 20

ProfileOpt = Annotated[str, typer.Option("--profile", "-p", help="Caption profile: netflix, bbc or dcmp.")]
FpsOpt = Annotated[Optional[str], typer.Option(  # noqa: UP045
    "--fps", help="Frame rate for gaps in frames: 25, 23.976, 30000/1001 … (default 29.97).")]
ColorOpt = Annotated[str, typer.Option("--color", help="Colour: auto (on a terminal), always or never.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit status 1).")]


def _use_color(choice: str, stream: object) -> bool:
    from subtitler.errors import UsageError

    if choice not in ("auto", "always", "never"):
        raise UsageError(f"--color {choice}: expected auto, always or never")
    if choice != "auto":
        return choice == "always"
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _options(profile: str, fps: str | None, select: list[str] | None, ignore: list[str] | None) -> Options:
    from subtitler import profiles
    from subtitler.checks.batch import Options, parse_codes

    return Options(profiles.get(profile), profiles.fps_or_default(fps), parse_codes(select or []),
                   parse_codes(ignore or []))


@app.command()
@run
def validate(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (searched recursively), globs; '-': stdin.")],
    profile: ProfileOpt = "netflix",
    fps: FpsOpt = None,
    output_format: Annotated[str, typer.Option("--to", "--format", "-f", help="Report as text, json or github (annotations).")] = "text",  # noqa: E501
    select: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--select", help="Only these codes or prefixes (comma-separated, repeatable): E2,W304.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--ignore", help="Leave out these codes or prefixes (comma-separated, repeatable): W207,W208.")] = None,
    strict: StrictOpt = False,
    jobs: Annotated[Optional[int], typer.Option(  # noqa: UP045
        "--jobs", "-j", help="Files checked in parallel (default: the machine's cores).")] = None,
    color: ColorOpt = "auto",
    engine: batching.EngineOpt = None,
    scheduler: batching.SchedulerOpt = None,
    retries: batching.RetriesOpt = None,
) -> None:
    """Report every problem in SRT and WebVTT files, with line and column, against a caption profile.

    Exit status: 0 when there is no error (warnings too with --strict), 1 when
    there is, 2 for a usage error. The codes are listed by 'subtitler rules'.

    Example: subtitler validate captions/ --profile bbc --fps 25 --to github
    """
    import functools

    from subtitler.checks import report
    from subtitler.checks.batch import default_jobs, exit_status, expand, total, validate_rendered
    from subtitler.errors import UsageError

    if output_format not in ("text", "json", "github"):
        raise UsageError(f"--to {output_format}: expected text, json or github")
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs {jobs}: expected 1 or more")
    options = _options(profile, fps, select, ignore)
    flags = batching.Flags(engine, scheduler, jobs, retries=retries)
    if batching.wanted(paths, None, flags, single=False):  # JSON Lines: docs/scale.md
        from subtitler.batch import Validate

        batching.run(Validate(options), paths, None, flags)
    use_color = output_format == "text" and _use_color(color, sys.stdout)
    files = expand(paths)
    render: Callable[[FileResult], str] = report.json_file
    if output_format == "text":
        render = functools.partial(report.text_file, color=use_color)
    elif output_format == "github":
        render = report.github_file
    stream = validate_rendered(files, options, render, jobs or default_jobs())
    if len(files) >= PROGRESS_FROM and sys.stderr.isatty():
        stream = iter(_with_progress(stream, len(files)))  # the bar first, then the report
    out = sys.stdout
    summaries = []
    parts: list[str] = []  # JSON is one document: its parts wait for the summary
    separator = "\n" if output_format == "text" else ""  # a blank line between files in text
    try:
        for part in stream:  # in input order, written as each file is done
            summaries.append(part.summary)
            if output_format == "json":
                parts.append(part.text)
            elif part.text:
                out.write(part.text + separator)
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()  # stops the worker processes now when writing failed (a closed pipe)
    summary = total(summaries)
    status = exit_status(summary, strict)
    if output_format == "json":
        out.write(report.json_document(parts, summary, options, strict, status))
    else:
        out.write(report.text_summary(summary, use_color))
    out.flush()
    raise typer.Exit(status)


def _with_progress(stream: Iterable[Rendered], count: int) -> list[Rendered]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    done: list[Rendered] = []
    columns = (TextColumn("validating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("validate", total=count)
        for part in stream:
            done.append(part)
            progress.advance(task)
    return done


@app.command()
@run
def fix(
    source: Annotated[str, typer.Argument(help="SRT or WebVTT file ('-' for stdin).")],
    output: Annotated[Optional[str], typer.Option("-o", "--output", help="Output file ('-' for stdout).")] = None,  # noqa: UP045
    in_place: Annotated[bool, typer.Option("--in-place", help="Replace the input file.")] = False,
    profile: ProfileOpt = "netflix",
    fps: FpsOpt = None,
    strict: StrictOpt = False,
    color: ColorOpt = "auto",
) -> None:
    """Make the mechanical repairs (order, numbering, overlaps, short gaps and cues, encoding, line endings).

    Each change is listed, then the output is validated again; what could not
    be repaired safely is left as it is and reported. The report goes to stdout
    when the file goes to -o or --in-place, to stderr when the file goes to stdout.
    Exit status as for validate, judged on the output.

    Example: subtitler fix captions.srt -o captions.fixed.srt --fps 25
    """
    from subtitler import formats
    from subtitler.checks import report
    from subtitler.checks.batch import FileResult, exit_status, summarize, validate_bytes
    from subtitler.checks.fix import FixResult
    from subtitler.checks.fix import fix as fix_document
    from subtitler.errors import UsageError
    from subtitler.fileio import STDIO, check_output, read_bytes, replace_in_place

    if in_place and output is not None:
        raise UsageError("give -o or --in-place, not both")
    if in_place and source == STDIO:
        raise UsageError("--in-place needs a file, not stdin")
    check_output([source], output, in_place)
    options = _options(profile, fps, None, None)
    done: list[FixResult] = []

    def change(old: bytes) -> bytes:
        done.append(fix_document(formats.read(old, source), options.profile, options.fps))
        return formats.encode(done[0].document, formats.write(done[0].document))

    target = source if in_place else output
    if in_place:
        data = replace_in_place(source, change)
    else:
        data = change(read_bytes(source))
        write_output(data, target)
    fixed = done[0]
    name = target if target not in (None, STDIO) else "<stdout>"
    results = [FileResult(source, fixed.changes), validate_bytes(data, name, options, fixed.document.format)]
    stream = sys.stdout if target not in (None, STDIO) else sys.stderr
    use_color = _use_color(color, stream)
    changed = sum(1 for f in fixed.changes if f.code != "I709")
    summary = summarize(results[1:])
    parts = [report.text_file(r, use_color, context=False) if k == 0 else report.text_file(r, use_color)
             for k, r in enumerate(results)]
    stream.write("".join(p + "\n" for p in parts if p))
    stream.write(f"{changed} change{'s' if changed != 1 else ''}; output: " + report.text_summary(summary, use_color))
    stream.flush()
    raise typer.Exit(exit_status(summary, strict))
