"""Who is who: the turns the sequence model found, linked to people with names and roles.

The model decides, sentence by sentence, the role and where a new speaker
starts; this module decides the people: by the hand rules that follow (the
default), or by the learned linker (:mod:`.linking`, ``method="learned"``).
Every anchor turn is the anchor. Any
other turn is the person it names as its own speaker (a self-introduction, a
sign-off), else the person the turn before hands over to or addresses or whose
recording it cues, else the person of the turn before when it has the same role
(the model splits more often than speakers change), else the person who last
answered the anchor (an interview goes back and forth), else a new voice. A
person's role is decided over all their turns, and the anchor's name comes
from the anchor's own self-introduction or from what the others call the
anchor; names are only words the page never writes in lower case.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from subtitler.model import Role, Sentence, Speaker, Turn
from subtitler.pipeline.speakers import linking
from subtitler.pipeline.speakers.evidence import NOT_NAMES, Evidence, person_name
from subtitler.pipeline.speakers.sequence import append_turn, people_in, same_person, slug, unique_id

#: How many sentences at the end of a turn can hand over to the next speaker (an anchor's question can be long).
HANDOVER_REACH = 6
#: How many sentences before an unnamed voice's first turn can name them (a clip's lead-in).
MENTION_REACH = 6
#: How many sentences at the start of a turn can carry the speaker's own name.
OWN_NAME_REACH = 3


@dataclass(frozen=True, slots=True)
class Span:
    """A run of sentences the model gives one speaker: where it starts and ends, its role scores."""

    start: int
    end: int  # exclusive
    role: Role
    scores: tuple[float, float, float]  # summed probability of anchor, correspondent, guest
    confidence: float


def _matches(name: str, other: str) -> bool:
    return same_person(name, other) or same_person(other, name)


def _anchor_name(spans: list[Span], found: list[Evidence]) -> str | None:
    """The anchor's own name in an anchor span, else the name the other speakers address most."""
    for span in spans:
        if span.role != "anchor":
            continue
        for cue in found[span.start:span.end]:
            if cue.self_name:
                return cue.self_name
    counts: dict[str, int] = {}
    for span in spans:
        if span.role == "anchor":
            continue
        for cue in found[span.start:span.end]:
            for name in cue.addressed:
                counts[name] = counts.get(name, 0) + (2 if cue.handback or cue.greeting or cue.answer else 1)
    if not counts:
        return None
    best = max(sorted(counts), key=lambda k: counts[k])
    return best if counts[best] >= 2 else None


def _own_name(span: Span, found: list[Evidence], anchor: str | None) -> str | None:
    for cue in found[span.start:span.end]:
        if cue.signoff and not (anchor and _matches(cue.signoff, anchor)):
            return cue.signoff
    for cue in found[span.start:min(span.end, span.start + OWN_NAME_REACH)]:
        if cue.self_name and not (anchor and _matches(cue.self_name, anchor)):
            return cue.self_name
    return None


def _handed_to(span: Span, found: list[Evidence], anchor: str | None,
               sentences: list[Sentence] | None = None) -> str | None:
    """The person the end of ``span`` hands over to or addresses (speaks next), or whose clip it cues."""
    for cue in reversed(found[max(span.start, span.end - HANDOVER_REACH):span.end]):
        names = ([cue.introduces] if cue.introduces else []) + list(cue.addressed)
        for name in names:
            if not (anchor and _matches(name, anchor)):
                return name
    if sentences is not None and _CLIP.search(sentences[span.end - 1].text):
        # "Attorney General Jeff Sessions is recusing himself. Let's take a look." -> a clip of Sessions
        for sentence in reversed(sentences[max(span.start, span.end - 2):span.end]):
            mention = person_name(sentence.text)
            if mention and " " in mention and not (anchor and _matches(mention, anchor)):
                return mention
    return None


#: A sentence that cues a recording of someone ("Let's take a look.", "Here's what he said:").
_CLIP = regex.compile(r"(?i)\b(?:take a look|let'?s (?:listen|watch|hear)|listen\b|here'?s what|here is what|"
                      r"(?:he|she|they) (?:said|says|told)\b[^.!?]*:)|:\s*$")


def _lower_words(sentences: list[Sentence]) -> frozenset[str]:
    """The words the text writes in lower case somewhere: no name of a person."""
    return frozenset(w for s in sentences for w in regex.findall(r"\b\p{Ll}[\p{L}'’-]*", s.text))


