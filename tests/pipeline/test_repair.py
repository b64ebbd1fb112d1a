"""Repairs of transcription glitches: only with evidence, each reported, none with --no-repair."""

from __future__ import annotations

from functools import cache

import pytest
from typer.testing import CliRunner
from wordfreq import top_n_list

from subtitler import pipeline
from subtitler.cli import app
from subtitler.pipeline import transcript
from subtitler.pipeline.repair import capitalises_sentences, repair, split_point
from tests.conftest import ROOT

SEED = "fixtures/transcripts/arirang-blue-house.txt"


@cache
def _compounds(count: int = 2000, vocabulary: int = 50000) -> list[str]:
    """The most frequent English words that read as two words of the list ('into', 'without')."""
    top = top_n_list("en", vocabulary)
    words = {w for w in top if w.isalpha()}
    found = []
    for word in top:
        if word.isalpha() and len(word) >= 4 and any(
                word[:i] in words and word[i:] in words for i in range(2, len(word) - 1)):
            found.append(word)
            if len(found) == count:
                break
    return found


def test_none_of_the_2000_most_frequent_compound_words_is_split() -> None:
    compounds = _compounds()
    assert len(compounds) == 2000 and {"into", "onto", "within", "cannot", "everyone", "somebody"} <= set(compounds)
    assert [w for w in compounds if split_point(w) is not None] == []
    text = " ".join(compounds)
    assert repair(text, 1).text == text and repair(text.capitalize(), 1).findings == ()


@pytest.mark.parametrize("word", ["into", "onto", "within", "cannot", "everyone", "somebody", "nevertheless",
                                  "Into", "Nevertheless"])
def test_correct_compound_words_are_never_split(word: str) -> None:
    assert split_point(word) is None
    assert repair(f"{word} the hour.", 1).text == f"{word} the hour."


def test_correct_words_come_out_as_they_went_in() -> None:
    text = "The fire started within the hour. Crews climbed onto the roof and went into the building."
    parsed = transcript.parse(text + "\n")
    assert " ".join(s.text for s in parsed.sentences) == text and parsed.findings == ()


def test_a_token_that_is_no_word_but_two_words_is_split_and_reported() -> None:
    fixed = repair("Nowthe plan is clear, withthe vote due.", 4)
    assert fixed.text == "Now the plan is clear, with the vote due."
    assert [(f.code, f.line, f.message) for f in fixed.findings] == [
        ("I402", 4, "separated 'Nowthe' into 'Now the'"), ("I402", 4, "separated 'withthe' into 'with the'")]


def test_names_and_acronyms_inside_a_sentence_are_not_split() -> None:
    text = "We spoke to Kingsbay officials and NATOFORCE staff."
    assert repair(text, 1).text == text


def test_a_stray_period_goes_only_where_the_text_capitalises_its_sentences() -> None:
    assert repair("It met this afternoon. to discuss it.", 1).text == "It met this afternoon to discuss it."
    dump = "we are back. the storm is moving north. crews are out. more after the break."
    assert not capitalises_sentences(dump)
    parsed = transcript.parse(dump + "\n")
    assert [s.text for s in parsed.sentences] == [
        "we are back.", "the storm is moving north.", "crews are out.", "more after the break."]
    assert parsed.findings == ()


def test_no_repair_changes_no_word() -> None:
    source = (ROOT / SEED).read_text(encoding="utf-8")
    generated = pipeline.generate_text(source, pipeline.Options(repair=False))
    words = " ".join(s.text for t in generated.turns for s in t.sentences)
    assert "Nowthe" in words and "afternoon. to discuss" in words
    assert not [f for f in generated.findings if f.code in ("I401", "I402")]


def test_each_repair_is_shown_on_stderr_and_none_with_no_repair() -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["generate", SEED, "-f", "json"])
    assert shown.exit_code == 0
    assert f"subtitler: {SEED}:13: I402 separated 'Nowthe' into 'Now the'" in shown.stderr
    assert shown.stderr.count("I401 removed a stray period") == 2
    plain = runner.invoke(app, ["generate", SEED, "-f", "json", "--no-repair"])
    assert plain.exit_code == 0 and "I40" not in plain.stderr.replace("I403", "")
