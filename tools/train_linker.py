#!/usr/bin/env python3
"""Train the linker (who is who) and write subtitler/pipeline/speakers/linker.json.

usage: PYTHONPATH=. python tools/train_linker.py [--corpus DIR] [--model FILE] [--out FILE] [--limit N]

The committed sequence model (model.json, written first by tools/train_speakers.py) decodes every
corpus case into its spans, as it will at run time; each span's gold speaker is the gold speaker of
most of its sentences. An averaged perceptron learns which candidate (a person seen so far, or a new
one) each span belongs to, left to right, then which name around each person's turns is theirs
(``subtitler.pipeline.speakers.linking``). News cases weigh more, as in the sequence model's training.
Seeded and sorted: the same corpus and model give the same bytes. Pure Python.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_speakers as training

from subtitler.pipeline.speakers import identity, learned, linking

OUT = Path(__file__).resolve().parents[1] / "subtitler" / "pipeline" / "speakers" / "linker.json"
MODEL = OUT.with_name(learned.MODEL_FILE)
#: Training settings (chosen before looking at any held-out fold).
EPOCHS = 8
NEWS_WEIGHT = 4.0
SEED = 12


def examples(cases: Sequence[training.Case], weights: learned.Weights) -> list[linking.Example]:
    """Each case as the linker sees it at run time: the spans ``weights`` decodes, with their gold speakers."""
    out = []
    for case in cases:
        assert case.rows is not None
        sentences = list(case.parsed.sentences)
        spans = [linking.SpanIn(start, end, scores, conf)
                 for start, end, _, scores, conf in learned.decode(weights, case.rows)]
        gold = []
        for span in spans:
            votes: dict[str, int] = {}
            for who in case.speakers[span.start:span.end]:
                votes[who] = votes.get(who, 0) + 1
            gold.append(max(sorted(votes), key=lambda g: votes[g]))
        speakers = case.gold["speakers"]
        assert isinstance(speakers, list)
        names = {str(s["id"]): str(s["name"]) for s in speakers if s.get("name")}
        out.append(linking.Example(tuple(sentences), tuple(identity.plausible(sentences, case.found)), tuple(spans),
                                   tuple(gold), names, NEWS_WEIGHT if case.news else 1.0))
    return out


def train(cases: Sequence[training.Case], weights: learned.Weights) -> linking.Linker:
    """The linker learned from ``cases`` (featurised with ``weights.vocab``) decoded by ``weights``."""
    return linking.train(examples(sorted(cases, key=lambda c: c.name), weights), EPOCHS, SEED)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--corpus", type=Path, default=training.DEFAULT_CORPUS)
    ap.add_argument("--model", type=Path, default=MODEL, help="the sequence model whose spans are linked")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--limit", type=int, default=None, help="train on N cases spread over the corpus (a quick run)")
    a = ap.parse_args(argv)
    t0 = time.time()
    weights = learned.from_json(json.loads(a.model.read_text(encoding="utf-8")))
    cases = training.load(a.corpus, a.limit, progress=True)
    training.featurise(cases, weights.vocab)
    linker = train(cases, weights)
    about = {"cases": len(cases), "epochs": EPOCHS, "news_weight": NEWS_WEIGHT, "seed": SEED,
             "trainer": "averaged perceptron over linking decisions, then over (person, name) pairs"}
    a.out.write_text(linking.to_json(linker, about), encoding="utf-8")
    print(f"trained on {len(cases)} cases in {time.time() - t0:.0f} s: {len(linker.weights)} linking and "
          f"{len(linker.names)} naming weights, {a.out.stat().st_size} bytes -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
