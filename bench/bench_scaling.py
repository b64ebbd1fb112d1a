"""Scaling benchmark: each pathological input shape at 10 kB, 100 kB, 1 MB and 10 MB.

Every shape is one a fuzzing run found super-linear (or a crash) in some reader, check
or command, and three transcript shapes for generate. For each size it times read, validate,
convert and shift (generate for transcripts) in this process
and reports microseconds per input byte, which must stay flat as the input grows, and
the peak memory Python allocates (``tracemalloc``, a separate run) as a multiple of
the input size. Time is the processor time of this process (``time.process_time``: what the
run computed, which other jobs on a loaded machine barely change), the least of several runs;
the wall time of the same runs is kept beside it, to show how much the load added.
``python bench/bench_scaling.py [--max-bytes N] [--shape NAME] [--repeats N] [--rss]``:
``--rss`` also runs each command once at the largest size in a fresh process and reports its
peak resident set over that of a process that only read the input.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import NamedTuple

import subtitler

_VTT_HEAD = "WEBVTT\n\n00:01.000 --> 00:02.000\n"
_SRT_HEAD = "1\n00:00:01,000 --> 00:00:02,000\n"


def _fill(head: str, unit: str, size: int, tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


#: Each shape: a name and how to build a text of about ``size`` characters.
SHAPES: dict[str, Callable[[int], str]] = {
    "vtt unclosed <v of spaces": lambda n: _fill(_VTT_HEAD + "<v", " ", n),
    "vtt < runs": lambda n: _fill(_VTT_HEAD, "<", n),
    "vtt deep nested tags": lambda n: _fill(_VTT_HEAD, "<b><i>", n),
    "vtt REGION tokens": lambda n: _fill("WEBVTT\n\nREGION\n", "x ", n, "\n\n00:01.000 --> 00:02.000\nhi\n"),
    "vtt spaces before arrow": lambda n: _fill("WEBVTT\n\n00:01.000", " ", n, "-> 00:02.000\nhi\n"),
    "srt dash line": lambda n: _fill(_SRT_HEAD + "0:0", "-", n),
    "srt --> runs": lambda n: _fill(_SRT_HEAD + "0:0", "-- ", n),
    "srt spaces before arrow": lambda n: _fill("1\n00:00:01,000", " ", n, "->\nhi\n"),
    "srt many cues": lambda n: "".join(
        f"{i + 1}\n00:00:{i % 60:02d},000 --> 00:00:{i % 60:02d},500\n<i>line {i}</i>\n\n"
        for i in range(max(1, n // 44))),
}

_SENTENCES = ("The council met on Tuesday evening to discuss the new budget. ",
              "Residents asked why the library would close two days a week. ",
              "The mayor said the decision was not final and would be reviewed. ")

#: Transcript shapes, for generate: one line of many sentences (once super-linear), single very
#: long "words", and ordinary paragraphs.
TRANSCRIPTS: dict[str, Callable[[int], str]] = {
    "transcript one line of sentences": lambda n: _fill("", "".join(_SENTENCES), n, "\n"),
    "transcript long words": lambda n: _fill("", "x" * 5000 + " word. ", n, "\n"),
    "transcript paragraphs": lambda n: _fill("", "".join(_SENTENCES) + "\n\n", n),
}


def _generate(text: str) -> object:
    return subtitler.generate(text)


def _convert(text: str) -> object:
    doc = subtitler.loads(text)
    with contextlib.suppress(subtitler.SubtitlerError):  # a file of no cues is refused, on purpose
        return subtitler.dumps(subtitler.convert(doc, "srt" if doc.format == "vtt" else "vtt"))
    return None


def _shift(text: str) -> object:
    doc = subtitler.loads(text)
    with contextlib.suppress(subtitler.SubtitlerError):
        return subtitler.dumps(subtitler.shift(doc, 1000, negative="clamp"))
    return None


#: The commands timed, each a function of the input text (read included in each).
COMMANDS: dict[str, Callable[[str], object]] = {
    "read": subtitler.loads,
    "validate": lambda text: subtitler.validate(subtitler.loads(text)),
    "convert": _convert,
    "shift": _shift,
}

SIZES = (10_000, 100_000, 1_000_000, 10_000_000)
#: A size's time is the least of at least ``--repeats`` runs, and of as many more as fit in this
#: many seconds, so that the small sizes, where a run takes milliseconds, are not single noisy samples.
REPEAT_SECONDS = 0.5
#: The least number of runs of each size (``--repeats``).
REPEATS = 3


class Timing(NamedTuple):
    """The least processor and the least wall seconds of one run, over repeated runs."""

    cpu: float
    wall: float


def _forget() -> None:
    """Start each run as a new process would: clear the verdicts validate keeps across files (tag
    sequences judged) and every ``lru_cache`` of the package, so that a repeated small run pays
    for its input again instead of finding its own answers (which made 10 kB look several times
    cheaper per byte than 100 kB)."""
    import functools
    import sys

    from subtitler.checks import tags

    for judged in tags._JUDGED.values():
        judged.clear()
    for name, module in list(sys.modules.items()):
        if name.startswith("subtitler"):
            for value in list(vars(module).values()):
                if isinstance(value, functools._lru_cache_wrapper):
                    value.cache_clear()


def timed(command: Callable[[str], object], text: str, repeats: int = REPEATS) -> Timing:
    """The least processor seconds and the least wall seconds of one run of ``command``, over repeated runs."""
    cpu = wall = float("inf")
    spent = 0.0
    runs = 0
    while runs < repeats or spent < REPEAT_SECONDS:
        _forget()
        gc.collect()
        began, began_cpu = time.perf_counter(), time.process_time()
        command(text)
        took_cpu, took = time.process_time() - began_cpu, time.perf_counter() - began
        cpu, wall = min(cpu, took_cpu), min(wall, took)
        spent, runs = spent + took, runs + 1
    return Timing(cpu, wall)


def traced_peak(command: Callable[[str], object], text: str) -> int:
    """The peak memory Python allocates in one run of ``command`` (``tracemalloc``), in bytes."""
    _forget()
    gc.collect()
    tracemalloc.start()
    try:
        command(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


#: The child's peak resident set is the kernel's high-water mark of its own memory (``VmHWM``), not
#: ``ru_maxrss``, which a process started from a large one inherits across ``exec``.
_CHILD = """
import sys
sys.path.insert(0, {bench!r})
import bench_scaling as b
build = b.SHAPES.get({shape!r}) or b.TRANSCRIPTS[{shape!r}]
text = build({size})
command = {{**b.COMMANDS, "generate": b._generate, "none": lambda t: None}}[{command!r}]
command(text)
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def resident_peak(shape: str, command: str, size: int) -> int:
    """The peak resident set of a fresh process running ``command`` on ``shape`` at ``size``, less that
    of a process that only built the input (the interpreter, the package and the input itself), in bytes."""
    import pathlib

    def peak_kib(cname: str) -> int:
        code = _CHILD.format(bench=str(pathlib.Path(__file__).parent), shape=shape, command=cname, size=size)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        return int(done.stdout.split()[-1])

    return (peak_kib(command) - peak_kib("none")) * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-bytes", type=int, default=10_000_000)
    parser.add_argument("--min-bytes", type=int, default=0)
    parser.add_argument("--shape", default="")
    parser.add_argument("--command", default="", help="only this command (read, validate, convert, shift, generate)")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--rss", action="store_true", help="also the resident set of a fresh process, largest size")
    parser.add_argument("--rss-only", action="store_true", help="only that resident set, no times")
    args = parser.parse_args()
    sizes = [s for s in SIZES if args.min_bytes <= s <= args.max_bytes]
    print("| shape | command | " + " | ".join(f"cpu µs/B {s // 1000:,} kB" for s in sizes)
          + " | cpu worst/best | cpu growth | wall worst/best | traced peak × input (largest) |"
          + (" RSS peak × input (largest) |" if args.rss else ""))
    print("|---|---|" + "---|" * len(sizes) + "---|---|---|---|" + ("---|" if args.rss else ""))
    plan = [(name, build, COMMANDS) for name, build in SHAPES.items()]
    plan += [(name, build, {"generate": _generate}) for name, build in TRANSCRIPTS.items()]
    for name, build, commands in plan:
        if args.shape and args.shape not in name:
            continue
        texts = {size: build(size) for size in sizes}
        for cname, command in commands.items():
            if args.command and cname != args.command:
                continue
            if args.rss_only:
                rss = resident_peak(name, cname, sizes[-1]) / len(texts[sizes[-1]].encode())
                print(f"| {name} | {cname} | {sizes[-1] // 1000:,} kB | RSS peak × input {rss:.1f} |", flush=True)
                continue
            cpu: list[float] = []
            wall: list[float] = []
            peak_ratio = 0.0
            command(texts[sizes[0]])  # warm up: imports and compiled patterns are not the input's cost
            for text in texts.values():
                took = timed(command, text, args.repeats)
                cpu.append(took.cpu * 1e6 / len(text))
                wall.append(took.wall * 1e6 / len(text))
                if not args.no_memory:
                    peak_ratio = traced_peak(command, text) / len(text.encode())
            cells = " | ".join(f"{v:.3f}" for v in cpu)
            spread = max(cpu) / max(min(cpu), 1e-9)
            wall_spread = max(wall) / max(min(wall), 1e-9)
            # growth: the largest size's time per byte over the least of the sizes below it (a small input
            # costs more per byte, the fixed cost of a call: that is worst/best, not growth)
            growth = cpu[-1] / max(min(cpu[:-1] or cpu), 1e-9)
            row = f"| {name} | {cname} | {cells} | {spread:.1f} | {growth:.1f} | {wall_spread:.1f} | {peak_ratio:.1f} |"
            if args.rss:
                largest = texts[sizes[-1]]
                row += f" {resident_peak(name, cname, sizes[-1]) / len(largest.encode()):.1f} |"
            print(row, flush=True)


if __name__ == "__main__":
    main()
