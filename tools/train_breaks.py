#!/usr/bin/env python3
"""Fit the break costs (subtitler/pipeline/breakcosts.json) on professional human captions.

usage: PYTHONPATH=. python tools/train_breaks.py [--shared DIR] [--out FILE]

The files (FILES below) are real captions made by people: a PBS NOVA broadcast caption file
and three English film subtitle files. Every two-line cue whose lines are speech (no sound
description, music, credit, dialogue dash or URL) is one example: its words, where the
captioner broke them, and the line limit (the file's longest line). The model is a
conditional logit: of the breaks that fit, the captioner's has the lowest cost, the cost
being the weighted features of ``subtitler.pipeline.breakcosts.FEATURES``. Fitted by
deterministic full-batch gradient descent (AdaGrad) with an L2 penalty; the same files
give the same bytes. ``bench/eval_breaks.py`` cross-validates it by file.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from subtitler import formats  # noqa: E402
from subtitler.pipeline import breakcosts  # noqa: E402
from subtitler.pipeline.linebreak import rule_cost, sentence_end, width  # noqa: E402

#: name, path under the shared corpora: the professional English caption files (why: bench/README.md).
FILES = (
    ("pbs-nova", "timed/pbs-nova/example.srt"),
    ("la-la-land", "subtitles/subtitle.js/LaLaLand.srt"),
    ("man-of-steel", "subtitles/subtitle.js/ManOfSteel.srt"),
    ("wonder-woman", "subtitles/subtitle.js/WonderWoman.vtt"),
)
OUT = ROOT / "subtitler" / "pipeline" / "breakcosts.json"

_TAG = re.compile(r"<[^>]*>|\{[^}]*\}")
_LABEL_LINE = re.compile(r"^[A-Z][A-Z0-9 .,'&-]*( \d)?:$")  # "MAN 2:" alone on a line
_LABEL_LEAD = re.compile(r"^(?:[A-Z][A-Z0-9 .'&-]+: |\[[^\]]*\] ?)")  # "NARRATOR: ..." or "[Boss] ..."
_NOT_SPEECH = re.compile(r"[♪#\[\]()]|https?:|www\.|\.org|\.com|subtitle|caption", re.IGNORECASE)


@dataclass(frozen=True)
class HumanCue:
    """A speech cue of a human caption file: its lines (markup and speaker labels removed) and times."""

    lines: tuple[str, ...]
    start_ms: int
    end_ms: int
    index: int  # the cue's place in the file: a skipped cue between two breaks their sentence


@dataclass(frozen=True)
class LineExample:
    """A two-line human cue: the words, the captioner's break (before word ``k``), the line limit."""

    words: tuple[str, ...]
    k: int
    limit: int


@dataclass(frozen=True)
class SentenceExample:
    """A sentence the captioner spread over several cues: its words with times, and the cue breaks."""

    words: tuple[tuple[str, int, int], ...]
    breaks: frozenset[int]  # k: a cue break before word k
    limit: int


def speech_cues(path: Path) -> list[HumanCue]:
    """The cues of a caption file that hold speech only, each cleaned to its words."""
    doc = formats.read(path.read_bytes(), str(path))
    out = []
    for index, cue in enumerate(doc.cues):
        lines = []
        for raw in cue.text.split("\n"):
            line = " ".join(_TAG.sub("", raw).split())
            if not line or _LABEL_LINE.match(line):
                continue
            lines.append(_LABEL_LEAD.sub("", line).strip())
        lines = [line for line in lines if line]
        if not lines or any(_NOT_SPEECH.search(line) or line.startswith(("-", ">>")) for line in lines):
            continue
        if all(line.upper() == line for line in lines):  # credits in capitals ("CAPTIONING SPONSORED BY")
            continue
        out.append(HumanCue(tuple(lines), cue.start_ms, cue.end_ms, index))
    return out


def line_limit(cues: list[HumanCue]) -> int:
    """The file's line limit: its longest speech line."""
    return max(width(line) for cue in cues for line in cue.lines)


def line_examples(cues: list[HumanCue], limit: int) -> list[LineExample]:
    out = []
    for cue in cues:
        if len(cue.lines) == 2:
            top, bottom = cue.lines[0].split(), cue.lines[1].split()
            if top and bottom:
                out.append(LineExample((*top, *bottom), len(top), limit))
    return out


