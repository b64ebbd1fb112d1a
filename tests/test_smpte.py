"""SMPTE timecode: non-drop and drop-frame labels, exact at every rate, and typed wherever a time is."""

from __future__ import annotations

from fractions import Fraction
from itertools import repeat, starmap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from subtitler.cli import app
from subtitler.errors import UsageError
from subtitler.smpte import (
    SMPTE_RATES,
    format_smpte,
    frames_to_label,
    label_to_frames,
    ms_to_frame,
    parse_position,
    parse_smpte,
)
from subtitler.timecode import frames_to_ms, parse_fps, parse_offset, parse_timestamp
from tests.conftest import write

runner = CliRunner()
NTSC = Fraction(30000, 1001)
DAY = 24 * 3600


def test_every_frame_of_a_day_at_29_97_drop_frame_round_trips_through_its_label() -> None:
    frames = 144 * 17982 + 1  # 144 ten-minute blocks of 17,982 frames: every frame to 24:00:00;00
    labels = list(map(frames_to_label, range(frames), repeat(30), repeat(2)))
    # label_to_frames refuses a label drop-frame timecode skips, and is increasing in the label, so a
    # round trip of every frame says the labels are the ones that exist, in order, each once
    assert list(starmap(label_to_frames, ((h, m, s, f, 30, 2) for h, m, s, f in labels))) == list(range(frames))
    assert labels[-1] == (24, 0, 0, 0)
    assert labels[1799:1801] == [(0, 0, 59, 29), (0, 1, 0, 2)] and labels[17981:17983] == [(0, 9, 59, 29), (0, 10, 0, 0)]
    assert frames_to_ms(frames - 1, NTSC) == DAY * 1000 - 86  # drop-frame runs 86 ms fast over a day


@given(st.integers(0, 100 * 3600 * 60), st.sampled_from([30, 60]))
def test_drop_frame_labels_round_trip_and_never_name_a_skipped_frame(frame: int, nominal: int) -> None:
    drop = nominal // 15
    h, m, s, f = frames_to_label(frame, nominal, drop)
    assert label_to_frames(h, m, s, f, nominal, drop) == frame
    assert not (s == 0 and f < drop and m % 10)


@given(st.integers(0, 99 * 3600 * 1000), st.sampled_from(sorted(SMPTE_RATES)))
def test_a_timecode_written_reads_back_as_the_time_of_its_frame(ms: int, rate: str) -> None:
    fps = SMPTE_RATES[rate]
    text = format_smpte(ms, fps)
    assert (";" in text) == (rate in ("29.97", "59.94"))
    assert parse_smpte(text, fps) == frames_to_ms(ms_to_frame(ms, fps), fps)
    assert abs(parse_smpte(text, fps) - ms) <= frames_to_ms(1, fps) // 2 + 1  # the nearest frame


@given(st.integers(0, DAY * 30))
def test_drop_frame_timecode_stays_within_70_ms_of_the_clock_plus_3_6_ms_an_hour(frame: int) -> None:
    # read at 30 labels a second, the label runs 0.1 % fast (60 ms a minute) until two are dropped (67 ms);
    # ten minutes of labels are 17,982 frames, 0.6 ms less than 600 s: 3.6 ms an hour, 86 ms a day
    h, m, s, f = frames_to_label(frame, 30, 2)
    label_seconds = Fraction(h * 3600 + m * 60 + s) + Fraction(f, 30)
    seconds = frame / NTSC
    assert abs(label_seconds - seconds) < Fraction(7, 100) + Fraction(36, 10_000) * seconds / 3600


@pytest.mark.parametrize(("text", "fps", "ms"), [
    ("00:00:01;00", None, 1001), ("00:01:00;02", "29.97", 60_060), ("00:10:00;00", "29.97", 599_999),
    ("01:00:00;00", "29.97", 3_599_996), ("01:00:00:00", "29.97", 3_603_600), ("01:00:00:00", "25", 3_600_000),
    ("00:00:01:12", "24", 1500), ("00:00:01:12", "23.976", 1502), ("00:00:00;04", "59.94", 67),
    ("00:00:00:49", "50", 980), ("-00:00:01:00", "30", -1000),
])
def test_timecode_is_read_at_the_exact_rate(text: str, fps: str | None, ms: int) -> None:
    rate = parse_fps(fps) if fps else None
    assert parse_smpte(text, rate) == ms
    assert parse_offset(text, rate) == ms
    assert parse_timestamp(text, rate) == ms


