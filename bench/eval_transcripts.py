#!/usr/bin/env python3
# ruff: noqa: UP031, B007
"""Corpus accuracy of subtitler's speaker turns, scored exactly as eval_turns.py scores.

usage: PYTHONPATH=<checkout> python eval_transcripts.py [--limit N] [--only-source SRC[,SRC]]
           [--stages speakers,coverage,labelled] [--labelled-mode whole|cuts|both]
           [--no-diagnose] [--worst K] [--json OUT] [--corpus DIR] [--scorer FILE] [--quiet]

The subtitler that is measured is whichever `import subtitler` resolves to (printed first), so
run it with PYTHONPATH pointing at the checkout to measure.  Standard library + subtitler only.
It reads (never writes) the corpus: the scorer (eval_turns.py) and build.py are imported by
path with bytecode writing switched off.

Stages
  speakers  every cases/<case>.input.txt (unlabelled) through
            subtitler.pipeline.generate_bytes (what the CLI does), rendered by
            formats.jsondoc.document, parsed by the scorer's parse_prediction and scored by its
            score_case; the two baselines of eval/turns (one speaker; alternate A/B per
            paragraph) are reproduced in-process and scored the same way.  Groups (overall,
            news = cnn-ac360 + pages-news, per source, per fold of split.json) are pooled like
            eval_turns.py's OVERALL line: per-case counts summed, then the scorer's summarise().
  coverage  "nothing spoken lost": aligned gold words / gold words of the model, overall and
            per source; cases under 98 %% and the worst K.
  labelled  the labelled originals.  whole: generate on each whole original (labels in), gold =
            the gold segments of its cases in case order (cases partition the original at label
            positions, build.py cut_points; speakers merged by id, which build.py keeps per
            transcript).  cuts: the original sliced at build.py's own cut points (so each slice is
            exactly the labelled text of one case) and scored against that case's gold, which
            makes it comparable case for case with the speakers stage.
  diagnosis (unless --no-diagnose) where the transcripts stage (subtitler.transcript.parse)
            loses or adds text: gold speech in dropped lines by reason, labels detected in
            unlabelled text, non-speech lines kept as speech / as whole turns / as a speaker of
            their own, and in the labelled read, gold labels missed (line-start / run-on) and
            false labels.

--limit N takes N cases spread evenly over the (sorted, source-filtered) list, and in the
labelled stage the transcripts of those cases.
"""
from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import os
import re
import sys
import time

sys.dont_write_bytecode = True  # the corpus and the scorer are read-only: no __pycache__ there

# the shared corpora sit beside the repository; SUBTITLER_SHARED points elsewhere
SHARED = os.environ.get("SUBTITLER_SHARED", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                         "shared"))
CORPUS = os.path.join(SHARED, "corpora", "transcripts")
SCORER = os.path.join(SHARED, "eval", "turns", "eval_turns.py")
NEWS = ("cnn-ac360", "pages-news")
COVERAGE_FLOOR = 0.98


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ------------------------------------------------------------------ predictions
def predict_model(sub, data):
    """(turns, names, error, generated) for the bytes of one transcript, as the CLI would."""
    gen_mod, jsondoc = sub
    try:
        if hasattr(gen_mod, "generate_bytes"):
            g = gen_mod.generate_bytes(data, gen_mod.Options(), None)
        else:
            g = gen_mod.generate_text(data.decode("utf-8"), gen_mod.Options(), source=None)
        doc = jsondoc.document(g)
        turns, names, _ = EV.parse_prediction(json.dumps(doc, ensure_ascii=False))
        return turns, names, None, g
    except Exception as exc:  # scored as if nothing had been predicted, like a FAILED case
        return [], {}, f"{type(exc).__name__}: {str(exc)[:200]}", None


def predict_one_speaker(text):
    return EV.parse_prediction(json.dumps({
        "speakers": [{"id": "S1", "name": None, "role": "anchor"}],
        "turns": [{"speaker": "S1", "role": "anchor", "text": text}]}))[:2]


def predict_paragraphs(text):
    paras = re.split(r"\n[ \t]*\n", text) if re.search(r"\n[ \t]*\n", text) else text.split("\n")
    paras = [p.strip() for p in paras if p.strip()]
    who = [("A", "anchor"), ("B", "correspondent")]
    turns = [{"speaker": who[i % 2][0], "role": who[i % 2][1], "text": p} for i, p in enumerate(paras)]
    return EV.parse_prediction(json.dumps({
        "speakers": [{"id": "A", "name": None, "role": "anchor"},
                     {"id": "B", "name": None, "role": "correspondent"}], "turns": turns}))[:2]