def sentence_examples(cues: list[HumanCue], limit: int) -> list[SentenceExample]:
    """The sentences that cross a cue boundary, with their words timed evenly over their characters.

    Only the sentence's first and last time come from the file (the start of its first cue and
    the end of its last), so the times say nothing about where the captioner broke.
    """
    out: list[SentenceExample] = []
    words: list[tuple[str, int]] = []  # (word, cue number)
    spans: dict[int, HumanCue] = {}

    def close() -> None:
        if words and len({c for _, c in words}) > 1:
            breaks = frozenset(k for k in range(1, len(words)) if words[k][1] != words[k - 1][1])
            first, last = spans[words[0][1]], spans[words[-1][1]]
            start, end = first.start_ms, max(last.end_ms, first.start_ms + len(words))
            chars = [width(w) + 1 for w, _ in words]
            total, at, timed = sum(chars), 0, []
            for (w, _), size in zip(words, chars):
                a = start + (end - start) * at // total
                at += size
                timed.append((w, a, start + (end - start) * at // total))
            out.append(SentenceExample(tuple(timed), breaks, limit))
        words.clear()

    previous = None
    for number, cue in enumerate(cues):
        if previous is not None and cue.index != previous + 1:
            words.clear()  # a cue was skipped: the sentence is not whole
        previous = cue.index
        spans[number] = cue
        for token in " ".join(cue.lines).split():
            words.append((token, number))
            if sentence_end(token):
                close()
    return out


def load(shared: Path) -> dict[str, tuple[list[LineExample], list[SentenceExample]]]:
    """Per file: its two-line cues and its sentences across cues."""
    data = {}
    for name, rel in FILES:
        cues = speech_cues(shared / "corpora" / rel)
        limit = line_limit(cues)
        data[name] = (line_examples(cues, limit), sentence_examples(cues, limit))
    return data


def candidates(example: LineExample) -> list[tuple[int, dict[str, float]]]:
    """Every break of the example that fits, with its features: (k, {feature: value})."""
    words = list(example.words)
    sizes = [width(w) for w in words]
    total = sum(sizes) + len(sizes) - 1
    out = []
    top = -1
    for k in range(1, len(words)):
        top += sizes[k - 1] + 1
        bottom = total - top - 1
        if top <= example.limit and bottom <= example.limit:
            rule = rule_cost(words, k)
            feats = dict.fromkeys(breakcosts.gap_features(words, k, rule), 1.0)
            if total <= example.limit:
                feats.update(dict.fromkeys(breakcosts.short_features(words, k, rule), 1.0))
            feats["rule"] = rule
            feats.update(breakcosts.shape_features(top, bottom, example.limit))
            feats.update(breakcosts.lone_features(k, len(words)))
            out.append((k, feats))
    return out


#: How many of English's most frequent words (wordfreq) the word list of parts of speech holds.
LEXICON_WORDS = 8000
_POS = {"NOUN": "N", "VERB": "V", "ADJ": "J", "ADV": "R"}


def build_lexicon() -> dict[str, str]:
    """The parts of speech of the most frequent English content words: word -> "N", "NV", "J", "Vf", ...

    From lemminflect's lexicon (every part of speech it knows the word as, not the likeliest one):
    a well-kept word list, so the costs can tell "use / the term" (a verb) from "the term / c".
    """
    from lemminflect import getAllLemmas
    from wordfreq import top_n_list

    out = {}
    for word in top_n_list("en", LEXICON_WORDS):
        if word in breakcosts.FUNCTION_WORDS or not word.isalpha():
            continue
        lemmas = getAllLemmas(word)
        code = "".join(sorted({_POS[kind] for kind in lemmas if kind in _POS}))
        if code == "V" and word not in lemmas["VERB"] and not word.endswith("ing"):
            code = "Vf"  # only an inflected verb ("began", "says"): the word list misses few nouns among these
        if code:
            out[word] = code
    return out


#: Fitting rounds, L2 penalty and AdaGrad rate (chosen before any held-out figure was seen, not tuned on them).
ROUNDS, L2, RATE = 300, 0.003, 0.3


def fit(examples: list[LineExample], rounds: int = ROUNDS, l2: float = L2, rate: float = RATE,
        min_count: int = 5) -> dict[str, float]:
    """Weights that make the captioners' breaks the cheapest (see the module's docstring).

    A feature seen at fewer than ``min_count`` candidate breaks gets no weight.
    """
    raw = []
    counts: dict[str, int] = {}
    for example in examples:
        cands = candidates(example)
        if len(cands) < 2 or all(k != example.k for k, _ in cands):
            continue
        raw.append(([f for _, f in cands], next(i for i, (k, _) in enumerate(cands) if k == example.k)))
        for _, feats in cands:
            for name in feats:
                counts[name] = counts.get(name, 0) + 1
    names = sorted(name for name, n in counts.items() if n >= min_count)
    index = {name: i for i, name in enumerate(names)}
    problems = [([[(index[n], v) for n, v in f.items() if n in index] for f in feats], gold) for feats, gold in raw]
    w = [0.0] * len(names)
    history = [1e-8] * len(names)
    for _ in range(rounds):
        grad = [l2 * value for value in w]
        scale = 1.0 / len(problems)
        for feats, gold in problems:
            costs = [sum(w[i] * v for i, v in f) for f in feats]
            low = min(costs)
            exps = [math.exp(low - c) for c in costs]
            z = sum(exps)
            # d(-log p_gold)/dw = f_gold - E_p[f] (the cost enters with a minus sign)
            for f, e in zip(feats, exps):
                p = e / z * scale
                for i, v in f:
                    grad[i] -= p * v
            for i, v in feats[gold]:
                grad[i] += v * scale
        for i, g in enumerate(grad):
            history[i] += g * g
            w[i] -= rate * g / math.sqrt(history[i])
    return {name: round(w[i], 3) for i, name in enumerate(names) if abs(w[i]) >= 0.01}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    lexicon = build_lexicon()
    breakcosts.use_lexicon(lexicon)
    data = load(args.shared)
    examples = [e for name in sorted(data) for e in data[name][0]]
    weights = fit(examples)
    grouped: dict[str, list[str]] = {}
    for word in sorted(lexicon):
        grouped.setdefault(lexicon[word], []).append(word)
    document = {"trained_on": [name for name, _ in FILES], "examples": len(examples), "weights": weights,
                "lexicon": {kind: " ".join(grouped[kind]) for kind in sorted(grouped)}}
    args.out.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(weights)} weights from {len(examples)} two-line cues of {len(FILES)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
