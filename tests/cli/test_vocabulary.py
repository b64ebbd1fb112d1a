"""One vocabulary across commands: the same option name means the same thing everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from subtitler.cli import COMMANDS, app
from tests.conftest import FIXTURES, write

runner = CliRunner()
SEED = str(FIXTURES / "transcripts" / "arirang-blue-house.txt")
SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n"


def _options(command: str) -> dict[str, str]:
    """Each option of a command's --help with its help text (the first line of it)."""
    result = runner.invoke(app, [command, "--help"], terminal_width=200, env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    found: dict[str, str] = {}
    for line in result.output.splitlines():
        match = re.match(r"^[^-\w]*((?:--?[\w-]+(?:/--[\w-]+)?[ ,]*)+)\s+(?:[A-Z]+\s+)?(.*?)\W*$", line)
        if match:
            for name in re.findall(r"--?[\w-]+", match.group(1)):
                found[name] = match.group(2)
    return found


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and ("Example" in result.output or command == "rules"), command


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_from_is_always_the_input_format_and_to_always_the_output(command: str) -> None:
    options = _options(command)
    if "--from" in options:
        assert "format" in options["--from"].lower(), (command, options["--from"])
    if "--to" in options:
        assert re.search(r"srt|text|json", options["--to"]), (command, options["--to"])
    if "--format" in options:  # kept as another name for --to, where the output has formats
        assert options["--format"] == options["--to"], command


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_output_is_always_dash_o(command: str) -> None:
    options = _options(command)
    if "--output" in options:
        assert "-o" in options


def test_shift_takes_its_time_range_as_since_and_until(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT + "\n2\n00:00:05,000 --> 00:00:06,000\nThere\n")
    result = runner.invoke(app, ["shift", source, "--by", "1s", "--since", "3s"])
    assert result.exit_code == 0, result.output
    assert "00:00:01,000 --> 00:00:02,000" in result.stdout and "00:00:06,000 --> 00:00:07,000" in result.stdout
    backwards = runner.invoke(app, ["shift", source, "--by", "1s", "--since", "5s", "--until", "3s"])
    assert backwards.exit_code == 2 and "--since 5s must come before --until 3s" in backwards.stderr


def test_generate_refuses_an_output_extension_that_contradicts_to(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", SEED, "-o", str(tmp_path / "out.srt"), "--to", "vtt"])
    assert result.exit_code == 2 and "names srt but --to says vtt" in result.stderr
    assert not (tmp_path / "out.srt").exists()


def test_generate_refuses_an_output_whose_extension_names_no_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", SEED, "-o", str(tmp_path / "out.stl")])
    assert result.exit_code == 2 and "the extension names no output format" in result.stderr
    assert not (tmp_path / "out.stl").exists()
    told = runner.invoke(app, ["generate", SEED, "-o", str(tmp_path / "out.txt"), "--to", "vtt"])
    assert told.exit_code == 0 and (tmp_path / "out.txt").read_text().startswith("WEBVTT")


def test_generate_still_takes_format_as_another_name_for_to() -> None:
    result = runner.invoke(app, ["generate", SEED, "--format", "json"])
    assert result.exit_code == 0 and result.stdout.startswith("{")


def test_convert_refuses_an_output_extension_that_contradicts_to(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    result = runner.invoke(app, ["convert", source, "-o", str(tmp_path / "out.vtt"), "--to", "srt"])
    assert result.exit_code == 2 and "names vtt but --to says srt" in result.stderr


def test_convert_refuses_a_transcript(tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", SEED, "-o", str(tmp_path / "x.vtt")])
    assert result.exit_code == 1 and "not a subtitle file (a transcript? generate reads those)" in result.stderr
    assert not (tmp_path / "x.vtt").exists()


def test_the_summary_counts_in_the_singular_and_plural(tmp_path: Path) -> None:
    one = write(tmp_path, "one.txt", "Good evening.\n")
    result = runner.invoke(app, ["generate", one, "--summary"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "1 cue; 0 lines left out" in result.stderr and "left out: " not in result.stderr
    quiet = runner.invoke(app, ["generate", one, "-o", str(tmp_path / "one.srt")])
    assert "1 speaker, 1 turn, 1 cue, 0 lines left out" in quiet.stderr


def test_validate_reports_with_to_and_still_takes_format(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    for flag in ("--to", "--format"):
        result = runner.invoke(app, ["validate", source, flag, "json"])
        assert result.exit_code == 0 and result.stdout.lstrip().startswith("{"), flag


def test_the_help_reader_finds_the_options_it_judges() -> None:
    assert {"--from", "--since", "--until", "-o", "--output"} <= set(_options("shift"))
    assert {"--from", "--to", "-o"} <= set(_options("convert"))
    assert {"--to", "--format", "-f"} <= set(_options("generate"))
