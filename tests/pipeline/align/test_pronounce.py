"""What the aligner listens for: dictionary words for caption words, and pronunciations for the rest."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.pipeline.align import pronounce
from subtitler.pipeline.align.pronounce import (
    PHONES,
    Lexicon,
    dictionary_words,
    espeak_phones,
    ipa_phones,
    letter_phones,
)
from tests.conftest import require_tool


@pytest.mark.parametrize(("caption", "said"), [
    ("Conn-young,", ["conn", "young"]),
    ("Jae-in.", ["jae", "in"]),
    ("Kyung-wha", ["kyung", "wha"]),
    ("Arirang’s", ["arirang's"]),
    ("U.S.", ["u", "s"]),
    ("NSC", ["n", "s", "c"]),
    ("$1.5", ["one", "point", "five", "dollars"]),
    ("2020,", ["twenty", "twenty"]),
    ("—", []),
    ("Pompéo", ["pompeo"]),
    ("“Well,", ["well"]),
])
def test_caption_words_become_the_dictionary_words_one_says(caption: str, said: list[str]) -> None:
    assert dictionary_words(caption) == said


@pytest.mark.parametrize(("ipa", "phones"), [
    ("kˈɑːnjˈʌŋ", "K AA N Y AH NG"),            # Conn-young
    ("mˈɪndʒˈiː", "M IH N JH IY"),               # Min-ji
    ("ˌɛnˌɛssˈiː", "EH N EH S S IY"),            # NSC
    ("tʃˈɜːtʃ", "CH ER CH"),                     # affricates and r-coloured vowels
    ("fˈaɪɚ", "F AY ER"),
    ("bˈʌʔn̩", "B AH T AH N"),                    # glottal stop and syllabic n, as CMUdict writes "button"
    ("wˈɔːɾɚ", "W AO T ER"),                     # the flap, as CMUdict writes "water"
    ("ðˈə bˈɔɪ", "DH AH B OY"),
    ("sˈɪŋ", "S IH NG"),
    ("ˈæʒɚ", "AE ZH ER"),
])
def test_espeak_ipa_maps_onto_the_dictionary_phone_set(ipa: str, phones: str) -> None:
    assert " ".join(ipa_phones(ipa)) == phones


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_any_ipa_maps_only_to_phones_the_model_has(text: str) -> None:
    assert set(ipa_phones(text)) <= PHONES


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz'-", min_size=1, max_size=20))
@settings(max_examples=200, deadline=None)
def test_letter_to_sound_gives_only_model_phones_and_one_for_every_word_with_a_letter(word: str) -> None:
    phones = letter_phones(word)
    assert set(phones) <= PHONES
    assert phones or not any(c.isalpha() for c in word)


@pytest.mark.parametrize(("word", "phones"), [
    ("arirang", "AE R IH R AE NG"),
    ("kyung", "K Y UW NG"),
    ("chosun", "CH AA S AH N"),
    ("wha", "W AA"),
    ("jeong", "JH AH NG"),
])
def test_letter_to_sound_reads_romanised_names_plausibly(word: str, phones: str) -> None:
    assert " ".join(letter_phones(word)) == phones


def test_espeak_ng_pronounces_many_words_in_one_call() -> None:
    require_tool("espeak-ng", "pronunciations of words the dictionary lacks")
    got = espeak_phones(["arirang", "nowthe", "wha", "kyung"])
    assert got is not None
    assert got["arirang"][:2] == ["AE", "R"]
    assert got["wha"] == ["W", "AA"]
    assert all(set(phones) <= PHONES and phones for phones in got.values())


def test_without_espeak_ng_there_are_no_espeak_pronunciations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pronounce.shutil, "which", lambda name: None)
    assert espeak_phones(["arirang"]) is None


def test_the_lexicon_makes_pronunciations_only_for_words_the_dictionary_lacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pronounce.shutil, "which", lambda name: None)  # letter-to-sound, on any machine
    known = {"the": "DH AH", "blue": "B L UW", "house": "HH AW S"}
    lexicon = Lexicon(known.get)
    assert lexicon.missing(["the", "arirang", "blue", "arirang", "zzx"]) == ["arirang", "zzx"]
    made = lexicon.complete(["the", "arirang", "zzx"])
    assert lexicon.how == "letters"
    assert made == {"arirang": "AE R IH R AE NG", "zzx": "Z K S"}
    assert lexicon.complete(["arirang"]) == {}  # made once


def test_the_lexicon_prefers_espeak_ng_when_it_is_installed() -> None:
    require_tool("espeak-ng", "pronunciations of words the dictionary lacks")
    lexicon = Lexicon(lambda word: None)
    made = lexicon.complete(["arirang"])
    assert lexicon.how == "espeak-ng"
    assert made["arirang"].startswith("AE R")