def read_text_like_baseline(path):
    with open(path, encoding="utf-8") as fh:  # the baselines' own open(): universal newlines
        return fh.read()


def slim(c):
    """The per-case counts that pooling needs (no mapping), plus the case figures."""
    out = {k: c[k] for k in ("gold_words", "pred_words", "aligned_words", "speaker_correct", "role_correct",
                             "n_gold_speakers", "n_pred_speakers")}
    out["boundary"] = dict(c["boundary"])
    out["names"] = [{"gold_name": d["gold_name"], "pred_name": d["pred_name"], "match": d["match"]} for d in c["names"]]
    s = EV.summarise(c)
    out.update({k: s[k] for k in ("wder", "role_accuracy", "boundary_f1", "name_accuracy",
                                  "names_matched", "names_total")})
    out["coverage"] = c["aligned_words"] / c["gold_words"] if c["gold_words"] else 1.0
    return out


def pool(results):
    """eval_turns.py's OVERALL pooling over a list of score_case results."""
    tot = {"gold_words": 0, "aligned_words": 0, "speaker_correct": 0, "role_correct": 0,
           "boundary": {"gold": 0, "pred": 0, "matched": 0}, "names": []}
    for c in results:
        for k in ("gold_words", "aligned_words", "speaker_correct", "role_correct"):
            tot[k] += c[k]
        for k in ("gold", "pred", "matched"):
            tot["boundary"][k] += c["boundary"][k]
        tot["names"].extend(c["names"])
    o = EV.summarise(tot)
    n = len(results)
    o.update({"cases": n, "failed": sum(1 for c in results if c.get("error")),
              "gold_words": tot["gold_words"], "aligned_words": tot["aligned_words"],
              "coverage": tot["aligned_words"] / tot["gold_words"] if tot["gold_words"] else 1.0,
              "boundary": tot["boundary"],
              "macro_wder": sum(c["wder"] for c in results) / n if n else None,
              "macro_role_accuracy": sum(c["role_accuracy"] for c in results) / n if n else None,
              "macro_boundary_f1": sum(c["boundary_f1"] for c in results) / n if n else None})
    return o


# ------------------------------------------------------------------ diagnosis helpers
_SEP = re.compile(r"\r\n|\r|\n")


def line_spans(text):
    """[(start, end)] of each line (1-based line n = index n-1), split like transcript.parse."""
    spans, pos = [], 0
    for m in _SEP.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def gold_words_per_line(text, spans, intervals):
    """Scorer words of gold speech on each line; intervals = sorted [(start, end)] of speech."""
    g = [0] * len(spans)
    k = 0
    for li, (ls, le) in enumerate(spans):
        while k < len(intervals) and intervals[k][1] <= ls:
            k += 1
        j = k
        while j < len(intervals) and intervals[j][0] < le:
            s, e = max(intervals[j][0], ls), min(intervals[j][1], le)
            if e > s:
                g[li] += len(EV.words(text[s:e]))
            j += 1
    return g


