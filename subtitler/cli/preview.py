"""The preview command: a self-contained HTML page to review speakers, timing and findings."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from subtitler.cli.core import app, echo, run, write_output


@app.command()
@run
def preview(
    inputs: Annotated[list[str], typer.Argument(
        help="A transcript (generated in memory) or SRT/WebVTT files, one section each ('-' for stdin).")],
    output: Annotated[Optional[str], typer.Option("-o", "--output", help="The HTML file to write ('-': stdout).")] = None,  # noqa: UP045, E501
    profile: Annotated[str, typer.Option("--profile", "-p", help="Caption profile: netflix, bbc or dcmp.")] = "netflix",
    fps: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--fps", help="Frame rate for gaps in frames: 25, 23.976, 30000/1001 … (default 29.97).")] = None,
    media: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--media", help="A local video or audio file to play the cues over (linked, not copied).")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="The page title (default: the inputs).")] = None,  # noqa: UP045
) -> None:
    """Write one HTML page to review captions: speaker timeline, reading speed, findings, cues, speakers.

    The page is a single file with no network request: open it from disk.
    With --media the file is referenced relative to the page, so keep them together.

    Example: subtitler preview story.txt -o story.html --profile bbc --media story.mp4
    """
    from subtitler import profiles
    from subtitler.errors import UsageError
    from subtitler.fileio import STDIO, check_output, read_bytes
    from subtitler.preview import html as preview_html
    from subtitler.preview import page as library

    if inputs.count(STDIO) > 1:
        raise UsageError("'-' (standard input) can be given once")
    check_output([*inputs, *([media] if media else [])], output, False, can_replace=False)
    chosen = profiles.get(profile)
    rate = profiles.fps_or_default(fps)
    url = preview_html.media_url(media, output) if media is not None else None
    report = library.build([(name, read_bytes(name)) for name in inputs], chosen, rate)
    page = preview_html.render(report, url, title)
    write_output(page.encode("utf-8"), output)
    if output not in (None, STDIO):
        cues = sum(len(s.bars) for s in report.sections)
        found = sum(len(s.findings) for s in report.sections)
        echo(f"{output}: {len(report.sections)} section{'s' if len(report.sections) != 1 else ''}, "
             f"{cues} cues, {found} findings", err=True)
