#!/usr/bin/env python3
"""Grouped 5-fold cross-validation of the speaker model, beside today's rules and the two baselines.

usage: PYTHONPATH=. python bench/eval_speakers.py [--limit N] [--corpus DIR] [--scorer FILE] [--dev DIR]

For each fold of the corpus's split.json (folds group whole programmes, so no programme is in
both), the model is trained on the other four folds (tools/train_speakers.py, vocabulary too) and
scored on this one with the scorer's own score_case and summarise (imported by path). Printed per
fold, pooled, and for the broadcast-news cases alone: WDER, role accuracy, boundary P/R/F1 and
names, for the learned model, the learned model given the gold cast (each named gold speaker with their
role, as a rundown would give them: --cast), the same given the gold changes of speaker too
(castb: how well the cast's people are told apart, boundaries aside), the hand-weighted rules, "one speaker, the anchor" and "a new turn
at each paragraph, alternating". Then the development transcripts beside the scorer (never
trained or tuned on) with the committed model. --limit N takes N cases spread over the corpus.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

sys.dont_write_bytecode = True  # the corpus and the scorer are read-only
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import train_speakers as training  # noqa: E402

from subtitler.errors import TranscriptError  # noqa: E402
from subtitler.pipeline import transcript as transcript_stage  # noqa: E402
from subtitler.pipeline.speakers import attribute as speakers  # noqa: E402
from subtitler.pipeline.speakers import castdecode, learned  # noqa: E402
from subtitler.pipeline.speakers.cast import Member  # noqa: E402

SCORER = Path("/work/shared/eval/turns/eval_turns.py")
METHODS = ("model", "cast", "castb", "rules", "one", "para")


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_turns", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def one_speaker(text: str) -> dict[str, Any]:
    """baseline_one_speaker.py, in process."""
    return {"speakers": [{"id": "S1", "name": None, "role": "anchor"}],
            "turns": [{"speaker": "S1", "role": "anchor", "text": text}]}


def paragraphs(text: str) -> dict[str, Any]:
    """baseline_paragraphs.py, in process."""
    paras = re.split(r"\n[ \t]*\n", text) if re.search(r"\n[ \t]*\n", text) else text.split("\n")
    paras = [p.strip() for p in paras if p.strip()]
    who = [("A", "anchor"), ("B", "correspondent")]
    return {"speakers": [{"id": "A", "name": None, "role": "anchor"},
                         {"id": "B", "name": None, "role": "correspondent"}],
            "turns": [{"speaker": who[i % 2][0], "role": who[i % 2][1], "text": p} for i, p in enumerate(paras)]}


def document(attribution: speakers.Attribution) -> dict[str, Any]:
    return {"speakers": [{"id": s.id, "name": s.name, "role": s.role} for s in attribution.speakers],
            "turns": [{"speaker": t.speaker, "role": t.role, "text": t.text} for t in attribution.turns]}


def gold_cast(gold: dict[str, Any]) -> tuple[Member, ...]:
    """The cast a producer's rundown would give for a case: each named gold speaker with their role.

    Sorted by name, so that the order of the gold file (who speaks first) tells the decoding nothing.
    """
    return tuple(sorted((Member(s["name"], s["role"]) for s in gold["speakers"]
                         if s.get("name") and s.get("role") in ("anchor", "correspondent", "guest")),
                        key=lambda m: m.name))


def predict(method: str, text: str, parsed: transcript_stage.Transcript | None,
            weights: learned.Weights | None, gold: dict[str, Any] | None = None) -> dict[str, Any]:
    if method == "one":
        return one_speaker(text)
    if method == "para":
        return paragraphs(text)
    if parsed is None:
        return {"speakers": [], "turns": []}  # nothing read as speech: scored as nothing predicted
    if method == "rules":
        return document(speakers.attribute(parsed, method="rules"))
    if method == "cast":
        return document(speakers.attribute(parsed, weights, cast=gold_cast(gold or {"speakers": []})))
    if method == "castb":  # who is who alone: the gold cast and the gold changes of speaker
        assert gold is not None
        who, _ = training.gold_sentences(parsed, gold)
        changes = {i for i in range(1, len(who)) if who[i] != who[i - 1]}
        return document(speakers.Attribution(*castdecode.attribute(parsed, weights or learned.default(),
                                                                   gold_cast(gold), changes)))
    return document(speakers.attribute(parsed, weights))


class Pool:
    """Per-case counts summed as eval_turns.py sums them for its OVERALL line."""

    def __init__(self) -> None:
        self.tot: dict[str, Any] = {"gold_words": 0, "aligned_words": 0, "speaker_correct": 0, "role_correct": 0,
                                    "boundary": {"gold": 0, "pred": 0, "matched": 0}, "names": []}
        self.cases = 0

    def add(self, c: dict[str, Any]) -> None:
        self.cases += 1
        for k in ("gold_words", "aligned_words", "speaker_correct", "role_correct"):
            self.tot[k] += c[k]
        for k in ("gold", "pred", "matched"):
            self.tot["boundary"][k] += c["boundary"][k]
        self.tot["names"].extend(c["names"])


def row(label: str, method: str, pool: Pool, ev: ModuleType) -> str:
    s = ev.summarise(pool.tot)
    names = f"{s['names_matched']}/{s['names_total']}"
    acc = f"{s['name_accuracy']:.3f}" if s["name_accuracy"] is not None else "  -  "
    return (f"{label:<10} {method:<6} {pool.cases:>5} {pool.tot['gold_words']:>8} {s['wder']:6.3f} "
            f"{s['role_accuracy']:6.3f} {s['boundary_precision']:6.3f} {s['boundary_recall']:6.3f} "
            f"{s['boundary_f1']:6.3f} {acc:>6} {names:>10}")


HEADER = (f"{'set':<10} {'method':<6} {'cases':>5} {'words':>8} {'WDER':>6} {'role':>6} {'bndP':>6} {'bndR':>6} "
          f"{'bndF1':>6} {'names':>6} {'(m/n)':>10}")


def score(ev: ModuleType, gold: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    turns, names, _ = ev.parse_prediction(json.dumps(doc, ensure_ascii=False))
    return dict(ev.score_case(gold, turns, names))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--corpus", type=Path, default=training.DEFAULT_CORPUS)
    ap.add_argument("--scorer", type=Path, default=SCORER)
    ap.add_argument("--dev", type=Path, default=SCORER.parent, help="the development transcripts (not tuned on)")
    ap.add_argument("--limit", type=int, default=None, help="N cases spread over the corpus (a quick run)")
    ap.add_argument("--news", action="store_true", help="score the news cases only (train on all as usual)")
    ap.add_argument("--json", type=Path, default=None, help="also write per-case figures here")
    a = ap.parse_args(argv)
    ev = load_scorer(a.scorer)
    t0 = time.time()
    cases = training.load(a.corpus, a.limit, progress=True)
    meta = json.loads((a.corpus / "case_meta.json").read_text())
    folds = json.loads((a.corpus / "split.json").read_text())["cases"]
    loaded = {c.name: c for c in cases}
    names = sorted(meta)
    if a.limit:
        names = names[::max(1, len(names) // a.limit)][:a.limit]
    print(f"read {len(cases)} of {len(names)} cases in {time.time() - t0:.0f} s", file=sys.stderr)
    pools: dict[tuple[str, str], Pool] = {}
    per_case: list[dict[str, Any]] = []
    train_seconds = 0.0
    for fold in range(5):
        t1 = time.time()
        train = [c for c in cases if c.fold != fold]
        vocab = training.vocabulary(train)
        training.featurise(train, vocab)
        weights = training.train(train, vocab)
        train_seconds += time.time() - t1
        for name in names:
            if int(folds[name]) != fold or (a.news and meta[name]["source"] not in training.NEWS_SOURCES):
                continue
            text = (a.corpus / "cases" / f"{name}.input.txt").read_text(encoding="utf-8")
            gold = json.loads((a.corpus / "cases" / f"{name}.gold.json").read_text(encoding="utf-8"))
            case = loaded.get(name)
            news = meta[name]["source"] in training.NEWS_SOURCES
            for method in METHODS:
                c = score(ev, gold, predict(method, text, case.parsed if case else None, weights, gold))
                for key in (f"fold {fold}", "pooled", *(("news", f"news {fold}") if news else ())):
                    pools.setdefault((key, method), Pool()).add(c)
                per_case.append({"case": name, "fold": fold, "news": news, "method": method, **ev.summarise(c)})
        print(f"fold {fold} done, {time.time() - t0:.0f} s", file=sys.stderr)
    order = [f"fold {k}" for k in range(5)] + ["pooled"] + [f"news {k}" for k in range(5)] + ["news"]
    print("Grouped 5-fold cross-validation (model trained on the other four folds; rules = today's hand weights;")
    print("cast = the same model decoding over the gold cast, each named gold speaker with their role;")
    print("castb = the same with the gold changes of speaker given: who is who alone, a diagnostic;")
    print("one = one speaker, the anchor; para = a new turn per paragraph, alternating)")
    print(HEADER)
    for key in order:
        for method in METHODS:
            if (key, method) in pools:
                print(row(key, method, pools[(key, method)], ev))
        if key in ("pooled", "news"):
            print("-" * len(HEADER))
    print(f"\ntraining: {train_seconds:.0f} s for five folds; total {time.time() - t0:.0f} s")
    dev(ev, a.dev)
    if a.json:
        a.json.write_text(json.dumps(per_case, indent=0), encoding="utf-8")
    return 0


def dev(ev: ModuleType, folder: Path) -> None:
    """The development transcripts with the committed model and the rules (not trained or tuned on)."""
    pools = {m: Pool() for m in METHODS}
    for gold_path in sorted(folder.glob("*.gold.json")):
        text = gold_path.with_name(gold_path.name.replace(".gold.json", ".input.txt")).read_text(encoding="utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            parsed: transcript_stage.Transcript | None = transcript_stage.parse(text)
        except TranscriptError:
            parsed = None
        for method in METHODS:
            pools[method].add(score(ev, gold, predict(method, text, parsed, None, gold)))
    print("\nDevelopment transcripts (the committed model, trained on the whole corpus; never tuned on):")
    print(HEADER)
    for method in METHODS:
        print(row("dev", method, pools[method], ev))


if __name__ == "__main__":
    sys.exit(main())