def diagnose(D, text, gold_intervals, gen, parsed, gold_label_lines=None, runon_labels=0):
    """Add the transcripts-stage failure shapes of one text to the counter D (line-level)."""
    spans = line_spans(text)
    g = gold_words_per_line(text, spans, gold_intervals)
    w = [len(EV.words(text[s:e])) for s, e in spans]
    nl = len(spans)
    dropped_reason = {}
    if gen is not None:
        for d in gen.dropped:
            n = d.line - 1
            if n < 0 or n >= nl:
                continue
            dw = len(EV.words(d.text))
            if d.reason == "page heading":  # a paragraph: walk its lines until its words are used up
                lines, acc, j = [], 0, n
                while j < nl and (acc < dw or not lines):
                    lines.append(j)
                    acc += w[j]
                    j += 1
            elif d.reason.startswith("transcriber note"):
                lines = []  # an inline note, not a whole line
            else:
                lines = [n]
            for j in lines:
                dropped_reason.setdefault(j, d.reason)
            gw = sum(g[j] for j in lines)
            if dw and gw:
                D[f"speech dropped as '{d.reason}' (entries)"] += 1
                D[f"speech dropped as '{d.reason}' (gold words)"] += min(gw, dw)
            elif dw:
                D[f"non-speech dropped as '{d.reason}' (entries; correct)"] += 1
        # turns made only of non-speech lines, and speakers made only of such turns
        spk_speech = collections.Counter()
        spk_turns = collections.Counter()
        for t in gen.turns:
            ls = {s.line - 1 for s in t.sentences}
            speech = sum(g[j] for j in ls if 0 <= j < nl)
            spk_turns[t.speaker] += 1
            spk_speech[t.speaker] += speech
            if speech == 0 and EV.words(t.text):
                D["non-speech kept as a whole turn (turns)"] += 1
        for s in spk_turns:
            if spk_speech[s] == 0:
                D["non-speech turns given a speaker of their own (speakers)"] += 1
    label_lines = set()
    if parsed is not None:
        for p in parsed.paragraphs:
            if p.label is None or p.label.style == "chevron":
                continue
            j = p.line - 1
            if p.label.name:  # a label on a line of its own names the paragraph after it (blank lines between)
                for k in range(j, max(-1, j - 4), -1):
                    if p.label.name[:12] in text[spans[k][0]:spans[k][1]]:
                        j = k
                        break
            label_lines.add(j)
        if gold_label_lines is None:  # unlabelled input: every detected label is a false label
            for j in sorted(label_lines):
                if g[j]:
                    D["label detected in unlabelled speech (speech words taken as a label)"] += 1
                else:
                    D["label detected in unlabelled non-speech (header/chrome line)"] += 1
        else:  # labelled: compare with the line-start gold labels
            gl = set(gold_label_lines)
            for j in label_lines:
                if j not in gl:
                    D["false label in labelled text (no gold label on the line)"] += 1
            for j in gl:
                if j in label_lines:
                    D["gold line-start label read (correct)"] += 1
                elif j in dropped_reason:
                    D[f"gold label line dropped as '{dropped_reason[j]}' (label + its speech)"] += 1
                elif not parsed.labelled:
                    D["gold line-start label missed: no label style detected"] += 1
                else:
                    D["gold line-start label missed: style detected, label not matched"] += 1
            D["gold run-on label (mid-line), unread by a line-start reader"] += runon_labels
    for j in range(nl):  # non-speech lines kept as speech
        if w[j] and not g[j] and j not in dropped_reason and j not in label_lines:
            D["non-speech line kept as speech (lines)"] += 1
    return D


def case_intervals(gold):
    return sorted((s["start"], s["end"]) for s in gold["segments"])


# ------------------------------------------------------------------ output
def f3(x):
    return "   -  " if x is None else f"{x:6.3f}"


def model_table(title, rows):
    lines = [title,
             "%-22s %5s %8s %6s %6s %6s %6s %6s %6s %9s %6s" % (
                 "group", "cases", "words", "WDER", "role", "bndP", "bndR", "bndF1", "names", "(m/n)", "cover")]
    for name, o in rows:
        lines.append("%-22s %5d %8d %s %s %s %s %s %s %9s %s" % (
            name[:22], o["cases"], o["gold_words"], f3(o["wder"]), f3(o["role_accuracy"]),
            f3(o["boundary_precision"]), f3(o["boundary_recall"]), f3(o["boundary_f1"]),
            f3(o["name_accuracy"]), "%d/%d" % (o["names_matched"], o["names_total"]), f3(o["coverage"])))
    return "\n".join(lines)


def compare_table(title, rows):
    lines = [title, "%-22s | %-20s | %-20s | %-20s | %-20s" % (
        "group", "WDER mod/one/para", "role mod/one/para", "bndF1 mod/one/para", "names mod/one/para")]
    for name, (m, o, p) in rows:
        cells = []
        for k in ("wder", "role_accuracy", "boundary_f1", "name_accuracy"):
            cells.append(" ".join(f3(x[k]).strip().rjust(6) for x in (m, o, p)))
        lines.append("%-22s | %-20s | %-20s | %-20s | %-20s" % (name[:22], *cells))
    return "\n".join(lines)


