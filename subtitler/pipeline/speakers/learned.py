"""The learned sequence model: per-sentence decisions of role and "a new speaker starts here", decided as a whole.

Each sentence takes one of six labels, a role (anchor, correspondent, guest)
with "new" (a speaker starts) or "same" (the speaker goes on). A sentence's
features (:mod:`subtitler.pipeline.speakers.features`) score each role, and
"a new speaker of this role starts"; a learned transition score links each label to the one before; and
"same" keeps the role of the sentence before. Viterbi finds the best labels
for the whole transcript; forward-backward gives each decision's probability.
The weights come from ``model.json``, written by ``make train``
(``tools/train_speakers.py``) from the labelled corpus.
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from subtitler.model import Role

#: The roles the model decides between, in the order of each weight row.
ROLES: tuple[Role, ...] = ("anchor", "correspondent", "guest")
#: The labels: (role, a new speaker starts).
LABELS: tuple[tuple[Role, bool], ...] = tuple((role, new) for role in ROLES for new in (True, False))
#: The model file beside this module.
MODEL_FILE = "model.json"
_NEG = float("-inf")


@dataclass(frozen=True)
class Weights:
    """A model: per feature, a weight for each role and one for a new speaker of each role; transitions; vocabulary."""

    features: dict[str, tuple[float, ...]]  # anchor, correspondent, guest, new anchor, new correspondent, new guest
    transitions: tuple[tuple[float, ...], ...]
    vocab: frozenset[str]
    scale: float = 1.0  # divides scores before forward-backward, so that probabilities are calibrated


def allowed(previous: int | None, label: int) -> bool:
    """Whether ``label`` may follow ``previous`` (None: the first sentence): "same" keeps the role."""
    role, new = LABELS[label]
    if previous is None:
        return new
    return new or LABELS[previous][0] == role


def emissions(weights: Weights, rows: Iterable[list[str]]) -> list[list[float]]:
    """The score of each label for each sentence, from its features."""
    return _rows(_emissions(weights, rows))


def _emissions(weights: Weights, rows: Iterable[list[str]]) -> array[float]:
    """:func:`emissions` in one flat array, six scores a sentence: a list of six floats a sentence,
    and the forward and backward passes' three more, held about twenty times a long transcript's text."""
    table = weights.features
    out = array("d")
    for row in rows:
        a = c = g = na = nc = ng = 0.0
        for feature in row:
            w = table.get(feature)
            if w is not None:
                a += w[0]
                c += w[1]
                g += w[2]
                na += w[3]
                nc += w[4]
                ng += w[5]
        out.extend((a + na, a, c + nc, c, g + ng, g))
    return out


def _rows(flat: Sequence[float]) -> list[list[float]]:
    """A flat array of six values a sentence as a list of rows."""
    size = len(LABELS)
    return [list(flat[i:i + size]) for i in range(0, len(flat), size)]


def _flat(emit: list[list[float]]) -> array[float]:
    return array("d", (v for row in emit for v in row))


def viterbi(weights: Weights, emit: list[list[float]]) -> list[int]:
    """The best label of every sentence, given the emission scores."""
    return _viterbi(weights, _flat(emit))


def _viterbi(weights: Weights, emit: Sequence[float]) -> list[int]:
    size = len(LABELS)
    n = len(emit) // size
    if not n:
        return []
    trans = weights.transitions
    scores = [emit[k] if allowed(None, k) else _NEG for k in range(size)]
    back = bytearray()  # the best label before each label of each sentence (from the second on)
    for i in range(1, n):
        row = emit[i * size:(i + 1) * size]
        new: list[float] = []
        for k in range(size):
            best, arg = _NEG, 0
            for j in range(size):
                if scores[j] == _NEG or not allowed(j, k):
                    continue
                value = scores[j] + trans[j][k]
                if value > best:
                    best, arg = value, j
            new.append(best + row[k])
            back.append(arg)
        scores = new
    label = max(range(size), key=lambda k: scores[k])
    path = [label]
    for i in range(n - 2, -1, -1):
        label = back[i * size + label]
        path.append(label)
    return path[::-1]


def marginals(weights: Weights, emit: list[list[float]]) -> list[list[float]]:
    """Each sentence's probability of each label (forward-backward over the scaled scores, rescaled each step)."""
    return _rows(_marginals(weights, _flat(emit)))


