"""The dask engine: chunks of inputs as tasks on a ``dask.distributed`` cluster, results as each completes.

Imported only when the dask engine is asked for (``dask[distributed]``, in the
``scale`` extra). A task that fails as a whole (its worker died twice) makes every
input of its chunk a failed result, naming the reason; the other chunks go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from subtitler.batch import Result


def run_chunks(work: Callable[[list[tuple[str, str]]], list[Result]], chunks: Sequence[list[tuple[str, str]]],
               workers: int, client: Any = None, scheduler: str | None = None) -> Iterator[Result]:
    """``work`` of each chunk on the cluster: ``client``, else one connected to ``scheduler``, else a LocalCluster."""
    import dask.distributed

    engine: Any = dask.distributed  # untyped calls: one name for them all
    owned: list[Any] = []
    if client is None:
        if scheduler is not None:
            client = engine.Client(scheduler)
            owned.append(client)
        else:
            cluster = engine.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                          dashboard_address=None, silence_logs=logging.ERROR)
            owned.append(cluster)
            client = engine.Client(cluster)
            owned.append(client)
    futures = {}
    try:
        for chunk in chunks:
            # pure=False: two runs of one chunk are two tasks; retries: a worker lost mid-chunk is tried once more
            futures[client.submit(work, chunk, pure=False, retries=1)] = chunk
        for future in engine.as_completed(list(futures)):
            try:
                results = future.result()
            except Exception as exc:
                why = f"the task failed on the cluster ({type(exc).__name__}: {str(exc)[:200]})"
                results = [Result(path, "failed", error=why) for path, _ in futures[future]]
            del futures[future]  # its result is out: the scheduler may forget it
            yield from results
    finally:
        if futures:
            client.cancel(list(futures))
        for thing in reversed(owned):
            thing.close()