def _plausible(sentences: list[Sentence], found: list[Evidence]) -> list[Evidence]:
    """``found`` without the names the text itself shows are words ("Yeah", "Like": written in lower case too)."""
    lower = _lower_words(sentences)

    def ok(name: str | None) -> bool:
        return bool(name) and not all(t.lower() in lower for t in str(name).split())

    out = []
    for cue in found:
        named = [n for n in (cue.introduces, cue.self_name, cue.signoff, *cue.addressed) if n]
        if not all(ok(n) for n in named):
            cue = replace(cue, introduces=cue.introduces if ok(cue.introduces) else None,
                          self_name=cue.self_name if ok(cue.self_name) else None,
                          signoff=cue.signoff if ok(cue.signoff) else None,
                          addressed=tuple(n for n in cue.addressed if ok(n)))
        out.append(cue)
    return out


def plausible(sentences: list[Sentence], found: list[Evidence]) -> list[Evidence]:
    """``found`` without the names the text itself shows are words (written in lower case too)."""
    return _plausible(sentences, found)


def people(sentences: list[Sentence], found: list[Evidence], spans: list[Span],
           method: str = "rules",
           linker: linking.Linker | None = None) -> tuple[tuple[Speaker, ...], tuple[Turn, ...]]:
    """Speakers and turns from the model's spans: linked by the hand rules, or by the learned linker (``learned``).

    The hand rules stay the default: under grouped cross-validation the learned linker lowers WDER over
    all cases (0.245 against 0.272) but not on the news cases (0.303 against 0.309, with boundary F1
    0.50 against 0.57), and its naming model names far fewer people (docs/generate.md).
    """
    if method == "learned":
        return learned_people(sentences, found, spans, linker or linking.default(), naming="rules")
    found = _plausible(sentences, found)
    mentioned, rules_anchor = people_in(sentences, found)
    anchor_name = _anchor_name(spans, found) or rules_anchor
    names: list[str] = []  # one per person; "" for an unnamed voice
    person_of: list[int] = []  # span -> person index (-1: the anchor)
    recent: list[int] = []  # non-anchor people, most recent last
    for k, span in enumerate(spans):
        if span.role == "anchor":
            person_of.append(-1)
            continue
        name = _own_name(span, found, anchor_name) or (
            _handed_to(spans[k - 1], found, anchor_name, sentences) if k else None)
        chosen: int | None = None
        if name:
            chosen = next((p for p, known in enumerate(names) if known and _matches(name, known)), None)
            if chosen is None:
                names.append(name)
                chosen = len(names) - 1
            elif len(name) > len(names[chosen]):
                names[chosen] = name
        elif k and person_of[k - 1] == -1 and recent:
            chosen = recent[-1]  # the interview goes back to whoever answered the anchor last
        elif k and person_of[k - 1] != -1 and spans[k - 1].role == span.role:
            chosen = person_of[k - 1]
        elif k and person_of[k - 1] != -1:
            others = [p for p in reversed(recent) if p != person_of[k - 1]]
            chosen = others[0] if others else None
        if chosen is None:
            # a new voice: the last person the text has introduced before here and nobody speaks as yet
            waiting = [p.name for p in mentioned if p.first < span.start
                       and not (anchor_name and _matches(p.name, anchor_name))
                       and not any(known and _matches(p.name, known) for known in names)]
            names.append(waiting[-1] if waiting else "")
            chosen = len(names) - 1
        person_of.append(chosen)
        if chosen in recent:
            recent.remove(chosen)
        recent.append(chosen)
    text = " ".join(s.text for s in sentences)
    names = [_full(name, text) for name in names]
    anchor_name = _full(anchor_name, text) if anchor_name else None
    first: dict[int, int] = {}  # person -> the first sentence of their first turn
    for span, p in zip(spans, person_of):
        first.setdefault(p, span.start)
    taken = [n for n in names if n] + ([anchor_name] if anchor_name else [])
    for p, name in enumerate(names):
        if not name:
            names[p] = _mentioned_before(sentences, first[p], taken) or ""
            if names[p]:
                taken.append(names[p])
    titled: set[int] = set()  # people the text introduces as correspondents ("our correspondent X")
    for p, known in enumerate(names):
        for person in mentioned:
            if known and _matches(known, person.name):
                if len(person.name) > len(names[p]):
                    names[p] = person.name  # "Min-ji" is the "Kim Min-ji" the anchor introduced
                if person.role == "correspondent":
                    titled.add(p)
    return _speakers(sentences, spans, person_of, names, anchor_name, titled)


