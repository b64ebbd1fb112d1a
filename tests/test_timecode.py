"""Times: parsing, formatting, offsets, exact frame rates and the one rounding rule."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subtitler.errors import UsageError
from subtitler.timecode import format_srt, format_vtt, frames_to_ms, parse_fps, parse_offset, parse_timestamp, round_ms


@pytest.mark.parametrize(("text", "ms"), [
    ("-2.5s", -2500), ("+250ms", 250), ("250 ms", 250), ("1:02.5", 62_500), ("00:00:01.200", 1200),
    ("00:00:01,200", 1200), ("-00:00:01.200", -1200), ("2", 2000), ("1.5m", 90_000), ("1h", 3_600_000),
])
def test_offsets_are_read_in_every_common_form(text: str, ms: int) -> None:
    assert parse_offset(text) == ms


def test_frames_need_a_rate_and_use_it_exactly() -> None:
    with pytest.raises(UsageError):
        parse_offset("12f")
    assert parse_offset("12f", Fraction(25)) == 480
    assert parse_offset("-1f", parse_fps("23.976")) == -42


@pytest.mark.parametrize(("text", "rate"), [
    ("23.976", Fraction(24000, 1001)), ("23.98", Fraction(24000, 1001)), ("29.97", Fraction(30000, 1001)),
    ("59.94", Fraction(60000, 1001)), ("24000/1001", Fraction(24000, 1001)), ("25", Fraction(25)),
    ("30", Fraction(30)), ("24.5", Fraction(49, 2)),
])
def test_ntsc_rates_typed_as_decimals_mean_the_exact_rationals(text: str, rate: Fraction) -> None:
    assert parse_fps(text) == rate


@pytest.mark.parametrize("bad", ["0", "-25", "abc", "1/0", ""])
def test_a_bad_frame_rate_is_a_usage_error(bad: str) -> None:
    with pytest.raises(UsageError):
        parse_fps(bad)


def test_two_frames_is_the_netflix_minimum_gap_at_each_rate() -> None:
    assert [frames_to_ms(2, parse_fps(r)) for r in ("23.976", "25", "29.97")] == [83, 80, 67]


def test_rounding_is_half_away_from_zero() -> None:
    assert [round_ms(Fraction(x, 2)) for x in (1, 3, 5, -1, -3)] == [1, 2, 3, -1, -2]


@given(st.integers(0, 99 * 3_600_000 + 59 * 60_000 + 59_999))
def test_srt_and_vtt_timestamps_round_trip(ms: int) -> None:
    assert parse_timestamp(format_srt(ms)) == ms
    assert parse_timestamp(format_vtt(ms)) == ms
    assert parse_timestamp(format_vtt(ms, hours=False)) == ms


@given(st.integers(-10**9, 10**9))
def test_offsets_round_trip_through_their_clock_form(ms: int) -> None:
    assert parse_offset(format_vtt(ms)) == ms
