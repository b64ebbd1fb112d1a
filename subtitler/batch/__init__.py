"""Batch jobs: many inputs, in local folders or object storage, on this machine's processes or a Dask cluster.

One entry, :func:`run`, for every engine::

    from subtitler import batch
    for result in batch.run(batch.Convert("vtt"), ["s3://archive/in/**/*.srt"], "s3://archive/out/"):
        print(result.path, result.status, result.error)

It yields one :class:`Result` per input as each completes (not in input order): a
failure of one input (unreadable, not a subtitle file, deleted since it was listed,
a store that kept failing) is that input's result, with its path, and never stops
the others. Transient store errors are tried again (``retries``). An output that
exists is not overwritten unless ``overwrite`` is set; with ``resume`` it is taken as
done (outputs are written whole, so one that exists is complete) and the input is
skipped.

Engines: ``local`` (the default: a pool of this machine's processes, as ``validate
--jobs``) and ``dask`` (a ``dask.distributed`` client: the one given, one connected
to ``scheduler``, or a ``LocalCluster`` of ``jobs`` worker processes). Inputs go to
the workers in chunks sized as the run goes (:mod:`subtitler.batch.feed`): one input
at first, then about half a second of work each, smaller again at the end; so a
small file does not pay a scheduler's round trip of its own, and a result is at most
about one chunk's time behind its input.

fsspec (for URLs) and dask (for the dask engine) are imported only when used: the
``scale`` extra installs them.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from subtitler.batch.jobs import Convert, Generate, Job, Outcome, Retime, Validate
from subtitler.batch.result import Result
from subtitler.batch.store import Item, Store, describe, join, transient, with_retries
from subtitler.errors import UsageError

__all__ = ["Convert", "Generate", "Job", "Outcome", "Result", "Retime", "Store", "Validate", "plan", "run"]

Engine = Literal["local", "dask"]



@dataclass(frozen=True)
class Plan:
    """A run before any input is read: what to do, and what is already decided.

    Attributes:
        todo: each input to run, with the path of its output ('' when the job writes none).
        decided: the results known without running (skipped by ``resume``, refused outputs).
    """

    todo: tuple[tuple[str, str], ...]
    decided: tuple[Result, ...]

    def __len__(self) -> int:
        return len(self.todo) + len(self.decided)


def plan(job: Job, inputs: Sequence[str], output: str | None = None, *, resume: bool = False,
         overwrite: bool = False, store: Store | None = None) -> Plan:
    """List the inputs and the outputs that exist, and decide what :func:`run` will do with each.

    Raises:
        UsageError: no input, a local path that does not exist, options that exclude each other.
    """
    if resume and overwrite:
        raise UsageError("`resume` and `overwrite` exclude each other: resume skips the outputs that exist")
    if job.writes and not output:
        raise UsageError(f"{job.name} of many inputs needs an `output` folder or prefix")
    if not job.writes and (resume or overwrite):
        raise UsageError(f"{job.name} writes no output: `resume` and `overwrite` do not apply")
    store = store or Store()
    items: list[Item] = store.expand(inputs, job.inputs)
    if not job.writes or output is None:
        return Plan(tuple((item.path, "") for item in items), ())
    existing = store.existing(output)
    todo: list[tuple[str, str]] = []
    decided: list[Result] = []
    claimed: dict[str, str] = {}  # output: the input it is the output of
    for item in items:
        target = join(output, job.output_name(item.name))
        first = claimed.setdefault(target, item.path)
        if first != item.path:  # several inputs, one name under their folders: one of them only
            decided.append(Result(item.path, "failed", error=f"{target} is the output of {first} already "
                                  "(two inputs of one name)", output=target, attempts=0))
        elif target not in existing or overwrite:
            todo.append((item.path, target))
        elif resume:
            decided.append(Result(item.path, "skipped", output=target, attempts=0))
        else:
            decided.append(Result(item.path, "failed", error=f"{target} exists: `overwrite` to replace it, "
                                  "`resume` to skip it", output=target, attempts=0))
    return Plan(tuple(todo), tuple(decided))


def run(job: Job, inputs: Sequence[str] | Plan, output: str | None = None, client: Any = None, *,
        engine: Engine | None = None, jobs: int | None = None, scheduler: str | None = None,
        resume: bool = False, overwrite: bool = False, retries: int = 3, store: Store | None = None,
        chunk: int | None = None) -> Iterator[Result]:
    """Run ``job`` on every input; one :class:`Result` per input, each as it completes.

    The inputs are listed (and the existing outputs, in one listing) when this is
    called, so that an error in the arguments raises here; they are read when the
    results are asked for.

    Args:
        job: :class:`Validate`, :class:`Convert`, :class:`Retime` or :class:`Generate` (or any :class:`Job`).
        inputs: local paths, folders, globs and URLs (``s3://bucket/in/**/*.srt``), or a :func:`plan`.
        output: the folder or prefix the outputs go to, each under its input's name
            (its extension changed as the job says); None for validate.
        client: a ``dask.distributed.Client`` to run on (implies the dask engine).
        engine: ``local`` (the default) or ``dask``.
        jobs: worker processes of the local pool or of the LocalCluster (default: the machine's cores).
        scheduler: the address of a running Dask scheduler (``tcp://host:8786``).
        resume: skip the inputs whose output exists.
        overwrite: replace outputs that exist (otherwise each such input fails).
        retries: how many more times a transient store error is tried.
        store: how to reach the stores (fsspec options per scheme); default: each store's environment.
        chunk: inputs per task, fixed (default: paced, see :mod:`subtitler.batch.feed`).

    Raises:
        UsageError: options that exclude each other, no input, or the dask engine without dask installed.
    """
    from subtitler.checks.batch import default_jobs

    chosen: Engine = "dask" if client is not None or scheduler is not None else engine or "local"
    if chosen not in ("local", "dask"):
        raise UsageError(f"`engine` {chosen!r}: expected local or dask")
    if jobs is not None and jobs < 1:
        raise UsageError(f"`jobs` {jobs}: expected 1 or more")
    if retries < 0:
        raise UsageError(f"`retries` {retries}: expected 0 or more")
    store = store or Store()
    todo = inputs if isinstance(inputs, Plan) else plan(job, inputs, output, resume=resume, overwrite=overwrite,
                                                         store=store)
    workers = jobs or default_jobs()
    if chosen == "dask":
        _import_dask()
    if chunk is not None and chunk < 1:
        raise UsageError(f"`chunk` {chunk}: expected 1 or more")
    work = functools.partial(timed_chunk, job, store=store, retries=retries)
    return _results(todo, work, chosen, workers, client, scheduler, chunk)


def _results(todo: Plan, work: Any, engine: Engine, workers: int, client: Any, scheduler: str | None,
             chunk: int | None) -> Iterator[Result]:
    yield from todo.decided
    if not todo.todo:
        return
    from subtitler.batch.feed import Pacer, run_local

    if engine == "local":
        yield from run_local(todo.todo, work, workers, Pacer(workers, fixed=chunk))
        return
    from subtitler.batch.cluster import run_on_dask

    yield from run_on_dask(todo.todo, work, workers, client, scheduler, chunk)


def _import_dask() -> None:
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        raise UsageError("`engine` dask needs dask.distributed: pip install 'subtitler[scale]'") from None


def timed_chunk(job: Job, pairs: Sequence[tuple[str, str]], store: Store,
                retries: int) -> tuple[list[Result], float]:
    """:func:`work_chunk`, and the seconds it took on this worker (what paces the next chunks)."""
    began = time.perf_counter()
    results = work_chunk(job, pairs, store, retries)
    return results, time.perf_counter() - began


def work_chunk(job: Job, pairs: Sequence[tuple[str, str]], store: Store, retries: int) -> list[Result]:
    """Run ``job`` on a chunk of inputs in this process: read them (together), run, write each output.

    Never raises for one input: each failure is that input's result.
    """
    contents = store.read_many([path for path, _ in pairs])
    return [_one(job, path, target, contents.get(path), store, retries) for path, target in pairs]


def _one(job: Job, path: str, target: str, got: bytes | BaseException | None, store: Store,
         retries: int) -> Result:
    attempts = 1
    if got is None or (isinstance(got, BaseException) and transient(got) and retries):
        tried = 0 if got is None else 1  # the chunk's read was the first attempt
        try:
            got, tries = with_retries(functools.partial(store.read, path), retries - tried)
            attempts = tried + tries
        except Exception as exc:
            got, attempts = exc, retries + 1
    if isinstance(got, BaseException) or got is None:
        return Result(path, "failed", error=describe(got) if got else "not read", attempts=attempts)
    try:
        outcome = job(got, path)
    except Exception as exc:  # a bug, not the input's fault: still this input's result alone
        return Result(path, "failed", error=f"internal error ({type(exc).__name__}: {str(exc)[:200]}); "
                      "please report it", attempts=attempts)
    if outcome.error:
        return Result(path, "failed", outcome.findings, outcome.errors, outcome.error, attempts=attempts)
    if job.writes and outcome.data is not None:
        try:
            _, tries = with_retries(functools.partial(store.write, target, outcome.data), retries)
        except Exception as exc:
            return Result(path, "failed", outcome.findings, outcome.errors, f"cannot write {target}: "
                          f"{describe(exc)}", target, attempts)
        attempts = max(attempts, tries)
    return Result(path, "done", outcome.findings, outcome.errors, output=target, attempts=attempts)
