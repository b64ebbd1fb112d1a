"""Who is who, learned: each turn of the sequence model linked to a person, one already seen or a new one.

The sequence model (:mod:`.learned`) finds the turns (spans of sentences with
role scores); this module decides which of them one person speaks. Left to
right, each span scores every candidate, the people seen so far and "a new
person", with a linear model over named pair features (:data:`FEATURES`: the
candidate's role against the span's, how recently the candidate spoke, the names
the span and the span before give, the question before and the answer here, the
page's layout), and takes the best. Then each person's name is chosen among the
names the text gives around their turns, by a second linear model over named
features of the (person, name) pair (:data:`NAME_FEATURES`), and their role is
the one their turns score most. The weights come from ``linker.json``, written by
``make train`` (``tools/train_linker.py``) from the labelled corpus.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import regex

from subtitler.model import Role, Sentence
from subtitler.pipeline.speakers.evidence import Evidence, person_name
from subtitler.pipeline.speakers.sequence import people_in, same_person

ROLES: tuple[Role, ...] = ("anchor", "correspondent", "guest")
#: How many partial linkings the search keeps at each span.
BEAM = 4
#: The model file beside this module.
LINKER_FILE = "linker.json"
#: How many sentences at the end of a turn can hand over to the next speaker.
HANDOVER_REACH = 6
#: How many sentences at the start of a turn can carry the speaker's own name.
OWN_NAME_REACH = 3
#: How many sentences before a person's first turn can name them (a clip's lead-in).
MENTION_REACH = 6

_RANKS = ("0", "1", "2", "3+")
_GAPS = ("1", "2", "3", "4-6", "7-12", "13+")
_COUNTS = ("1", "2-3", "4+")
_PEOPLE = ("1", "2", "3", "4-5", "6+")
_LAYOUTS = ("block", "short", "para")
_CONFS = ("<.5", "<.8", "<.95", "high")
_SIZES = ("1", "2-3", "4+")


def _table() -> dict[str, str]:
    table = {
        "new": "the candidate is a new person (the bias of starting one)",
        "rolefit": "how well the span's role probabilities agree with the candidate's (dot product, 0-1)",
        "first": "the candidate spoke the first turn of the page (most often its host)",
        "most": "the candidate has spoken more turns than anyone so far",
        "named": "the candidate has a name already",
        "own=": "the span gives its speaker's own name (I'm X, a sign-off) and it is the candidate's",
        "own!=": "the span gives its speaker's own name and the candidate has another",
        "hand=": "the span before hands over to or addresses a name that is the candidate's",
        "hand!=": "the span before hands over to a name and the candidate has another",
        "addr=": "the span addresses the candidate by name (so the candidate is not who speaks)",
        "prevaddr=": "the span before addresses the candidate by name (speaks to them, who may answer)",
        "same_role&rank0": "the candidate spoke the span before with the same role (the model split a turn)",
        "mid&rank0": "the span starts inside a paragraph and the candidate spoke the span before",
        "prevq&rank0": "the span before ends with a question and the candidate asked it",
        "prevq&rank1": "the span before ends with a question and the candidate spoke just before the asker",
        "ans&rank0": "the span opens like an answer (Well, Yes) and the candidate spoke the span before",
        "ans&rank1": "the span opens like an answer and the candidate spoke just before the previous speaker",
        "new&own_unknown": "a new person, and the span gives an own name nobody has",
        "new&own_known": "a new person, though the span's own name is someone's already",
        "new&hand_unknown": "a new person, and the span before hands over to a name nobody has",
        "new&hand_known": "a new person, though the span before hands over to someone already seen",
        "new&waiting": "a new person, and the text has introduced someone before here who has not spoken",
        "new&waiting_near": "a new person, and that introduction is within the six sentences before",
        "new&mid": "a new person starting inside a paragraph",
        "new&prevq": "a new person answering a question",
        "new&ans": "a new person, the span opening like an answer",
        "anchor_person": "the candidate holds the most anchor score so far, and the span reads as anchor",
        "anchor_person!": "the candidate holds the most anchor score so far, and the span does not read as anchor",
    }
    for conf in _CONFS:
        for who in ("rank0", "rank1", "new"):
            table[f"conf={conf}&{who}"] = f"the model's probability that a speaker starts at the span is {conf} " \
                                          f"(low: perhaps no change at all), for the candidate {who}"
    for size in _SIZES:
        table[f"len={size}&rank0"] = f"the span has {size} sentences and the candidate spoke the span before"
        table[f"len={size}&new"] = f"the span has {size} sentences and the candidate is new"
    for rank in _RANKS:
        table[f"rank={rank}"] = f"the candidate is the {rank}th most recent speaker (0: spoke the span before)"
        for layout in _LAYOUTS:
            table[f"rank={rank}@{layout}"] = f"the same within a page of layout {layout} (block: one paragraph; " \
                                             "short: a sentence or so per paragraph; para: longer paragraphs)"
    for gap in _GAPS:
        table[f"gap={gap}"] = f"spans since the candidate last spoke: {gap}"
    for count in _COUNTS:
        table[f"turns={count}"] = f"how many spans the candidate has spoken so far: {count}"
    for people in _PEOPLE:
        table[f"new&people={people}"] = f"a new person when {people} people have spoken so far"
    for layout in _LAYOUTS:
        table[f"new@{layout}"] = f"a new person within a page of layout {layout}"
    for span_role in ROLES:
        table[f"new&role={span_role}"] = f"a new person for a span the model reads as {span_role}"
        for cand_role in ROLES:
            table[f"role={span_role}>{cand_role}"] = \
                f"the span reads as {span_role} and the candidate's turns so far as {cand_role}"
            for rank in ("0", "1"):
                table[f"role={span_role}>{cand_role}&rank{rank}"] = f"the same, the candidate of rank {rank}"
    return table


#: The linker's features, each with what it captures (every weight in linker.json is one of these).
FEATURES: dict[str, str] = _table()


def _name_table() -> dict[str, str]:
    table = {
        "bias": "any name found around the person's turns, against giving none (whose score is zero)",
        "full": "the name has two words or more (a full name, not a vocative's first name)",
        "lower": "every word of the name is written in lower case somewhere on the page (a word, not a name)",
        "self_in": "an own-name cue of the name opens more than one of the person's turns",
        "addressed_in": "the person addresses the name in their own turns (so it is someone else)",
        "taken_self": "the name is given as own name in someone else's turns",
        "anchor&addressed_by": "an anchor addressed by the name in the turns around theirs",
        "anchor&self": "an anchor giving the name as their own (Good evening, I'm X)",
        "first_turn&handed": "the name handed over to just before the person's first turn",
        "prefix": "another candidate of the person's contains this one (Andrew, Andrew McCabe)",
    }
    for source in _SOURCES:
        for count in ("1", "2", "3+"):
            table[f"{source}={count}"] = f"{_SOURCES[source]}: {count} times"
    return table


#: Where a person's candidate names come from, each with what it is.
_SOURCES = {
    "self": "the person says it is their own name in their turn (I'm X, This is X)",
    "signoff": "the person signs off with it (X, CNN, Washington)",
    "handed": "the turn before one of theirs hands over to it or addresses it at its end",
    "answered": "the turn after one of theirs addresses it at its start (Well, X, ...; Thank you, X)",
    "mentioned": "a full name mentioned in the sentences just before the person's first turn",
    "introduced": "an introduction of the name (Joining me is X) before the person's first turn",
    "inside": "a name mentioned in the person's own turns (a speaker talks about others, but may be named)",
    "around": "a name mentioned in the turns just before or after one of theirs",
}
#: The naming model's features, each with what it captures.
NAME_FEATURES: dict[str, str] = _name_table()


@dataclass(frozen=True)
class Linker:
    """A linker: a weight per linking feature and per naming feature."""

    weights: dict[str, float]
    names: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SpanIn:
    """A span as the linker sees it: its sentences, its role scores."""

    start: int
    end: int
    scores: tuple[float, float, float]
    confidence: float = 1.0  # the model's probability that a speaker starts at the span


@dataclass(frozen=True, slots=True)
class _Facts:
    """What a span says about who speaks it and who speaks next."""

    own: str | None
    handed: str | None
    addressed: tuple[str, ...]
    answer: bool
    question: bool
    mid: bool
    role: int
    probs: tuple[float, float, float]
    conf: str
    size: str


@dataclass
class _Person:
    names: list[str] = field(default_factory=list)
    roles: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    spans: list[int] = field(default_factory=list)


def _matches(name: str, other: str) -> bool:
    return same_person(name, other) or same_person(other, name)


def _is(person: _Person, name: str | None) -> bool:
    return bool(name) and any(_matches(str(name), known) for known in person.names)


def _own(found: Sequence[Evidence], start: int, end: int) -> str | None:
    for cue in found[start:end]:
        if cue.signoff:
            return cue.signoff
    for cue in found[start:min(end, start + OWN_NAME_REACH)]:
        if cue.self_name:
            return cue.self_name
    return None


def _handed(found: Sequence[Evidence], start: int, end: int) -> str | None:
    for cue in reversed(found[max(start, end - HANDOVER_REACH):end]):
        names = ([cue.introduces] if cue.introduces else []) + list(cue.addressed)
        if names:
            return names[0]
    return None


def layout(sentences: Sequence[Sentence]) -> str:
    """The page's shape: one block, a sentence or so per paragraph, or longer paragraphs."""
    paragraphs = len({s.paragraph for s in sentences})
    if paragraphs <= 2 and len(sentences) > 8:
        return "block"
    return "short" if len(sentences) / max(paragraphs, 1) < 1.5 else "para"


