"""Who speaks each sentence: from labels where the transcript has them, else from discourse.

For an unlabelled transcript every sentence gets a speaker by a scored sequence
model: the states are the anchor, each person the text names (introduced,
self-introduced, signing off) and unnamed voices; each sentence scores each
state from its discourse evidence (:mod:`subtitler.pipeline.speakers.evidence`), each boundary scores
a change of speaker, and the Viterbi algorithm picks the best sequence as a
whole. Names come from introductions, self-introductions, sign-offs and the
vocatives others use; roles from the words around them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from subtitler.model import Role, Speaker, Turn
from subtitler.pipeline import labels
from subtitler.pipeline.speakers import castdecode, identity, learned
from subtitler.pipeline.speakers.cast import Member
from subtitler.pipeline.speakers.cast import apply as apply_cast
from subtitler.pipeline.speakers.evidence import evidence
from subtitler.pipeline.speakers.features import iter_sentence_features, transcript_evidence
from subtitler.pipeline.speakers.sequence import (
    append_turn,
    chevron_changes,
    from_discourse,
    same_person,
    slug,
    unique_id,
)
from subtitler.pipeline.transcript import Label, Transcript


@dataclass(frozen=True, slots=True)
class Attribution:
    """Speakers and turns of a transcript."""

    speakers: tuple[Speaker, ...]
    turns: tuple[Turn, ...]


def attribute(transcript: Transcript, weights: learned.Weights | None = None, method: str = "learned",
              cast: tuple[Member, ...] = ()) -> Attribution:
    """Decide who speaks each sentence of ``transcript``.

    Args:
        transcript: the parsed transcript.
        weights: the learned model (default: the committed model file).
        method: ``learned`` (the model learned from the corpus) or ``rules`` (the hand-weighted model).
        cast: the people of the programme, when known (:mod:`subtitler.pipeline.speakers.cast`): in an
            unlabelled transcript the learned model decodes over them (:mod:`.castdecode`); where the
            labels or the rules decide, the cast names the speakers found.
    """
    if transcript.labelled and any(p.label and p.label.style != "chevron" for p in transcript.paragraphs):
        found = _from_labels(transcript)
    elif cast and method != "rules":  # the states are the cast's people: the decoding itself is constrained
        return Attribution(*castdecode.attribute(transcript, weights or learned.default(), cast,
                                                 chevron_changes(transcript)))
    elif method == "rules" or transcript.labelled:  # ">>" marks: the hand-weighted model keeps them as hard changes
        found = Attribution(*from_discourse(transcript))
    else:
        found = learned_attribution(transcript, weights or learned.default())
    return Attribution(*apply_cast(found.speakers, found.turns, cast)) if cast else found


def learned_attribution(transcript: Transcript, weights: learned.Weights) -> Attribution:
    """Speakers and turns of an unlabelled transcript by the learned model ``weights``."""
    found = transcript_evidence(transcript)
    rows = iter_sentence_features(transcript, found, weights.vocab)  # one at a time: all at once, ~50x the text
    spans = [identity.Span(*turn) for turn in learned.decode(weights, rows)]
    return Attribution(*identity.people(transcript.sentences, found, spans))


# -- labelled transcripts ---------------------------------------------------------------------


def _label_role(label: Label) -> Role:
    found = labels.role(label)
    return "anchor" if found == "anchor" else "correspondent" if found == "correspondent" else \
        "guest" if found == "guest" else "unknown"


#: Share of a speaker's turns that ask a question from which, beside a host, they are a questioner
#: (a debate's panel of journalists): measured on the debate transcripts, where panelists ask in
#: 60-100 % of their turns and candidates in under 45 %.
PANEL_QUESTIONS = 0.6


def _panelist(person: Speaker, turns: list[Turn]) -> Speaker:
    """A speaker without a role who mostly asks, beside a host: a journalist questioning (correspondent)."""
    if person.role != "unknown" or not person.name:
        return person
    own = [t for t in turns if t.speaker == person.id]
    asking = sum(1 for t in own if t.text.rstrip().endswith("?"))
    return replace(person, role="correspondent") if len(own) >= 2 and asking >= PANEL_QUESTIONS * len(own) else person


def _surnames_first(people: list[Speaker], turns: list[Turn]) -> tuple[list[Speaker], list[Turn]]:
    """A surname label used before the full label ("HANNITY:" then "SEAN HANNITY, HOST:") is that person."""
    merged: dict[str, Speaker] = {}
    for person in people:
        if person.name and len(person.name.split()) == 1:
            fuller = [p for p in people if p is not person and p.name and len(p.name.split()) > 1
                      and same_person(person.name, p.name)]
            if len(fuller) == 1:
                merged[person.id] = fuller[0]
    if not merged:
        return people, turns
    kept = [p for p in people if p.id not in merged]
    return kept, [replace(t, speaker=merged[t.speaker].id) if t.speaker in merged else t for t in turns]


#: What the one who runs a programme says anywhere in a sentence: breaks, what comes next, the guests
#: and the panel ahead ("we have to take a break", "roundtable up next", "we'll ask our panel").
_RUNS_SHOW = regex.compile(
    r"\b(?:coming up|up next|still ahead|(?:take|taking|after) (?:a |another |the |this )?(?:quick |short )?break|"
    r"when we come back|welcome back|stay with us|we'?ll be right back|our (?:\w+ )?panel\b|"
    r"roundtable|we'?ll (?:ask|sit down with|talk (?:to|with)|speak (?:to|with)|hear from)|"
    r"joining (?:me|us)|let'?s bring in|good (?:morning|evening|afternoon) and welcome)\b", regex.IGNORECASE)


def _runs_the_show(people: list[Speaker], turns: list[Turn]) -> list[Speaker]:
    """With no host found, the untitled named voice that runs the programme (breaks, what is next) hosts it.

    The evidence is the whole document's: the voice with the most such sentences, more than any other.
    """
    counts = {p.id: sum(1 for t in turns if t.speaker == p.id for s in t.sentences if _RUNS_SHOW.search(s.text))
              for p in people if p.name and p.role == "unknown"}
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return people
    return [replace(p, role="anchor") if p.id == ranked[0][0] else p for p in people]


#: Short forms of offices that open a person's label ("SEN. JANE ROE", "REP. TOM ASHE").
_OFFICE_PREFIXES = frozenset("sen rep gov pres congressman congresswoman".split())


def _office_holder(name: str) -> bool:
    """Whether a label names a person by their office ("MINISTER ROE", "SEN. JANE ROE"): no host's label."""
    words = name.lower().replace(".", "").split()
    return len(words) >= 2 and (words[0] in labels.OFFICES or words[0] in _OFFICE_PREFIXES)


