"""Guardrails: which aligned sentences to trust, the estimate for the rest, and what is reported."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.model import Sentence
from subtitler.pipeline.align import guard
from subtitler.pipeline.align.aligner import Placed, Sound


def _placed(*words: tuple[int, int], score: float = -1.2) -> Placed:
    return Placed(tuple(words), score)


def _even(text: str, start: int, word_ms: int) -> tuple[tuple[int, int], ...]:
    return tuple((start + k * word_ms, start + (k + 1) * word_ms) for k in range(len(text.split())))


SENTENCE = Sentence("The minister will visit Washington next week.", 3)


def test_a_well_matched_plausible_sentence_is_trusted() -> None:
    verdict = guard.judge(SENTENCE, _placed(*_even(SENTENCE.text, 1000, 330)))
    assert verdict.code == ""
    assert verdict.confidence == guard.confidence(-1.2) > 0.9


def test_a_sentence_whose_audio_matches_poorly_is_not_trusted() -> None:
    verdict = guard.judge(SENTENCE, _placed(*_even(SENTENCE.text, 1000, 330), score=-4.0))
    assert verdict.code == "W511"
    assert "confidence 0.22" in verdict.reason


def test_speech_too_fast_to_be_real_is_not_trusted() -> None:
    verdict = guard.judge(SENTENCE, _placed(*_even(SENTENCE.text, 1000, 40)))
    assert verdict.code == "W512"
    assert "syllables a second" in verdict.reason


def test_a_word_stretched_over_sound_it_does_not_hold_is_not_trusted() -> None:
    words = list(_even(SENTENCE.text, 5000, 330))
    words[0] = (1000, words[0][1])  # 'The' claims four seconds of something else
    verdict = guard.judge(SENTENCE, _placed(*words))
    assert verdict.code == "W512"
    assert "'The' lasts 4330 ms" in verdict.reason


@given(st.floats(-50, 0), st.floats(-50, 0))
@settings(max_examples=100, deadline=None)
def test_confidence_rises_with_the_score_and_stays_between_0_and_1(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert 0.0 <= guard.confidence(low) <= guard.confidence(high) <= 1.0


def _sentences(durations: list[tuple[int, int]]) -> list[Sentence]:
    out = []
    clock = 0
    for line, (pause, length) in enumerate(durations, start=1):
        clock += pause
        words = (("one", clock, clock + length // 2), ("two", clock + length // 2, clock + length))
        out.append(Sentence("one two", line, start_ms=clock, end_ms=clock + length, words=words))
        clock += length
    return out


_durations = st.lists(st.tuples(st.integers(0, 2000), st.integers(1, 5000)), min_size=1, max_size=12)


@given(_durations, st.data())
@settings(max_examples=200, deadline=None)
def test_filled_sentences_stay_in_order_between_their_aligned_neighbours(durations: list[tuple[int, int]],
                                                                         data: st.DataObject) -> None:
    estimates = _sentences(durations)
    mask = data.draw(st.lists(st.booleans(), min_size=len(estimates), max_size=len(estimates)))
    shift = data.draw(st.integers(-500, 5000))
    stretch = data.draw(st.sampled_from([0.7, 1.0, 1.3]))
    aligned: list[Sentence | None] = []
    for sentence, keep in zip(estimates, mask):
        if not keep:
            aligned.append(None)
            continue
        start, end = shift + round(sentence.start_ms * stretch), shift + round(sentence.end_ms * stretch)
        if start < 0:
            aligned.append(None)
            continue
        aligned.append(replace(sentence, start_ms=start, end_ms=end, source="audio", confidence=0.9,
                               words=(("one", start, (start + end) // 2), ("two", (start + end) // 2, end))))
    filled = guard.fill(estimates, aligned)
    assert [s.text for s in filled] == [s.text for s in estimates]
    for index, (got, was) in enumerate(zip(filled, aligned)):
        assert got.start_ms <= got.end_ms
        assert [w[1] for w in got.words] == sorted(w[1] for w in got.words)
        if was is not None:
            assert got == was
            continue
        assert got.source == "estimate" and got.confidence is None
        before = next((s for s in reversed(aligned[:index]) if s is not None), None)
        after = next((s for s in aligned[index + 1:] if s is not None), None)
        if before is not None:
            assert got.start_ms >= before.end_ms
        if after is not None:
            assert got.end_ms <= after.start_ms
        assert got.start_ms >= 0


def test_with_nothing_aligned_the_estimate_is_kept_after_the_offset() -> None:
    estimates = _sentences([(0, 1000), (500, 1000)])
    filled = guard.fill(estimates, [None, None], offset_ms=4000)
    assert [(s.start_ms, s.end_ms) for s in filled] == [(4000, 5000), (5500, 6500)]


def test_an_intro_and_sound_between_aligned_sentences_are_reported_with_their_lines() -> None:
    timed = [replace(s, source="audio") for s in _sentences([(4000, 2000), (500, 2000), (6000, 2000)])]
    sounds = [Sound(-1, 0, 3900), Sound(1, 9000, 14000)]
    findings = guard.sound_findings(sounds, timed, timed)
    assert [(f.code, f.line) for f in findings] == [("I521", 1), ("W514", 3)]
    assert "speech starts at 00:00:04.000" in findings[0].message
    assert "5.0 s of sound before this line (00:00:09.000-00:00:14.000)" in findings[1].message


def test_sound_next_to_a_sentence_that_was_not_aligned_is_not_called_untranscribed() -> None:
    timed = _sentences([(0, 2000), (500, 2000), (6000, 2000)])
    trusted: list[Sentence | None] = [timed[0], None, timed[2]]
    assert guard.sound_findings([Sound(0, 2500, 8000)], timed, trusted) == []
