"""Scaling benchmark: each pathological input shape at 10 kB, 100 kB, 1 MB and 10 MB.

Every shape is one a fuzzing run found super-linear (or a crash) in some reader, check
or command, and three transcript shapes for generate. For each size it times read, validate,
convert and shift (generate for transcripts) in this process
and reports microseconds per input byte, which must stay flat as the input grows, and
the peak memory Python allocates (``tracemalloc``, a separate run) as a multiple of
the input size. ``python bench/bench_scaling.py [--max-bytes N] [--shape NAME]``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import time
import tracemalloc
from collections.abc import Callable

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
#: A size's time is the least of as many runs as fit in this many seconds (at least one), so that
#: the small sizes, where a run takes milliseconds, are not single noisy samples.
REPEAT_SECONDS = 0.5


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


def timed(command: Callable[[str], object], text: str) -> float:
    """The least seconds of one run of ``command`` over repeated runs."""
    best = float("inf")
    spent = 0.0
    while spent < REPEAT_SECONDS or best == float("inf"):
        _forget()
        gc.collect()
        began = time.perf_counter()
        command(text)
        took = time.perf_counter() - began
        best, spent = min(best, took), spent + took
        if took > REPEAT_SECONDS:
            break
    return best


def measure(command: Callable[[str], object], text: str) -> tuple[float, float]:
    """Seconds for one run (the least of repeated runs) and the peak traced memory in bytes (a further run)."""
    seconds = timed(command, text)
    _forget()
    tracemalloc.start()
    try:
        command(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-bytes", type=int, default=10_000_000)
    parser.add_argument("--shape", default="")
    parser.add_argument("--no-memory", action="store_true")
    args = parser.parse_args()
    sizes = [s for s in SIZES if s <= args.max_bytes]
    print("| shape | command | " + " | ".join(f"µs/B {s // 1000:,} kB" for s in sizes)
          + " | worst/best | peak mem × input (largest) |")
    print("|---|---|" + "---|" * len(sizes) + "---|---|")
    plan = [(name, build, COMMANDS) for name, build in SHAPES.items()]
    plan += [(name, build, {"generate": _generate}) for name, build in TRANSCRIPTS.items()]
    for name, build, commands in plan:
        if args.shape and args.shape not in name:
            continue
        texts = {size: build(size) for size in sizes}
        for cname, command in commands.items():
            per_byte = []
            peak_ratio = 0.0
            command(texts[sizes[0]])  # warm up: imports and compiled patterns are not the input's cost
            for text in texts.values():
                if args.no_memory:
                    seconds, peak = timed(command, text), 0
                else:
                    seconds, peak = measure(command, text)
                per_byte.append(seconds * 1e6 / len(text))
                peak_ratio = peak / len(text.encode())
            cells = " | ".join(f"{v:.3f}" for v in per_byte)
            ratio = max(per_byte) / max(min(per_byte), 1e-9)
            print(f"| {name} | {cname} | {cells} | {ratio:.1f} | {peak_ratio:.1f} |", flush=True)


if __name__ == "__main__":
    main()
