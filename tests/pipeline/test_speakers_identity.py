"""Who is who after the learned model by the hand rules (``method="rules"``; the learned linker has its own tests):
names the text gives each person, and words that only look like names."""

from __future__ import annotations

from subtitler.model import Role, Sentence
from subtitler.pipeline.speakers import identity
from subtitler.pipeline.speakers.evidence import evidence


def _people(runs: list[tuple[Role, list[str]]]) -> list[tuple[str | None, Role, str]]:
    """(name, role, first sentence) of each speaker, for runs given as (role, sentences), a paragraph each."""
    sentences: list[Sentence] = []
    spans: list[identity.Span] = []
    for paragraph, (role, texts) in enumerate(runs):
        start = len(sentences)
        sentences += [Sentence(text, len(sentences) + 1, paragraph) for text in texts]
        scores = tuple(float(len(texts)) if r == role else 0.0 for r in ("anchor", "correspondent", "guest"))
        spans.append(identity.Span(start, len(sentences), role, (scores[0], scores[1], scores[2]), 0.9))
    found = [evidence(s.text) for s in sentences]
    speakers, turns = identity.people(sentences, found, spans, method="rules")
    first = {t.speaker: t.sentences[0].text for t in reversed(turns)}
    return [(s.name, s.role, first[s.id]) for s in speakers]


def test_a_word_the_text_also_writes_in_lower_case_names_nobody() -> None:
    people = _people([
        ("anchor", ["What do you make of the new build system?"]),
        ("guest", ["Yeah, I think it is fine.", "I said yeah to it last week."]),
        ("anchor", ["Yeah, that makes sense."]),
    ])
    assert all(name != "Yeah" for name, _, _ in people)


def test_the_voice_after_a_cue_to_a_clip_is_the_person_the_cue_names() -> None:
    people = _people([
        ("anchor", ["Attorney General Jeff Sessions is now stepping aside from the inquiry.", "Let's take a look."]),
        ("guest", ["I never had meetings with anyone about that campaign."]),
    ])
    assert people[1][0] is not None and "Sessions" in people[1][0]


def test_an_unnamed_voice_takes_the_full_name_mentioned_just_before_it() -> None:
    people = _people([
        ("anchor", ["Earlier today Mayor Ana Lopez spoke to reporters outside city hall.", "The river is rising."]),
        ("guest", ["We are asking everyone near the water to leave tonight."]),
    ])
    assert people[1][0] == "Ana Lopez"


def test_an_anchor_called_by_first_name_takes_the_full_name_the_text_gives_it() -> None:
    people = _people([
        ("anchor", ["Good evening, I'm Maria.", "Tonight Maria Santos reports on the storm."]),
        ("guest", ["Thank you, Maria.", "The storm is moving north."]),
    ])
    assert people[0][:2] == ("Maria Santos", "anchor")


def test_two_runs_of_one_role_in_a_row_with_no_name_between_are_one_person() -> None:
    people = _people([
        ("anchor", ["What happened at the plant this morning?"]),
        ("guest", ["The pumps failed just after six."]),
        ("guest", ["Then the backup power came on and held."]),
        ("anchor", ["And where are the workers now?"]),
    ])
    assert [role for _, role, _ in people] == ["anchor", "guest"]
