"""Feeding the workers: chunks of inputs sized as the run goes, so that results flow and the engine costs little.

A task of one small file costs the engine more than the file does (a Dask task is
about a millisecond of the scheduler's time, Dask's documentation says, against a
few milliseconds to validate a 4 kB file), so inputs go out in chunks; but a big
chunk holds back every result in it until its last input is done. :class:`Pacer`
sizes each chunk as the run goes:

- the first chunk of each worker is one input, so the first results come after one
  file's time, and the time a file takes is measured on the worker (each task times
  itself);
- then each chunk is about :data:`TARGET_S` of work (the measured time per file,
  averaged), growing at most twice as large as the largest so far, at most
  :data:`CAP` inputs;
- near the end it shrinks again (at most the inputs left over twice the workers:
  "guided self-scheduling"), so that the workers finish together.

:func:`feed` keeps two tasks per worker in flight (one running, one waiting, so no
worker waits for a round trip), hands out the next chunk as each one completes,
and yields each result of a chunk as soon as the chunk is back. A result is thus
at most about one task's time (under a second) behind its input.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Protocol

from subtitler.batch.result import Result

#: Seconds of work a chunk aims at once the time per file is known.
TARGET_S = 0.5
#: Inputs per chunk at most.
CAP = 256
#: Tasks in flight per worker: one running and one waiting.
DEPTH = 2

Pair = tuple[str, str]
Work = Callable[[Sequence[Pair]], "tuple[list[Result], float]"]


@dataclass
class Pacer:
    """The size of the next chunk, from the time per file the workers report.

    >>> pacer = Pacer(workers=2)
    >>> [pacer.size(1000) for _ in range(2)]   # one input each at first
    [1, 1]
    >>> pacer.observe(1, 0.005); pacer.size(1000)   # 5 ms a file: twice the largest so far
    2
    >>> for _ in range(12): pacer.observe(pacer.size(1000), 0.005 * pacer.largest)
    >>> pacer.size(1000), pacer.size(40)   # then 0.5 s of work, and the tail shrinks
    (100, 10)
    """

    workers: int
    target_s: float = TARGET_S
    cap: int = CAP
    fixed: int | None = None
    per_file_s: float | None = None
    largest: int = field(default=0)

    def size(self, remaining: int) -> int:
        """Inputs in the next chunk, ``remaining`` being the inputs not handed out yet."""
        if self.fixed is not None:
            return max(1, min(self.fixed, remaining))
        wanted = 1 if self.per_file_s is None else int(self.target_s / max(self.per_file_s, 1e-6))
        tail = math.ceil(remaining / (2 * self.workers))
        size = max(1, min(wanted, self.cap, 2 * max(self.largest, 1), tail, remaining))
        self.largest = max(self.largest, size)
        return size

    def observe(self, files: int, seconds: float) -> None:
        """A chunk of ``files`` inputs took ``seconds`` on its worker (a moving average of the time per file)."""
        if files <= 0 or seconds <= 0:
            return
        measured = seconds / files
        self.per_file_s = measured if self.per_file_s is None else 0.7 * self.per_file_s + 0.3 * measured


class Engine(Protocol):
    """What :func:`feed` needs of an engine: hand out a chunk, and the next task that completes."""

    def submit(self, chunk: list[Pair]) -> Any: ...

    def next_done(self, pending: dict[Any, list[Pair]]) -> Any: ...

    def cancel(self, pending: dict[Any, list[Pair]]) -> None: ...

    def failure(self, exc: BaseException) -> str: ...


def feed(pairs: Sequence[Pair], engine: Engine, pacer: Pacer, depth: int) -> Iterator[Result]:
    """Every pair's result, a chunk's results as soon as the chunk is back; a chunk that fails fails its inputs."""
    pending: dict[Any, list[Pair]] = {}
    position = 0

    def top_up() -> None:
        nonlocal position
        while len(pending) < depth and position < len(pairs):
            size = pacer.size(len(pairs) - position)
            chunk = list(pairs[position:position + size])
            position += size
            pending[engine.submit(chunk)] = chunk

    try:
        top_up()
        while pending:
            future = engine.next_done(pending)
            chunk = pending.pop(future)
            try:
                results, seconds = future.result()
            except Exception as exc:  # the task as a whole: its worker died, say
                why = engine.failure(exc)
                results, seconds = [Result(path, "failed", error=why) for path, _ in chunk], 0.0
            pacer.observe(len(chunk), seconds)
            top_up()  # before the results are handled: the workers go on meanwhile
            yield from results
    finally:
        if pending:
            engine.cancel(pending)


@dataclass
class LocalPool:
    """This machine's worker processes (``concurrent.futures``; forked on Linux, so they start warm)."""

    work: Work
    workers: int
    pool: ProcessPoolExecutor = field(init=False)

    def __post_init__(self) -> None:
        self.pool = ProcessPoolExecutor(max_workers=self.workers)

    def submit(self, chunk: list[Pair]) -> Future[tuple[list[Result], float]]:
        return self.pool.submit(self.work, chunk)

    def next_done(self, pending: dict[Any, list[Pair]]) -> Any:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        return next(iter(done))

    def cancel(self, pending: dict[Any, list[Pair]]) -> None:
        for future in pending:
            future.cancel()

    def failure(self, exc: BaseException) -> str:
        return f"the worker process failed ({type(exc).__name__}: {str(exc)[:200]})"

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def run_local(pairs: Sequence[Pair], work: Work, workers: int, pacer: Pacer) -> Iterator[Result]:
    """The local engine: in this process (one worker: each result as its input is done), else a process pool."""
    if workers <= 1 or len(pairs) < 2:
        for pair in pairs:
            yield from work([pair])[0]
        return
    pool = LocalPool(work, min(workers, len(pairs)))
    try:
        yield from feed(pairs, pool, pacer, DEPTH * pool.workers)
    finally:  # a reader that stops early must not wait for the inputs left
        pool.close()
