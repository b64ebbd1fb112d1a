"""Batch benchmark: 20,000 small caption files validated and converted by subtitler.batch on each engine.

The files are generated here (60 cues each, SRT, a few defects in some; cached in
bench/data), not taken from any corpus. Each engine setting runs in a fresh process:
the local engine (the validate --jobs process pool) with 1 and 2 processes, and Dask
(a LocalCluster of worker processes, one thread each) with 1 and 2 workers. For each:

- files per second, validate (nothing written) and convert to WebVTT (every output
  written atomically to a local folder), timed from the call to the last result;
- peak memory per worker (the largest resident set of a worker process: rusage of the
  pool's children, or each Dask worker's own);
- the engine's CPU per file: the CPU seconds of every process of the run (this one,
  the pool's or the cluster's: scheduler, nannies, workers) over the files, less the
  CPU a file costs with no engine at all (the same job called in this process on
  300 of the files, just before: the same moment's load). CPU time, unlike wall
  time, does not grow when other programs take the cores, so it is the figure that
  says what the engine costs on a shared machine;
- the time to the first result.

The cluster's start (and one small warm-up batch, so that its workers have imported
subtitler, as the pool's forked workers have) is timed apart. ``--repeat N`` runs the
settings in turn N times (A B A B …) and prints each pair of local × 2 and dask × 2. ``python bench/bench_scale.py
[--files N] [--json FILE]``; ``--child`` is the per-setting process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import DATA, ENV, PYTHON, timestamp

HERE = Path(__file__).resolve().parent
FILES = 20_000
CUES = 60
#: Files the job's own cost is measured on, before each setting.
SAMPLE = 300
SETTINGS = (("local", 1), ("local", 2), ("dask", 1), ("dask", 2))


def small_files(count: int) -> Path:
    """``count`` SRT files of 60 two-line cues (about 4 kB each), every ninth with an overlap (cached)."""
    folder = DATA / f"scale-{count}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for n in range(count):
        sub = folder / f"{n // 1000:02d}"
        if n % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        parts = []
        for i in range(CUES):
            start = i * 3500 + (n % 11) * 10
            end = start + (4200 if n % 9 == 0 and i == 30 else 3000)
            speaker = "KIM MIN-JI: " if i % 6 == 0 else ""
            parts.append(f"{i + 1}\n{timestamp(start, ',')} --> {timestamp(end, ',')}\n{speaker}Report {n}, "
                         f"line {i}: the council\nmet in <i>Seoul</i> today.\n\n")
        (sub / f"report-{n:05d}.srt").write_text("".join(parts), encoding="utf-8")
    marker.write_text("")
    return folder


def _peak_mb(usage: Any) -> float:
    return float(usage.ru_maxrss) / 1024  # Linux reports kB


def _cpu_s(live: dict[int, float]) -> float:
    """CPU seconds of this process, its reaped children and its live ones (``live``: pid to CPU, updated)."""
    import psutil

    own = resource.getrusage(resource.RUSAGE_SELF)
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    for process in psutil.Process().children(recursive=True):
        try:
            times = process.cpu_times()
            live[process.pid] = times.user + times.system
        except psutil.Error:
            pass
    return own.ru_utime + own.ru_stime + reaped.ru_utime + reaped.ru_stime + sum(live.values())


def child(engine: str, workers: int, files: Path, out: Path) -> dict[str, Any]:
    """One engine setting in this process: validate then convert every file; figures as a dict.

    The job's own cost is measured here first (:func:`serial_cost`, on a sample), so that the
    engine's overhead is reckoned against a cost met under the same load.
    """
    sys.path.insert(0, str(HERE.parent))
    from subtitler import batch

    figures: dict[str, Any] = {"engine": engine, "workers": workers}
    figures.update({f"serial_{k}": v for k, v in serial_cost(files, SAMPLE).items()})
    client = cluster = None
    live: dict[int, float] = {}  # CPU seconds of each live child (a Dask worker) when last seen
    if engine == "dask":
        import logging

        import dask
        from dask.distributed import Client, LocalCluster

        from subtitler.batch.cluster import QUIET

        began = time.perf_counter()
        with dask.config.set(QUIET):  # as subtitler.batch starts its own LocalCluster
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
        client = Client(cluster)
        list(batch.run(batch.Validate(), [str(files / "00")], client=client))  # warm-up: imports
        figures["start_s"] = time.perf_counter() - began
    for name, job, target in (("validate", batch.Validate(), None), ("convert", batch.Convert("vtt"), out)):
        if target is not None:
            shutil.rmtree(target, ignore_errors=True)
        cpu = _cpu_s(live)
        began = time.perf_counter()
        results = batch.run(job, [str(files)], str(target) if target else None, client=client,
                            engine=engine, jobs=workers)  # type: ignore[arg-type]
        first = None
        count = failed = 0
        for result in results:
            if first is None:
                first = time.perf_counter() - began
            count += 1
            failed += result.status == "failed"
        figures[f"{name}_s"] = time.perf_counter() - began
        figures[f"{name}_cpu_s"] = _cpu_s(live) - cpu
        figures[f"{name}_first_s"] = first
        figures[f"{name}_files"] = count
        figures[f"{name}_failed"] = failed
    if client is not None:
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        figures["worker_peak_mb"] = max(peaks.values()) / 1024
        client.close()
        cluster.close()  # type: ignore[union-attr]
    elif workers > 1:
        figures["worker_peak_mb"] = _peak_mb(resource.getrusage(resource.RUSAGE_CHILDREN))
    else:
        figures["worker_peak_mb"] = _peak_mb(resource.getrusage(resource.RUSAGE_SELF))
    shutil.rmtree(out, ignore_errors=True)
    return figures


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One setting's figures: the median of each over its runs."""
    row = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, float) and all(run.get(key) is not None for run in runs):
            row[key] = statistics.median(run[key] for run in runs)
    row["runs"] = len(runs)
    return row


