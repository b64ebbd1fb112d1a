"""validate benchmark: a 100,000-cue file checked with every rule, whole process, next to the peer
libraries only *parsing* the same file; and 1,000 small files with --jobs 1 and --jobs 2."""

from __future__ import annotations

import shutil
from pathlib import Path

from common import DATA, PYTHON, compare, cue_file, peer_script, table, timestamp

COUNT = 100_000
SMALL_FILES = 1000
SMALL_CUES = 60


def small_files() -> str:
    """1,000 small SRT and WebVTT files (60 cues each) with a few defects each (cached in bench/data)."""
    folder = DATA / "small"
    if folder.exists() and len(list(folder.iterdir())) == SMALL_FILES:
        return str(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(SMALL_FILES):
        kind = "vtt" if n % 2 else "srt"
        sep = "." if kind == "vtt" else ","
        parts = ["WEBVTT\n\n"] if kind == "vtt" else []
        for i in range(SMALL_CUES):
            start = i * 2500 + (n % 7) * 10
            end = start + (2600 if i % 17 == 3 else 2000)  # an overlap now and then
            head = f"c{i}\n" if kind == "vtt" else f"{i + 1}\n"
            text = (f"Line {i} of file {n}, said the <i>correspondent</i>\nin Seoul." if i % 5
                    else f"A much longer first line that runs past the limit, cue {i}\nand a second one.")
            parts.append(f"{head}{timestamp(start, sep)} --> {timestamp(end, sep)}\n{text}\n\n")
        (folder / f"file-{n:04d}.{kind}").write_text("".join(parts), encoding="utf-8")
    return str(folder)


def main() -> str:
    out = []
    srt_file = cue_file("srt", COUNT)
    # the console script beside this Python (a venv need not be on PATH)
    beside = Path(PYTHON).with_name("subtitler")
    subtitler = str(beside) if beside.exists() else shutil.which("subtitler") or "subtitler"
    name = str(srt_file)
    jobs = {
        "subtitler validate (every rule, text report)": [subtitler, "validate", name],
        "subtitler validate --format json": [subtitler, "validate", name, "--format", "json"],
        "srt (parse only)": peer_script(f"import srt; s=list(srt.parse(open({name!r}, encoding='utf-8').read()))"),
        "pysrt (parse only)": peer_script(f"import pysrt; s=pysrt.open({name!r})"),
        "pysubs2 (parse only)": peer_script(f"import pysubs2; s=pysubs2.load({name!r})"),
        "webvtt-py (parse only)": peer_script(f"import webvtt; v=webvtt.from_srt({name!r})"),
    }
    ours = "subtitler validate (every rule, text report)"
    results = compare(jobs, runs=3)
    out.append(table(results, ours, f"Validate {COUNT:,} SRT cues (the foundation's file) with every rule "
                                    "vs. parsing them"))
    fastest = min((v[0], k) for k, v in results.items() if "parse only" in k)
    out.append(f"Fastest peer parse: {fastest[1]} {fastest[0]:.3f} s; validate takes "
               f"{results[ours][0] / fastest[0]:.2f} of that.\n")
    dense = str(cue_file("srt", COUNT, dense=True))
    dense_jobs = {
        "subtitler validate (every rule, text report)": [subtitler, "validate", dense],
        "srt (parse only)": peer_script(f"import srt; s=list(srt.parse(open({dense!r}, encoding='utf-8').read()))"),
    }
    out.append(table(compare(dense_jobs, runs=3), ours,
                     f"Stress: {COUNT:,} SRT cues each over two limits (199,900 findings printed)"))
    vtt_file = str(cue_file("vtt", COUNT))
    vtt_jobs = {
        "subtitler validate (every rule, text report)": [subtitler, "validate", vtt_file],
        "pysubs2 (parse only)": peer_script(f"import pysubs2; s=pysubs2.load({vtt_file!r})"),
        "webvtt-py (parse only)": peer_script(f"import webvtt; v=webvtt.read({vtt_file!r})"),
    }
    out.append(table(compare(vtt_jobs, runs=3), ours, f"Validate {COUNT:,} WebVTT cues with every rule vs. parsing them"))
    folder = small_files()
    parallel = {
        "--jobs 1": [subtitler, "validate", folder, "--jobs", "1"],
        "--jobs 2": [subtitler, "validate", folder, "--jobs", "2"],
    }
    timed = compare(parallel, runs=3)
    out.append(table(timed, "--jobs 1", f"Validate {SMALL_FILES:,} small files ({SMALL_CUES} cues each)"))
    out.append(f"Speed-up of --jobs 2 over --jobs 1: {timed['--jobs 1'][0] / timed['--jobs 2'][0]:.2f}x\n")
    return "\n".join(out)


if __name__ == "__main__":
    print(main())
