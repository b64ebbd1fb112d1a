#!/usr/bin/env python3
"""Grouped 5-fold cross-validation of the speaker model, beside today's rules and the two baselines.

usage: PYTHONPATH=. python bench/eval_speakers.py [--limit N] [--corpus DIR] [--scorer FILE] [--dev DIR]
                                                  [--folds 0,1,...] [--methods model,hand,...]

For each fold of the corpus's split.json (folds group whole programmes, so no programme is in
both), the model is trained on the other four folds (tools/train_speakers.py, vocabulary too), then
the linker on the spans that model finds in those four folds (tools/train_linker.py), and both are
scored on this one with the scorer's own score_case and summarise (imported by path). Printed per
fold, pooled, and for the broadcast-news cases alone: WDER, role accuracy, boundary P/R/F1 and
names, for the learned model (model; names: its links named by the hand rules), its spans linked to people by the hand rules of identity.py
(hand) and by the gold (oracle: each span to the gold speaker of most of its sentences, the
linker's ceiling), the learned model given the gold cast (each named gold speaker with their
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

import train_linker  # noqa: E402
import train_speakers as training  # noqa: E402

from subtitler.errors import TranscriptError  # noqa: E402
from subtitler.pipeline import transcript as transcript_stage  # noqa: E402
from subtitler.pipeline.speakers import attribute as speakers  # noqa: E402
from subtitler.pipeline.speakers import castdecode, identity, learned, linking  # noqa: E402
from subtitler.pipeline.speakers.cast import Member  # noqa: E402
from subtitler.pipeline.speakers.features import transcript_features  # noqa: E402

SCORER = Path("/work/shared/eval/turns/eval_turns.py")
METHODS = ("model", "names", "hand", "oracle", "cast", "castb", "rules", "one", "para")


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


def linked(parsed: transcript_stage.Transcript, weights: learned.Weights, method: str,
           linker: linking.Linker | None, gold: dict[str, Any] | None) -> dict[str, Any]:
    """The model's spans linked to people: by ``linker`` (model), the hand rules (hand), or the gold (oracle)."""
    if parsed.labelled:  # ">>" marks: attribute() does not use the spans' linking there
        return document(speakers.attribute(parsed, weights))
    found, rows = transcript_features(parsed, weights.vocab)
    spans = [identity.Span(*turn) for turn in learned.decode(weights, rows)]
    sentences = list(parsed.sentences)
    if method == "hand":
        return document(speakers.Attribution(*identity.people(sentences, found, spans, method="rules")))
    if method == "model":  # the learned links and the linker's naming model
        return document(speakers.Attribution(*identity.learned_people(sentences, found, spans,
                                                                      linker or linking.default())))
    if method == "names":  # the learned links named by the hand rules (identity.people(method="learned"))
        return document(speakers.Attribution(*identity.people(sentences, found, spans, "learned", linker)))
    assert gold is not None  # oracle: each span to the gold speaker of most of its sentences
    who, _ = training.gold_sentences(parsed, gold)
    person_of: list[int] = []
    people: list[str] = []
    for span in spans:
        votes: dict[str, int] = {}
        for w in who[span.start:span.end]:
            votes[w] = votes.get(w, 0) + 1
        top = max(sorted(votes), key=lambda g: votes[g])
        if top not in people:
            people.append(top)
        person_of.append(people.index(top))
    seen = [linking.SpanIn(s.start, s.end, s.scores, s.confidence) for s in spans]
    roles = linking.roles_of(seen, person_of)
    names = linking.choose_names(linker or linking.default(), linking.name_candidates(
        sentences, identity.plausible(sentences, found), seen, person_of))
    return {"speakers": [{"id": f"p{p}", "name": names[p], "role": roles[p]} for p in range(len(people))],
            "turns": [{"speaker": f"p{p}", "role": roles[p], "text": " ".join(s.text for s in sentences[sp.start:sp.end])}
                      for sp, p in zip(spans, person_of)]}