@pytest.mark.parametrize(("text", "fps", "says"), [
    ("00:01:00;00", "29.97", "skipped"), ("00:01:00;01", "29.97", "skipped"), ("00:00:00;30", "29.97", "range"),
    ("00:00:01;00", "25", "29.97 and 59.94"), ("00:00:01:00", None, "frame rate"), ("00:00:01:25", "25", "range"),
])
def test_a_timecode_that_cannot_be_is_a_usage_error_saying_why(text: str, fps: str | None, says: str) -> None:
    with pytest.raises(UsageError, match=says):
        parse_smpte(text, parse_fps(fps) if fps else None)


def test_a_tenth_minute_keeps_its_first_two_labels() -> None:
    assert parse_smpte("00:10:00;00") == frames_to_ms(17982, NTSC)
    assert format_smpte(frames_to_ms(17982, NTSC), NTSC) == "00:10:00;00"


def test_a_timecode_counted_from_the_programme_start_is_a_time_in_the_file() -> None:
    assert parse_position("10:00:05;00", NTSC, "10:00:00;00") == 5005
    assert parse_position("10:00:05:00", Fraction(25), "10:00:00:00") == 5000
    assert parse_position("00:00:05.000", NTSC, "10:00:00;00") == 5000  # a clock time is the file's own


SRT_2997 = "1\n00:00:01,001 --> 00:00:02,002\nGood evening.\n\n2\n00:00:03,003 --> 00:00:04,004\nBack.\n"


def test_shift_by_a_drop_frame_second_on_a_29_97_file_moves_every_cue_by_thirty_frames(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT_2997)
    result = runner.invoke(app, ["shift", source, "--by", "00:00:01;00", "--fps", "29.97"])
    assert result.exit_code == 0, result.output
    assert result.stdout == SRT_2997.replace("00:00:01,001 --> 00:00:02,002", "00:00:02,002 --> 00:00:03,003") \
        .replace("00:00:03,003 --> 00:00:04,004", "00:00:04,004 --> 00:00:05,005")


def test_shift_by_an_hour_of_timecode_needs_the_rate_for_non_drop(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT_2997)
    result = runner.invoke(app, ["shift", source, "--by", "01:00:00:00"])
    assert result.exit_code == 2 and "--fps" in result.output
    result = runner.invoke(app, ["shift", source, "--by", "01:00:00:00", "--fps", "25"])
    assert result.exit_code == 0 and "01:00:01,001 --> 01:00:02,002" in result.stdout


def test_ranges_and_sync_points_take_timecode_from_the_programme_start(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT_2997)
    result = runner.invoke(app, ["shift", source, "--by", "1s", "--since", "10:00:02;00", "--tc-start", "10:00:00;00"])
    assert result.exit_code == 0, result.output
    assert "00:00:01,001 --> 00:00:02,002" in result.stdout and "00:00:04,003 --> 00:00:05,004" in result.stdout
    result = runner.invoke(app, ["sync", source, "--point", "10:00:01;00=10:00:02;00", "--tc-start", "10:00:00;00"])
    assert result.exit_code == 0, result.output
    assert "00:00:02,002 --> 00:00:03,003" in result.stdout
    result = runner.invoke(app, ["shift", source, "--by", "1s", "--since", "09:59:00;02", "--tc-start", "10:00:00;00"])
    assert result.exit_code == 2 and "before --tc-start" in result.output


def test_generate_starts_at_a_timecode_from_the_programme_start(tmp_path: Path) -> None:
    source = write(tmp_path, "story.txt", "ANCHOR: Good evening and welcome to the news.\n")
    result = runner.invoke(app, ["generate", source, "--start", "10:00:05;00", "--tc-start", "10:00:00;00"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n")[1].startswith("00:00:05,005 --> ")
