"""The learned linker: which turns one person speaks, and their names, from the committed linker.json."""

from __future__ import annotations

import json
from importlib import resources

from subtitler.model import Role, Sentence
from subtitler.pipeline.speakers import identity, linking
from subtitler.pipeline.speakers.evidence import evidence


def _runs(runs: list[tuple[Role, list[str]]]) -> tuple[list[Sentence], list[identity.Span]]:
    """Sentences and spans for runs given as (role, sentences), a paragraph each."""
    sentences: list[Sentence] = []
    spans: list[identity.Span] = []
    for paragraph, (role, texts) in enumerate(runs):
        start = len(sentences)
        sentences += [Sentence(text, len(sentences) + 1, paragraph) for text in texts]
        scores = tuple(float(len(texts)) * (0.9 if r == role else 0.05) for r in linking.ROLES)
        spans.append(identity.Span(start, len(sentences), role, (scores[0], scores[1], scores[2]), 0.97))
    return sentences, spans


_NEWS: list[tuple[Role, list[str]]] = [
    ("anchor", ["Good evening, I'm Maria Santos.", "Our correspondent Ben Wedeman joins us now from Bethlehem.",
                "Ben, what are you seeing there tonight?"]),
    ("correspondent", ["Well, Maria, the streets are quiet tonight.", "People are waiting for news from the talks.",
                       "Back to you, Maria."]),
    ("anchor", ["Thank you, Ben.", "Joining me now is the historian Ana Lopez.", "Ana, how did we get here?"]),
    ("guest", ["Well, it has been a long road.", "I think both sides are tired of it."]),
    ("anchor", ["And what comes next for the region?"]),
    ("guest", ["Nobody really knows.", "But I am hopeful that the talks go on."]),
]


def test_an_anchor_a_correspondent_and_a_guest_interviewed_twice_are_three_people_with_their_names() -> None:
    sentences, spans = _runs(_NEWS)
    speakers, turns = identity.people(sentences, [evidence(s.text) for s in sentences], spans, method="learned")
    assert [(s.name, s.role) for s in speakers] == [
        ("Maria Santos", "anchor"), ("Ben Wedeman", "correspondent"), ("Ana Lopez", "guest")]
    assert [t.speaker for t in turns] == [speakers[k].id for k in (0, 1, 0, 2, 0, 2)]


def test_the_hand_rules_link_the_same_turns_to_the_same_three_roles() -> None:
    sentences, spans = _runs(_NEWS)
    speakers, _ = identity.people(sentences, [evidence(s.text) for s in sentences], spans, method="rules")
    assert [s.role for s in speakers] == ["anchor", "correspondent", "guest"]


def _tiny() -> list[linking.Example]:
    """Two invented cases: an interview going back and forth, and an anchor handing to a reporter."""
    out = []
    for runs, gold in ((_NEWS, ("m", "b", "m", "a", "m", "a")),
                       (_NEWS[:3], ("m", "b", "m"))):
        sentences, spans = _runs(runs)
        found = tuple(evidence(s.text) for s in sentences)
        seen = tuple(linking.SpanIn(s.start, s.end, s.scores, s.confidence) for s in spans)
        out.append(linking.Example(tuple(sentences), found, seen, gold,
                                   {"m": "Maria Santos", "b": "Ben Wedeman", "a": "Ana Lopez"}))
    return out


def test_training_the_linker_twice_on_the_same_cases_gives_the_same_bytes() -> None:
    first = linking.to_json(linking.train(_tiny(), epochs=3), {"cases": 2})
    second = linking.to_json(linking.train(_tiny(), epochs=3), {"cases": 2})
    assert first == second
    assert json.loads(first)["link"]  # it learned something


def test_every_weight_of_the_committed_linker_is_a_feature_of_its_tables() -> None:
    text = resources.files("subtitler.pipeline.speakers").joinpath(linking.LINKER_FILE).read_text(encoding="utf-8")
    linker = linking.from_json(json.loads(text))
    assert linker.weights and linker.names
    assert set(linker.weights) <= set(linking.FEATURES)
    assert set(linker.names) <= set(linking.NAME_FEATURES)


def test_a_correspondent_named_in_another_script_is_given_that_name() -> None:
    runs = [(role, [t.replace("Ben Wedeman", "Łukasz Żółć").replace("Ben", "Łukasz") for t in texts])
            for role, texts in _NEWS[:3]]
    sentences, spans = _runs(runs)
    found = [evidence(s.text) for s in sentences]
    speakers, _ = identity.learned_people(sentences, found, spans, linking.default())  # the naming model
    assert [s.name for s in speakers][:2] == ["Maria Santos", "Łukasz Żółć"]
