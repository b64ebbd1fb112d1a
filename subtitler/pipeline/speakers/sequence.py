"""The sequence model that decides who speaks each sentence of an unlabelled transcript.

States are the anchor, each person the text names and two unnamed voices.
Each sentence scores each state from its discourse evidence (emission), each
boundary scores a change of speaker (transition), and Viterbi finds the best
sequence as a whole; the weights are log-odds on one scale (0: no evidence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from subtitler.model import Role, Sentence, Speaker, Turn
from subtitler.pipeline.speakers.evidence import Evidence, evidence
from subtitler.pipeline.transcript import Transcript

#: Score of a change of speaker with no evidence for it (log-odds scale).
CHANGE = -3.0
#: Unnamed voices are a last resort: a cost to enter one, a small one to stay.
VOICE_ENTRY = -1.0
VOICE = -0.3
_CAST = re.compile(r"\b(?:correspondent|reporter|host)\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){1,2})")
_COVERS = re.compile(r"^(?:and\s+)?i\s+(?:cover|report on|report from)\b", re.IGNORECASE)


def slug(name: str) -> str:
    """A stable id from a name: 'Kim Min-ji' -> 'kim-min-ji'.

    >>> slug("Kim Min-ji"), slug("O'Brien, Jr.")
    ('kim-min-ji', 'obrien-jr')
    """
    cleaned = re.sub(r"['’]", "", name.lower())
    return re.sub(r"[^\w]+", "-", cleaned).strip("-") or "speaker"


def same_person(short: str, full: str) -> bool:
    """Whether ``short`` (a vocative, a surname label) can name the person called ``full``.

    >>> same_person("Min-ji", "Kim Min-ji"), same_person("Joe", "Joe Johns"), same_person("Joe", "Jo Ann")
    (True, True, False)
    """
    a = short.lower().replace(".", "").split()
    b = full.lower().replace(".", "").split()
    return bool(a) and all(token in b for token in a)


def unique_id(base: str, people: list[Speaker]) -> str:
    """``base``, or ``base-2``, ``base-3`` … when another speaker has it."""
    ids = {p.id for p in people}
    if base not in ids:
        return base
    n = 2
    while f"{base}-{n}" in ids:
        n += 1
    return f"{base}-{n}"


def append_turn(turns: list[Turn], speaker: Speaker, sentences: tuple[Sentence, ...],
                confidence: float | None = None) -> None:
    """Add sentences to the last turn when it is the same speaker's, else start a turn (with the model's
    ``confidence`` that it starts there, rounded to three places)."""
    if not sentences:
        return
    if turns and turns[-1].speaker == speaker.id:
        turns[-1] = replace(turns[-1], sentences=turns[-1].sentences + sentences)
    else:
        turns.append(Turn(speaker.id, speaker.role, sentences, None if confidence is None else round(confidence, 3)))


@dataclass
class _Person:
    name: str
    role: Role
    first: int  # index of the first sentence that mentions them
    listener: bool = False
    teasers: tuple[int, ...] = ()  # sentences that tease a soundbite of theirs


def from_discourse(transcript: Transcript) -> tuple[tuple[Speaker, ...], tuple[Turn, ...]]:
    sentences = transcript.sentences
    found = with_paragraph_questions(transcript, [evidence(s.text) for s in sentences])
    starts = _paragraph_starts(transcript)
    chevrons = chevron_changes(transcript)
    people, anchor_name = people_in(sentences, found)
    states = _states(people)
    path = _viterbi(found, starts, chevrons, people, anchor_name, states)
    return _turns(sentences, path, people, anchor_name, found)


def with_paragraph_questions(transcript: Transcript, found: list[Evidence]) -> list[Evidence]:
    """Mark the sentences of a paragraph that ends with a question (an interviewer's lead-in),
    and the first sentence of a new story (">>>"), which the anchor reads."""
    out = list(found)
    index = 0
    for paragraph in transcript.paragraphs:
        count = len(paragraph.sentences)
        if paragraph.label is not None and paragraph.label.title == "story" and count:
            out[index] = replace(out[index], formula=True)
        if count > 1 and found[index + count - 1].question:
            for k in range(index, index + count - 1):
                out[k] = replace(out[k], asks=True)
        index += count
    return out


def _paragraph_starts(transcript: Transcript) -> dict[int, str]:
    out: dict[int, str] = {}
    index = 0
    for paragraph in transcript.paragraphs:
        out[index] = "hard" if paragraph.hard else "soft"
        index += len(paragraph.sentences)
    return out


def chevron_changes(transcript: Transcript) -> frozenset[int] | None:
    """The sentences a ">>" mark starts (each a change of speaker), when the transcript marks them."""
    if not transcript.labelled:
        return None
    out: set[int] = set()
    index = 0
    for paragraph in transcript.paragraphs:
        if paragraph.label is not None and paragraph.label.style == "chevron":
            out.add(index)
        index += len(paragraph.sentences)
    return frozenset(out)


def people_in(sentences: list[Sentence], found: list[Evidence]) -> tuple[list[_Person], str | None]:
    """The named people and the anchor's name, from introductions, self-introductions and sign-offs."""
    people: list[_Person] = []
    anchor_name: str | None = None

    def add(name: str, role: Role, index: int, listener: bool = False) -> _Person:
        for person in people:
            if same_person(name, person.name) or same_person(person.name, name):
                if len(name) > len(person.name):
                    person.name = name
                if role == "correspondent":
                    person.role = role
                return person
        person = _Person(name, role, index, listener)
        people.append(person)
        return person

    for index, cue in enumerate(found):
        if cue.introduces:
            person = add(cue.introduces, "correspondent" if cue.intro_role == "correspondent" else "guest", index)
            if cue.teaser:
                person.teasers += (index,)
        if cue.signoff:
            add(cue.signoff, "correspondent", index)
        if cue.self_name:
            near = found[max(0, index - 2):index + 2]
            listener = any(c.listener for c in near)
            opening = any(c.formula for c in near) and not listener
            if opening and anchor_name is None and not any(same_person(cue.self_name, p.name) for p in people):
                anchor_name = cue.self_name
            elif anchor_name is None or not same_person(cue.self_name, anchor_name):
                follows = found[index + 1] if index + 1 < len(found) else None
                role: Role = "correspondent" if follows and _COVERS.match(sentences[index + 1].text) else "guest"
                add(cue.self_name, role, index, listener)
    for sentence in sentences:
        for match in _CAST.finditer(sentence.text):
            for person in people:
                if same_person(match["name"], person.name) and not person.listener:
                    person.role = "correspondent"
    if anchor_name is None:
        anchor_name = _anchor_from_vocatives(found, people)
    return people, anchor_name


def _anchor_from_vocatives(found: list[Evidence], people: list[_Person]) -> str | None:
    """The name others call the anchor by: a vocative that names none of the other people."""
    counts: dict[str, int] = {}
    for cue in found:
        for name in cue.addressed:
            if not any(same_person(name, p.name) for p in people):
                weight = 2 if cue.handback or cue.answer or cue.greeting else 1
                counts[name] = counts.get(name, 0) + weight
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= 2 else None


def _states(people: list[_Person]) -> list[str]:
    return ["anchor", *(f"person:{i}" for i in range(len(people))), "voice:0", "voice:1"]


def _emission(i: int, cue: Evidence, state: str, people: list[_Person], anchor_name: str | None,
              previous: Evidence | None) -> float:
    addressed_anchor = anchor_name is not None and any(same_person(n, anchor_name) for n in cue.addressed)
    if state == "anchor":
        score = 0.0
        score += 1.5 if cue.formula else 0.0
        score += 0.8 if cue.question or cue.asks else 0.0
        if cue.introduces:
            score += 1.0 if cue.teaser else 2.5
        if addressed_anchor:
            score -= 4.0
        if any(any(same_person(n, p.name) for p in people) for n in cue.addressed):
            score += 1.0
        if cue.self_name:
            score += 4.0 if anchor_name and same_person(cue.self_name, anchor_name) else -4.0
        score -= 3.0 if cue.signoff else 0.0
        score -= 3.0 if cue.listener else 0.0
        score += 2.0 if cue.bare_time else 0.0
        score += 1.0 if i == 0 else 0.0
        score -= 1.0 if cue.opinion else 0.0
        return score
    if state.startswith("person:"):
        person = people[int(state.split(":")[1])]
        score = 0.0
        if cue.self_name:
            score += 5.0 if same_person(cue.self_name, person.name) else -4.0
        if cue.signoff and same_person(cue.signoff, person.name):
            score += 4.0
        if any(same_person(n, person.name) for n in cue.addressed):
            score -= 5.0
        if cue.introduces and same_person(cue.introduces, person.name):
            score -= 4.0
        if i < person.first:
            score -= 3.0
        if person.teasers and person.role == "guest" and not any(0 < i - t <= 3 for t in person.teasers):
            score -= 2.0  # a teased guest speaks in the soundbite right after the teaser
        if cue.listener:
            score += 2.5 if person.listener else -2.0
        score += 1.0 if addressed_anchor else 0.0
        score += 1.0 if cue.handback else 0.0
        score -= 1.0 if cue.formula else 0.0
        score -= 2.0 if cue.bare_time else 0.0
        score += 0.5 if cue.answer else 0.0
        score -= 0.3 if cue.question else 0.0
        return score
    score = VOICE
    if cue.first_person and not cue.formula:
        score += 1.0
    score -= 2.0 if cue.formula else 0.0
    score -= 3.0 if cue.addressed or cue.introduces or cue.self_name else 0.0
    return score


def _boundary(i: int, found: list[Evidence], starts: dict[int, str]) -> float:
    """Evidence for a change of speaker between sentence i-1 and sentence i."""
    cue, prev = found[i], found[i - 1]
    score = {"hard": 1.0, "soft": 0.8}.get(starts.get(i, ""), 0.0)
    if prev.question:
        score += 3.0 if cue.answer or i in starts else 0.8
    elif cue.answer:
        score += 0.8
    score += 3.5 if prev.handback else 0.0
    score += 3.0 if prev.sendoff else 0.0
    score += 2.0 if prev.trails else 0.0
    score += 2.5 if cue.self_name else 0.0
    score += 1.5 if (prev.bare_time or cue.bare_time) else 0.0
    score += 1.5 if cue.listener and not prev.listener else 0.0
    score += 2.0 if cue.formula else 0.0
    score += 1.0 if cue.first_person and not prev.first_person and not cue.formula else 0.0
    score += 1.0 if (cue.asks or cue.question) and i in starts and not prev.question else 0.0
    score += 2.5 if prev.handoff else 0.0
    if cue.first_person and not cue.formula and not cue.self_name and (prev.teaser or prev.formula):
        score += 3.0  # a soundbite after a teaser ("Then: … X on leadership." "I think …")
    return score


def _viterbi(found: list[Evidence], starts: dict[int, str], chevrons: frozenset[int] | None, people: list[_Person],
             anchor_name: str | None, states: list[str]) -> list[str]:
    n = len(found)
    introduced_at: dict[str, list[tuple[int, int]]] = {}
    for i, cue in enumerate(found):
        for k, person in enumerate(people):
            if cue.introduces and same_person(cue.introduces, person.name):
                # how long the introduced person may take to start: at once after "X reports",
                # one sentence after a teaser, a greeting and a question after "Let's go to X"
                window = 1 if cue.handoff else 2 if cue.teaser else 6
                introduced_at.setdefault(f"person:{k}", []).append((i, window))
    scores = {s: _emission(0, found[0], s, people, anchor_name, None) for s in states}
    back: list[dict[str, str]] = []
    for i in range(1, n):
        emit = {s: _emission(i, found[i], s, people, anchor_name, found[i - 1]) for s in states}
        evidence = _boundary(i, found, starts)
        new: dict[str, float] = {}
        pointers: dict[str, str] = {}
        for s in states:
            bonus = 2.0 if any(0 < i - j <= window for j, window in introduced_at.get(s, ())) else 0.0
            if s == "anchor" and found[i - 1].handback:
                bonus += 1.5
            best_prev, best = s, scores[s] + (float("-inf") if chevrons is not None and i in chevrons else 0.0)
            for p in states:
                if p == s:
                    continue
                change = CHANGE + evidence + bonus + (VOICE_ENTRY if s.startswith("voice:") else 0.0)
                if chevrons is not None and i not in chevrons:
                    change = float("-inf")
                if scores[p] + change > best:
                    best_prev, best = p, scores[p] + change
            new[s] = best + emit[s]
            pointers[s] = best_prev
        scores = new
        back.append(pointers)
    state = max(scores, key=lambda k: scores[k])
    path = [state]
    for pointers in reversed(back):
        state = pointers[state]
        path.append(state)
    return path[::-1]


_NOBODY = Speaker("", None)


def _turns(sentences: list[Sentence], path: list[str], people: list[_Person], anchor_name: str | None,
           found: list[Evidence]) -> tuple[tuple[Speaker, ...], tuple[Turn, ...]]:
    speakers: dict[str, Speaker] = {}
    order: list[Speaker] = []
    turns: list[Turn] = []
    voices = 0
    last_voice: str | None = None
    previous_state = ""
    current: Speaker | None = None
    for sentence, state in zip(sentences, path):
        if state != previous_state or current is None:
            if state == "anchor":
                key = "anchor"
                make = Speaker(slug(anchor_name) if anchor_name else "anchor", anchor_name, "anchor")
            elif state.startswith("person:"):
                person = people[int(state.split(":")[1])]
                key = state
                make = Speaker(slug(person.name), person.name, person.role)
            else:
                # every unnamed run is its own voice, unless it answers the anchor's question
                # right after the same kind of run (an unnamed reporter in a Q&A)
                answering = (len(turns) >= 2 and turns[-1].speaker == speakers.get("anchor", _NOBODY).id
                             and turns[-1].sentences[-1].text.rstrip("\"'”’)").endswith("?")
                             and last_voice is not None and turns[-2].speaker == speakers[last_voice].id)
                if not answering:
                    voices += 1
                key = f"{state}#{voices}"
                make = Speaker("", None, "guest")
                last_voice = key
            if key not in speakers:
                speaker = make
                if not speaker.id:
                    speaker = replace(speaker, id=unique_id(f"speaker-{len(order) + 1}", order))
                else:
                    speaker = replace(speaker, id=unique_id(speaker.id, order))
                speakers[key] = speaker
                order.append(speaker)
            current = speakers[key]
            previous_state = state
        append_turn(turns, current, (sentence,))
    return tuple(order), tuple(turns)
