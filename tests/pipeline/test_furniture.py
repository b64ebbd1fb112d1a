"""What is not speech, and only that, is left out and listed; caption dumps keep every word."""

from __future__ import annotations

from textwrap import dedent

from subtitler.pipeline import transcript
from subtitler.pipeline.speakers import attribute as speakers


def _words(text: str) -> list[str]:
    return " ".join(s.text for s in transcript.parse(dedent(text)).sentences).split()


def test_bullet_led_caption_lines_are_speech() -> None:
    text = """\
        • and we are back with the weather
        • a cold front moves in tonight
        • Download
        • <iframe src="" title="player">
        """
    parsed = transcript.parse(dedent(text))
    assert " ".join(s.text for s in parsed.sentences) == "and we are back with the weather a cold front moves in tonight"
    assert [d.reason for d in parsed.dropped] == ["page furniture", "page furniture"]


def test_a_yaml_header_and_a_page_header_are_left_out_and_listed() -> None:
    text = """\
        ---
        title: "Briefing, May 2"
        date: '2024-05-02'
        ---

        Briefing Room

        1:02 P.M. EDT

        MS. REED:  Good afternoon, everyone.

        Q    Thank you.

        END  1:40 P.M. EDT
        """
    parsed = transcript.parse(dedent(text))
    assert [s.text for s in parsed.sentences] == ["Good afternoon, everyone.", "Thank you."]
    reasons = [d.reason for d in parsed.dropped]
    assert reasons.count("header metadata") == 4 and "time stamp" in reasons and "page furniture" in reasons


def test_stage_directions_and_stamps_in_a_line_are_left_out_and_listed() -> None:
    parsed = transcript.parse("The vote is at noon. [10:30:58] (APPLAUSE) We will be there at 3:30 today.\n")
    assert " ".join(s.text for s in parsed.sentences) == "The vote is at noon. We will be there at 3:30 today."
    assert sorted(d.text for d in parsed.dropped) == ["(APPLAUSE)", "[10:30:58]"]


def test_a_lower_case_caption_dump_keeps_its_words_and_chevrons_change_speaker() -> None:
    text = """\
        >> good evening the storm is moving north. crews are out tonight
        >> thanks we are at the harbour 00:01:12 and the water is rising
        >>> in other news the council met
        """
    parsed = transcript.parse(dedent(text))
    words = " ".join(s.text for s in parsed.sentences)
    assert words == ("good evening the storm is moving north. crews are out tonight thanks we are at the harbour "
                     "and the water is rising in other news the council met")
    assert [p.label.style for p in parsed.paragraphs if p.label] == ["chevron", "chevron", "chevron"]
    assert ("00:01:12", "time stamp") in {(d.text, d.reason) for d in parsed.dropped}
    assert not [f for f in parsed.findings if f.code in ("I401", "I402")]
    assert len({t.speaker for t in speakers.attribute(parsed).turns}) >= 2


def test_an_upper_case_caption_dump_keeps_its_words() -> None:
    text = ">> GOOD EVENING. THE STORM IS MOVING NORTH.\n>> THANKS. WE ARE AT THE HARBOUR.\n"
    assert _words(text) == "GOOD EVENING. THE STORM IS MOVING NORTH. THANKS. WE ARE AT THE HARBOUR.".split()


def test_a_short_reply_after_the_speech_is_not_a_heading() -> None:
    text = "Is it your plan, Mayor —\n\nThank you, Karine\n\nWe will see.\n"
    assert _words(text) == "Is it your plan, Mayor — Thank you, Karine We will see.".split()


def test_two_short_capitalised_sentences_after_the_speech_are_a_reply_not_a_heading() -> None:
    text = "We start with the budget tonight.\n\nSenator Roe. Okay\n\nIt was a mess when we came in.\n"
    assert _words(text) == "We start with the budget tonight. Senator Roe. Okay It was a mess when we came in.".split()
