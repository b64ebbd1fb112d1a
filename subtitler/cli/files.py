"""Commands that read and write subtitle files as they are: convert, inspect, rules."""

from __future__ import annotations

import json
import os
from typing import Annotated, Optional

import typer

from subtitler.cli import batch as batching
from subtitler.cli.core import app, clamp_or_drop, echo, report_reading, run, write_output

OutputOpt = Annotated[Optional[str], typer.Option("-o", "--output", help="Output file ('-' for stdout).")]  # noqa: UP045


@app.command()
@run
def convert(
    sources: Annotated[list[str], typer.Argument(metavar="SOURCE...", help="SRT, WebVTT, TTML or SCC file ('-' for stdin); several, a glob, a folder or a URL make a batch (docs/scale.md).")],  # noqa: E501
    output: OutputOpt = None,
    to: Annotated[Optional[str], typer.Option("--to", help="srt, vtt, ttml, scc or json (default: from -o's extension).")] = None,  # noqa: UP045, E501
    speaker_style: Annotated[str, typer.Option(help="Speaker markers in SRT: label, chevron, dash, none.")] = "label",
    source_format: Annotated[Optional[str], typer.Option("--from", help="Input format when it cannot be told.")] = None,  # noqa: UP045
    clamp: Annotated[bool, typer.Option("--clamp", help="Move times below zero to zero (WebVTT has none), each listed.")] = False,  # noqa: E501
    drop: Annotated[bool, typer.Option("--drop", help="Leave out what the target cannot hold (cues below zero, blocks browsers drop), each listed.")] = False,  # noqa: E501
    ttml_profile: Annotated[Optional[str], typer.Option("--ttml-profile", help="TTML written as imsc (IMSC 1.1 Text, the default) or ebu-tt-d.")] = None,  # noqa: UP045, E501
    tc_start: Annotated[Optional[str], typer.Option("--tc-start", help="Timecode of the programme's first frame (e.g. 10:00:00;00): TTML and SCC read are timed from it, TTML and SCC written count from it.")] = None,  # noqa: UP045, E501
    fps: Annotated[Optional[str], typer.Option("--fps", help="Frame rate of --tc-start when it is non-drop timecode (HH:MM:SS:FF).")] = None,  # noqa: UP045, E501
    lang: Annotated[Optional[str], typer.Option("--lang", help="The language of TTML written (xml:lang; default en, or the input's).")] = None,  # noqa: UP045, E501
    engine: batching.EngineOpt = None,
    scheduler: batching.SchedulerOpt = None,
    jobs: batching.JobsOpt = None,
    resume: batching.ResumeOpt = False,
    overwrite: batching.OverwriteOpt = False,
    retries: batching.RetriesOpt = None,
) -> None:
    """Convert between SRT, WebVTT, TTML (IMSC, EBU-TT-D) and SCC, keeping speakers, never dropping a block unasked.

    Example: subtitler convert captions.srt -o captions.vtt

    Broadcast: subtitler convert captions.srt -o captions.scc --tc-start 01:00:00;00
    """
    from subtitler import formats
    from subtitler.errors import UsageError
    from subtitler.fileio import check_output, load
    from subtitler.formats.convert import convert as convert_doc
    from subtitler.formats.inspection import document_dict

    named = _target_of(output)
    if to is not None and named is not None and named != to:
        raise UsageError(f"-o {output} names {named} but --to says {to}: give one of them")
    target = to or named
    if target is None:
        raise UsageError("say what to convert to: --to srt|vtt|ttml|scc|json, or -o FILE.srt|.vtt|.ttml|.scc|.json")
    if target not in ("srt", "vtt", "ttml", "scc", "json"):
        raise UsageError(f"--to {target}: expected srt, vtt, ttml, scc or json")
    if ttml_profile is not None and (target != "ttml" or ttml_profile not in ("imsc", "ebu-tt-d")):
        raise UsageError(f"--ttml-profile {ttml_profile}: expected imsc or ebu-tt-d, with --to ttml")
    if speaker_style not in ("label", "chevron", "dash", "none"):
        raise UsageError(f"--speaker-style {speaker_style}: expected label, chevron, dash or none")
    start_ms = None
    if tc_start is not None:
        from subtitler.timecode import parse_fps, parse_timestamp

        start_ms = parse_timestamp(tc_start, parse_fps(fps) if fps else None)
    flags = batching.Flags(engine, scheduler, jobs, resume, overwrite, retries)
    if batching.wanted(sources, output, flags):  # many files (docs/scale.md)
        from subtitler.batch import Convert

        if target == "json":
            raise UsageError("--to json: a batch converts to srt, vtt, ttml or scc")
        job = Convert(target, speaker_style, clamp_or_drop(clamp, drop), source_format, ttml_profile, start_ms, lang)
        batching.run(job, sources, output, flags)
    source = sources[0]
    check_output([source], output, False)
    doc = load(source, source_format)
    report_reading(source, doc, "carried into the output as it is, not converted")
    if start_ms is not None and doc.format in ("ttml", "scc"):
        from subtitler.formats.broadcast import from_programme

        doc = from_programme(doc, start_ms)
    if target == "json":
        write_output((json.dumps(document_dict(doc, source), ensure_ascii=False, indent=1) + "\n").encode(), output)
        return
    converted, notes = convert_doc(doc, target, speaker_style, clamp_or_drop(clamp, drop), ttml_profile, start_ms,
                                   lang)
    for note in notes[:5]:
        echo(f"subtitler: {source}:{note.line}: {note.code} {note.message}", err=True)
    if len(notes) > 5:
        echo(f"subtitler: ... and {len(notes) - 5} more of the same", err=True)
    write_output(formats.encode(converted, formats.write(converted)), output)


