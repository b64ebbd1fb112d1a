"""The batch side of validate, convert, shift, stretch and sync: many inputs, any store, any engine.

A command runs as a batch when it is given ``--engine``, an input that is a URL
(``s3://…``) or a glob, or an output folder or prefix (``-o out/``). It then calls
:func:`subtitler.batch.run` and prints one JSON line per input as each completes
(``path``, ``status``, ``findings``, ``errors``, ``error``, ``output``), a progress
bar on a terminal, and a summary on stderr. Exit status 1 when an input failed (or,
for validate, has an error).
"""

from __future__ import annotations

import glob
import os
import sys
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from subtitler.cli.core import echo

if TYPE_CHECKING:
    from subtitler.batch import Job

EngineOpt = Annotated[Optional[str], typer.Option(  # noqa: UP045
    "--engine", help="Run as a batch on 'local' processes or on 'dask' (see docs/scale.md).")]
SchedulerOpt = Annotated[Optional[str], typer.Option(  # noqa: UP045
    "--scheduler", help="With --engine dask: a running scheduler's address (default: a cluster on this machine).")]
JobsOpt = Annotated[Optional[int], typer.Option(  # noqa: UP045
    "--jobs", "-j", help="In a batch: worker processes (default: the machine's cores).")]
ResumeOpt = Annotated[bool, typer.Option("--resume", help="In a batch: skip inputs whose output exists.")]
OverwriteOpt = Annotated[bool, typer.Option("--overwrite", help="In a batch: replace outputs that exist.")]
RetriesOpt = Annotated[Optional[int], typer.Option(  # noqa: UP045
    "--retries", help="In a batch: how many more times a transient store error is tried (default 3).")]

#: From this many inputs on, a terminal gets a progress bar.
PROGRESS_FROM = 20


@dataclass(frozen=True)
class Flags:
    """The batch flags of a command, as given (None: not given)."""

    engine: str | None = None
    scheduler: str | None = None
    jobs: int | None = None
    resume: bool = False
    overwrite: bool = False
    retries: int | None = None


def wanted(sources: list[str], output: str | None, flags: Flags, single: bool = True) -> bool:
    """Whether a command's arguments ask for a batch.

    ``single``: the command reads one file unless it runs a batch, so several inputs or a
    glob make one (validate lists files itself: only ``--engine``, ``--scheduler`` or a URL do).

    Raises:
        UsageError: ``--retries`` for a command that runs no batch.
    """
    from subtitler.errors import UsageError

    named = flags.engine is not None or flags.scheduler is not None or any("://" in s for s in sources)
    many = len(sources) > 1 or any(glob.has_magic(s) and not os.path.exists(s) for s in sources)
    folder = output is not None and output != "-" and (output.endswith(("/", os.sep)) or os.path.isdir(output))
    asked = named or (single and (many or folder))
    if not asked and flags.retries is not None:
        raise UsageError("--retries goes with a batch (--engine, a URL, a glob, several inputs or an -o folder)")
    return asked


def run(job: Job, sources: list[str], output: str | None, flags: Flags) -> None:
    """Run ``job`` as a batch, print its results, and exit with the batch's status."""
    from subtitler import batch
    from subtitler.errors import UsageError

    engine, scheduler = flags.engine, flags.scheduler
    if engine is not None and engine not in ("local", "dask"):
        raise UsageError(f"--engine {engine}: expected local or dask")
    if scheduler is not None and engine not in (None, "dask"):
        raise UsageError("--scheduler goes with --engine dask")
    chosen = "dask" if scheduler is not None else engine or "local"
    planned = batch.plan(job, sources, output, resume=flags.resume, overwrite=flags.overwrite)
    retries = 3 if flags.retries is None else flags.retries
    results = batch.run(job, planned, engine=chosen, jobs=flags.jobs, scheduler=scheduler,  # type: ignore[arg-type]
                        retries=retries)
    counts: Counter[str] = Counter()
    errors = 0
    bar = _progress(len(planned)) if len(planned) >= PROGRESS_FROM and sys.stderr.isatty() else None
    try:
        task = bar.add_task(job.name, total=len(planned)) if bar is not None else None
        if bar is not None:
            bar.start()
        for result in results:
            sys.stdout.write(result.to_json() + "\n")  # through the bar's proxy while it runs
            sys.stdout.flush()
            counts[result.status] += 1
            errors += result.errors
            if bar is not None and task is not None:
                bar.advance(task)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # a closed pipe or ^C: the workers stop now
        if bar is not None:
            bar.stop()
    total = sum(counts.values())
    parts = [f"{counts[s]} {s}" for s in ("done", "skipped", "failed") if counts[s]]
    tail = f"; {errors} error{'s' if errors != 1 else ''} found" if errors and not job.writes else ""
    echo(f"subtitler: {job.name}: {total} input{'s' if total != 1 else ''}: {', '.join(parts)}{tail}", err=True)
    raise typer.Exit(1 if counts["failed"] or (errors and not job.writes) else 0)


def _progress(count: int) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    return Progress(*columns, console=Console(stderr=True), transient=True)