def predict(method: str, text: str, parsed: transcript_stage.Transcript | None,
            weights: learned.Weights | None, gold: dict[str, Any] | None = None,
            linker: linking.Linker | None = None) -> dict[str, Any]:
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
    return linked(parsed, weights or learned.default(), method, linker, gold)


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
    ap.add_argument("--folds", default="0,1,2,3,4", help="the folds to test, comma-separated (a quick run: one)")
    ap.add_argument("--methods", default=",".join(METHODS), help="the methods to score, comma-separated")
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
    train_seconds = link_seconds = 0.0
    methods = [m for m in METHODS if m in a.methods.split(",")]
    for fold in [int(f) for f in a.folds.split(",")]:
        t1 = time.time()
        train = [c for c in cases if c.fold != fold]
        vocab = training.vocabulary(train)
        training.featurise(train, vocab)
        weights = training.train(train, vocab)
        t2 = time.time()
        linker = train_linker.train(train, weights)
        link_seconds += time.time() - t2
        train_seconds += time.time() - t1
        for name in names:
            if int(folds[name]) != fold or (a.news and meta[name]["source"] not in training.NEWS_SOURCES):
                continue
            text = (a.corpus / "cases" / f"{name}.input.txt").read_text(encoding="utf-8")
            gold = json.loads((a.corpus / "cases" / f"{name}.gold.json").read_text(encoding="utf-8"))
            case = loaded.get(name)
            news = meta[name]["source"] in training.NEWS_SOURCES
            for method in methods:
                c = score(ev, gold, predict(method, text, case.parsed if case else None, weights, gold, linker))
                for key in (f"fold {fold}", "pooled", *(("news", f"news {fold}") if news else ())):
                    pools.setdefault((key, method), Pool()).add(c)
                per_case.append({"case": name, "fold": fold, "news": news, "method": method, **ev.summarise(c)})
        print(f"fold {fold} done, {time.time() - t0:.0f} s", file=sys.stderr)
    order = [f"fold {k}" for k in range(5)] + ["pooled"] + [f"news {k}" for k in range(5)] + ["news"]
    print("Grouped 5-fold cross-validation (model = the sequence model and the linker, both trained on the other")
    print("four folds; names = the same links named by the hand rules, not the linker's naming model;")
    print("hand = the same spans linked to people by the hand rules of identity.py; oracle = the same")
    print("spans each linked to its gold speaker, the linker's ceiling; rules = today's hand weights;")
    print("cast = the same model decoding over the gold cast, each named gold speaker with their role;")
    print("castb = the same with the gold changes of speaker given: who is who alone, a diagnostic;")
    print("one = one speaker, the anchor; para = a new turn per paragraph, alternating)")
    print(HEADER)
    for key in order:
        for method in methods:
            if (key, method) in pools:
                print(row(key, method, pools[(key, method)], ev))
        if key in ("pooled", "news"):
            print("-" * len(HEADER))
    print(f"\ntraining: {train_seconds:.0f} s for five folds (the linker {link_seconds:.0f} s of it); "
          f"total {time.time() - t0:.0f} s")
    dev(ev, a.dev, methods)
    if a.json:
        a.json.write_text(json.dumps(per_case, indent=0), encoding="utf-8")
    return 0


def dev(ev: ModuleType, folder: Path, methods: list[str]) -> None:
    """The development transcripts with the committed model and the rules (not trained or tuned on)."""
    pools = {m: Pool() for m in methods}
    for gold_path in sorted(folder.glob("*.gold.json")):
        text = gold_path.with_name(gold_path.name.replace(".gold.json", ".input.txt")).read_text(encoding="utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            parsed: transcript_stage.Transcript | None = transcript_stage.parse(text)
        except TranscriptError:
            parsed = None
        for method in methods:
            pools[method].add(score(ev, gold, predict(method, text, parsed, None, gold)))
    print("\nDevelopment transcripts (the committed model, trained on the whole corpus; never tuned on):")
    print(HEADER)
    for method in methods:
        print(row("dev", method, pools[method], ev))


if __name__ == "__main__":
    sys.exit(main())