def _target_of(output: str | None) -> str | None:
    """The format an output file's extension names (.srt, .vtt, .webvtt, .ttml, .dfxp, .scc, .json), else None."""
    if not output or output == "-":
        return None
    from subtitler.formats import EXTENSIONS

    extension = os.path.splitext(output)[1].lower()
    return "json" if extension == ".json" else EXTENSIONS.get(extension)


@app.command()
@run
def inspect(
    source: Annotated[str, typer.Argument(help="SRT or WebVTT file ('-' for stdin).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the parsed document as JSON.")] = False,
    source_format: Annotated[Optional[str], typer.Option("--from", help="Input format when it cannot be told.")] = None,  # noqa: UP045
) -> None:
    """Show what a subtitle file holds: cues, settings, regions, blocks and findings.

    Example: subtitler inspect captions.vtt --json
    """
    from subtitler.fileio import load
    from subtitler.formats.inspection import document_dict
    from subtitler.timecode import format_vtt

    doc = load(source, source_format)
    if as_json:
        echo(json.dumps(document_dict(doc, source), ensure_ascii=False, indent=1))
        return
    newline = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}[doc.newline]
    echo(f"{source}: {doc.format}, {doc.encoding}{' with BOM' if doc.bom else ''}, {newline}, "
         f"{len(doc.cues)} cues, {len(doc.regions)} regions, {len(doc.findings)} findings")
    kinds: dict[str, int] = {}
    for block in doc.blocks:
        kinds[block.kind] = kinds.get(block.kind, 0) + 1
    if kinds:
        echo("blocks: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    for cue in doc.cues[:10]:
        who = f" [{cue.speaker}]" if cue.speaker else ""
        first = cue.text.split("\n", 1)[0]
        echo(f"  {format_vtt(cue.start_ms)} --> {format_vtt(cue.end_ms)}{who} {first[:60]}")
    if len(doc.cues) > 10:
        echo(f"  ... {len(doc.cues) - 10} more cues")
    for finding in doc.findings[:20]:
        echo(f"{source}:{finding.line}:{finding.column}: {finding.code} {finding.message}")
    if len(doc.findings) > 20:
        echo(f"... {len(doc.findings) - 20} more findings (subtitler validate lists them all)")


@app.command(name="rules")
@run
def rules_command(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print docs/rules.md.")] = False,
) -> None:
    """List every finding code with its severity and meaning.

    Example: subtitler rules --markdown > docs/rules.md
    """
    from subtitler import rules

    if markdown:
        echo(rules.markdown())
        return
    for rule in sorted(rules.RULES.values(), key=lambda r: r.code[1:]):
        echo(f"{rule.code}  {rule.severity.value:<7}  {rule.name:<24}  {rule.summary}")