def _marginals(weights: Weights, emit: Sequence[float]) -> array[float]:
    size = len(LABELS)
    n = len(emit) // size
    if n == 0:
        return array("d")
    scale = weights.scale or 1.0
    trans = [[math.exp(weights.transitions[j][k] / scale) if allowed(j, k) else 0.0 for k in range(size)]
             for j in range(size)]
    rows = array("d")
    for i in range(n):
        row = emit[i * size:(i + 1) * size]
        top = max(row)
        rows.extend(math.exp((v - top) / scale) for v in row)
    alpha = array("d", normal([rows[k] if allowed(None, k) else 0.0 for k in range(size)]))
    for i in range(1, n):
        prev = alpha[(i - 1) * size:i * size]
        alpha.extend(normal([sum(prev[j] * trans[j][k] for j in range(size)) * rows[i * size + k]
                              for k in range(size)]))
    beta = array("d", [1.0]) * (n * size)
    for i in range(n - 2, -1, -1):
        nxt = [beta[(i + 1) * size + k] * rows[(i + 1) * size + k] for k in range(size)]
        beta[i * size:(i + 1) * size] = array("d", normal([sum(trans[j][k] * nxt[k] for k in range(size))
                                                            for j in range(size)]))
    del rows
    out = array("d")
    for i in range(n):
        out.extend(normal([alpha[i * size + k] * beta[i * size + k] for k in range(size)]))
    return out


def normal(values: list[float]) -> list[float]:
    """Values scaled to sum to one; all equal when every one underflowed to zero (a sharp model, a long text)."""
    total = sum(values)
    if not total > 0.0 or math.isinf(total):
        return [1.0 / len(values)] * len(values)
    return [v / total for v in values]


def from_json(data: dict[str, object]) -> Weights:
    """A model from its JSON form (the model file's content)."""
    features = data["features"]
    transitions = data["transitions"]
    vocab = data["vocab"]
    assert isinstance(features, dict) and isinstance(transitions, list) and isinstance(vocab, list)
    scale = data.get("scale", 1.0)
    return Weights({str(k): tuple(float(x) for x in v) for k, v in features.items()},
                   tuple(tuple(float(x) for x in row) for row in transitions), frozenset(str(v) for v in vocab),
                   float(scale) if isinstance(scale, (int, float)) else 1.0)


def to_json(weights: Weights, about: dict[str, object]) -> str:
    """The model file's text: sorted keys, rounded weights, so that the same model gives the same bytes."""
    data = {
        "about": about,
        "features": {k: [round(x, 4) for x in v] for k, v in sorted(weights.features.items())
                     if any(round(x, 4) for x in v)},
        "labels": [f"{role}:{'new' if new else 'same'}" for role, new in LABELS],
        "scale": round(weights.scale, 4),
        "transitions": [[round(x, 4) for x in row] for row in weights.transitions],
        "vocab": sorted(weights.vocab),
    }
    return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


@cache
def default() -> Weights:
    """The committed model."""
    text = resources.files("subtitler.pipeline.speakers").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return from_json(json.loads(text))


def decode(weights: Weights,
           rows: Iterable[list[str]]) -> list[tuple[int, int, Role, tuple[float, float, float], float]]:
    """The model's turns over sentences with features ``rows``: (start, end, role, role probabilities, confidence).

    A turn's role probabilities are summed over its sentences; its confidence is the probability
    that a speaker with its role starts at its first sentence.
    """
    emit = _emissions(weights, rows)
    path = _viterbi(weights, emit)
    probs = _marginals(weights, emit)
    del emit
    size = len(LABELS)
    out: list[tuple[int, int, Role, tuple[float, float, float], float]] = []
    start = 0
    for i in range(1, len(path) + 1):
        if i < len(path) and not LABELS[path[i]][1]:
            continue
        role = LABELS[path[start]][0]
        sums = tuple(sum(probs[q * size + 2 * r] + probs[q * size + 2 * r + 1] for q in range(start, i))
                     for r in range(len(ROLES)))
        r = ROLES.index(role)
        at = start * size
        starts = probs[at + 2 * r] if start else probs[at + 2 * r] + probs[at + 2 * r + 1]
        out.append((start, i, role, (sums[0], sums[1], sums[2]), starts))
        start = i
    return out
