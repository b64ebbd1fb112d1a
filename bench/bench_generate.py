"""generate benchmark: transcripts of 1k, 10k and 100k words through all four outputs.

The transcripts repeat the bundled seed (an anchor and a correspondent), so the
speaker model, timing and segmentation all do their full work. "Work" is the
whole-process time less the time of the same command on a one-line transcript
(start-up and imports).
"""

from __future__ import annotations

from pathlib import Path

from common import DATA, HERE, SUBTITLER, run_once

SEED = HERE.parent / "fixtures" / "transcripts" / "arirang-blue-house.txt"
SIZES = (1_000, 10_000, 100_000)


def transcript(words: int) -> str:
    """A transcript of about ``words`` words: the seed's 23 speech lines, repeated."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"transcript-{words}.txt"
    if not path.exists():
        lines = SEED.read_text(encoding="utf-8").split("\n")[:23]
        block = "\n".join(lines)
        copies = max(1, round(words / len(block.split())))
        path.write_text("\n\n".join([block] * copies) + "\n", encoding="utf-8")
    return str(path)


def main() -> str:
    subtitler = SUBTITLER
    out = DATA / "out"
    out.mkdir(parents=True, exist_ok=True)
    tiny = DATA / "transcript-tiny.txt"
    tiny.write_text("Good evening.\n", encoding="utf-8")

    def job(path: str, name: str) -> list[str]:
        return [subtitler, "generate", path, *[x for ext in ("srt", "vtt", "json", "rttm")
                                                for x in ("-o", str(out / f"{name}.{ext}"))]]

    startup = min(run_once(job(str(tiny), "tiny"))[0] for _ in range(5))
    rows = ["### generate: transcript to SRT, WebVTT, JSON and RTTM in one run", "",
            f"Start-up and imports (one-line transcript): {startup:.3f} s", "",
            "| words | whole process s | work s | peak RSS MB | work per 1k words ms |", "|---|---|---|---|---|"]
    works = {}
    for size in SIZES:
        path = transcript(size)
        words = len(Path(path).read_text(encoding="utf-8").split())
        runs = [run_once(job(path, f"t{size}")) for _ in range(3 if size < 100_000 else 2)]
        wall = sorted(r[0] for r in runs)[len(runs) // 2]
        peak = max(r[1] for r in runs)
        works[size] = wall - startup
        rows.append(f"| {words:,} | {wall:.3f} | {wall - startup:.3f} | {peak} | {(wall - startup) / words * 1e6:.1f} |")
    rows.append("")
    rows.append(f"Growth 10k → 100k: {works[100_000] / works[10_000]:.1f}× the work for 10× the words "
                f"(target ≤ 12×); 10k words: {works[10_000]:.2f} s of work (target < 1 s).")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(main())
