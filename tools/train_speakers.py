#!/usr/bin/env python3
"""Train the speaker model from the labelled corpus and write subtitler/pipeline/speakers/model.json.

usage: PYTHONPATH=. python tools/train_speakers.py [--corpus DIR] [--out FILE] [--limit N]

The corpus (../shared/corpora/transcripts: cases/<case>.input.txt unlabelled, .gold.json) gives
every sentence of every case its gold speaker and role (the gold speaker of most of its words).
An averaged structured perceptron learns the weights of the features of
``subtitler.pipeline.speakers.features`` for the labels of ``subtitler.pipeline.speakers.learned``,
decoding each case as a whole with the model's own Viterbi. Broadcast-news cases weigh more than
the debates, briefings and podcasts (news is what the tool is for), and only a share of the other
cases is seen in each pass. Everything is seeded and sorted, so the same corpus gives the same bytes.
Pure Python: no training dependency.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from subtitler.errors import TranscriptError
from subtitler.pipeline import transcript as transcript_stage
from subtitler.pipeline.speakers import learned
from subtitler.pipeline.speakers.evidence import Evidence
from subtitler.pipeline.speakers.features import sentence_features, transcript_features, words

DEFAULT_CORPUS = Path("/work/shared/corpora/transcripts")
OUT = Path(__file__).resolve().parents[1] / "subtitler" / "pipeline" / "speakers" / "model.json"
NEWS_SOURCES = ("cnn-ac360", "pages-news")
#: Training settings (chosen before looking at any held-out fold; see docs/generate.md).
EPOCHS = 6
NEWS_WEIGHT = 4.0
OTHER_SHARE = 0.35
SEED = 12
MIN_PROGRAMMES = 3
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


@dataclass
class Case:
    """One corpus case, parsed, with the gold speaker and role of each sentence."""

    name: str
    fold: int
    news: bool
    show: str
    gold: dict[str, object]
    parsed: transcript_stage.Transcript
    found: list[Evidence]
    labels: list[int]  # gold label index of each sentence
    speakers: list[str]  # gold speaker of each sentence
    rows: list[list[str]] | None = None


def _norm(text: str) -> list[str]:
    return [w.replace("'", "") for w in words(_BRACKETED.sub(" ", text)) if w.replace("'", "")]


def gold_sentences(parsed: transcript_stage.Transcript, gold: dict[str, object]) -> tuple[list[str], list[str]]:
    """The gold speaker and role of each sentence: those of most of its words (aligned as the scorer aligns)."""
    segments = gold["segments"]
    assert isinstance(segments, list)
    gw: list[str] = []
    gs: list[tuple[str, str]] = []
    for seg in segments:
        ws = _norm(seg["text"])
        gw += ws
        gs += [(seg["speaker"], seg["role"])] * len(ws)
    pw: list[str] = []
    owner: list[int] = []
    sentences = parsed.sentences
    for k, sentence in enumerate(sentences):
        ws = _norm(sentence.text)
        pw += ws
        owner += [k] * len(ws)
    votes: list[dict[tuple[str, str], int]] = [{} for _ in sentences]
    matcher = difflib.SequenceMatcher(None, gw, pw, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for d in range(i2 - i1):
                vote = votes[owner[j1 + d]]
                vote[gs[i1 + d]] = vote.get(gs[i1 + d], 0) + 1
    out_s: list[str] = []
    out_r: list[str] = []
    for vote in votes:
        if vote:
            spk, role = max(sorted(vote), key=lambda key: vote[key])
        elif out_s:
            spk, role = out_s[-1], out_r[-1]
        else:
            spk, role = (gs[0] if gs else ("?", "anchor"))
        out_s.append(spk)
        out_r.append(role)
    return out_s, out_r


def gold_labels(speakers: list[str], roles: list[str]) -> list[int]:
    """The label of each sentence: its role, and whether its speaker differs from the sentence before."""
    out = []
    for i, (spk, role) in enumerate(zip(speakers, roles)):
        role = role if role in learned.ROLES else "guest"
        new = i == 0 or spk != speakers[i - 1] or role != (roles[i - 1] if roles[i - 1] in learned.ROLES else "guest")
        out.append(learned.LABELS.index((role, new)))  # type: ignore[arg-type]
    return out


def load(corpus: Path, limit: int | None = None, progress: bool = False) -> list[Case]:
    """Every case of the corpus (or ``limit`` of them spread evenly), parsed and labelled."""
    meta = json.loads((corpus / "case_meta.json").read_text())
    folds = json.loads((corpus / "split.json").read_text())["cases"]
    names = sorted(meta)
    if limit:
        step = max(1, len(names) // limit)
        names = names[::step][:limit]
    cases = []
    for n, name in enumerate(names):
        text = (corpus / "cases" / f"{name}.input.txt").read_text(encoding="utf-8")
        gold = json.loads((corpus / "cases" / f"{name}.gold.json").read_text(encoding="utf-8"))
        try:
            parsed = transcript_stage.parse(text)
        except TranscriptError:
            continue
        if not parsed.sentences:
            continue
        found, _ = transcript_features(parsed, frozenset())
        speakers, roles = gold_sentences(parsed, gold)
        cases.append(Case(name, int(folds[name]), meta[name]["source"] in NEWS_SOURCES, meta[name]["show"], gold,
                          parsed, found, gold_labels(speakers, roles), speakers))
        if progress and (n + 1) % 500 == 0:
            print(f"  read {n + 1}/{len(names)} cases", file=sys.stderr)
    return cases


def vocabulary(cases: list[Case]) -> frozenset[str]:
    """Sentence-opening pairs, first and last words seen in at least MIN_PROGRAMMES programmes."""
    shows: dict[str, set[str]] = {}
    for case in cases:
        for sentence in case.parsed.sentences:
            tokens = words(sentence.text)
            if not tokens:
                continue
            for token in {tokens[0], tokens[-1], " ".join(tokens[:2])}:
                shows.setdefault(token, set()).add(case.show)
    return frozenset(t for t, s in shows.items() if len(s) >= MIN_PROGRAMMES)


def featurise(cases: list[Case], vocab: frozenset[str]) -> None:
    for case in cases:
        case.rows = sentence_features(case.parsed, case.found, vocab)


def train(cases: list[Case], vocab: frozenset[str], epochs: int = EPOCHS, news_weight: float = NEWS_WEIGHT,
          other_share: float = OTHER_SHARE, seed: int = SEED) -> learned.Weights:
    """An averaged structured perceptron over ``cases`` (their rows featurised with ``vocab``)."""
    size = len(learned.LABELS)
    w: dict[str, list[float]] = {}
    u: dict[str, list[float]] = {}
    tw = [[0.0] * size for _ in range(size)]
    tu = [[0.0] * size for _ in range(size)]
    step = 1.0
    rng = random.Random(seed)
    order = sorted(cases, key=lambda c: c.name)
    for _ in range(epochs):
        rng.shuffle(order)
        for case in order:
            if not case.news and rng.random() > other_share:
                continue
            assert case.rows is not None
            weights = _view(w, tw, vocab)
            guess = learned.viterbi(weights, learned.emissions(weights, case.rows))
            weight = news_weight if case.news else 1.0
            for i, (g, p) in enumerate(zip(case.labels, guess)):
                gp = case.labels[i - 1] if i else None
                pp = guess[i - 1] if i else None
                if g == p and gp == pp:
                    continue
                if gp is not None and pp is not None:
                    tw[gp][g] += weight
                    tu[gp][g] += step * weight
                    tw[pp][p] -= weight
                    tu[pp][p] -= step * weight
                if g == p:
                    continue
                (gr, gn), (pr, pn) = learned.LABELS[g], learned.LABELS[p]
                delta = [0.0] * 6
                delta[learned.ROLES.index(gr)] += weight
                delta[learned.ROLES.index(pr)] -= weight
                if gn:
                    delta[3 + learned.ROLES.index(gr)] += weight
                if pn:
                    delta[3 + learned.ROLES.index(pr)] -= weight
                for feature in case.rows[i]:
                    row = w.setdefault(feature, [0.0] * 6)
                    acc = u.setdefault(feature, [0.0] * 6)
                    for k in range(6):
                        if delta[k]:
                            row[k] += delta[k]
                            acc[k] += step * delta[k]
            step += 1.0
    features = {k: tuple(x - y / step for x, y in zip(v, u[k])) for k, v in w.items()}
    transitions = tuple(tuple(tw[j][k] - tu[j][k] / step for k in range(size)) for j in range(size))
    model = learned.Weights(features, transitions, vocab)
    return _calibrate(model, [c for c in order if c.news][:60] or order[:60])


class _Live:
    """The perceptron's current weights, seen as a model without copying them."""

    def __init__(self, w: dict[str, list[float]]) -> None:
        self.w = w

    def get(self, key: str) -> list[float] | None:
        return self.w.get(key)


