"""The dask engine: paced chunks of inputs as tasks on a ``dask.distributed`` cluster, results as each completes.

Imported only when the dask engine is asked for (``dask[distributed]``, in the
``scale`` extra). A task that fails as a whole (its worker died twice) makes every
input of its chunk a failed result, naming the reason; the other chunks go on.

A ``LocalCluster`` started here runs with :data:`QUIET`: the workers' statistical
profiler off and their periodic checks slowed. Idle, a default two-worker cluster
took 18 % of a core on the development machine (its scheduler and nannies 7.5 %,
each worker 5 %), which on two cores is CPU the jobs do not get; see
bench/README.md, *Batches*. A cluster given by ``client`` or ``scheduler`` runs as it
was configured (docs/scale.md says how to configure it the same way).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from subtitler.batch.feed import DEPTH, Pacer, Pair, Work, feed
from subtitler.batch.result import Result

#: Dask's settings for a LocalCluster started by :func:`run_on_dask` (keys of ``dask.config``).
QUIET: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,  # a stack sample every 10 ms, by default
    "distributed.admin.tick.interval": "1s",  # the event loop's health check, every 20 ms by default
    "distributed.admin.system-monitor.interval": "2s",  # CPU, memory and network figures, every 500 ms
    "distributed.worker.memory.monitor-interval": "1s",  # every 100 ms
    "distributed.scheduler.work-stealing": False,  # the pacing keeps two tasks per worker: nothing to steal
}


@dataclass
class DaskEngine:
    """Tasks on a dask.distributed client, the next one that completes first."""

    client: Any
    work: Work
    completed: Any = field(init=False)

    def __post_init__(self) -> None:
        import dask.distributed

        engine: Any = dask.distributed
        self.completed = engine.as_completed()

    def submit(self, chunk: list[Pair]) -> Any:
        # pure=False: two runs of one chunk are two tasks; retries: a worker lost mid-chunk is tried once more
        future = self.client.submit(self.work, chunk, pure=False, retries=1)
        self.completed.add(future)
        return future

    def next_done(self, pending: dict[Any, list[Pair]]) -> Any:
        return next(self.completed)

    def cancel(self, pending: dict[Any, list[Pair]]) -> None:
        self.client.cancel(list(pending))

    def failure(self, exc: BaseException) -> str:
        return f"the task failed on the cluster ({type(exc).__name__}: {str(exc)[:200]})"


def run_on_dask(pairs: Sequence[Pair], work: Work, workers: int, client: Any = None, scheduler: str | None = None,
                chunk: int | None = None) -> Iterator[Result]:
    """``work`` of paced chunks on the cluster: ``client``, else one connected to ``scheduler``, else a LocalCluster."""
    import dask
    import dask.distributed

    engine: Any = dask.distributed  # untyped calls: one name for them all
    owned: list[Any] = []
    try:
        if client is None:
            if scheduler is not None:
                client = engine.Client(scheduler)
                owned.append(client)
            else:
                with dask.config.set(QUIET):  # the nannies hand this configuration to their workers
                    cluster = engine.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                  dashboard_address=None, silence_logs=logging.ERROR)
                owned.append(cluster)
                client = engine.Client(cluster)
                owned.append(client)
        threads = sum(client.nthreads().values()) or workers
        yield from feed(pairs, DaskEngine(client, work), Pacer(threads, fixed=chunk), DEPTH * threads)
    finally:
        for thing in reversed(owned):
            thing.close()
