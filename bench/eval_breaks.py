#!/usr/bin/env python3
"""Line and cue breaks against professional human captions, cross-validated by file.

usage: PYTHONPATH=. python bench/eval_breaks.py [--shared DIR] [--files N] [--rounds N]

The files are those of tools/train_breaks.py (FILES): a PBS NOVA broadcast caption file and
three English film subtitle files. For each file, the break costs are fitted on the other files
(leave one file out) and scored on it, so every figure of "ours" is held out. "ours" is what
generate uses: the fitted costs and the guideline's fixed costs (breakcosts.GUIDELINE: never
inside a noun phrase or a name); "fitted" the fitted costs alone; "rules" the hand-weighted
guideline rules the learned costs replace (nothing fitted).

- Line-break agreement: every two-line speech cue's words go to the line breaker (two lines
  asked for, the line limit the file's longest speech line); agreement is the share of cues
  broken before the same word as the captioner's.
- Cue-break F1: every sentence the captioner spread over several cues goes to the cue splitter
  (segment.pieces; its words timed evenly over the sentence's time, the Netflix profile with
  the file's line limit); a predicted cue break counts when the captioner broke there too.

- The line-break agreement again by the kind of break the captioner made (after punctuation,
  before a conjunction or a preposition, inside a noun phrase against the guideline, ...), its
  shape (bottom- or top-heavy), whether the words fit one line, and over the cues whose human
  break keeps the guideline; with how often ours chose each kind where the captioner did not.

Baselines: greedy fill (each line, and each cue, as full as fits) and nearest the middle (the
break closest to the middle of the line; the cues of the greedy count cut at equal lengths).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))

import train_breaks as training  # noqa: E402

from subtitler.pipeline import breakcosts, segment  # noqa: E402
from subtitler.pipeline.linebreak import best_split, width  # noqa: E402
from subtitler.profiles import PROFILES, Profile  # noqa: E402

RULES = {"rule": 1.0, "balance": 3.0, "top-longer": 0.5}  # the hand weights before the fit
METHODS = ("ours", "fitted", "rules", "greedy", "middle")


TABLES = ("ours", "fitted", "rules")


def _table(method: str, fitted: dict[str, float]) -> dict[str, float]:
    """The weights of a method: ours (fitted and the guideline's fixed costs), the fit alone, the rules."""
    return {"ours": breakcosts.with_guideline(fitted), "fitted": fitted, "rules": RULES}[method]


def _fits(sizes: list[int], limit: int) -> list[tuple[int, int, int]]:
    """(k, top, bottom) of every break of words of these widths into two lines under ``limit``."""
    total = sum(sizes) + len(sizes) - 1
    out, top = [], -1
    for k in range(1, len(sizes)):
        top += sizes[k - 1] + 1
        bottom = total - top - 1
        if top <= limit and bottom <= limit:
            out.append((k, top, bottom))
    return out


def line_break(method: str, example: training.LineExample, table: dict[str, float]) -> int | None:
    """Where ``method`` breaks the example's words into two lines."""
    words = list(example.words)
    if method in TABLES:
        split = best_split(words, example.limit, force=True, table=_table(method, table))
        return None if split is None else split[1]
    fits = _fits([width(w) for w in words], example.limit)
    if not fits:
        return None
    if method == "greedy":
        return max(k for k, _, _ in fits)
    return min(fits, key=lambda f: (abs(f[1] - f[2]), f[1] > f[2]))[0]


def _two_line_fit(sizes: list[int], limit: int) -> bool:
    return sum(sizes) + len(sizes) - 1 <= limit or bool(_fits(sizes, limit))


def cue_breaks(method: str, example: training.SentenceExample, profile: Profile,
               table: dict[str, float]) -> set[int]:
    """Where ``method`` cuts the sentence into cues (k: a break before word k)."""
    words = list(example.words)
    if method in TABLES:
        cut = segment.pieces(words, profile, _table(method, table))
        out, at = set(), 0
        for piece in cut[:-1]:
            at += len(piece)
            out.add(at)
        return out
    sizes = [width(w) for w, _, _ in words]
    longest = profile.max_duration_ms or 10**9
    greedy, start = [], 0
    for k in range(1, len(words)):  # close the cue before word k when word k would not fit
        if not _two_line_fit(sizes[start:k + 1], profile.chars_per_line) or words[k][2] - words[start][1] > longest:
            greedy.append(k)
            start = k
    if method == "greedy" or not greedy:
        return set(greedy)
    n = len(greedy) + 1
    total = sum(s + 1 for s in sizes)
    ends, at = [], 0
    for size in sizes:
        at += size + 1
        ends.append(at)
    out = set()
    for i in range(1, n):
        target = total * i / n
        out.add(min(range(1, len(words)), key=lambda k: (abs(ends[k - 1] - target), k)))
    return out


#: The kinds of break the analysis tells apart, in the order the first that applies is taken.
KINDS = ("after . ? !", "after , ; : -- ...", "inside a noun phrase or name", "line ends on a weak word",
         "before a conjunction or clause", "before a preposition or to", "before an article or determiner",
         "between content words", "other")


#: The cues whose human break is none of the two kinds the guideline rules out.
KEPT = "captioner keeps the guideline"


def kind(words: list[str], k: int) -> str:
    """What kind of break the one before ``words[k]`` is (:data:`KINDS`), from the break features."""
    features = set(breakcosts.gap_features(words, k, 0.0))
    mark = breakcosts.punctuation(words[k - 1])
    if mark in (".", "?", "!"):
        return KINDS[0]
    if mark:
        return KINDS[1]
    if not breakcosts.NEVER.isdisjoint(features):
        return KINDS[2]
    if "weak-end" in features:
        return KINDS[3]
    right = breakcosts.word_class(words[k], False)
    if right in ("conjunction", "subject+verb", "pronoun"):
        return KINDS[4]
    if right in ("preposition", "to"):
        return KINDS[5]
    if right == "article":
        return KINDS[6]
    return KINDS[7] if right in breakcosts._NOUN_PHRASE or right in ("-ing", "-ed", "-ly") else KINDS[8]


def _f1(tp: int, predicted: int, actual: int) -> float:
    return 2 * tp / (predicted + actual) if predicted + actual else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--files", type=int, default=len(training.FILES), help="the first N files only (quick)")
    parser.add_argument("--rounds", type=int, default=training.ROUNDS, help="fitting rounds (fewer: a quick run)")
    args = parser.parse_args()
    data = training.load(args.shared)
    names = [name for name, _ in training.FILES][: args.files]
    lines: dict[str, dict[str, list[int]]] = {n: {m: [0, 0] for m in METHODS} for n in names}
    cues: dict[str, dict[str, list[int]]] = {n: {m: [0, 0, 0] for m in METHODS} for n in names}
    by_kind: dict[str, dict[str, list[int]]] = {}  # the human's kind of break, shape, ... -> method -> [agree, cues]
    wrong: dict[str, int] = {}  # ours' kind of break where it is not the human's
    for held in names:
        train = [e for other in sorted(data) if other != held for e in data[other][0]]
        table = training.fit(train, rounds=args.rounds)
        examples, sentences = data[held]
        for example in examples:
            words = list(example.words)
            top = width(" ".join(words[:example.k]))
            bottom = width(" ".join(words[example.k:]))
            facets = (kind(words, example.k), "bottom-heavy (top <= bottom)" if top <= bottom else "top-heavy",
                      "fits one line" if top + bottom + 1 <= example.limit else "needs two lines")
            for method in METHODS:
                got = line_break(method, example, table)
                lines[held][method][0] += got == example.k
                lines[held][method][1] += 1
                for facet in facets:
                    score = by_kind.setdefault(facet, {m: [0, 0] for m in METHODS})[method]
                    score[0] += got == example.k
                    score[1] += 1
                if facets[0] not in KINDS[2:4]:  # the captioner's break keeps the guideline
                    score = by_kind.setdefault(KEPT, {m: [0, 0] for m in METHODS})[method]
                    score[0] += got == example.k
                    score[1] += 1
                if method == "ours" and got is not None and got != example.k:
                    wrong[kind(words, got)] = wrong.get(kind(words, got), 0) + 1
        profile = replace(PROFILES["netflix"], name="eval", chars_per_line=examples[0].limit)
        for sentence in sentences:
            for method in METHODS:
                got = cue_breaks(method, sentence, profile, table)
                score = cues[held][method]
                score[0] += len(got & sentence.breaks)
                score[1] += len(got)
                score[2] += len(sentence.breaks)
    print("Line-break agreement (two-line human cues; held-out file for ours)")
    print(f"{'file':14} {'cues':>6} {'limit':>5} " + " ".join(f"{m:>7}" for m in METHODS))
    pooled = {m: [0, 0] for m in METHODS}
    for name in names:
        row = lines[name]
        limit = data[name][0][0].limit
        print(f"{name:14} {row['ours'][1]:6d} {limit:5d} "
              + " ".join(f"{row[m][0] / max(row[m][1], 1):7.1%}" for m in METHODS))
        for m in METHODS:
            pooled[m][0] += row[m][0]
            pooled[m][1] += row[m][1]
    print(f"{'pooled':14} {pooled['ours'][1]:6d} {'':5} "
          + " ".join(f"{pooled[m][0] / max(pooled[m][1], 1):7.1%}" for m in METHODS))
    print()
    print("The same by the kind of break the captioner made, its shape, and whether the words fit one line")
    print(f"{'':32} {'cues':>6} " + " ".join(f"{m:>7}" for m in METHODS) + f" {'ours there when not':>20}")
    for facet in (*KINDS, "bottom-heavy (top <= bottom)", "top-heavy", "fits one line", "needs two lines", KEPT):
        if facet not in by_kind:
            continue
        row = by_kind[facet]
        there = f"{wrong.get(facet, 0):20d}" if facet in KINDS else ""
        print(f"{facet:32} {row['ours'][1]:6d} "
              + " ".join(f"{row[m][0] / max(row[m][1], 1):7.1%}" for m in METHODS) + f" {there}")
    print()
    print("Cue-break F1 (breaks inside sentences spread over several human cues; P/R in brackets)")
    print(f"{'file':14} {'breaks':>6} " + " ".join(f"{m:>19}" for m in METHODS))
    total = {m: [0, 0, 0] for m in METHODS}
    for name in names:
        row = cues[name]
        cells = []
        for m in METHODS:
            tp, predicted, actual = row[m]
            cells.append(f"{_f1(tp, predicted, actual):7.1%} ({tp / max(predicted, 1):.2f}/{tp / max(actual, 1):.2f})")
            for i in range(3):
                total[m][i] += row[m][i]
        print(f"{name:14} {row['ours'][2]:6d} " + " ".join(f"{c:>20}" for c in cells))
    cells = [f"{_f1(*total[m]):7.1%} ({total[m][0] / max(total[m][1], 1):.2f}/{total[m][0] / max(total[m][2], 1):.2f})"
             for m in METHODS]
    print(f"{'pooled':14} {total['ours'][2]:6d} " + " ".join(f"{c:>20}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
