"""The convert, inspect and rules commands, and how the command line reports errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from subtitler.cli import app
from tests.conftest import ROOT, write

runner = CliRunner()
SRT = "1\n00:00:01,000 --> 00:00:02,500\nKIM MIN-JI: Good evening.\n\n2\n00:00:03,000 --> 00:00:04,000\n<i>Back</i> &amp; forth\n"


def test_convert_srt_to_vtt_turns_labels_into_voice_spans(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    result = runner.invoke(app, ["convert", source, "-o", str(tmp_path / "out.vtt")])
    assert result.exit_code == 0, result.output
    out = (tmp_path / "out.vtt").read_text()
    assert "<v KIM MIN-JI>Good evening." in out
    assert "<v KIM MIN-JI><i>Back</i> &amp; forth" in out  # a reference already written stays one


def test_convert_to_stdout_needs_a_target_format(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    result = runner.invoke(app, ["convert", source])
    assert result.exit_code == 2
    assert "subtitler: error:" in result.output
    result = runner.invoke(app, ["convert", source, "--to", "vtt"])
    assert result.exit_code == 0 and result.output.startswith("WEBVTT")


def test_convert_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    result = runner.invoke(app, ["convert", source, "-o", source])
    assert result.exit_code == 2 and "--in-place" in result.output
    assert Path(source).read_text() == SRT


def test_inspect_json_lists_cues_settings_regions_and_findings(tmp_path: Path) -> None:
    source = write(tmp_path, "in.vtt", "WEBVTT\n\nREGION\nid:r width:50%\n\nc1\n00:01.000 --> 00:02.000 region:r align:start\n<v Kim>Hi\n\n00:03.000 -> 00:04.000\nbad\n")
    result = runner.invoke(app, ["inspect", source, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    cue = data["cues"][0]
    assert (cue["id"], cue["start_ms"], cue["end_ms"], cue["speaker"]) == ("c1", 1000, 2000, "Kim")
    assert cue["settings"]["align"] == "start" and cue["settings"]["snapToLines"] is True
    assert cue["region"]["width"] == 50.0 and data["regions"][0]["id"] == "r"
    assert [f["code"] for f in data["findings"]] == ["E155"]


def test_a_file_that_is_not_webvtt_is_one_clear_error_line(tmp_path: Path) -> None:
    source = write(tmp_path, "in.vtt", SRT)
    result = runner.invoke(app, ["inspect", source])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"subtitler: error: {source}:1:1: not a WebVTT file: it must start with 'WEBVTT' (found '1')"]


def test_a_missing_file_and_a_binary_file_are_errors_not_tracebacks(tmp_path: Path) -> None:
    result = runner.invoke(app, ["inspect", str(tmp_path / "nope.srt")])
    assert result.exit_code == 1 and "no such file" in result.output
    binary = write(tmp_path, "movie.srt", bytes(range(256)) * 50)
    result = runner.invoke(app, ["inspect", binary])
    assert result.exit_code == 1 and "not a text file" in result.output


def test_an_empty_webvtt_file_with_the_signature_is_fine(tmp_path: Path) -> None:
    source = write(tmp_path, "e.vtt", "WEBVTT\n")
    result = runner.invoke(app, ["inspect", source, "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["cues"] == []


def test_rules_markdown_is_docs_rules_md() -> None:
    result = runner.invoke(app, ["rules", "--markdown"])
    assert result.exit_code == 0
    assert (ROOT / "docs" / "rules.md").read_text() == result.output


def test_every_command_has_help_with_an_example() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help and "Example:" in command.help, name


def test_the_real_console_script_survives_a_closed_pipe(tmp_path: Path) -> None:
    big = "".join(f"{i}\n00:00:{i % 60:02d},000 --> 00:00:{i % 60:02d},500\nline {i}\n\n" for i in range(1, 20000))
    source = write(tmp_path, "big.srt", big)
    process = subprocess.run(
        f"{sys.executable} -m subtitler convert {source} --to vtt | head -1", shell=True, capture_output=True, text=True)
    assert process.stdout == "WEBVTT\n"
    assert process.stderr == ""


def test_the_command_table_names_every_command_and_its_module() -> None:
    import typer.main

    from subtitler.cli import COMMANDS

    group = typer.main.get_command(app)
    assert set(group.commands) == set(COMMANDS)  # type: ignore[attr-defined]


def test_each_command_runs_with_only_its_own_module_loaded(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    for argv in (["inspect", source], ["shift", source, "--by", "1s"], ["validate", source],
                 ["generate", str(ROOT / "fixtures" / "transcripts" / "bracket.txt")]):
        process = subprocess.run([sys.executable, "-m", "subtitler", *argv], capture_output=True, text=True)
        assert "Traceback" not in process.stderr and process.returncode in (0, 1), (argv, process.stderr)


def test_a_new_output_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    import os

    source = write(tmp_path, "in.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    old = os.umask(0o022)
    try:
        assert runner.invoke(app, ["convert", source, "-o", str(tmp_path / "out.vtt")]).exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "out.vtt").stat().st_mode & 0o777 == 0o644


def test_convert_takes_the_format_from_the_extension_and_refuses_one_it_does_not_know(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    assert runner.invoke(app, ["convert", source, "-o", str(tmp_path / "out.json")]).exit_code == 0
    assert json.loads((tmp_path / "out.json").read_text())["format"] == "srt"
    unknown = runner.invoke(app, ["convert", source, "-o", str(tmp_path / "out.txt")])
    assert unknown.exit_code == 2 and "--to srt|vtt|ttml|scc|json" in unknown.output
    assert not (tmp_path / "out.txt").exists()


def test_convert_names_a_block_it_could_not_read_and_an_encoding_it_guessed(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", "1\n00:00:01,000 --> 00:00:02,000\nCafé crème\n\n2\nno timing here\n".encode("cp1252"))
    result = runner.invoke(app, ["convert", source, "--to", "vtt"])
    assert result.exit_code == 0
    assert f"subtitler: {source}: W002 not UTF-8: decoded as cp1252" in result.stderr
    assert f"subtitler: {source}:5: E110" in result.stderr and "(carried into the output as it is, not converted)" in result.stderr
    assert "Café crème" in result.stdout and "no timing here" in result.stdout


def test_the_console_scripts_own_usage_errors_are_one_line_with_status_2(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    for args in (["shift", source, "--bogus"], ["shift"], ["validate", source, "--jobs", "x"], ["nosuchcommand"]):
        done = subprocess.run([sys.executable, "-m", "subtitler", *args], capture_output=True, text=True, check=False)
        assert done.returncode == 2, args
        assert done.stderr.startswith("subtitler: error: ") and done.stderr.count("\n") == 1, done.stderr
        assert "--help')" in done.stderr
    ok = subprocess.run([sys.executable, "-m", "subtitler", "shift", source, "--by", "1s"], capture_output=True, text=True,
                        check=False)
    assert ok.returncode == 0 and ok.stdout.startswith("1\n00:00:02,000 --> 00:00:03,000")


def test_a_cue_two_voices_share_becomes_a_dialogue_with_a_dash_a_line_in_srt(tmp_path: Path) -> None:
    source = write(tmp_path, "in.vtt", "WEBVTT\n\n00:00:03.000 --> 00:00:04.000\n<v Anna>How are you?</v>\n<v Bob>Fine.</v>\n")
    for style in ("label", "dash", "chevron", "none"):
        result = runner.invoke(app, ["convert", source, "--to", "srt", "--speaker-style", style])
        assert result.stdout == "1\n00:00:03,000 --> 00:00:04,000\n-How are you?\n-Fine.\n\n", style