def learned_people(sentences: list[Sentence], found: list[Evidence], spans: list[Span],
                   linker: linking.Linker, naming: str = "learned") -> tuple[tuple[Speaker, ...], tuple[Turn, ...]]:
    """Speakers and turns from the model's spans, each linked to a person by ``linker`` (:mod:`.linking`).

    Each person's name is chosen by the linker's naming model, or (``naming="rules"``) by the hand
    rules of :func:`people` applied to the learned links.
    """
    found = _plausible(sentences, found)
    seen = [linking.SpanIn(s.start, s.end, s.scores, s.confidence) for s in spans]
    person_of, names, roles = linking.resolve(linker, sentences, found, seen)
    if naming == "rules":
        names = _rule_names(sentences, found, spans, person_of, roles)
    text = " ".join(s.text for s in sentences)
    order: list[Speaker] = []
    by_person: dict[int, Speaker] = {}
    turns: list[Turn] = []
    for span, person in zip(spans, person_of):
        if person not in by_person:
            given = names[person]
            name = _full(given, text) if given else None
            base = slug(name) if name else ("anchor" if roles[person] == "anchor" and not any(
                p.role == "anchor" for p in order) else f"speaker-{len(order) + 1}")
            by_person[person] = Speaker(unique_id(base, order), name, roles[person])
            order.append(by_person[person])
        append_turn(turns, by_person[person], tuple(sentences[span.start:span.end]), span.confidence)
    return tuple(order), tuple(turns)


def _rule_names(sentences: list[Sentence], found: list[Evidence], spans: list[Span], person_of: list[int],
                roles: list[Role]) -> list[str | None]:
    """Each person's name by the hand rules: the anchor's as :func:`people` finds it; anyone else's own
    name in a turn, else the name the turn before one of theirs hands over to, else a full name
    mentioned just before their first turn."""
    mentioned, rules_anchor = people_in(sentences, found)
    anchor_name = _anchor_name(spans, found) or rules_anchor
    count = max(person_of, default=-1) + 1
    out: list[str | None] = [None] * count
    anchor = next((p for p in person_of if roles[p] == "anchor"), None)
    if anchor is not None and anchor_name:
        out[anchor] = anchor_name
    first: dict[int, int] = {}
    for k, (span, p) in enumerate(zip(spans, person_of)):
        first.setdefault(p, span.start)
        if out[p] or p == anchor:
            continue
        name = _own_name(span, found, anchor_name) or (
            _handed_to(spans[k - 1], found, anchor_name, sentences) if k else None)
        if name and not any(other and _matches(name, other) for other in out):
            out[p] = name
    taken = [n for n in out if n]
    for p in range(count):
        if not out[p]:
            out[p] = _mentioned_before(sentences, first[p], taken)
            if out[p]:
                taken.append(str(out[p]))
        for person in mentioned:
            known = out[p]
            if known and _matches(known, person.name) and len(person.name) > len(known):
                out[p] = person.name
    return out


def _mentioned_before(sentences: list[Sentence], start: int, taken: list[str]) -> str | None:
    """The last full name the text mentions just before sentence ``start`` that nobody has yet.

    An unnamed voice is most often the person the lines before it talk about (a clip of them).
    """
    for sentence in reversed(sentences[max(0, start - MENTION_REACH):start]):
        name = None
        rest = sentence.text
        while (hit := person_name(rest)) is not None:
            name = hit if " " in hit else name
            at = rest.find(hit.split()[-1])
            if at < 0:
                break
            rest = rest[at + len(hit.split()[-1]):]
        if name and not any(t and _matches(name, t) for t in taken):
            return name
    return None


def _full(name: str, text: str) -> str:
    """A one-word name ("Andrew") as the full name the text gives it most often ("Andrew McCabe").

    >>> _full("Andrew", "Joining me is Andrew McCabe. Andrew, what do you make of it?")
    'Andrew McCabe'
    """
    if not name or " " in name:
        return name
    counts: dict[str, int] = {}
    for match in regex.finditer(rf"\b{regex.escape(name)}\s+(\p{{Lu}}\p{{Ll}}[\p{{L}}'’-]*)\b", text):
        if match[1] not in NOT_NAMES:
            counts[match[1]] = counts.get(match[1], 0) + 1
    if not counts:
        return name
    return f"{name} {max(sorted(counts), key=lambda k: counts[k])}"


def _speakers(sentences: list[Sentence], spans: list[Span], person_of: list[int], names: list[str],
              anchor_name: str | None, titled: set[int]) -> tuple[tuple[Speaker, ...], tuple[Turn, ...]]:
    totals: dict[int, list[float]] = {}
    for span, person in zip(spans, person_of):
        if person >= 0:
            row = totals.setdefault(person, [0.0, 0.0])
            row[0] += span.scores[1]
            row[1] += span.scores[2]
    order: list[Speaker] = []
    by_person: dict[int, Speaker] = {}
    turns: list[Turn] = []
    for span, person in zip(spans, person_of):
        if person not in by_person:
            if person == -1:
                name: str | None = anchor_name
                role: Role = "anchor"
            else:
                name = names[person] or None
                correspondent, guest = totals[person]
                role = "correspondent" if correspondent > guest or person in titled else "guest"
            base = slug(name) if name else ("anchor" if person == -1 else f"speaker-{len(order) + 1}")
            by_person[person] = Speaker(unique_id(base, order), name, role)
            order.append(by_person[person])
        append_turn(turns, by_person[person], tuple(sentences[span.start:span.end]), span.confidence)
    return tuple(order), tuple(turns)