def facts(sentences: Sequence[Sentence], found: Sequence[Evidence], spans: Sequence[SpanIn]) -> list[_Facts]:
    out = []
    for span in spans:
        total = sum(span.scores) or 1.0
        probs = (span.scores[0] / total, span.scores[1] / total, span.scores[2] / total)
        out.append(_Facts(
            own=_own(found, span.start, span.end),
            handed=_handed(found, span.start, span.end),
            addressed=tuple(n for cue in found[span.start:span.end] for n in cue.addressed),
            answer=found[span.start].answer,
            question=found[span.end - 1].question,
            mid=span.start > 0 and sentences[span.start].paragraph == sentences[span.start - 1].paragraph,
            role=max(range(3), key=lambda r: probs[r]),
            probs=probs,
            conf=_CONFS[0] if span.confidence < 0.5 else _CONFS[1] if span.confidence < 0.8
            else _CONFS[2] if span.confidence < 0.95 else _CONFS[3],
            size=_bucket(span.end - span.start, _SIZES, (1, 3)),
        ))
    return out


def _bucket(n: int, labels: tuple[str, ...], edges: tuple[int, ...]) -> str:
    for label, edge in zip(labels, edges):
        if n <= edge:
            return label
    return labels[-1]


def candidates(k: int, info: list[_Facts], people: list[_Person], recent: list[int], shape: str,
               waiting: list[tuple[str, int]], start: int) -> list[list[tuple[str, float]]]:
    """The features of each candidate for span ``k``: each person seen so far, then a new person."""
    here = info[k]
    before = info[k - 1] if k else None
    most = max((len(p.spans) for p in people), default=0)
    anchor_mass = [p.roles[0] for p in people]
    anchor = max(range(len(people)), key=lambda i: anchor_mass[i]) if any(anchor_mass) else -1
    out: list[list[tuple[str, float]]] = []
    for index, person in enumerate(people):
        rank = len(recent) - 1 - recent.index(index)
        total = sum(person.roles) or 1.0
        mine = [x / total for x in person.roles]
        cand_role = max(range(3), key=lambda r: mine[r])
        rank_label = _RANKS[min(rank, 3)]
        row: list[tuple[str, float]] = [
            ("rolefit", sum(a * b for a, b in zip(here.probs, mine))),
            (f"role={ROLES[here.role]}>{ROLES[cand_role]}", 1.0),
            (f"rank={rank_label}", 1.0), (f"rank={rank_label}@{shape}", 1.0),
            (f"gap={_bucket(k - person.spans[-1], _GAPS, (1, 2, 3, 6, 12))}", 1.0),
            (f"turns={_bucket(len(person.spans), _COUNTS, (1, 3))}", 1.0),
        ]
        if rank < 2:
            row.append((f"role={ROLES[here.role]}>{ROLES[cand_role]}&rank{rank}", 1.0))
            row.append((f"conf={here.conf}&rank{rank}", 1.0))
        if rank == 0:
            row.append((f"len={here.size}&rank0", 1.0))

        if index == anchor:
            row.append(("anchor_person" if here.role == 0 else "anchor_person!", 1.0))
        flags = {
            "first": person.spans[0] == 0,
            "most": len(person.spans) == most,
            "named": bool(person.names),
            "own=": _is(person, here.own),
            "own!=": bool(here.own) and bool(person.names) and not _is(person, here.own),
            "hand=": before is not None and _is(person, before.handed),
            "hand!=": before is not None and bool(before.handed) and bool(person.names)
            and not _is(person, before.handed),
            "addr=": any(_is(person, n) for n in here.addressed),
            "prevaddr=": before is not None and any(_is(person, n) for n in before.addressed),
            "same_role&rank0": rank == 0 and cand_role == here.role,
            "mid&rank0": rank == 0 and here.mid,
            "prevq&rank0": rank == 0 and before is not None and before.question,
            "prevq&rank1": rank == 1 and before is not None and before.question,
            "ans&rank0": rank == 0 and here.answer,
            "ans&rank1": rank == 1 and here.answer,
        }
        row += [(name, 1.0) for name, on in flags.items() if on]
        out.append(row)
    known = [n for p in people for n in p.names]
    own_known = bool(here.own) and any(_matches(str(here.own), n) for n in known)
    hand = before.handed if before is not None else None
    hand_known = bool(hand) and any(_matches(str(hand), n) for n in known)
    open_intros = [first for name, first in waiting if not any(_matches(name, n) for n in known)]
    new_flags = {
        "new": True,
        f"new&people={_bucket(len(people), _PEOPLE, (1, 2, 3, 5))}": bool(people),
        f"new@{shape}": True,
        f"new&role={ROLES[here.role]}": True,
        "new&own_unknown": bool(here.own) and not own_known,
        "new&own_known": own_known,
        "new&hand_unknown": bool(hand) and not hand_known,
        "new&hand_known": hand_known,
        "new&waiting": bool(open_intros),
        "new&waiting_near": any(start - first <= MENTION_REACH for first in open_intros),
        "new&mid": here.mid,
        "new&prevq": before is not None and before.question,
        "new&ans": here.answer,
        f"conf={here.conf}&new": True,
        f"len={here.size}&new": True,
    }
    out.append([(name, 1.0) for name, on in new_flags.items() if on])
    return out