def serial_cost(files: Path, sample: int) -> dict[str, float]:
    """Seconds per file, wall and CPU, of each job called in this process with no engine: read, run, write."""
    sys.path.insert(0, str(HERE.parent))
    from subtitler import batch, fileio

    paths = sorted(files.glob("*/*.srt"))[-sample:]  # not the warm-up's folder
    out = DATA / f"scale-serial-{os.getpid()}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    costs = {}
    for name, job in (("validate", batch.Validate()), ("convert", batch.Convert("vtt"))):
        began, cpu = time.perf_counter(), time.process_time()
        for path in paths:
            outcome = job(fileio.read_bytes(str(path)), str(path))
            if outcome.data is not None:
                fileio.write_atomic(str(out / (path.stem + ".vtt")), outcome.data)
        costs[name] = (time.perf_counter() - began) / len(paths)
        costs[f"{name}_cpu"] = (time.process_time() - cpu) / len(paths)
    shutil.rmtree(out, ignore_errors=True)
    return costs


def render(rows: list[dict[str, Any]], files: int) -> str:
    lines = [f"### subtitler.batch: {files:,} files of {CUES} cues, validate and convert to WebVTT\n",
             "| engine | workers | validate files/s | convert files/s | peak MB per worker | "
             "engine CPU per file, validate ms | engine CPU per file, convert ms | first result s | cluster start s |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        rates = [row[f"{job}_files"] / row[f"{job}_s"] for job in ("validate", "convert")]
        overhead = [(row[f"{job}_cpu_s"] / row[f"{job}_files"] - row[f"serial_{job}_cpu"]) * 1000
                    for job in ("validate", "convert")]
        start = f"{row['start_s']:.1f}" if "start_s" in row else "–"
        lines.append(f"| {row['engine']} | {row['workers']} | {rates[0]:,.0f} | {rates[1]:,.0f} | "
                     f"{row['worker_peak_mb']:.0f} | {overhead[0]:.2f} | {overhead[1]:.2f} | "
                     f"{row['validate_first_s']:.2f} | {start} |")
    if rows and rows[0].get("runs", 1) > 1:
        lines.append(f"\nMedians of {rows[0]['runs']} runs of each setting, the settings in turn.")
    serial = {k: statistics.median(r[f"serial_{k}"] for r in rows)
              for k in ("validate", "convert", "validate_cpu", "convert_cpu")}
    lines.append(f"\nSerial cost with no engine (one process, read + job + write, {SAMPLE} files before each "
                 f"setting; medians): validate {serial['validate'] * 1000:.2f} ms a file ({serial['validate_cpu'] * 1000:.2f} "
                 f"ms CPU), convert {serial['convert'] * 1000:.2f} ms ({serial['convert_cpu'] * 1000:.2f} ms CPU).")
    by = {(r["engine"], r["workers"]): r for r in rows}
    if ("local", 2) in by and ("dask", 2) in by:
        for job in ("validate", "convert"):
            ratio = by[("local", 2)][f"{job}_s"] / by[("dask", 2)][f"{job}_s"]
            lines.append(f"Dask at 2 workers, {job}: {ratio:.0%} of the local pool's throughput at 2 processes "
                         f"(target ≥ 75 %: {'met' if ratio >= 0.75 else 'not met'}).")
    return "\n".join(lines) + "\n"


def pairs(runs: dict[tuple[str, int], list[dict[str, Any]]]) -> str:
    """Each run of local × 2 against the dask × 2 run that followed it (the same moment's load)."""
    local, dask = runs.get(("local", 2), []), runs.get(("dask", 2), [])
    lines = []
    for k, (a, b) in enumerate(zip(local, dask, strict=False)):
        ratios = [a[f"{job}_s"] / b[f"{job}_s"] for job in ("validate", "convert")]
        lines.append(f"Pair {k + 1}: local {a['validate_s']:.1f} s / {a['convert_s']:.1f} s, dask {b['validate_s']:.1f} s "
                     f"/ {b['convert_s']:.1f} s: validate {ratios[0]:.0%}, convert {ratios[1]:.0%}.")
    return "\n".join(lines) + ("\n" if lines else "")


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=FILES)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--settings", default=",".join(f"{e}:{w}" for e, w in SETTINGS),
                        help="ENGINE:WORKERS,… (default: local:1,local:2,dask:1,dask:2)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the settings in turn this many times (A B A B …); medians are quoted")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    files = small_files(args.files)
    if args.child:
        engine, workers = args.child[0], int(args.child[1])
        print(json.dumps(child(engine, workers, files, DATA / f"scale-out-{engine}-{workers}")))
        return ""
    settings = [(e, int(w)) for e, w in (item.split(":") for item in args.settings.split(","))]
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {setting: [] for setting in settings}
    load_before = os.getloadavg()[0]
    for _ in range(args.repeat):
        for engine, workers in settings:
            done = subprocess.run([PYTHON, __file__, "--files", str(args.files), "--child", engine, str(workers)],
                                  capture_output=True, text=True, env={**ENV, "PYTHONPATH": str(HERE.parent)},
                                  check=True)
            runs[(engine, workers)].append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"  {engine} × {workers}: {runs[(engine, workers)][-1]}", file=sys.stderr, flush=True)
    rows = [_median(found) for found in runs.values()]
    load = (load_before, os.getloadavg()[0])
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "runs": {f"{e}:{w}": r for (e, w), r in runs.items()},
                                               "files": args.files, "load": load}, indent=1))
    return (render(rows, args.files) + pairs(runs)
            + f"Load average (1 min) at the start {load[0]:.1f}, at the end {load[1]:.1f}.\n")


if __name__ == "__main__":
    print(main(sys.argv[1:]), end="")
