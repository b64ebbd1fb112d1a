"""Retime benchmark: shift a 100,000-cue SRT and WebVTT file by 2 s and write it, whole process,
next to the fastest peer doing the same job (srt for SRT, webvtt-py for WebVTT).

``subtitler shift`` takes the text fast path on these clean files; the row
"subtitler API (Document path)" is the same shift through ``fileio.load``,
``retime.shift`` and the splice writer, for files the fast path leaves alone.
The outputs are compared before timing: ours and srt's are the same bytes.

Besides the wall time (median of interleaved runs, as in common.compare) the
table gives the CPU time each process used (user + system, from the kernel's
rusage): on a machine busy with other work the wall time includes waiting for a
core, and the CPU time is the steadier measure of the work itself.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time

from common import DATA, ENV, SUBTITLER, cue_file, peer_script

COUNT = 100_000
RUNS = 7


def _api(source: str, target: str) -> list[str]:
    return peer_script(
        "from subtitler import fileio, formats, retime; "
        f"d = retime.shift(fileio.load({source!r}), 2000); "
        f"open({target!r}, 'wb').write(formats.encode(d, formats.write(d)))")


def run(argv: list[str]) -> tuple[float, float, int]:
    """Run a command; return (wall seconds, CPU seconds, peak RSS in MB). Raises when it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    err = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{argv} failed: {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def compare(commands: dict[str, list[str]]) -> dict[str, tuple[float, float, int]]:
    """Median wall and CPU time and max peak RSS of each command, runs interleaved (A B C A B C ...)."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    peaks = dict.fromkeys(commands, 0)
    for _ in range(RUNS):
        for name, argv in commands.items():
            wall, cpu, peak = run(argv)
            walls[name].append(wall)
            cpus[name].append(cpu)
            peaks[name] = max(peaks[name], peak)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name]), peaks[name]) for name in commands}


def table(results: dict[str, tuple[float, float, int]], title: str) -> str:
    wall0, cpu0, _ = results["subtitler"]
    rows = [f"### {title}", "",
            "| tool | median wall s | × ours | median CPU s | × ours | peak RSS MB |", "|---|---|---|---|---|---|"]
    for name, (wall, cpu, peak) in sorted(results.items(), key=lambda kv: kv[1][0]):
        rows.append(f"| {name} | {wall:.3f} | {wall / wall0:.1f} | {cpu:.3f} | {cpu / cpu0:.1f} | {peak} |")
    return "\n".join(rows) + "\n"


def main() -> str:
    out = [f"{RUNS} interleaved runs of each, after one warm-up run; load average at the start: "
           f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores.\n"]
    srt_file, vtt_file = str(cue_file("srt", COUNT)), str(cue_file("vtt", COUNT))
    target = DATA / "out"
    target.mkdir(exist_ok=True)
    subtitler = SUBTITLER
    srt_jobs = {
        "subtitler": [subtitler, "shift", srt_file, "--by", "2s", "-o", str(target / "shift-a.srt")],
        "subtitler API (Document path)": _api(srt_file, str(target / "shift-b.srt")),
        "srt": peer_script(
            f"import datetime, srt; s = list(srt.parse(open({srt_file!r}, encoding='utf-8').read())); "
            "d = datetime.timedelta(seconds=2)\n"
            "for x in s: x.start += d; x.end += d\n"
            f"open({str(target / 'shift-c.srt')!r}, 'w', encoding='utf-8').write(srt.compose(s))"),
    }
    vtt_jobs = {
        "subtitler": [subtitler, "shift", vtt_file, "--by", "2s", "-o", str(target / "shift-a.vtt")],
        "subtitler API (Document path)": _api(vtt_file, str(target / "shift-b.vtt")),
        "webvtt-py": peer_script(
            f"import webvtt; v = webvtt.read({vtt_file!r}); v.shift(2); v.save({str(target / 'shift-c.vtt')!r})"),
    }
    for jobs in (srt_jobs, vtt_jobs):  # the warm-up run, then a check that they all did the same job
        for argv in jobs.values():
            run(argv)
    assert (target / "shift-a.srt").read_bytes() == (target / "shift-b.srt").read_bytes() == (
        target / "shift-c.srt").read_bytes()
    assert (target / "shift-a.vtt").read_bytes() == (target / "shift-b.vtt").read_bytes()
    out.append(table(compare(srt_jobs), f"Shift {COUNT:,} SRT cues by 2 s and write them"))
    out.append(table(compare(vtt_jobs), f"Shift {COUNT:,} WebVTT cues by 2 s and write them"))
    return "\n".join(out)


if __name__ == "__main__":
    print(main())