def _score(weights: dict[str, float], row: Iterable[tuple[str, float]]) -> float:
    return sum(weights.get(name, 0.0) * value for name, value in row)


class _State:
    """The people so far while linking left to right."""

    def __init__(self, sentences: Sequence[Sentence], found: Sequence[Evidence], spans: Sequence[SpanIn]) -> None:
        self.spans = spans
        self.info = facts(sentences, found, spans)
        self.shape = layout(sentences)
        mentioned, _ = people_in(list(sentences), list(found))
        self.waiting = [(p.name, p.first) for p in mentioned]
        self.people: list[_Person] = []
        self.recent: list[int] = []
        self.person_of: list[int] = []

    def options(self, k: int) -> list[list[tuple[str, float]]]:
        waiting = [(n, f) for n, f in self.waiting if f < self.spans[k].start]
        return candidates(k, self.info, self.people, self.recent, self.shape, waiting, self.spans[k].start)

    def clone(self) -> _State:
        other = object.__new__(_State)
        other.spans, other.info, other.shape, other.waiting = self.spans, self.info, self.shape, self.waiting
        other.people = [_Person(list(p.names), list(p.roles), list(p.spans)) for p in self.people]
        other.recent = list(self.recent)
        other.person_of = list(self.person_of)
        return other

    def take(self, k: int, choice: int) -> None:
        here = self.info[k]
        if choice == len(self.people):
            self.people.append(_Person())
        person = self.people[choice]
        if here.own and not _is(person, here.own):
            person.names.append(here.own)
        handed = self.info[k - 1].handed if k else None
        if handed and not person.names:
            person.names.append(handed)
        person.spans.append(k)
        for r in range(3):
            person.roles[r] += self.spans[k].scores[r]
        if choice in self.recent:
            self.recent.remove(choice)
        self.recent.append(choice)
        self.person_of.append(choice)


