"""Who speaks each sentence: the seed exactly, labelled styles, and the discourse evidence."""

from __future__ import annotations

import pytest

from subtitler.pipeline import transcript
from subtitler.pipeline.speakers import attribute as speakers
from subtitler.pipeline.speakers.evidence import evidence, person_name
from tests.conftest import FIXTURES

SEED = FIXTURES / "transcripts" / "arirang-blue-house.txt"


def _lines_by_speaker(path: str, method: str = "rules") -> dict[str, set[int]]:
    result = speakers.attribute(transcript.parse((FIXTURES / "transcripts" / path).read_text()), method=method)
    out: dict[str, set[int]] = {}
    for turn in result.turns:
        out.setdefault(turn.speaker, set()).update(s.line for s in turn.sentences)
    return out


def test_the_hand_weighted_model_gives_the_seed_its_lines_names_and_roles_exactly() -> None:
    result = speakers.attribute(transcript.parse(SEED.read_text()), method="rules")
    assert [(s.id, s.name, s.role) for s in result.speakers] == [
        ("conn-young", "Conn-young", "anchor"), ("kim-min-ji", "Kim Min-ji", "correspondent")]
    assert _lines_by_speaker("arirang-blue-house.txt") == {
        "conn-young": {1, 2, 3, 4, 11, 17},
        "kim-min-ji": {5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23},
    }


def test_the_learned_model_names_the_seed_anchor_and_correspondent_and_opens_with_the_anchor() -> None:
    result = speakers.attribute(transcript.parse(SEED.read_text()))
    assert [(s.id, s.name, s.role) for s in result.speakers][:2] == [
        ("conn-young", "Conn-young", "anchor"), ("kim-min-ji", "Kim Min-ji", "correspondent")]
    lines = _lines_by_speaker("arirang-blue-house.txt", method="learned")
    assert {1, 2, 3, 4} <= lines["conn-young"] and 5 in lines["kim-min-ji"]


def test_cnn_labels_give_names_roles_and_link_surnames_to_full_labels() -> None:
    result = speakers.attribute(transcript.parse((FIXTURES / "transcripts" / "cnn-labelled.txt").read_text()))
    assert [(s.id, s.name, s.role) for s in result.speakers] == [
        ("ana-rivera", "Ana Rivera", "anchor"), ("tom-becker", "Tom Becker", "correspondent"),
        ("sandra-cole", "Sandra Cole", "guest")]
    assert [t.speaker for t in result.turns] == ["ana-rivera", "tom-becker", "sandra-cole", "tom-becker", "ana-rivera"]


def test_a_correspondent_introduced_by_title_answers_the_question_and_hands_back() -> None:
    assert _lines_by_speaker("colon-unlabelled.txt") == {"anchor": {1, 2, 3, 5}, "laura-chen": {4}}


def test_chevrons_mark_changes_and_an_unnamed_reporter_keeps_one_id_through_a_q_and_a() -> None:
    result = speakers.attribute(transcript.parse((FIXTURES / "transcripts" / "chevron.txt").read_text()), method="rules")
    assert [t.speaker for t in result.turns] == ["anchor", "speaker-2", "anchor", "speaker-2", "anchor"]


@pytest.mark.parametrize(("sentence", "field", "value"), [
    ("Let's go to CNN's Joe Johns in Washington.", "introduces", "Joe Johns"),
    ("Joining me now is our senior correspondent, Dana Bash.", "introduces", "Dana Bash"),
    ("For more, we turn to Priya Patel in Delhi.", "introduces", "Priya Patel"),
    ("John Yang reports from Florida.", "introduces", "John Yang"),
    ("Good evening. I'm Judy Woodruff.", "self_name", "Judy Woodruff"),
    ("Jim Acosta, CNN, Washington.", "signoff", "Jim Acosta"),
    ("Well, Bianna, not a whole lot of detail yet.", "addressed", ("Bianna",)),
    ("Back to you, Conn-young.", "addressed", ("Conn-young",)),
    ("... right after January 20th -- Bianna.", "addressed", ("Bianna",)),
    ("Yes, the minister will travel on Sunday.", "answer", True),
    ("What can we expect from that?", "question", True),
])
def test_discourse_cues_are_read_from_one_sentence(sentence: str, field: str, value: object) -> None:
    assert getattr(evidence(sentence), field) == value


@pytest.mark.parametrize("sentence", [
    "The message was clear: stay home.", "Russia, meanwhile, denied it.", "I'm stationed at the base.",
    "Condoleezza Rice, the name has been floated for a while.",
])
def test_sentences_that_only_look_like_cues_name_nobody(sentence: str) -> None:
    found = evidence(sentence)
    assert (found.introduces, found.self_name, found.addressed) == (None, None, ())


def test_person_names_skip_organisations_and_titles() -> None:
    assert person_name("Arirang's presidential office correspondent Kim Min-ji from Seoul.") == "Kim Min-ji"
    assert person_name("the White House today") is None


@pytest.mark.parametrize(("name", "expected", "people"), [
    ("newsroom-unlabelled.txt", {"david": {1, 3, 9, 13, 15}, "rachel-okafor": {5, 7, 11}},
     [("david", "David", "anchor"), ("rachel-okafor", "Rachel Okafor", "correspondent")]),
    ("podcast-unlabelled.txt", {"laura-kim": {1, 5, 9}, "marcus-webb": {3, 7, 11}},
     [("laura-kim", "Laura Kim", "anchor"), ("marcus-webb", "Marcus Webb", "correspondent")]),
    # the resident's soundbite on line 5 has no introduction or teaser: it stays with the correspondent
    ("package-unlabelled.txt", {"helen-park": {1, 13}, "jamal-reed": {3, 5, 7, 9, 11}},
     [("helen-park", "Helen Park", "anchor"), ("jamal-reed", "Jamal Reed", "correspondent")]),
])
def test_the_hand_weighted_model_attributes_exchanges_in_other_words_too(
        name: str, expected: dict[str, set[int]], people: list[tuple[str, str, str]]) -> None:
    result = speakers.attribute(transcript.parse((FIXTURES / "transcripts" / name).read_text()), method="rules")
    assert [(s.id, s.name, s.role) for s in result.speakers] == people
    assert _lines_by_speaker(name) == expected