#: The turns that open a programme, where those who introduce themselves by name host it.
OPENING_TURNS = 3


def _cohosts(people: list[Speaker], turns: list[Turn]) -> list[Speaker]:
    """Untitled voices that give their own name in the opening turns ("And I'm Jane Roe.") host the show."""
    hosts = {t.speaker for t in turns[:OPENING_TURNS] for s in t.sentences
             if (own := evidence(s.text).self_name) and (person := next(p for p in people if p.id == t.speaker)).name
             and labels.surname(own) == labels.surname(person.name)}
    return [replace(p, role="anchor") if p.id in hosts and p.role == "unknown" else p for p in people]


def _opener(people: list[Speaker], turns: list[Turn]) -> list[Speaker]:
    """The host of a labelled page whose labels give none, by the evidence of the whole document.

    The first named voice whose label gives no role (an unlabelled page header is no voice; a titled
    clip that opens the show, "SEN. JANE ROE, D-NY:", or an office holder's "MINISTER ROE:" is not its
    host) hosts it when it greets or asks in its opening turns, or holds the most turns; else the
    voice that runs the programme (breaks, what is next, the panel: :func:`_runs_the_show`) does.
    """
    first = next((p for p in people if p.name and p.role == "unknown" and not _office_holder(p.name)), None)
    if first is None:
        return _runs_the_show(people, turns)
    opening = [s for t in [t for t in turns if t.speaker == first.id][:2] for s in t.sentences]
    if any(evidence(s.text).formula or s.text.endswith("?") for s in opening):
        return [replace(p, role="anchor") if p.id == first.id else p for p in people]
    counts = {p.id: sum(1 for t in turns if t.speaker == p.id) for p in people}
    if counts[first.id] >= max(counts.values()):
        return [replace(p, role="anchor") if p.id == first.id else p for p in people]
    return _runs_the_show(people, turns)


def _questioner(people: list[Speaker], label: Label) -> Speaker:
    """The one speaker of every ``Q`` (the press, unnamed) or every ``A``."""
    key = "questioner" if label.name == "Q" else "answerer"
    found = next((p for p in people if p.id == key), None)
    if found is None:
        found = Speaker(key, None, _label_role(label))
        people.append(found)
    return found


def _display(name: str) -> str:
    """An upper-case label as a display name: 'BIANNA GOLODRYGA' -> 'Bianna Golodryga'."""
    return " ".join("-".join(part.capitalize() for part in word.split("-")) if word.isupper() and len(word) > 1
                    else word for word in name.split())


def _from_labels(transcript: Transcript) -> Attribution:
    people: list[Speaker] = []
    turns: list[Turn] = []
    current: Speaker | None = None
    for paragraph in transcript.paragraphs:
        label = paragraph.label
        if label is not None and label.style == "question":
            current = _questioner(people, label)
        elif label is not None and label.style != "chevron":
            name = _display(label.name)
            role = _label_role(label)
            found = next((p for p in people if p.name and (p.name.lower() == name.lower()
                                                           or same_person(name, p.name))), None)
            if found is None:
                found = Speaker(unique_id(slug(name), people), name, role)
                people.append(found)
            elif role != "unknown" and found.role == "unknown":
                people[people.index(found)] = found = replace(found, role=role)
            current = found
        if current is None:
            current = Speaker("speaker-1", None, "unknown")
            people.append(current)
        append_turn(turns, current, paragraph.sentences)
    people, turns = _surnames_first(people, turns)
    briefing = any(p.id == "questioner" for p in people)  # the press asks: whoever answers is a guest
    if not briefing and not any(p.role == "anchor" for p in people):
        people = _opener(people, turns)
    if not briefing:
        people = _cohosts(people, turns)
    if any(p.role == "anchor" for p in people) and not briefing:
        people = [_panelist(p, turns) for p in people]
    # a labelled person whose label gives no role is a guest (the rule: others -> guest)
    people = [replace(p, role="guest") if p.role == "unknown" and p.name else p for p in people]
    roles = {p.id: p.role for p in people}
    turns = [replace(t, role=roles[t.speaker]) for t in turns]
    return Attribution(tuple(people), tuple(turns))
