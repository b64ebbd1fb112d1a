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

import re
from dataclasses import dataclass, replace

from subtitler.model import Role, Speaker, Turn
from subtitler.pipeline.speakers import identity, learned
from subtitler.pipeline.speakers.cast import Member
from subtitler.pipeline.speakers.cast import apply as apply_cast
from subtitler.pipeline.speakers.evidence import evidence
from subtitler.pipeline.speakers.features import transcript_features
from subtitler.pipeline.speakers.sequence import append_turn, from_discourse, same_person, slug, unique_id
from subtitler.pipeline.transcript import Label, Transcript

_ANCHOR_TITLE = re.compile(r"\b(?:anchor|host|co-host|moderator|presenter)\b", re.IGNORECASE)
_CORRESPONDENT_TITLE = re.compile(r"\b(?:correspondent|reporter|byline|bureau|editor|producer|analyst|contributor)\b",
                                  re.IGNORECASE)
_GENERIC = re.compile(r"^(?:unidentified|unknown|man|woman|men|women|voice|crowd|group|child|boy|girl|male|female|"
                      r"protester|witness|resident)\b", re.IGNORECASE)


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
        cast: the people of the programme, when known (:mod:`subtitler.pipeline.speakers.cast`).
    """
    if transcript.labelled and any(p.label and p.label.style != "chevron" for p in transcript.paragraphs):
        found = _from_labels(transcript)
    elif method == "rules" or transcript.labelled:  # ">>" marks: the hand-weighted model keeps them as hard changes
        found = Attribution(*from_discourse(transcript))
    else:
        found = learned_attribution(transcript, weights or learned.default())
    return Attribution(*apply_cast(found.speakers, found.turns, cast)) if cast else found


def learned_attribution(transcript: Transcript, weights: learned.Weights) -> Attribution:
    """Speakers and turns of an unlabelled transcript by the learned model ``weights``."""
    found, rows = transcript_features(transcript, weights.vocab)
    spans = [identity.Span(*turn) for turn in learned.decode(weights, rows)]
    return Attribution(*identity.people(transcript.sentences, found, spans))


# -- labelled transcripts ---------------------------------------------------------------------


def _label_role(label: Label) -> Role:
    title = label.title or ""
    if _GENERIC.match(label.name):
        return "guest"  # an unnamed voice in a report: MAN, WOMAN 2, UNIDENTIFIED FARMER
    if _ANCHOR_TITLE.search(title) or _ANCHOR_TITLE.fullmatch(label.name):
        return "anchor"
    if _CORRESPONDENT_TITLE.search(title) or re.search(r"\b(?:CNN|NPR|PBS|BBC)\b", title) \
            or _CORRESPONDENT_TITLE.fullmatch(label.name):
        return "correspondent"
    return "guest" if title else "unknown"


def _display(name: str) -> str:
    """An upper-case label as a display name: 'BIANNA GOLODRYGA' -> 'Bianna Golodryga'."""
    if name.isupper():
        return " ".join("-".join(part.capitalize() for part in word.split("-")) for word in name.split())
    return name


def _from_labels(transcript: Transcript) -> Attribution:
    people: list[Speaker] = []
    turns: list[Turn] = []
    current: Speaker | None = None
    for paragraph in transcript.paragraphs:
        label = paragraph.label
        if label is not None and label.style != "chevron":
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
    if people and not any(p.role == "anchor" for p in people) and people[0].role == "unknown":
        first = people[0]
        if any(evidence(s.text).formula for s in transcript.paragraphs[0].sentences):
            people[0] = replace(first, role="anchor")
            turns = [replace(t, role="anchor") if t.speaker == first.id else t for t in turns]
    roles = {p.id: p.role for p in people}
    turns = [replace(t, role=roles[t.speaker]) for t in turns]
    return Attribution(tuple(people), tuple(turns))
