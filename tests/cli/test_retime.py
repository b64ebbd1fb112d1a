"""The shift, stretch, sync and segment commands: outputs, in-place writes, and what they report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from subtitler.cli import app
from tests.conftest import write

runner = CliRunner()
SRT = "1\n00:00:01,000 --> 00:00:02,500\nGood evening.\n\n2\n00:00:03,000 --> 00:00:04,000\n<i>Back</i>\n"
VTT = "WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\nNOTE kept\n\nintro\n00:00:01.000 --> 00:00:12.000 align:start\n<v Kim>Hello\n\n00:00:13.000 --> 00:00:14.000\nBye\n"


def test_shift_writes_to_stdout_and_changes_only_timestamps(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    result = runner.invoke(app, ["shift", source, "--by", "-0.5s"])
    assert result.exit_code == 0, result.output
    assert result.stdout == SRT.replace("00:00:01,000 --> 00:00:02,500", "00:00:00,500 --> 00:00:02,000").replace(
        "00:00:03,000 --> 00:00:04,000", "00:00:02,500 --> 00:00:03,500")


def test_shift_takes_offsets_in_every_form(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", "1\n00:00:10,000 --> 00:00:11,000\nx\n")
    for by, start in [("+250ms", "00:00:10,250"), ("-2.5s", "00:00:07,500"), ("00:00:01.200", "00:00:11,200"),
                      ("1:02.5", "00:01:12,500")]:
        result = runner.invoke(app, ["shift", source, "--by", by])
        assert result.exit_code == 0 and result.stdout.split("\n")[1].startswith(start), (by, result.output)
    result = runner.invoke(app, ["shift", source, "--by", "12f", "--fps", "24"])
    assert result.stdout.split("\n")[1].startswith("00:00:10,500")
    result = runner.invoke(app, ["shift", source, "--by", "12f"])
    assert result.exit_code == 2 and "--fps" in result.output


def test_shift_with_a_range_moves_only_cues_starting_inside_it(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    result = runner.invoke(app, ["shift", source, "--by", "1s", "--since", "2s", "--until", "00:00:10"])
    assert result.exit_code == 0
    assert "00:00:01,000 --> 00:00:02,500" in result.stdout and "00:00:04,000 --> 00:00:05,000" in result.stdout


def test_a_shift_below_zero_is_refused_naming_the_cues_and_writes_nothing(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    output = tmp_path / "out.srt"
    result = runner.invoke(app, ["shift", source, "--by", "-2s", "-o", str(output)])
    assert result.exit_code == 1
    assert f"subtitler: error: {source}:2: 1 cue would go below zero: cue 1 (line 2) at -00:00:01,000 --> 00:00:00,500" in result.output
    assert "--clamp" in result.output and not output.exists()


def test_a_shift_past_what_srt_can_write_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    output = tmp_path / "out.srt"
    result = runner.invoke(app, ["shift", source, "--by", "100h", "-o", str(output)])
    assert result.exit_code == 1
    assert f"subtitler: error: {source}:2: 2 cues would go past 99:59:59,999" in result.output
    assert not output.exists()


def test_clamp_warns_for_each_cue_and_drop_lists_each_cue(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    clamped = runner.invoke(app, ["shift", source, "--by", "-3.5s", "--clamp"])
    assert clamped.exit_code == 0
    assert clamped.stdout.startswith("1\n00:00:00,000 --> 00:00:00,000\n")
    assert clamped.stderr.count("W601") == 2 and f"{source}:2: W601 cue 1 (line 2) clamped" in clamped.stderr
    dropped = runner.invoke(app, ["shift", source, "--by", "-2.6s", "--drop"])
    assert dropped.exit_code == 0
    assert dropped.stdout == "2\n00:00:00,400 --> 00:00:01,400\n<i>Back</i>\n"
    assert f"{source}:2: I602 cue 1 (line 2) dropped" in dropped.stderr
    both = runner.invoke(app, ["shift", source, "--by", "-2s", "--clamp", "--drop"])
    assert both.exit_code == 2


def test_o_naming_the_input_is_refused_without_in_place(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    result = runner.invoke(app, ["shift", source, "--by", "1s", "-o", source])
    assert result.exit_code == 2 and "--in-place" in result.output
    assert Path(source).read_text() == SRT


def test_in_place_replaces_the_file_and_keeps_a_backup_when_asked(tmp_path: Path) -> None:
    source = write(tmp_path, "in.vtt", VTT)
    result = runner.invoke(app, ["shift", source, "--by", "1s", "--in-place", "--backup"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert Path(source + ".bak").read_text() == VTT
    assert Path(source).read_text() == VTT.replace("00:00:01.000 --> 00:00:12.000", "00:00:02.000 --> 00:00:13.000").replace(
        "00:00:13.000 --> 00:00:14.000", "00:00:14.000 --> 00:00:15.000")
    assert runner.invoke(app, ["shift", source, "--by", "1s", "--backup"]).exit_code == 2
    assert runner.invoke(app, ["shift", "-", "--by", "1s", "--in-place"], input=VTT).exit_code == 2
    assert runner.invoke(app, ["shift", source, "--by", "1s", "--in-place", "-o", str(tmp_path / "x.vtt")]).exit_code == 2
    same = runner.invoke(app, ["shift", source, "--by", "-1s", "--in-place", "-o", str(tmp_path / "." / "in.vtt")])
    assert same.exit_code == 0 and Path(source).read_text() == VTT


def test_stdin_is_read_with_a_dash_and_its_format_told_from_the_bytes() -> None:
    result = runner.invoke(app, ["shift", "-", "--by", "2s"], input=VTT)
    assert result.exit_code == 0, result.output
    assert "00:00:03.000 --> 00:00:14.000 align:start" in result.stdout
    result = runner.invoke(app, ["shift", "-", "--by", "2s", "--from", "srt"], input=SRT)
    assert "00:00:03,000 --> 00:00:04,500" in result.stdout


def test_stretch_converts_25_fps_to_23_976_as_the_worked_example_says(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", "1\n00:01:00,000 --> 00:01:02,000\nx\n")
    result = runner.invoke(app, ["stretch", source, "--fps", "25:23.976"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "1\n00:01:02,563 --> 00:01:04,648\nx\n"
    same = runner.invoke(app, ["stretch", source, "--fps", "25:24000/1001"])
    assert same.stdout == result.stdout
    anchored = runner.invoke(app, ["stretch", source, "--factor", "2", "--anchor", "00:01:00"])
    assert anchored.stdout == "1\n00:01:00,000 --> 00:01:04,000\nx\n"
    assert runner.invoke(app, ["stretch", source]).exit_code == 2
    assert runner.invoke(app, ["stretch", source, "--factor", "-1"]).exit_code == 2


def test_sync_with_two_points_fixes_a_drift_and_refuses_points_out_of_order(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", "1\n00:00:10,000 --> 00:00:11,000\na\n\n2\n00:00:20,000 --> 00:00:21,000\nb\n")
    result = runner.invoke(app, ["sync", source, "--point", "10=12", "--point", "20=24"])
    assert result.exit_code == 0, result.output
    assert "00:00:12,000 --> 00:00:13,200" in result.stdout and "00:00:24,000 --> 00:00:25,200" in result.stdout
    bad = runner.invoke(app, ["sync", source, "--point", "10=30", "--point", "20=24"])
    assert bad.exit_code == 2 and "order of time" in bad.output
    assert runner.invoke(app, ["sync", source]).exit_code == 2
    assert runner.invoke(app, ["sync", source, "--point", "10"]).exit_code == 2


def test_unparseable_blocks_are_carried_through_and_reported(tmp_path: Path) -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\na\n\n2\nno timing here\n\n3\n00:00:03,000 --> 00:00:04,000\nb\n"
    source = write(tmp_path, "in.srt", text)
    result = runner.invoke(app, ["shift", source, "--by", "1s"])
    assert result.exit_code == 0
    assert "2\nno timing here\n\n" in result.stdout
    assert f"{source}:5: E110" in result.stderr and "carried through unchanged, not retimed" in result.stderr


def test_segment_writes_hls_segments_with_the_timestamp_map_and_a_playlist(tmp_path: Path) -> None:
    source = write(tmp_path, "in.vtt", VTT)
    folder = tmp_path / "hls"
    result = runner.invoke(app, ["segment", source, "--seconds", "10", "-o", str(folder), "--mpegts", "0"])
    assert result.exit_code == 0, result.output
    first = (folder / "fileSequence0.webvtt").read_text()
    assert first.startswith("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n")
    assert "::cue { color: yellow }" in first and "intro\n00:00:01.000 --> 00:00:12.000 align:start" in first
    second = (folder / "fileSequence1.webvtt").read_text()
    assert "intro" in second and "00:00:13.000 --> 00:00:14.000" in second  # a cue spanning two segments is in both
    playlist = (folder / "prog_index.m3u8").read_text()
    assert "#EXT-X-TARGETDURATION:10" in playlist and playlist.count("fileSequence") == 2
    assert "NOTE block not copied" in result.stderr


def test_segment_refuses_srt_and_bad_values(tmp_path: Path) -> None:
    source = write(tmp_path, "in.vtt", VTT)
    assert runner.invoke(app, ["segment", source, "--seconds", "0", "-o", str(tmp_path / "a")]).exit_code == 2
    assert runner.invoke(app, ["segment", source, "--mpegts", str(2**33), "-o", str(tmp_path / "a")]).exit_code == 2
    srt_file = write(tmp_path, "in.srt", SRT)
    result = runner.invoke(app, ["segment", srt_file, "-o", str(tmp_path / "b")])
    assert result.exit_code == 1 and "WebVTT" in result.output


def test_the_real_console_script_shifts_a_file_through_a_pipe(tmp_path: Path) -> None:
    big = "".join(f"{i}\n00:{i // 60 % 60:02d}:{i % 60:02d},000 --> 00:{i // 60 % 60:02d}:{i % 60:02d},500\nline {i}\n\n"
                  for i in range(1, 3000))
    source = write(tmp_path, "big.srt", big)
    process = subprocess.run([sys.executable, "-m", "subtitler", "shift", source, "--by", "+1.25s"],
                             capture_output=True, check=False)
    assert process.returncode == 0, process.stderr
    assert process.stderr == b""
    assert process.stdout.startswith(b"1\n00:00:02,250 --> 00:00:02,750\nline 1\n")
    back = subprocess.run([sys.executable, "-m", "subtitler", "shift", "-", "--by", "-1.25s", "--from", "srt"],
                          input=process.stdout, capture_output=True, check=False)
    assert back.stdout == big.encode()
