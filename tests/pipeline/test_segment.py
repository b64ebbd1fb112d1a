"""Timed sentences to cues: every word kept in order, lines and times within the profile."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler import profiles
from subtitler.pipeline.linebreak import break_cost, two_lines, width
from subtitler.pipeline.segment import captions, reading_speed
from subtitler.pipeline.timing import TimingOptions, estimate
from tests.conftest import timed_turns

_turns = timed_turns


def test_names_and_article_noun_pairs_are_never_split_across_lines() -> None:
    lines = two_lines("She will sit down with U.S. Secretary of State Mike Pompeo to reaffirm the alliance".split(), 42)
    assert lines is not None and all(width(x) <= 42 for x in lines)
    assert not any(x.endswith(("Mike", "the")) for x in lines[:-1])


def test_a_break_after_punctuation_costs_least() -> None:
    words = "Yes, Seoul's Foreign Minister will make a visit".split()
    assert break_cost(words, 1) < min(break_cost(words, k) for k in range(2, len(words)))


def test_a_question_and_a_short_reply_share_a_dialogue_cue() -> None:
    cues, _ = captions(_turns(("anchor", "Is the river still rising?"), ("reporter", "It is.")), profiles.get("netflix"))
    assert [c.lines for c in cues] == [("-Is the river still rising?", "-It is.")]
    assert cues[0].speakers == ("anchor", "reporter")


def test_fast_speech_keeps_every_word_and_is_reported() -> None:
    turns = estimate(_turns(("anchor", "This sentence is spoken far too fast for anyone to read it comfortably.")),
                     TimingOptions(syllables_per_second=20))
    cues, findings = captions(turns, profiles.get("netflix"))
    assert " ".join(c.text for c in cues) == "This sentence is spoken far too fast for anyone to read it comfortably."
    assert [f.code for f in findings] == ["W410"]


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'-", min_size=1, max_size=14)
_sentence = st.lists(_word, min_size=1, max_size=60).map(lambda ws: " ".join(ws) + ".")


@given(st.lists(st.tuples(st.sampled_from(["a", "b"]), _sentence), min_size=1, max_size=6),
       st.sampled_from(["netflix", "bbc", "dcmp"]))
@settings(max_examples=80, deadline=None)
def test_segmentation_keeps_every_word_in_order_within_the_profile(sentences: list[tuple[str, str]], name: str) -> None:
    profile = profiles.get(name)
    turns = _turns(*sentences)
    cues, _ = captions(turns, profile)
    spoken = " ".join(text for _, text in sentences).split()
    shown = " ".join(line[1:] if len(c.speakers) > 1 else line for c in cues for line in c.lines).split()
    assert shown == spoken
    for cue in cues:
        assert len(cue.lines) <= profile.lines_per_cue
        assert all(width(line) <= profile.chars_per_line for line in cue.lines) or len(cue.text.split()) == 1
        assert cue.end_ms > cue.start_ms
    for a, b in itertools.pairwise(cues):
        assert a.end_ms + profile.min_gap() <= b.start_ms or a.end_ms <= b.start_ms
        assert a.start_ms <= b.start_ms


def test_reading_speed_counts_what_a_reader_sees() -> None:
    cues, _ = captions(_turns(("a", "Hello there.")), profiles.get("netflix"))
    assert reading_speed(cues[0], profiles.get("netflix")) == len("Hello there.") / ((cues[0].end_ms - cues[0].start_ms) / 1000)


def test_a_dotted_abbreviation_or_title_is_not_a_sentence_end_to_break_at() -> None:
    sentence_end = break_cost("They met. Then left".split(), 2)
    words = "She will sit down with U.S. Secretary of State Mike Pompeo".split()
    assert break_cost(words, 6) > sentence_end + 2
    assert break_cost("They met Dr. Lee today".split(), 3) > sentence_end + 2


def test_a_name_is_split_before_its_given_name_rather_than_inside_it() -> None:
    words = "Yes, Seoul's Foreign Minister Kang Kyung-wha will make a visit".split()
    assert break_cost(words, 4) < break_cost(words, 5)  # "Minister | Kang" before "Kang | Kyung-wha"


def test_a_cue_is_not_cut_where_its_only_line_break_would_split_a_name() -> None:
    turns = _turns(("kim", "Yes, Seoul's Foreign Minister Kang Kyung-wha will make a four-day visit that starts Sunday."))
    cues, _ = captions(turns, profiles.get("netflix"))
    assert not any(line.endswith("Kang") for cue in cues for line in cue.lines)
