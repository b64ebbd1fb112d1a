"""How subtitler.batch hands inputs to the workers: paced chunks, results as each chunk is back, failures per input."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.batch.feed import CAP, Pacer, feed
from subtitler.batch.result import Result


@settings(deadline=None)  # pure arithmetic, but a loaded machine can stall any example
@given(total=st.integers(1, 3000), workers=st.integers(1, 16),
       per_file_ms=st.lists(st.floats(0.05, 500), min_size=1, max_size=50))
def test_the_chunks_cover_every_input_once_start_at_one_and_stay_within_the_cap(
        total: int, workers: int, per_file_ms: list[float]) -> None:
    pacer = Pacer(workers)
    sizes: list[int] = []
    remaining = total
    while remaining:
        size = pacer.size(remaining)
        assert 1 <= size <= min(CAP, remaining)
        sizes.append(size)
        remaining -= size
        if len(sizes) >= workers:  # as feed does: a chunk for each worker before any is back
            pacer.observe(size, size * per_file_ms[len(sizes) % len(per_file_ms)] / 1000)
    assert sum(sizes) == total
    assert sizes[:workers] == [1] * min(workers, len(sizes))  # the first results come after one file's time
    # no chunk more than twice the largest before it: a wrong first estimate cannot make one huge task
    largest = sizes[0]
    for size in sizes[1:]:
        assert size <= 2 * largest
        largest = max(largest, size)


@settings(deadline=None)
@given(per_file_ms=st.floats(0.05, 2000), workers=st.integers(1, 8))
def test_once_the_time_per_file_is_known_a_chunk_is_about_half_a_second_of_work(per_file_ms: float,
                                                                                workers: int) -> None:
    pacer = Pacer(workers)
    for _ in range(40):
        size = pacer.size(1_000_000)
        pacer.observe(size, size * per_file_ms / 1000)
    size = pacer.size(1_000_000)
    assert abs(size - max(1, min(CAP, int(0.5 / (per_file_ms / 1000))))) <= 1  # the average's rounding
    # and near the end, at most the inputs left over twice the workers, so that the workers end together
    assert pacer.size(8 * workers) <= 4


def test_a_fixed_chunk_is_kept_whatever_the_times() -> None:
    pacer = Pacer(2, fixed=7)
    pacer.observe(7, 100.0)
    assert [pacer.size(n) for n in (100, 7, 3)] == [7, 7, 3]


class Threads:
    """An engine on threads of this process whose chunks holding ``doomed`` fail as a whole (a lost worker)."""

    def __init__(self, doomed: str) -> None:
        self.pool = ThreadPoolExecutor(2)
        self.doomed = doomed
        self.chunks: list[list[tuple[str, str]]] = []

    def work(self, chunk: Sequence[tuple[str, str]]) -> tuple[list[Result], float]:
        if any(path == self.doomed for path, _ in chunk):
            raise OSError("worker lost")
        return [Result(path, "done", output=target) for path, target in chunk], 0.001 * len(chunk)

    def submit(self, chunk: list[tuple[str, str]]) -> Future[tuple[list[Result], float]]:
        self.chunks.append(chunk)
        return self.pool.submit(self.work, chunk)

    def next_done(self, pending: dict[Any, list[tuple[str, str]]]) -> Any:
        return next(iter(wait(pending, return_when=FIRST_COMPLETED)[0]))

    def cancel(self, pending: dict[Any, list[tuple[str, str]]]) -> None:
        for future in pending:
            future.cancel()

    def failure(self, exc: BaseException) -> str:
        return f"lost: {exc}"


def test_a_chunk_that_fails_as_a_whole_fails_its_inputs_alone_and_every_input_has_one_result() -> None:
    pairs = [(f"in/{k:03d}.srt", f"out/{k:03d}.vtt") for k in range(300)]
    engine = Threads(doomed="in/150.srt")
    results = list(feed(pairs, engine, Pacer(2), depth=4))
    assert sorted(r.path for r in results) == [path for path, _ in pairs]
    doomed = next(chunk for chunk in engine.chunks if ("in/150.srt", "out/150.vtt") in chunk)
    failed = {r.path for r in results if r.status == "failed"}
    assert failed == {path for path, _ in doomed}
    assert all(r.error == "lost: worker lost" for r in results if r.status == "failed")
    assert [len(chunk) for chunk in engine.chunks[:4]] == [1, 1, 1, 1]  # one each before any time is known
    assert len(engine.chunks) < 300  # chunks, not a task a file


def test_a_reader_that_stops_early_leaves_the_chunks_not_handed_out_undone() -> None:
    pairs = [(f"in/{k:03d}.srt", "") for k in range(1000)]
    engine = Threads(doomed="")
    results = feed(pairs, engine, Pacer(2), depth=4)
    first = next(results)
    results.close()
    assert first.status == "done"
    assert sum(len(chunk) for chunk in engine.chunks) < 100  # only what was in flight, never the rest