# ------------------------------------------------------------------ main
def spread(items, n):
    if n is None or n >= len(items):
        return list(items)
    if n <= 0:
        return []
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=CORPUS)
    ap.add_argument("--scorer", default=SCORER)
    ap.add_argument("--limit", type=int, help="N cases spread evenly over the list (quick runs)")
    ap.add_argument("--only-source", action="append", help="source name(s), repeatable or comma-separated")
    ap.add_argument("--stages", default="speakers,coverage,labelled")
    ap.add_argument("--labelled-mode", choices=("whole", "cuts", "both"), default="both")
    ap.add_argument("--no-diagnose", action="store_true")
    ap.add_argument("--worst", type=int, default=10)
    ap.add_argument("--json", metavar="OUT", help="write every figure (and per-case figures) as JSON")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    a = ap.parse_args(argv)
    stages = set(a.stages.split(","))
    diag = not a.no_diagnose

    global EV
    EV = load_module("eval_turns_scorer", a.scorer)
    import subtitler
    from subtitler import pipeline as gen_mod
    from subtitler.pipeline import jsondoc
    from subtitler.pipeline import transcript as tr_mod
    sub = (gen_mod, jsondoc)
    t_start = time.time()
    print(f"subtitler: {os.path.dirname(subtitler.__file__)}")
    print(f"scorer:    {a.scorer}    corpus: {a.corpus}")

    with open(os.path.join(a.corpus, "case_meta.json"), encoding="utf-8") as fh:
        meta = json.load(fh)
    with open(os.path.join(a.corpus, "split.json"), encoding="utf-8") as fh:
        folds = json.load(fh)["cases"]
    cdir = os.path.join(a.corpus, "cases")
    names = sorted(meta)
    if a.only_source:
        want = {s for o in a.only_source for s in o.split(",") if s}
        names = [n for n in names if meta[n]["source"] in want]
    names = spread(names, a.limit)
    out = {"subtitler": os.path.dirname(subtitler.__file__), "scorer": a.scorer, "corpus": a.corpus,
           "cases_selected": len(names), "limit": a.limit, "only_source": a.only_source, "timings_s": {}}

    def groups_of(n):
        m = meta[n]
        gs = ["overall"]
        if m["source"] in NEWS:
            gs.append("news")
        gs.append("source:" + m["source"])
        gs.append(f"fold:{folds.get(n)}")
        return gs

    def progress(i, total, what, t0):
        if not a.quiet and (i % 100 == 0 or i == total):
            sys.stderr.write("  %s %d/%d  %.0fs\n" % (what, i, total, time.time() - t0))
            sys.stderr.flush()

    D_unl = collections.defaultdict(collections.Counter)
    per_case = {}
    if stages & {"speakers", "coverage"}:
        t0 = time.time()
        gen_time = 0.0
        res = {"model": {}, "one_speaker": {}, "paragraphs": {}}
        for i, n in enumerate(names, 1):
            ipath = os.path.join(cdir, n + ".input.txt")
            with open(os.path.join(cdir, n + ".gold.json"), encoding="utf-8") as fh:
                gold = json.load(fh)
            with open(ipath, "rb") as fh:
                data = fh.read()
            tg = time.time()
            turns, pnames, err, g = predict_model(sub, data)
            gen_time += time.time() - tg
            c = slim(EV.score_case(gold, turns, pnames))
            c["error"] = err
            res["model"][n] = c
            text = read_text_like_baseline(ipath)
            if "speakers" in stages:
                res["one_speaker"][n] = slim(EV.score_case(gold, *predict_one_speaker(text)))
                res["paragraphs"][n] = slim(EV.score_case(gold, *predict_paragraphs(text)))
            if diag:
                raw = data.decode("utf-8")
                parsed = None
                if tr_mod is not None:
                    try:
                        parsed = tr_mod.parse(raw)
                    except Exception:
                        parsed = None
                diagnose(D_unl[meta[n]["source"]], raw, case_intervals(gold), g, parsed)
            progress(i, len(names), "cases", t0)
        out["timings_s"]["cases"] = round(time.time() - t0, 1)
        out["timings_s"]["cases_generate_only"] = round(gen_time, 1)
        grouped = {}
        for system, rs in res.items():
            if not rs:
                continue
            by = collections.defaultdict(list)
            for n, c in rs.items():
                for gname in groups_of(n):
                    by[gname].append(c)
            grouped[system] = {k: pool(v) for k, v in by.items()}
        order = ["overall", "news", *sorted(k for k in grouped["model"] if k.startswith("source:")), *sorted(k for k in grouped["model"] if k.startswith("fold:"))]
        order = [k for k in order if k in grouped["model"]]
        out["speakers"] = {"groups": grouped, "group_order": order}
        per_case = {n: {"source": meta[n]["source"], "fold": folds.get(n),
                        **{s: {k: v for k, v in res[s][n].items() if k != "names"} for s in res if res[s]}}
                    for n in names}
        out["cases"] = per_case

        if "speakers" in stages:
            print()
            print(model_table("== 1. SPEAKERS, unlabelled cases, model (pooled as eval_turns.py; the committed model was trained on these cases, so this is in-sample: make eval-speakers cross-validates) ==",
                              [(k, grouped["model"][k]) for k in order]))
            failed = grouped["model"]["overall"]["failed"]
            if failed:
                errs = collections.Counter(c["error"].split(":")[0] for c in res["model"].values() if c["error"])
                print("  FAILED cases (scored as empty): %d  %s" % (failed, dict(errs)))
            print()
            print(compare_table("== 1b. model vs baselines (one speaker / alternate paragraphs) ==",
                                [(k, (grouped["model"][k], grouped["one_speaker"][k], grouped["paragraphs"][k]))
                                 for k in order]))
        if "coverage" in stages:
            mres = res["model"]
            cov = {}
            print()
            print("== 2. NOTHING SPOKEN LOST (model): aligned gold words / gold words ==")
            print("%-22s %5s %9s %9s %8s %10s %9s" % ("group", "cases", "gold", "aligned", "cover", "cases<98%",
                                                     "min case"))
            for k in order:
                if k.startswith("fold:"):
                    continue
                members = [n for n in names if k in groups_of(n)]
                low = [n for n in members if mres[n]["coverage"] < COVERAGE_FLOOR]
                o = grouped["model"][k]
                least = min((mres[n]["coverage"] for n in members), default=1.0)
                cov[k] = {"cases": len(members), "gold_words": o["gold_words"], "aligned_words": o["aligned_words"],
                          "coverage": o["coverage"], "cases_under_98": len(low), "min_case": least}
                print("%-22s %5d %9d %9d %8.4f %10d %9.4f" % (k, len(members), o["gold_words"], o["aligned_words"],
                                                              o["coverage"], len(low), least))
            worst = sorted(names, key=lambda n: (mres[n]["coverage"], n))[:a.worst]
            cov["worst"] = [{"case": n, "coverage": mres[n]["coverage"], "gold_words": mres[n]["gold_words"],
                             "aligned_words": mres[n]["aligned_words"], "error": mres[n]["error"]} for n in worst]
            print("  worst %d cases by coverage:" % len(worst))
            for d in cov["worst"]:
                print("    %-78s %6.3f  (%d/%d)%s" % (d["case"], d["coverage"], d["aligned_words"],
                                                     d["gold_words"], "  FAILED" if d["error"] else ""))
            out["coverage"] = cov

    # ---------------------------------------------------------------- labelled read
    D_lab = collections.defaultdict(collections.Counter)
    if "labelled" in stages:
        t0 = time.time()
        B = load_module("transcripts_build", os.path.join(a.corpus, "build.py"))
        with open(os.path.join(a.corpus, "manifest.json"), encoding="utf-8") as fh:
            manifest = json.load(fh)
        by_tr = collections.defaultdict(list)
        for n in sorted(meta):
            by_tr[meta[n]["transcript"]].append(n)
        chosen_tr = sorted({meta[n]["transcript"] for n in names})
        modes = ("whole", "cuts") if a.labelled_mode == "both" else (a.labelled_mode,)
        lres = {m: {} for m in modes}  # mode -> key -> slim result
        lsrc = {m: {} for m in modes}
        mismatched = []
        for i, tn in enumerate(chosen_tr, 1):
            row = manifest[tn]
            opath = os.path.join(a.corpus, row["original"])
            with open(opath, encoding="utf-8", newline="") as fh:
                text = fh.read()
            marks, _speakers, nonspeech, _notes = B.PARSERS[row["source"]](text, row)
            bounds = B.cut_points(text, marks)
            cases = []
            for ci, (lo, hi, i0, i1) in enumerate(bounds):
                cn = "%s.%02d" % (tn, ci)
                if cn in meta:
                    with open(os.path.join(cdir, cn + ".gold.json"), encoding="utf-8") as fh:
                        cases.append((cn, lo, hi, i0, i1, json.load(fh)))
            if [c[0] for c in cases] != by_tr[tn]:
                mismatched.append(tn)
            # gold speech intervals in original coordinates (for the diagnosis), as build_case cuts them
            intervals, label_lines, runon = [], [], 0
            starts = [s for s, _ in line_spans(text)]
            import bisect
            for k, mk in enumerate(marks):
                if mk.spk is None:
                    continue
                tend = marks[k + 1].start if k + 1 < len(marks) else len(text)
                last = mk.cstart
                if nonspeech is not None:
                    for m in nonspeech.finditer(text, mk.cstart, tend):
                        intervals.append((last, m.start()))
                        last = m.end()
                intervals.append((last, tend))
                if mk.strip:
                    li = bisect.bisect_right(starts, mk.start) - 1
                    if text[starts[li]:mk.start].strip(" \t\u00a0*"):
                        runon += 1
                    else:
                        label_lines.append(li)
            intervals = sorted((s, e) for s, e in intervals if e > s)
            if "whole" in modes:
                gold = {"speakers": [], "segments": []}
                seen = set()
                for c in cases:
                    for s in c[5]["speakers"]:
                        if s["id"] not in seen:
                            seen.add(s["id"])
                            gold["speakers"].append(s)
                    gold["segments"].extend(c[5]["segments"])
                with open(opath, "rb") as fh:
                    data = fh.read()
                turns, pnames, err, g = predict_model(sub, data)
                r = slim(EV.score_case(gold, turns, pnames))
                r["error"] = err
                lres["whole"][tn] = r
                lsrc["whole"][tn] = row["source"]
                if diag:
                    parsed = None
                    if tr_mod is not None:
                        try:
                            parsed = tr_mod.parse(text)
                        except Exception:
                            parsed = None
                    diagnose(D_lab[row["source"]], text, intervals, g, parsed, label_lines, runon)
            if "cuts" in modes:
                for cn, lo, hi, i0, i1, cg in cases:
                    turns, pnames, err, g = predict_model(sub, text[lo:hi].encode("utf-8"))
                    r = slim(EV.score_case(cg, turns, pnames))
                    r["error"] = err
                    lres["cuts"][cn] = r
                    lsrc["cuts"][cn] = row["source"]
            progress(i, len(chosen_tr), "labelled transcripts", t0)
        out["timings_s"]["labelled"] = round(time.time() - t0, 1)
        lab = {"mismatched_transcripts": mismatched, "modes": {}}
        for m in modes:
            by = collections.defaultdict(list)
            for key, r in lres[m].items():
                src = lsrc[m][key]
                by["overall"].append(r)
                if src in NEWS:
                    by["news"].append(r)
                by["source:" + src].append(r)
            lorder = ["overall", "news", *sorted(k for k in by if k.startswith("source:"))]
            lorder = [k for k in lorder if k in by]
            lab["modes"][m] = {"groups": {k: pool(by[k]) for k in lorder}, "group_order": lorder,
                               "items": lres[m]}
            print()
            what = ("generate on each whole labelled original; gold = its cases' segments in order "
                    "(cases column = transcripts)" if m == "whole" else
                    "labelled original sliced at build.py's cut points, each slice vs its case gold")
            print(model_table(f"== 3. LABELLED READ ({m}): {what} ==",
                              [(k, lab["modes"][m]["groups"][k]) for k in lorder]))
            failed = lab["modes"][m]["groups"]["overall"]["failed"]
            if failed:
                print("  FAILED (scored as empty): %d" % failed)
        if mismatched:
            print("  WARNING: cut points differ from case_meta for %d transcripts: %s" % (len(mismatched),
                                                                                        mismatched[:5]))
        out["labelled"] = lab

    if diag and (D_unl or D_lab):
        out["diagnosis"] = {"unlabelled_cases": {k: dict(v) for k, v in D_unl.items()},
                            "labelled_whole": {k: dict(v) for k, v in D_lab.items()}}
        abbr = {"changelog": "cl", "cnn-ac360": "ac", "cpd-debates": "cpd", "pages-news": "pn", "wh-briefings": "wh"}
        for title, DD in (("unlabelled cases", D_unl), ("labelled originals, whole", D_lab)):
            if not DD:
                continue
            tot = collections.Counter()
            for v in DD.values():
                tot.update(v)
            print()
            print(f"== TRANSCRIPTS-STAGE SHAPES, {title} (line-level counts; per source) ==")
            for k, v in sorted(tot.items(), key=lambda kv: -kv[1]):
                per = " ".join("%s:%d" % (abbr.get(src, src), DD[src][k]) for src in sorted(DD) if DD[src][k])
                print("  %8d  %-72s %s" % (v, k, per))

    total = time.time() - t_start
    out["timings_s"]["total"] = round(total, 1)
    print()
    print("timings (s): {}".format(json.dumps(out["timings_s"])))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump(out, fh, ensure_ascii=False, indent=1)
        print(f"json: {a.json}")
    return 0


EV = None

if __name__ == "__main__":
    sys.exit(main())
