"""Batch benchmark: 20,000 small caption files validated and converted by subtitler.batch on each engine.

The files are generated here (60 cues each, SRT, a few defects in some; cached in
bench/data), not taken from any corpus. Each engine setting runs in a fresh process:
the local engine (the validate --jobs process pool) with 1 and 2 processes, and Dask
(a LocalCluster of worker processes, one thread each) with 1 and 2 workers. For each:

- files per second, validate (nothing written) and convert to WebVTT (every output
  written atomically to a local folder), timed from the call to the last result;
- peak memory per worker (the largest resident set of a worker process: rusage of the
  pool's children, or each Dask worker's own);
- the engine's overhead per file: the worker time a file costs beyond the job itself,
  ``(wall × workers − files × serial cost) / files``, where the serial cost is the same
  job called in one process with no engine at all.

The cluster's start (and one small warm-up batch, so that its workers have imported
subtitler, as the pool's forked workers have) is timed apart. ``python bench/bench_scale.py
[--files N] [--json FILE]``; ``--child`` is the per-setting process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import DATA, ENV, PYTHON, timestamp

HERE = Path(__file__).resolve().parent
FILES = 20_000
CUES = 60
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


def child(engine: str, workers: int, files: Path, out: Path) -> dict[str, Any]:
    """One engine setting in this process: validate then convert every file; figures as a dict."""
    sys.path.insert(0, str(HERE.parent))
    from subtitler import batch

    figures: dict[str, Any] = {"engine": engine, "workers": workers}
    client = cluster = None
    if engine == "dask":
        import logging

        from dask.distributed import Client, LocalCluster

        began = time.perf_counter()
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        client = Client(cluster)
        list(batch.run(batch.Validate(), [str(files / "00")], client=client, chunk=8))  # warm-up: imports
        figures["start_s"] = time.perf_counter() - began
    for name, job, target in (("validate", batch.Validate(), None), ("convert", batch.Convert("vtt"), out)):
        if target is not None:
            shutil.rmtree(target, ignore_errors=True)
        began = time.perf_counter()
        results = list(batch.run(job, [str(files)], str(target) if target else None, client=client,
                                 engine=engine, jobs=workers))  # type: ignore[arg-type]
        figures[f"{name}_s"] = time.perf_counter() - began
        figures[f"{name}_files"] = len(results)
        figures[f"{name}_failed"] = sum(r.status == "failed" for r in results)
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
    import statistics

    row = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, float):
            row[key] = statistics.median(run[key] for run in runs)
    row["runs"] = len(runs)
    return row


def serial_cost(files: Path, sample: int = 1000) -> dict[str, float]:
    """Seconds per file of each job called in this process with no engine: read, run, write."""
    sys.path.insert(0, str(HERE.parent))
    from subtitler import batch, fileio

    paths = sorted(files.glob("*/*.srt"))[:sample]
    out = DATA / "scale-serial"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    costs = {}
    for name, job in (("validate", batch.Validate()), ("convert", batch.Convert("vtt"))):
        began = time.perf_counter()
        for path in paths:
            outcome = job(fileio.read_bytes(str(path)), str(path))
            if outcome.data is not None:
                fileio.write_atomic(str(out / (path.stem + ".vtt")), outcome.data)
        costs[name] = (time.perf_counter() - began) / len(paths)
    shutil.rmtree(out, ignore_errors=True)
    return costs


def render(rows: list[dict[str, Any]], serial: dict[str, float], files: int) -> str:
    lines = [f"### subtitler.batch: {files:,} files of {CUES} cues, validate and convert to WebVTT\n",
             "| engine | workers | validate files/s | convert files/s | peak MB per worker | "
             "overhead per file, validate ms | overhead per file, convert ms | cluster start s |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        rates = [row[f"{job}_files"] / row[f"{job}_s"] for job in ("validate", "convert")]
        overhead = [(row[f"{job}_s"] * row["workers"] - row[f"{job}_files"] * serial[job]) / row[f"{job}_files"] * 1000
                    for job in ("validate", "convert")]
        start = f"{row['start_s']:.1f}" if "start_s" in row else "–"
        lines.append(f"| {row['engine']} | {row['workers']} | {rates[0]:,.0f} | {rates[1]:,.0f} | "
                     f"{row['worker_peak_mb']:.0f} | {overhead[0]:.2f} | {overhead[1]:.2f} | {start} |")
    if rows and rows[0].get("runs", 1) > 1:
        lines.append(f"\nMedians of {rows[0]['runs']} runs of each setting, the settings in turn.")
    lines.append(f"\nSerial cost with no engine (one process, read + job + write): validate "
                 f"{serial['validate'] * 1000:.2f} ms a file, convert {serial['convert'] * 1000:.2f} ms.")
    by = {(r["engine"], r["workers"]): r for r in rows}
    if ("local", 2) in by and ("dask", 2) in by:
        for job in ("validate", "convert"):
            ratio = by[("local", 2)][f"{job}_s"] / by[("dask", 2)][f"{job}_s"]
            lines.append(f"Dask at 2 workers, {job}: {ratio:.0%} of the local pool's throughput at 2 processes "
                         f"(target ≥ 75 %: {'met' if ratio >= 0.75 else 'not met'}).")
    return "\n".join(lines) + "\n"


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
    serial = serial_cost(files)
    load = (load_before, os.getloadavg()[0])
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "serial": serial, "files": args.files, "load": load},
                                              indent=1))
    return render(rows, serial, args.files) + f"Load average (1 min) at the start {load[0]:.1f}, at the end {load[1]:.1f}.\n"


if __name__ == "__main__":
    print(main(sys.argv[1:]), end="")
