"""The validate and fix commands: exit statuses, formats, filters, many files, repairs in place."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from subtitler.cli import app
from tests.conftest import FIXTURES, ROOT

runner = CliRunner()
FOLDER = FIXTURES / "validate"
CLEAN = str(FOLDER / "clean.srt")
OVERLAP = str(FOLDER / "E203.srt")
GAP = str(FOLDER / "W208.srt")


def test_a_clean_file_exits_0_and_says_so() -> None:
    result = runner.invoke(app, ["validate", CLEAN, "--color", "never"])
    assert (result.exit_code, result.output) == (0, "1 file, 2 cues: no problems found\n")


def test_errors_exit_1_with_a_compiler_line_and_the_source_line_under_it() -> None:
    result = runner.invoke(app, ["validate", OVERLAP])
    assert result.exit_code == 1
    assert result.output.splitlines()[:3] == [
        f"{OVERLAP}:6:1: E203 overlaps cue 1 (line 2) by 500 ms: starts at 00:00:03,500, before it ends at 00:00:04,000",
        "    00:00:03,500 --> 00:00:05,500",
        "    ^"]
    assert result.output.endswith("1 file, 2 cues: 1 error, 0 warnings, 0 notes in 1 file\n")


def test_warnings_pass_unless_strict() -> None:
    assert runner.invoke(app, ["validate", GAP]).exit_code == 0
    assert runner.invoke(app, ["validate", GAP, "--strict"]).exit_code == 1


def test_select_and_ignore_take_code_prefixes() -> None:
    assert runner.invoke(app, ["validate", OVERLAP, "--ignore", "E2"]).exit_code == 0
    result = runner.invoke(app, ["validate", str(FOLDER), "--select", "E20,W207", "--select", "W208", "-j", "1"])
    codes = {line.split()[1] for line in result.output.splitlines() if ": E" in line or ": W" in line}
    assert codes == {"E201", "E202", "E203", "E204", "E209", "W207", "W208"}


def test_usage_errors_exit_2() -> None:
    for args in (["--profile", "itv"], ["--format", "xml"], ["--select", "overlap"], ["--jobs", "0"],
                 ["--fps", "fast"], ["--color", "pink"]):
        result = runner.invoke(app, ["validate", CLEAN, *args])
        assert result.exit_code == 2 and "subtitler: error:" in result.output, args
    assert runner.invoke(app, ["validate", "no/such/file.srt"]).exit_code == 2


def test_json_is_one_document_for_many_files() -> None:
    result = runner.invoke(app, ["validate", CLEAN, OVERLAP, "--format", "json", "--profile", "bbc", "--fps", "25"])
    data = json.loads(result.output)
    assert result.exit_code == 1 and data["summary"]["exit_status"] == 1
    assert (data["profile"], data["fps"]) == ("bbc", "25")
    assert [f["path"] for f in data["files"]] == [CLEAN, OVERLAP]
    assert data["files"][1]["findings"][0]["code"] == "E203"


def test_github_format_writes_workflow_annotations() -> None:
    result = runner.invoke(app, ["validate", OVERLAP, "--format", "github"])
    assert result.output.splitlines()[0].startswith(f"::error file={OVERLAP},line=6,col=1,title=E203 overlap::")


def test_directories_and_globs_are_validated_in_input_order_whatever_the_jobs() -> None:
    one = runner.invoke(app, ["validate", str(FOLDER), str(FOLDER / "*.vtt"), "-j", "1", "--color", "never"])
    two = runner.invoke(app, ["validate", str(FOLDER), str(FOLDER / "*.vtt"), "-j", "2", "--color", "never"])
    assert one.exit_code == two.exit_code == 1
    assert one.output == two.output
    assert f"{len(list(FOLDER.iterdir()))} files" in one.output.splitlines()[-1]


def test_colour_when_asked() -> None:
    assert "\x1b[1;31mE203" in runner.invoke(app, ["validate", OVERLAP, "--color", "always"]).output
    assert "\x1b[" not in runner.invoke(app, ["validate", OVERLAP]).output  # not a terminal


def test_stdin_can_be_validated() -> None:
    result = runner.invoke(app, ["validate", "-"], input=Path(OVERLAP).read_bytes())
    assert result.exit_code == 1 and result.output.startswith("-:6:1: E203")


def test_fix_writes_the_repaired_file_and_lists_each_change_then_what_is_left(tmp_path: Path) -> None:
    source = tmp_path / "in.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:03,000\nGood evening.\n\n2\n00:00:03,200 --> 00:00:05,000\nTonight.\n"
                      "\n3\n00:00:04,000 --> 00:00:04,500\nMore.\n")
    out = tmp_path / "out.srt"
    result = runner.invoke(app, ["fix", str(source), "-o", str(out), "--color", "never"])
    lines = result.output.splitlines()
    assert f"{source}:2:18: I704 end 00:00:03,000 -> 00:00:03,133: gap of 200 ms to cue 2 closed to 67 ms" in lines
    assert any(line.startswith(f"{out}:10:1: E203") for line in lines)  # cue 3 inside cue 2: left as it is
    assert lines[-1].startswith("2 changes; output: 1 file, 3 cues: 1 error")  # the gap, and cue 3 made long enough
    assert result.exit_code == 1
    assert "00:00:01,000 --> 00:00:03,133" in out.read_text()


def test_fix_in_place_and_to_stdout(tmp_path: Path) -> None:
    source = tmp_path / "in.srt"
    source.write_bytes(Path(GAP).read_bytes())
    assert runner.invoke(app, ["fix", str(source), "-o", str(source)]).exit_code == 2  # would overwrite the input
    result = runner.invoke(app, ["fix", str(source), "--in-place"])
    assert result.exit_code == 0 and "I704" in result.output
    assert "00:00:01,000 --> 00:00:03,133" in source.read_text()
    result = runner.invoke(app, ["fix", str(source)])
    assert result.exit_code == 0 and result.output.startswith("1\n00:00:01,000 --> 00:00:03,133")
    assert runner.invoke(app, ["fix", str(source), "--in-place", "-o", "x.srt"]).exit_code == 2


def test_the_real_console_script_validates_a_folder_as_json() -> None:
    process = subprocess.run([sys.executable, "-m", "subtitler", "validate", str(FOLDER), "--format", "json", "-j", "2"],
                             capture_output=True, text=True, cwd=ROOT)
    assert process.returncode == 1, process.stderr
    data = json.loads(process.stdout)
    assert data["summary"]["files"] == len(list(FOLDER.iterdir())) and process.stderr == ""


def test_the_progress_bar_passes_every_result_through_in_order() -> None:
    from subtitler.checks.batch import Rendered, Summary
    from subtitler.cli.validate import _with_progress

    parts = [Rendered(f"{k}.srt", "", Summary(1, 0, 0, 0, 0, 0)) for k in range(30)]
    assert _with_progress(iter(parts), len(parts)) == parts


def test_a_parallel_run_into_a_closed_pipe_ends_quietly() -> None:
    process = subprocess.run(f"{sys.executable} -m subtitler validate {FOLDER} --jobs 2 | head -1",
                             shell=True, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert process.stdout.count("\n") == 1 and process.stderr == ""
