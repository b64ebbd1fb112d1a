"""Line and cue breaks a captioner would sign off: phrases kept whole, room for a label only where one
is written, no sliver beside a full cue, no flash cue that a neighbour of the same speaker could take.

Every text here is written for these tests.
"""

from __future__ import annotations

import json

import pytest

from subtitler import formats, profiles
from subtitler.checks.core import check
from subtitler.model import Turn
from subtitler.pipeline import Options, breakcosts, document, generate_text
from subtitler.pipeline.linebreak import best_split, two_lines, width
from subtitler.pipeline.segment import captions, pieces
from tests.conftest import ROOT, timed_turns

_turns = timed_turns


def _broken(text: str, limit: int = 42) -> tuple[str, str]:
    lines = two_lines(text.split(), limit)
    assert lines is not None and len(lines) == 2 and all(width(x) <= limit for x in lines), lines
    return lines[0], lines[1]


@pytest.mark.parametrize("text, limit, phrase", [
    ("Soldiers from the army reserve unit were sent north", 42, "army reserve unit"),
    ("Help came from a reserve platoon in the next town", 32, "reserve platoon"),
    ("The local fire department sent two crews", 32, "fire department"),
    ("The police will hold a live news conference soon", 32, "live news conference"),
    ("South Korea's presidential office will likely remain reserved.", 42, "presidential office"),
    ("Here is our Pentagon correspondent, Dana Whitfield", 42, "Pentagon correspondent"),
])
def test_a_line_is_not_broken_inside_a_compound_or_an_adjective_and_its_noun(text: str, limit: int, phrase: str) -> None:
    top, bottom = _broken(text, limit)
    assert phrase in top or phrase in bottom, (top, bottom)


@pytest.mark.parametrize("text", [
    "The band will play some of his favourite songs at the memorial tonight",
    "The museum reflects on the history of the bridge and the people who built it",
    "Parents, teachers, and counsellors met with the school board on Tuesday",
])
def test_a_top_line_does_not_end_on_an_article_a_preposition_or_a_conjunction(text: str) -> None:
    top, _ = _broken(text)
    last = top.split()[-1].lower()
    assert last not in ("of", "the", "a", "and", "on", "with", "some"), top


@pytest.mark.parametrize("text, limit, phrase", [
    ("Scientists are still trying to figure out why the ice sheets melt", 42, "figure out"),
    ("The rescue teams had to give up the search before dark", 32, "give up"),
    ("Then the crew had to pull back from the ridge", 32, "pull back"),
])
def test_a_line_is_not_broken_between_a_verb_and_its_particle(text: str, limit: int, phrase: str) -> None:
    top, bottom = _broken(text, limit)
    assert phrase in top or phrase in bottom, (top, bottom)


@pytest.mark.parametrize("text, k, inside", [
    ("the floodgates began to open", 2, False),  # "began": only a verb, the noun phrase has ended
    ("the floodgates says nothing", 2, False),
    ("his taxes on the simple things in life", 5, True),
    ("the old dam began to crack", 2, True),  # "dam": the word list knows it only as a verb, yet it is no inflected form
    ("Until then South Korea's presidential office", 4, True),  # a possessive opens a noun phrase
    ("the minister’s plan failed", 2, True),
    ("it's late tonight", 1, False),  # a subject and a verb, not a possessive
])
def test_a_noun_phrase_ends_before_a_verb_and_starts_at_an_article_or_a_possessive(
        text: str, k: int, inside: bool) -> None:
    assert breakcosts.never(text.split(), k, 0.0) is inside


def test_the_committed_word_list_gives_parts_of_speech_of_common_words() -> None:
    lexicon = breakcosts.lexicon()
    assert len(lexicon) > 5000
    assert {lexicon["began"], lexicon["things"], lexicon["quickly"]} == {"Vf", "N", "R"}
    assert "V" in lexicon["use"] and "N" in lexicon["use"]
    assert set(lexicon.values()) <= {"Vf", *("".join(sorted(c)) for c in _letter_sets("JNRV"))}
    assert not set(lexicon) & breakcosts.FUNCTION_WORDS  # function words are classed by the closed table


def _letter_sets(letters: str) -> list[str]:
    return [("".join(c for i, c in enumerate(letters) if mask >> i & 1)) for mask in range(1, 1 << len(letters))]


def test_a_cue_that_fits_one_line_asked_for_two_breaks_after_its_punctuation() -> None:
    words = "Thank you, Maria. Now the weather.".split()
    split = best_split(words, 42, force=True)
    assert split is not None and " ".join(words[:split[1]]) == "Thank you, Maria."


