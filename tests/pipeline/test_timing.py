"""Timing from text alone: natural pauses, fitting a known duration and sync points, and the
calibration on real broadcast timings (PBS NOVA) when the shared evaluation set is present."""

from __future__ import annotations

import importlib.util
import itertools
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from subtitler import pipeline
from subtitler.errors import UsageError
from subtitler.model import Sentence, TimedWords, Turn
from subtitler.pipeline.spoken import syllables
from subtitler.pipeline.timing import DEFAULT_WPM, TimingOptions, estimate, slack_shape
from tests.conftest import shared_path

Row = tuple[str, int, str]  # speaker, paragraph, sentence text


def _turns(*rows: Row) -> tuple[Turn, ...]:
    turns: list[Turn] = []
    for line, (speaker, paragraph, text) in enumerate(rows, start=1):
        sentence = Sentence(text, line, paragraph)
        if turns and turns[-1].speaker == speaker:
            turns[-1] = Turn(speaker, "unknown", (*turns[-1].sentences, sentence))
        else:
            turns.append(Turn(speaker, "unknown", (sentence,)))
    return tuple(turns)


def _words(turns: tuple[Turn, ...]) -> list[tuple[str, int, int]]:
    return [w for t in turns for s in t.sentences for w in s.words]


def _starts(turns: tuple[Turn, ...]) -> list[int]:
    return [s.start_ms for t in turns for s in t.sentences]


def _span(turns: tuple[Turn, ...]) -> int:
    words = _words(turns)
    return words[-1][2] - words[0][1]


NEWS = _turns(
    ("anchor", 0, "Good evening, and welcome to the programme."),
    ("anchor", 0, "Tonight the river is rising again."),
    ("anchor", 1, "Our correspondent is in the town of Selby."),
    ("reporter", 2, "The water reached the bridge at noon; it has not stopped since."),
    ("reporter", 2, "People here say they have never seen anything like it."),
    ("anchor", 3, "Thank you."),
)


def test_the_first_word_is_spoken_at_the_start_time() -> None:
    assert _words(estimate(NEWS, TimingOptions(start_ms=60_000)))[0][1] == 60_000


def test_the_default_rate_is_a_broadcast_news_rate() -> None:
    assert 160 <= DEFAULT_WPM <= 180


def test_a_change_of_speaker_pauses_longer_than_a_paragraph_a_sentence_or_a_comma() -> None:
    timed = estimate(NEWS)
    words = _words(timed)
    gaps = {b[0]: b[1] - a[2] for a, b in itertools.pairwise(words)}
    assert gaps["The"] > gaps["Our"] > gaps["Tonight"] > gaps["and"] > gaps["welcome"] >= 0


def test_a_known_duration_is_met_and_the_speech_keeps_near_its_pace() -> None:
    natural = _span(estimate(NEWS))
    timed = estimate(NEWS, TimingOptions(duration_ms=natural * 2))
    assert abs(_span(timed) - natural * 2) <= 2
    # Speech stretches by ratio**0.25 only (a word lasts that much longer); the pauses take the rest.
    said, natural_said = _words(timed)[3], _words(estimate(NEWS))[3]
    assert said[0] == natural_said[0] == "welcome"
    stretch = (said[2] - said[1]) / (natural_said[2] - natural_said[1])
    assert stretch == pytest.approx(2 ** 0.25, rel=0.02)