def link(linker: Linker, sentences: Sequence[Sentence], found: Sequence[Evidence],
         spans: Sequence[SpanIn]) -> list[int]:
    """The person (0, 1, … in order of first turn) of each span: the best of a small beam of linkings."""
    beam: list[tuple[float, _State]] = [(0.0, _State(sentences, found, spans))]
    for k in range(len(spans)):
        grown: list[tuple[float, int, int, _State]] = []
        for rank, (total, state) in enumerate(beam):
            scores = [_score(linker.weights, row) for row in state.options(k)]
            top = max(scores)
            norm = top + math.log(sum(math.exp(x - top) for x in scores))
            grown += [(total + x - norm, rank, i, state) for i, x in enumerate(scores)]
        grown.sort(key=lambda t: (-t[0], t[1], t[2]))
        beam = []
        for total, _, choice, state in grown[:BEAM]:
            state = state.clone()
            state.take(k, choice)
            beam.append((total, state))
    return beam[0][1].person_of


# -- naming ---------------------------------------------------------------------------------------

_LOWER = regex.compile(r"\b\p{Ll}[\p{L}'’-]*")


def name_candidates(sentences: Sequence[Sentence], found: Sequence[Evidence], spans: Sequence[SpanIn],
                    person_of: Sequence[int]) -> list[dict[str, list[tuple[str, float]]]]:
    """For each person, each candidate name with the features of the pair."""
    count = max(person_of, default=-1) + 1
    sources: list[dict[str, dict[str, int]]] = [{} for _ in range(count)]
    own_addressed: list[set[str]] = [set() for _ in range(count)]
    selves: list[set[str]] = [set() for _ in range(count)]

    def add(person: int, name: str | None, source: str) -> None:
        if name:
            row = sources[person].setdefault(name, {})
            row[source] = row.get(source, 0) + 1

    first: dict[int, int] = {}
    for k, (span, person) in enumerate(zip(spans, person_of)):
        first.setdefault(person, k)
        for cue in found[span.start:span.end]:
            own_addressed[person].update(cue.addressed)
            if cue.signoff:
                add(person, cue.signoff, "signoff")
                selves[person].add(cue.signoff)
        for cue in found[span.start:min(span.end, span.start + OWN_NAME_REACH)]:
            if cue.self_name:
                add(person, cue.self_name, "self")
                selves[person].add(cue.self_name)
        if k:
            add(person, _handed(found, spans[k - 1].start, spans[k - 1].end), "handed")
        if k + 1 < len(spans):
            for cue in found[spans[k + 1].start:min(spans[k + 1].end, spans[k + 1].start + 2)]:
                for name in cue.addressed:
                    add(person, name, "answered")
    mentions = [_mentions(s.text) for s in sentences]
    for k, (span, person) in enumerate(zip(spans, person_of)):
        for i in range(span.start, span.end):
            for name in mentions[i]:
                add(person, name, "inside")
        for j in (k - 1, k + 1):
            if 0 <= j < len(spans):
                for i in range(spans[j].start, spans[j].end):
                    for name in mentions[i]:
                        add(person, name, "around")
    for person, k in first.items():
        start = spans[k].start
        for cue in found[:start]:
            if cue.introduces:
                add(person, cue.introduces, "introduced")
        for sentence in sentences[max(0, start - MENTION_REACH):start]:
            mention = person_name(sentence.text)
            if mention and " " in mention:
                add(person, mention, "mentioned")
    lower = frozenset(w for s in sentences for w in _LOWER.findall(s.text))
    roles = roles_of(spans, person_of)
    out: list[dict[str, list[tuple[str, float]]]] = []
    for person in range(count):
        rows: dict[str, list[tuple[str, float]]] = {}
        for name in sorted(sources[person]):
            seen: dict[str, int] = {}  # the sources of the name and of its short forms ("Ben" of "Ben Wedeman")
            for other, counts in sources[person].items():
                if same_person(other, name):
                    for source, n in counts.items():
                        seen[source] = seen.get(source, 0) + n
            row: list[tuple[str, float]] = [("bias", 1.0)]
            for source, n in seen.items():
                row.append((f"{source}={n if n < 3 else '3+'}", 1.0))
            flags = {
                "full": " " in name,
                "lower": all(t.lower() in lower for t in name.split()),
                "self_in": seen.get("self", 0) > 1,
                "addressed_in": any(_matches(name, n) for n in own_addressed[person]),
                "taken_self": any(_matches(name, n) for p in range(count) if p != person for n in selves[p]),
                "anchor&addressed_by": roles[person] == "anchor" and ("answered" in seen or "handed" in seen),
                "anchor&self": roles[person] == "anchor" and "self" in seen,
                "first_turn&handed": first[person] > 0 and _handed(
                    found, spans[first[person] - 1].start, spans[first[person] - 1].end) == name,
                "prefix": any(other != name and same_person(name, other) for other in sources[person]),
            }
            row += [(f, 1.0) for f, on in flags.items() if on]
            rows[name] = row
        out.append(rows)
    return out


