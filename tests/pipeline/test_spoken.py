"""What is said: numbers, acronyms and symbols as spoken words, and syllables to time them by."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subtitler.pipeline.spoken import number_words, spoken_words, syllables, word_syllables


@pytest.mark.parametrize(("text", "said"), [
    ("2020", "twenty twenty"),
    ("1907", "nineteen oh seven"),
    ("2005", "two thousand five"),
    ("the 1990s", "the nineteen nineties"),
    ("the 1900s", "the nineteen hundreds"),
    ("the 21st century", "the twenty first century"),
    ("the 2nd and 12th and 30th", "the second and twelfth and thirtieth"),
    ("€5m", "five million euros"),
    ("£40k", "forty thousand pounds"),
    ("$2bn deal", "two billion dollars deal"),
    ("Dr. Lee and Gen. Park", "doctor lee and general park"),
    ("$1.5 billion", "one point five billion dollars"),
    ("$40", "forty dollars"),
    ("15%", "fifteen percent"),
    ("19th", "nineteenth"),
    ("3,000", "three thousand"),
    ("AT&T", "a t and t"),
])
def test_numbers_and_symbols_are_said_as_words(text: str, said: str) -> None:
    assert " ".join(spoken_words(text)) == said


@pytest.mark.parametrize(("text", "said"), [
    ("NSC", ["n", "s", "c"]),
    ("U.S.", ["u", "s"]),
    ("NASA", ["nasa"]),
    ("CNN's", ["c", "n", "n's"]),
    ("Einstein's", ["einstein's"]),
    ("c-squared", ["c", "squared"]),
])
def test_acronyms_are_spelled_unless_said_as_a_word(text: str, said: list[str]) -> None:
    assert spoken_words(text) == said


def test_the_dollars_of_an_amount_come_after_its_scale_word() -> None:
    assert spoken_words("$2 million in aid") == ["two", "million", "dollars", "in", "aid"]


# Counts as in the CMU Pronouncing Dictionary: the word rules miscounted each of these once.
@pytest.mark.parametrize(("word", "count"), [
    ("the", 1), ("minister", 3), ("make", 1), ("whole", 1), ("while", 1), ("table", 2), ("particles", 3),
    ("called", 1), ("struggled", 2), ("married", 2), ("studied", 2), ("issues", 2), ("continued", 3),
    ("strategies", 3), ("passes", 2), ("wanted", 2), ("walked", 1), ("wasn't", 2), ("didn't", 2), ("don't", 1),
    ("completely", 3), ("movement", 2), ("something", 2), ("someone", 2), ("uranium", 4), ("radiation", 4),
    ("curiosity", 5), ("magnetism", 4), ("theory", 3), ("actual", 3), ("scientist", 3), ("india", 3),
    ("million", 2), ("nation", 2), ("royal", 2), ("you", 1), ("beyond", 2), ("they", 1), ("lawyer", 2),
    ("trying", 2), ("playing", 2), ("seeing", 2), ("pursuing", 3), ("issue", 2), ("league", 1),
    ("hundred", 2), ("nineteen", 2), ("really", 2), ("pompeo", 3), ("w", 3), ("x", 1),
])
def test_syllables_match_the_pronouncing_dictionary(word: str, count: int) -> None:
    assert word_syllables(word) == count


def test_a_sentence_has_the_syllables_of_its_spoken_words() -> None:
    assert syllables("Kang Kyung-wha met Mike Pompeo in 2020.") == 13


@given(st.integers(0, 10**15))
def test_every_number_is_said_in_words_only(value: int) -> None:
    words = number_words(value).split()
    assert words and all(w.isalpha() for w in words)


_plain_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=15)


@given(st.lists(_plain_word, min_size=1, max_size=12))
def test_plain_words_are_said_as_written_and_in_order(words: list[str]) -> None:
    assert spoken_words(" ".join(words)) == words


@given(st.lists(st.text(min_size=1, max_size=12).filter(lambda t: not t.isspace()), min_size=1, max_size=8))
def test_spoken_words_are_the_words_of_each_token_in_order(tokens: list[str]) -> None:
    # Amounts like "$2 million" reach across tokens; keep to tokens without digits or dollars.
    tokens = [t for t in tokens if not any(c.isdigit() or c == "$" for c in t) and not t.isspace()]
    joined = spoken_words(" ".join(tokens))
    assert joined == [w for t in tokens for w in spoken_words(t)]
    assert all(w == w.lower() for w in joined)


@given(_plain_word)
def test_every_word_that_has_letters_takes_at_least_one_syllable(word: str) -> None:
    assert word_syllables(word) >= 1


def test_words_of_other_scripts_take_time_too() -> None:
    from subtitler.pipeline.spoken import syllables

    assert syllables("국가안보회의가") == 7  # one syllable a Hangul block
    assert syllables("東京で会議") == 5
    assert syllables("Café déjà vu") == 5
    assert syllables("Привет") >= 1