def test_unexplained_silence_is_laid_mostly_in_the_middle_of_a_span() -> None:
    rows = [("narrator", 0, f"Sentence number {n} of the long narration is here.") for n in range(12)]
    turns = _turns(*rows)
    natural = _span(estimate(turns))
    starts = _starts(estimate(turns, TimingOptions(duration_ms=natural * 3)))
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert gaps[0] < gaps[len(gaps) // 2] and gaps[-1] < gaps[len(gaps) // 2]


def test_over_a_long_span_the_slack_follows_the_speech_not_the_number_of_pauses() -> None:
    # Half an hour of quick dialogue, then narration: the dialogue has many more pauses, but over
    # many minutes silence comes with the programme's time, not with its sentence ends.
    dialogue = [("ab"[n % 2], n, "Is it here? Yes it is.") for n in range(400)]
    narration = [("narrator", 400, "The river rises slowly in the valley and the town waits for the water.")] * 130
    turns = _turns(*dialogue, *narration)
    natural = _span(estimate(turns))
    natural_share = _starts(estimate(turns))[len(dialogue)] / natural
    share = _starts(estimate(turns, TimingOptions(duration_ms=natural * 2)))[len(dialogue)] / (natural * 2)
    assert share <= natural_share


def test_the_slack_shape_is_flat_for_a_zero_exponent_and_peaks_mid_span() -> None:
    assert slack_shape(0.1, 0.0) == slack_shape(0.5, 0.0) == 1.0
    assert slack_shape(0.0, 1.0) == slack_shape(1.0, 1.0) == 0.0
    assert slack_shape(0.5, 1.0) == 1.0
    assert slack_shape(0.2, 0.5) > slack_shape(0.2, 1.0)


def test_less_time_than_natural_squeezes_speech_and_pauses_alike() -> None:
    natural = _span(estimate(NEWS))
    timed = estimate(NEWS, TimingOptions(duration_ms=natural // 2))
    assert abs(_span(timed) - natural // 2) <= 2


def test_a_sync_point_pins_the_first_sentence_on_its_line() -> None:
    timed = estimate(NEWS, TimingOptions(duration_ms=40_000, sync=((4, 20_000),)))
    assert timed[1].sentences[0].start_ms == 20_000
    assert _words(timed)[-1][2] == 40_000


def test_a_sync_point_on_a_line_without_speech_pins_the_next_sentence() -> None:
    turns = (Turn("anchor", "anchor", (Sentence("One two three.", 1), Sentence("Four five six.", 5))),)
    assert _starts(estimate(turns, TimingOptions(sync=((3, 9_000),))))[1] == 9_000


@pytest.mark.parametrize("options", [
    TimingOptions(duration_ms=0),
    TimingOptions(duration_ms=-5),
    TimingOptions(sync=((3, 5_000), (2, 9_000))),
    TimingOptions(sync=((2, 5_000), (2, 9_000))),
    TimingOptions(sync=((99, 5_000),)),
    TimingOptions(start_ms=-5_000),
    TimingOptions(sync=((0, 5_000),)),
    TimingOptions(start_ms=10_000, sync=((2, 5_000),)),
])
def test_contradictory_timing_options_are_usage_errors(options: TimingOptions) -> None:
    with pytest.raises(UsageError):
        estimate(NEWS, options)


def test_nothing_to_say_is_returned_untouched() -> None:
    assert estimate(()) == ()


# -- properties ------------------------------------------------------------------------------------

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
_punct = st.sampled_from(["", "", "", ",", ";", " --", ":"])
_sentence = st.lists(st.tuples(_word, _punct), min_size=1, max_size=14).map(
    lambda ws: " ".join(w + p for w, p in ws) + ".")
_rows = st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 3), _sentence), min_size=1, max_size=10).map(
    lambda rows: sorted(rows, key=lambda r: r[1]))


def _ordered(turns: tuple[Turn, ...], count: int) -> None:
    words = _words(turns)
    assert len(words) == count
    for (_, a0, a1), (_, b0, _) in itertools.pairwise(words):
        assert a0 <= a1 <= b0


@given(_rows, st.none() | st.floats(0.3, 6.0), st.integers(0, 10**7))
@settings(max_examples=150, deadline=None)
def test_every_word_gets_a_time_and_times_never_go_backwards(rows: list[Row], ratio: float | None, start: int) -> None:
    turns = _turns(*rows)
    duration = None if ratio is None else max(1, round(_span(estimate(turns)) * ratio))
    timed = estimate(turns, TimingOptions(start_ms=start, duration_ms=duration))
    _ordered(timed, sum(len(text.split()) for _, _, text in rows))
    assert _words(timed)[0][1] == start


@given(_rows, st.floats(0.3, 6.0))
@settings(max_examples=150, deadline=None)
def test_a_known_duration_is_met_within_a_few_milliseconds(rows: list[Row], ratio: float) -> None:
    turns = _turns(*rows)
    duration = max(200, round(_span(estimate(turns)) * ratio))
    assert abs(_span(estimate(turns, TimingOptions(start_ms=5_000, duration_ms=duration))) - duration) <= 2


@given(_rows, st.data())
@settings(max_examples=150, deadline=None)
def test_sync_points_are_met_exactly(rows: list[Row], data: st.DataObject) -> None:
    turns = _turns(*rows)
    natural = _starts(estimate(turns))
    chosen = data.draw(st.lists(st.integers(0, len(rows) - 1), unique=True, max_size=4).map(sorted))
    stretch = data.draw(st.lists(st.floats(0.5, 4.0), min_size=len(rows), max_size=len(rows)))
    at, clock, previous = {}, 1_000.0, 0
    for line in range(len(rows)):  # known times a little off the natural ones, in order
        clock += (natural[line] - previous) * stretch[line]
        previous = natural[line]
        at[line] = round(clock)
    sync = tuple((line + 1, at[line]) for line in chosen)
    timed = estimate(turns, TimingOptions(start_ms=1_000, sync=sync, duration_ms=at[len(rows) - 1] + 30_000))
    starts = _starts(timed)
    assert all(starts[line] == at[line] for line in chosen)
    _ordered(timed, sum(len(text.split()) for _, _, text in rows))


@given(_rows, st.integers(0, 200), _word, st.none() | st.floats(0.3, 6.0))
@settings(max_examples=150, deadline=None)
def test_more_syllables_never_take_less_time(rows: list[Row], pick: int, longer: str, ratio: float | None) -> None:
    turns = _turns(*rows)
    index = pick % sum(len(text.split()) for _, _, text in rows)
    words = [w for _, _, text in rows for w in text.split()]
    target = words[index]
    bare = target.rstrip(",;:.-")
    grown = bare + "ba" + longer + target[len(bare):]
    assume(syllables(grown) >= syllables(target))  # "w" is "double-u": longer to write is not longer to say
    k = 0
    new_rows = []
    for speaker, paragraph, text in rows:
        out = []
        for w in text.split():
            out.append(grown if k == index else w)
            k += 1
        new_rows.append((speaker, paragraph, " ".join(out)))
    bigger = _turns(*new_rows)
    duration = None if ratio is None else max(200, round(_span(estimate(turns)) * ratio))
    options = TimingOptions(duration_ms=duration)
    before, after = _words(estimate(turns, options))[index], _words(estimate(bigger, options))[index]
    assert after[2] - after[1] >= before[2] - before[1] - 1
    if duration is None:
        assert _span(estimate(bigger)) >= _span(estimate(turns))


# -- calibration on real broadcast timings ------------------------------------------------------------

#: The characters-proportional baseline's pooled median on the NOVA segments (shared/eval/README.md).
BASELINE_CHARS_MEDIAN_S = 5.84
#: The project's target: half the baseline's median. Not met from text alone (docs/timing.md).
TARGET_MEDIAN_S = BASELINE_CHARS_MEDIAN_S / 2
#: Measured after calibration (docs/timing.md): 5.09 s; a regression past this fails.
GUARD_MEDIAN_S = 5.4


def _scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_timing", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def nova() -> dict[str, Any]:
    """Pooled anchor-word and turn-start errors on the NOVA segments, scored as eval_timing.py does."""
    folder = shared_path("eval", "timing", "segments")
    scorer = _scorer(folder.parent / "eval_timing.py")
    anchors: list[float] = []
    turn_starts: list[float] = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_name(gold_path.name.replace(".gold.json", ".input.txt")).read_text(encoding="utf-8")
        options = pipeline.Options(timing=TimingOptions(duration_ms=gold["duration_ms"]))
        generated = pipeline.generate_text(text, options)
        pred = {"cues": [{"start_ms": c.start_ms, "end_ms": c.end_ms, "lines": list(c.lines)}
                         for c in generated.captions]}
        units = scorer.timed_units(pred, "cues")
        keys, times = scorer.predicted_words(units)
        predicted, _ = scorer.word_times([scorer.norm(w["w"]) for w in gold["words"]], keys, times)
        origin = min(a for a, _, _ in units)

        def error(index: int, real_ms: int, predicted: list[float] = predicted, origin: float = origin,
                  offset: int = gold["offset_ms"]) -> float:
            return ((predicted[index] - origin) - (real_ms - offset)) / 1000

        anchors += [error(i, w["start_ms"]) for i, w in enumerate(gold["words"]) if w["start_ms"] is not None]
        turn_starts += [error(t["word_index"], t["start_ms"]) for t in gold["turns"] if t["start_ms"] is not None]
    return {"anchors": scorer.summary(anchors), "turns": scorer.summary(turn_starts)}


def test_nova_timings_beat_the_characters_baseline_and_hold_the_calibration(nova: dict[str, Any]) -> None:
    assert nova["anchors"]["n"] > 1_700
    assert nova["anchors"]["median_s"] <= GUARD_MEDIAN_S < BASELINE_CHARS_MEDIAN_S
    assert nova["turns"]["median_s"] <= 4.0


@pytest.mark.xfail(reason="music and long silences in NOVA cannot be placed from text alone: even knowing which "
                          "boundaries hold them gives about 3.5 s (docs/timing.md)", strict=True)
def test_nova_timings_are_within_half_the_characters_baseline(nova: dict[str, Any]) -> None:
    assert nova["anchors"]["median_s"] <= TARGET_MEDIAN_S


_WORD = st.text(st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1, max_size=6)


@given(st.lists(st.tuples(_WORD, st.integers(-(2**40), 2**40), st.integers(-(2**40), 2**40)), max_size=8))
def test_compact_word_times_read_compare_and_hash_as_the_tuple_they_stand_for(
        words: list[tuple[str, int, int]]) -> None:
    text = " ".join(w for w, _, _ in words)
    compact = TimedWords(text, [t for _, a, b in words for t in (a, b)])
    plain = tuple(words)
    assert compact == plain and plain == compact and tuple(compact) == plain
    assert hash(compact) == hash(plain) and len(compact) == len(plain) and repr(compact) == repr(plain)
    assert [compact[i] for i in range(-len(plain), len(plain))] == [plain[i] for i in range(-len(plain), len(plain))]
    assert compact[1:3] == plain[1:3]
    assert compact.retimed(lambda t: t + 5) == tuple((w, a + 5, b + 5) for w, a, b in plain)
    with pytest.raises(IndexError):
        compact[len(plain)]


def test_the_estimate_keeps_each_sentences_word_times_compact_and_in_its_words_order() -> None:
    timed = estimate(_turns(("A", 0, "Good evening, and welcome."), ("A", 0, "The council met.")))
    sentence = timed[0].sentences[1]
    assert isinstance(sentence.words, TimedWords)
    assert [w for w, _, _ in sentence.words] == sentence.text.split()
    assert sentence.start_ms == sentence.words[0][1] and sentence.end_ms == sentence.words[-1][2]