def test_every_feature_of_the_learned_table_is_named_in_the_feature_table() -> None:
    table = json.loads((ROOT / "subtitler" / "pipeline" / "breakcosts.json").read_text())["weights"]
    named = {name.split(":")[0] for name in breakcosts.FEATURES}
    assert table and all(name.split(":")[0] in named for name in table), sorted(
        name for name in table if name.split(":")[0] not in named)


_LABELLED = ("DAVID BYRNE, MUSICIAN: I wanted to not take it too seriously.\n\n"
             "MARTA LOPEZ, HOST: And did it work?\n\n")


def _cues(fmt: str, style: str | None = None) -> list[str]:
    generated = generate_text(_LABELLED, Options())
    return [cue.text for cue in formats.parse(fmt, formats.write(document(generated, fmt, style))).cues]


def test_webvtt_keeps_no_room_for_a_label_it_does_not_write() -> None:
    cues = _cues("vtt")
    assert cues[0] == "<v David Byrne>I wanted to not take it too seriously."  # 38 characters: one line


def test_srt_without_speaker_marks_keeps_no_room_for_a_label() -> None:
    assert _cues("srt", "none")[0] == "I wanted to not take it too seriously."


def test_an_srt_label_gets_room_on_its_turns_first_line_and_the_cue_stays_within_the_profile() -> None:
    first = _cues("srt")[0]
    assert first.startswith("DAVID BYRNE: I wanted")
    assert len(first.split("\n")) == 2 and all(width(line) <= 42 for line in first.split("\n"))


def test_a_second_turn_of_the_same_speaker_keeps_no_room_for_a_label_that_is_not_written() -> None:
    turn = _turns(("a", "Good evening."), ("a", "The council has voted to close the old harbour bridge."))[0]
    two = (Turn("a", "anchor", turn.sentences[:1]), Turn("a", "anchor", turn.sentences[1:]))
    cues, _ = captions(two, profiles.get("netflix"), labels={"a": "MARIA SANTOS-OKONKWO:"})
    assert [c.label for c in cues] == ["MARIA SANTOS-OKONKWO:"] + [""] * (len(cues) - 1)


def test_a_long_sentence_is_cut_into_even_cues_and_not_a_sliver_beside_a_full_one() -> None:
    text = ("We want to take you back to the moment the flood barrier gave way and the river "
            "poured into the lower town late on Sunday night.")
    turn = _turns(("a", text))[0]
    cut = pieces(list(turn.sentences[0].words), profiles.get("netflix"))
    sizes = [width(" ".join(w for w, _, _ in piece)) for piece in cut]
    assert len(cut) == 2 and min(sizes) >= max(sizes) / 2, sizes


def test_a_flash_cue_joins_the_next_cue_of_its_speaker_when_the_two_fit_one_cue() -> None:
    dcmp = profiles.get("dcmp")  # two seconds at least a cue
    cues, _ = captions(_turns(("a", "Storm alert."), ("a", "The harbour is shut till Friday.")), dcmp)
    assert [c.lines for c in cues] == [("Storm alert.", "The harbour is shut till Friday.")]


def test_a_flash_cue_stays_alone_when_the_neighbour_is_another_speaker() -> None:
    dcmp = profiles.get("dcmp")
    cues, _ = captions(_turns(("a", "Storm alert."), ("b", "The harbour is shut till Friday.")), dcmp)
    assert [c.text for c in cues] == ["Storm alert.", "The harbour is shut till Friday."]


def test_a_flash_cue_stays_alone_when_joining_would_not_fit_the_lines() -> None:
    dcmp = profiles.get("dcmp")
    cues, _ = captions(_turns(("a", "Storm alert."), ("a", "The harbour and the river crossings will stay closed.")),
                       dcmp)  # 12 and 52 characters: more than two lines of 32 together
    assert [c.text for c in cues] == ["Storm alert.", "The harbour and the river crossings will stay closed."]


@pytest.mark.parametrize("profile", sorted(profiles.PROFILES))
@pytest.mark.parametrize("fmt, style", [("srt", None), ("srt", "none"), ("srt", "chevron"), ("vtt", None)])
def test_the_label_fixtures_validate_clean_in_every_style(profile: str, fmt: str, style: str | None) -> None:
    chosen = profiles.get(profile)
    generated = generate_text(_LABELLED + "DAVID BYRNE: Health warning. We kept the second verse short and "
                              "the chorus long, because people sing the chorus.\n", Options(profile=chosen))
    written = formats.write(document(generated, fmt, style))
    found = [f"{f.code} {f.message}" for f in check(formats.read(written.encode(), f"out.{fmt}"), chosen)
             if f.code[0] in "EW"]
    assert found == []