def _view(w: dict[str, list[float]], tw: list[list[float]], vocab: frozenset[str]) -> learned.Weights:
    return learned.Weights(_Live(w), tuple(tuple(row) for row in tw), vocab)  # type: ignore[arg-type]


def _calibrate(model: learned.Weights, cases: list[Case]) -> learned.Weights:
    """The score scale that gives the gold labels of ``cases`` the highest likelihood (for the confidences)."""
    best, best_scale = float("-inf"), 1.0
    for scale in (1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0):
        trial = learned.Weights(model.features, model.transitions, model.vocab, scale)
        total = 0.0
        for case in cases:
            assert case.rows is not None
            probs = learned.marginals(trial, learned.emissions(trial, case.rows))
            total += sum(math.log(max(p[g], 1e-9)) for p, g in zip(probs, case.labels))
        if total > best:
            best, best_scale = total, scale
    return learned.Weights(model.features, model.transitions, model.vocab, best_scale)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--limit", type=int, default=None, help="train on N cases spread over the corpus (a quick run)")
    a = ap.parse_args(argv)
    t0 = time.time()
    cases = load(a.corpus, a.limit, progress=True)
    vocab = vocabulary(cases)
    featurise(cases, vocab)
    model = train(cases, vocab)
    about = {"cases": len(cases), "epochs": EPOCHS, "news_weight": NEWS_WEIGHT, "other_share": OTHER_SHARE,
             "seed": SEED, "min_programmes": MIN_PROGRAMMES, "trainer": "averaged structured perceptron"}
    a.out.write_text(learned.to_json(model, about), encoding="utf-8")
    print(f"trained on {len(cases)} cases in {time.time() - t0:.0f} s: {len(model.features)} features, "
          f"{a.out.stat().st_size} bytes -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
