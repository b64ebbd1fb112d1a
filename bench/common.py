"""Shared helpers of the benchmarks: test files and whole-process timing with peak memory.

Every benchmark runs each command as its own process, several times, alternating
the tools (A B A B ...), and reports the median wall time and the peak resident
memory (from the kernel's rusage of the child). Only public tools are used, so
anyone can rerun them: ``make bench``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PYTHON = sys.executable
#: The subtitler console script of the environment running the benchmark.
SUBTITLER = str(Path(PYTHON).with_name("subtitler")) if Path(PYTHON).with_name("subtitler").exists() else "subtitler"

#: Python may cache compiled modules, as on any user's machine (both sides alike).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timestamp(ms: int, sep: str) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{milli:03d}"


def cue_file(kind: str, count: int, dense: bool = False) -> Path:
    """A generated ``count``-cue SRT or WebVTT file of two-line news captions (cached in bench/data).

    The captions meet the Netflix profile (3 s cues, half-second gaps, under 20 cps and
    42 characters a line), as delivered broadcast captions mostly do. ``dense`` makes
    the stress variant instead: 2.5 s cues with a 45-character first line, so that every
    cue is over two of the profile's limits.
    """
    DATA.mkdir(exist_ok=True)
    path = DATA / f"cues-{count}{'-dense' if dense else ''}.{kind}"
    if path.exists():
        return path
    lines = ["WEBVTT\n\n"] if kind == "vtt" else []
    sep = "." if kind == "vtt" else ","
    for i in range(count):
        head = "" if kind == "vtt" else f"{i + 1}\n"
        voice = ("<v Kim Min-ji>" if i % 2 else "<v Conn-young>") if kind == "vtt" else ""
        if dense:
            start, end = i * 3000, i * 3000 + 2500
            text = f"The minister said on Tuesday that talks {i}\nwould resume <i>next week</i> in Seoul."
        else:
            start, end = i * 3500, i * 3500 + 3000  # 100,000 cues end before 99:59:59,999
            text = f"The minister said on day {i % 1000},\ntalks resume <i>next week</i>."
        lines.append(f"{head}{timestamp(start, sep)} --> {timestamp(end, sep)}\n{voice}{text}\n\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def run_once(argv: list[str], stdout: object = subprocess.DEVNULL) -> tuple[float, int]:
    """Run a command; return (wall seconds, peak RSS in MB). Raises when it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, env=ENV)  # type: ignore[arg-type]
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    err = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{argv} failed: {err}")
    return wall, usage.ru_maxrss // 1024


def compare(commands: dict[str, list[str]], runs: int = 5) -> dict[str, tuple[float, int]]:
    """Median wall time and max peak RSS of each command, runs interleaved (A B A B ...)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = {name: 0 for name in commands}
    for argv in commands.values():  # warm-up: caches, compiled modules
        run_once(argv)
    for _ in range(runs):
        for name, argv in commands.items():
            wall, peak = run_once(argv)
            times[name].append(wall)
            peaks[name] = max(peaks[name], peak)
    return {name: (statistics.median(times[name]), peaks[name]) for name in commands}


def table(results: dict[str, tuple[float, int]], ours: str, title: str) -> str:
    """A markdown table with each tool's time, its ratio to ours and its peak memory."""
    base = results[ours][0]
    rows = [f"### {title}", "", "| tool | median s | × ours | peak RSS MB |", "|---|---|---|---|"]
    for name, (wall, peak) in sorted(results.items(), key=lambda kv: kv[1][0]):
        rows.append(f"| {name} | {wall:.3f} | {wall / base:.1f} | {peak} |")
    return "\n".join(rows) + "\n"


def peer_script(code: str) -> list[str]:
    """A peer library doing a job, as a whole Python process."""
    return [PYTHON, "-c", code]