def _mentions(text: str) -> list[str]:
    """The names a sentence mentions, in order."""
    out = []
    rest = text
    while (hit := person_name(rest)) is not None:
        out.append(hit)
        last = hit.split()[-1]
        at = rest.find(last)
        if at < 0:
            break
        rest = rest[at + len(last):]
    return out


def roles_of(spans: Sequence[SpanIn], person_of: Sequence[int]) -> list[Role]:
    """Each person's role: the one their spans' role scores sum highest."""
    count = max(person_of, default=-1) + 1
    totals = [[0.0, 0.0, 0.0] for _ in range(count)]
    for span, person in zip(spans, person_of):
        for r in range(3):
            totals[person][r] += span.scores[r]
    return [ROLES[max(range(3), key=lambda r: row[r])] for row in totals]


def choose_names(linker: Linker, pairs: list[dict[str, list[tuple[str, float]]]]) -> list[str | None]:
    """Each person's name: the best-scoring candidate above zero that no one else has taken."""
    scored = sorted(((-_score(linker.names, row), person, name) for person, rows in enumerate(pairs)
                     for name, row in rows.items()), key=lambda t: (t[0], t[1], t[2]))
    out: list[str | None] = [None] * len(pairs)
    for negative, person, name in scored:
        if -negative <= 0.0 or out[person] is not None:
            continue
        if any(other and _matches(name, other) for other in out):
            continue
        out[person] = name
    return out


