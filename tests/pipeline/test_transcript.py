"""Transcripts as published: speech, labels, and what is left out (with why)."""

from __future__ import annotations

from textwrap import dedent

import pytest

from subtitler.errors import TranscriptError
from subtitler.pipeline import transcript
from tests.conftest import FIXTURES


def test_the_seed_keeps_23_lines_of_speech_and_drops_the_page_furniture() -> None:
    parsed = transcript.parse((FIXTURES / "transcripts" / "arirang-blue-house.txt").read_text())
    assert [d.line for d in parsed.dropped] == [24, 25]
    assert {s.line for s in parsed.sentences} == set(range(1, 24))
    assert not parsed.labelled


def test_transcription_glitches_are_repaired_and_each_repair_is_reported() -> None:
    parsed = transcript.parse((FIXTURES / "transcripts" / "arirang-blue-house.txt").read_text())
    texts = " ".join(s.text for s in parsed.sentences)
    assert "this afternoon to discuss" in texts and "potential impact depending" in texts
    assert "Now the government" in texts and "Nowthe" not in texts
    assert [(f.code, f.line) for f in parsed.findings if f.code != "I403"] == [("I401", 1), ("I401", 13), ("I402", 13)]


def test_cnn_labels_stage_directions_time_stamps_and_headers_are_told_apart() -> None:
    parsed = transcript.parse((FIXTURES / "transcripts" / "cnn-labelled.txt").read_text())
    assert parsed.labelled
    labels = [(p.label.name, p.label.title) for p in parsed.paragraphs if p.label]
    assert labels[:3] == [("ANA RIVERA", "CNN ANCHOR"), ("TOM BECKER", "CNN CORRESPONDENT"),
                          ("SANDRA COLE", "MOBILE COUNTY EMERGENCY MANAGER")]
    assert ("BECKER", None) in labels and ("RIVERA", None) in labels
    reasons = {d.reason for d in parsed.dropped}
    assert reasons == {"page furniture", "time stamp", "stage direction", "page heading"}


def test_a_colon_inside_a_sentence_is_not_a_label() -> None:
    parsed = transcript.parse((FIXTURES / "transcripts" / "colon-unlabelled.txt").read_text())
    assert not parsed.labelled
    assert parsed.sentences[0].text == "The message from the ministry was clear: schools will reopen on Monday."


@pytest.mark.parametrize(("name", "labels"), [
    ("chevron.txt", ["", "", "", "", ""]),
    ("bracket.txt", ["ANCHOR", "REPORTER", "ANCHOR"]),
    ("mixed-labels.txt", ["Operator", "Interviewer", "MAN 2", "Interviewer", "Operator"]),
    ("npr-labelled.txt", ["MARY LOUIS", "DAN ORTIZ", "UNIDENTIFIED FARMER", "ORTIZ"]),
])
def test_every_label_style_is_read(name: str, labels: list[str]) -> None:
    parsed = transcript.parse((FIXTURES / "transcripts" / name).read_text())
    assert [p.label.name for p in parsed.paragraphs if p.label] == labels


def test_wrapped_lines_join_into_one_paragraph_and_sentences_keep_their_line() -> None:
    parsed = transcript.parse(dedent("""\
        Hurricane Dorian lays siege to the Bahamas,
        as it continues its journey. Officials confirmed
        at least five deaths.
        """))
    assert [(s.text, s.line) for s in parsed.sentences] == [
        ("Hurricane Dorian lays siege to the Bahamas, as it continues its journey.", 1),
        ("Officials confirmed at least five deaths.", 2)]


@pytest.mark.parametrize("text", ["", "   \n\n", "(COMMERCIAL BREAK)\n[10:30:58]\n", "Source Link\n"])
def test_a_transcript_without_speech_is_a_clear_error(text: str) -> None:
    with pytest.raises(TranscriptError, match="no speech"):
        transcript.parse(text)


def test_inline_transcriber_notes_are_left_out_and_listed() -> None:
    parsed = transcript.parse("Hello, NPR. This is Tony (ph). I'm calling from Ohio.\n")
    assert "(ph)" not in " ".join(s.text for s in parsed.sentences)
    assert [(d.text, d.reason) for d in parsed.dropped] == [("(ph)", "transcriber note or stage direction")]


def test_a_transcript_of_only_heading_like_lines_is_captioned_and_not_also_listed_as_left_out() -> None:
    parsed = transcript.parse("good evening and welcome\n\nwe start with the weather\n")
    assert list(parsed.dropped) == [] and not [f for f in parsed.findings if f.code == "I403"]
    assert [s.text for s in parsed.sentences] == ["good evening and welcome", "we start with the weather"]


def test_role_labels_that_open_lines_are_labels_even_when_each_is_used_once() -> None:
    parsed = transcript.parse("Operator: Welcome to the call.\nInterviewer: How are you?\nMan 2: Fine, thank you.\n")
    assert [p.label.name if p.label else None for p in parsed.paragraphs] == ["Operator", "Interviewer", "Man 2"]
    plain = transcript.parse("Remember: the vote is today.\nThe result: nobody knows.\nWe will see.\n")
    assert all(p.label is None for p in plain.paragraphs)
