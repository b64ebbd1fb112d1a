"""A cast list constrains the learned model's decoding: the speakers are the cast's people, with their roles.

The transcripts here are invented for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from subtitler.cli import app
from subtitler.errors import SubtitlerError
from subtitler.model import Turn
from subtitler.pipeline import transcript
from subtitler.pipeline.speakers import attribute as speakers
from subtitler.pipeline.speakers import cast as speakers_cast
from subtitler.pipeline.speakers import castdecode
from tests.conftest import FIXTURES

SEED = FIXTURES / "transcripts" / "arirang-blue-house.txt"

FLOOD = """Good evening. Flooding has closed three bridges across the capital tonight.
Thousands of homes along the river have lost power since the afternoon.
I'm Kim Min-ji, at the east bank, where the water rose more than a metre overnight.
Crews have been piling sandbags along the levee since dawn.
The city says the pumps will run through the night.
Back to you, Dana.
Thank you, Min-ji. In other news, the central bank held its rate steady today.
"""

INTERVIEW = """Good morning. Two scientists disagree about the drought, and both are here.
Professor Lee, how dry is it?
It is the driest spring we have recorded in forty years, and the reservoirs are at a third.
Omar, do you see it the same way?
Not quite, Dana. The rain came late, but it came, and the farms in the north are fine.
Professor Lee, is he right about the north?
He is right about the north, but the south is another matter entirely.
"""


def attribute(text: str, cast: str) -> tuple[dict[str, tuple[str | None, str]], list[Turn]]:
    result = speakers.attribute(transcript.parse(text), cast=speakers_cast.read(cast))
    return {s.id: (s.name, s.role) for s in result.speakers}, list(result.turns)


def speaker_of(turns: list[Turn], words: str) -> str:
    return next(t.speaker for t in turns if any(words in s.text for s in t.sentences))


def test_a_self_introduction_gives_the_cast_member_who_introduces_herself_the_turn() -> None:
    alone = speakers.attribute(transcript.parse(FLOOD))
    assert [t.speaker for t in alone.turns if "I'm Kim Min-ji" in t.text] == [alone.turns[0].speaker]
    people, turns = attribute(FLOOD, "Dana Whitfield, anchor\nKim Min-ji, correspondent\n")
    assert people == {"dana-whitfield": ("Dana Whitfield", "anchor"), "kim-min-ji": ("Kim Min-ji", "correspondent")}
    assert speaker_of(turns, "I'm Kim Min-ji") == "kim-min-ji"
    assert speaker_of(turns, "Back to you, Dana") == "kim-min-ji"  # who hands back is not the one handed to
    assert speaker_of(turns, "Good evening") == "dana-whitfield"
    assert speaker_of(turns, "Thank you, Min-ji") == speaker_of(turns, "central bank") == "dana-whitfield"


def test_a_cast_without_a_correspondent_gives_no_correspondent_turn() -> None:
    plain = speakers.attribute(transcript.parse(SEED.read_text()))
    assert any(t.role == "correspondent" for t in plain.turns)  # the model alone finds one in the seed
    people, turns = attribute(SEED.read_text(), "Conn-young, anchor\nKim Min-ji, guest\n")
    assert {t.role for t in turns} <= {"anchor", "guest"}
    assert ("Kim Min-ji", "guest") in people.values()


def test_the_member_addressed_by_name_answers_and_each_members_turns_are_one_speaker() -> None:
    people, turns = attribute(INTERVIEW, "Dana Cole, anchor\nLee Seo-yeon, guest\nOmar Farouk, guest\n")
    assert speaker_of(turns, "driest spring") == "lee-seo-yeon"
    assert speaker_of(turns, "The rain came late") == "omar-farouk"
    assert speaker_of(turns, "another matter") == "lee-seo-yeon"
    assert speaker_of(turns, "how dry is it") == speaker_of(turns, "do you see it") == "dana-cole"
    assert len(people) == 3


def test_cast_names_the_text_never_mentions_do_not_break_the_decoding() -> None:
    text = SEED.read_text()
    people, turns = attribute(text, "Zed Quill, anchor\nXavier Yost, correspondent, X.Y.\n")
    said = [s.text for t in turns for s in t.sentences]
    assert said == [s.text for s in transcript.parse(text).sentences]  # every sentence, once, in order
    assert {name for name, _ in people.values()} <= {"Zed Quill", "Xavier Yost", None}
    assert {t.role for t in turns} <= {"anchor", "correspondent"}


def test_a_name_in_the_text_matches_a_member_by_surname_first_name_or_alias_in_any_case_and_script() -> None:
    cast = speakers_cast.read("JOSÉ DÍAZ-RUIZ: correspondent\nKim Min-ji, anchor, 김민지\nKim Jae-won, guest\n")
    names = castdecode.Names(cast)
    assert names.who("josé") == names.who("Díaz-Ruiz") == names.who("Mr. Diaz-Ruiz".replace("Diaz", "Díaz")) == (0,)
    assert names.who("김민지") == names.who("MIN-JI") == (1,)
    assert names.who("Kim") == (1, 2)  # a shared surname fits both; the fuller name decides
    assert names.who("Kim Jae-won") == (2,)
    assert names.who("Nobody Else") == ()


def test_every_turn_of_a_cast_decoding_carries_a_confidence_between_zero_and_one() -> None:
    _, turns = attribute(FLOOD, "Dana Whitfield, anchor\nKim Min-ji, correspondent\n")
    assert turns and all(t.confidence is not None and 0.0 <= t.confidence <= 1.0 for t in turns)


def test_a_bad_cast_line_names_the_file_and_line() -> None:
    with pytest.raises(SubtitlerError) as caught:
        speakers_cast.read("Dana Whitfield, anchor\n# a comment\nKim Min-ji, weather\n", "rundown.txt")
    assert str(caught.value).startswith("rundown.txt:3: cast line 'Kim Min-ji, weather': expected 'Name, role'")


def test_generate_with_a_bad_cast_line_is_a_one_line_error_and_exit_1(tmp_path: Path) -> None:
    rundown = tmp_path / "rundown.txt"
    rundown.write_text("Dana Whitfield, anchor\nKim Min-ji correspondent\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["generate", str(SEED), "--cast", str(rundown), "--to", "json"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and f"{rundown}:2: cast line" in result.stderr
    assert "Traceback" not in result.output


def test_speaker_options_add_people_to_the_cast(tmp_path: Path) -> None:
    import json

    rundown = tmp_path / "rundown.txt"
    rundown.write_text("Conn-young, anchor\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["generate", str(SEED), "--cast", str(rundown), "--speaker", "Kim Min-ji=guest",
                                 "--to", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [(s["name"], s["role"]) for s in doc["speakers"]] == [("Conn-young", "anchor"), ("Kim Min-ji", "guest")]
    bad = runner.invoke(app, ["generate", str(SEED), "--speaker", "Kim Min-ji"])
    assert bad.exit_code == 2 and "--speaker Kim Min-ji: expected NAME=ROLE" in bad.stderr


SEED_LINES = {"conn-young": {1, 2, 3, 4, 11, 17},
              "kim-min-ji": {5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23}}


def lines_of(turns: tuple[Turn, ...]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for turn in turns:
        out.setdefault(turn.speaker, set()).update(s.line for s in turn.sentences)
    return out


def test_the_seed_with_its_own_cast_stays_exact_with_the_hand_weighted_model() -> None:
    cast = speakers_cast.read("Conn-young, anchor\nKim Min-ji, correspondent, Min-ji\n")
    result = speakers.attribute(transcript.parse(SEED.read_text()), method="rules", cast=cast)
    assert [(s.id, s.name, s.role) for s in result.speakers] == [
        ("conn-young", "Conn-young", "anchor"), ("kim-min-ji", "Kim Min-ji", "correspondent")]
    assert lines_of(result.turns) == SEED_LINES


def test_the_seed_with_its_own_cast_gives_the_learned_model_exactly_its_two_people() -> None:
    cast = speakers_cast.read("Conn-young, anchor\nKim Min-ji, correspondent, Min-ji\n")
    result = speakers.attribute(transcript.parse(SEED.read_text()), cast=cast)
    assert [(s.id, s.name, s.role) for s in result.speakers] == [
        ("conn-young", "Conn-young", "anchor"), ("kim-min-ji", "Kim Min-ji", "correspondent")]
    lines = lines_of(result.turns)
    # the opening, the hand-over to Min-ji and the last report are hers and his as in the gold; where the
    # model's changes of speaker fall inside the report is the model's (bench/eval_speakers.py measures it)
    assert {1, 2, 3, 4} <= lines["conn-young"] and {5, 18, 19, 20, 21, 22, 23} <= lines["kim-min-ji"]