def resolve(linker: Linker, sentences: Sequence[Sentence], found: Sequence[Evidence],
            spans: Sequence[SpanIn]) -> tuple[list[int], list[str | None], list[Role]]:
    """Each span's person, and each person's name and role."""
    person_of = link(linker, sentences, found, spans)
    names = choose_names(linker, name_candidates(sentences, found, spans, person_of))
    return person_of, names, roles_of(spans, person_of)


# -- training -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """A training case: sentences, evidence, the model's spans and each span's gold speaker and name."""

    sentences: tuple[Sentence, ...]
    found: tuple[Evidence, ...]
    spans: tuple[SpanIn, ...]
    gold: tuple[str, ...]  # the gold speaker of most of each span's sentences
    names: dict[str, str]  # gold speaker -> gold name (named speakers only)
    weight: float = 1.0


def _target(state: _State, gold: Sequence[str], k: int) -> int:
    """The right candidate for span ``k``: the person whose spans are mostly ``gold[k]``'s, else a new one."""
    best, best_n = len(state.people), 0
    for index, person in enumerate(state.people):
        votes: dict[str, int] = {}
        for j in person.spans:
            size = state.spans[j].end - state.spans[j].start
            votes[gold[j]] = votes.get(gold[j], 0) + size
        top = max(sorted(votes), key=lambda g: votes[g])
        if top == gold[k] and votes[top] > best_n:
            best, best_n = index, votes[top]
    return best


def name_matches(predicted: str, gold: str) -> bool:
    """The scorer's test: the gold surname (its last word) among the predicted name's words, or the same name."""
    pw = regex.findall(r"[\p{L}\p{N}]+", predicted.lower())
    gw = regex.findall(r"[\p{L}\p{N}]+", gold.lower())
    return bool(gw) and (pw == gw or gw[-1] in pw)


def train(examples: Sequence[Example], epochs: int = 8, seed: int = 12, rate: float = 0.2) -> Linker:
    """A log-linear model over each linking decision (the candidates' softmax), trained by AdaGrad.

    Each pass goes the right way (the gold history: the people as the gold links them); going the
    model's own way instead was worse on a trial fold. Then the naming model.
    """
    w: dict[str, float] = {}
    g2: dict[str, float] = {}
    rng = random.Random(seed)
    order = list(examples)
    for _ in range(epochs):
        rng.shuffle(order)
        for example in order:
            state = _State(example.sentences, example.found, example.spans)
            for k, span in enumerate(example.spans):
                rows = state.options(k)
                right = _target(state, example.gold, k)
                scores = [_score(w, row) for row in rows]
                top = max(scores)
                exp = [math.exp(x - top) for x in scores]
                total = sum(exp)
                size = example.weight * math.sqrt(span.end - span.start)
                grad: dict[str, float] = {}
                for i, row in enumerate(rows):
                    coef = ((1.0 if i == right else 0.0) - exp[i] / total) * size
                    if coef:
                        for name, value in row:
                            grad[name] = grad.get(name, 0.0) + coef * value
                for name in sorted(grad):
                    g = grad[name]
                    g2[name] = g2.get(name, 0.0) + g * g
                    w[name] = w.get(name, 0.0) + rate * g / math.sqrt(g2[name])
                state.take(k, right)
    weights = {k: round(v, 4) for k, v in sorted(w.items()) if round(v, 4)}
    linker = Linker(weights)
    return Linker(weights, _train_names(linker, examples, epochs, seed))


def _train_names(linker: Linker, examples: Sequence[Example], epochs: int, seed: int,
                 rate: float = 0.2) -> dict[str, float]:
    """A log-linear model over each person's candidate names and "no name" (score 0), trained by AdaGrad.

    The right choices are the candidates that name the person's gold speaker (the scorer's test), or
    no name when none does.
    """
    people: list[tuple[list[list[tuple[str, float]]], list[bool], float]] = []
    for example in examples:
        person_of = link(linker, example.sentences, example.found, example.spans)
        votes: list[dict[str, int]] = [{} for _ in range(max(person_of, default=-1) + 1)]
        for span, person, gold in zip(example.spans, person_of, example.gold):
            votes[person][gold] = votes[person].get(gold, 0) + span.end - span.start
        for person, rows in enumerate(name_candidates(example.sentences, example.found, example.spans, person_of)):
            if not rows:
                continue
            who = max(sorted(votes[person]), key=lambda g: votes[person][g])
            gold_name = example.names.get(who)
            good = [bool(gold_name) and name_matches(name, str(gold_name)) for name in rows]
            people.append(([[], *rows.values()], [not any(good), *good], example.weight))
    w: dict[str, float] = {}
    g2: dict[str, float] = {}
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(people)
        for options, goods, weight in people:
            scores = [_score(w, row) for row in options]
            top = max(scores)
            exp = [math.exp(x - top) for x in scores]
            total = sum(exp)
            right = sum(e for e, ok in zip(exp, goods) if ok)
            grad: dict[str, float] = {}
            for e, ok, row in zip(exp, goods, options):
                coef = weight * ((e / right if ok else 0.0) - e / total)
                for feature, value in row:
                    grad[feature] = grad.get(feature, 0.0) + coef * value
            for feature in sorted(grad):
                g = grad[feature]
                if g:
                    g2[feature] = g2.get(feature, 0.0) + g * g
                    w[feature] = w.get(feature, 0.0) + rate * g / math.sqrt(g2[feature])
    return {k: round(v, 4) for k, v in sorted(w.items()) if round(v, 4)}


def to_json(linker: Linker, about: dict[str, object]) -> str:
    """The model file's text: sorted keys, rounded weights (the same model gives the same bytes)."""
    data = {"about": about, "link": dict(sorted(linker.weights.items())), "name": dict(sorted(linker.names.items()))}
    return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def from_json(data: dict[str, object]) -> Linker:
    link_w, name_w = data["link"], data.get("name", {})
    assert isinstance(link_w, dict) and isinstance(name_w, dict)
    return Linker({str(k): float(v) for k, v in link_w.items()}, {str(k): float(v) for k, v in name_w.items()})


@cache
def default() -> Linker:
    """The committed linker."""
    text = resources.files("subtitler.pipeline.speakers").joinpath(LINKER_FILE).read_text(encoding="utf-8")
    return from_json(json.loads(text))
