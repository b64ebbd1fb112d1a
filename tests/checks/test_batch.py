"""Validating files: paths, filters, exit status, parallel runs, and the real-world corpora."""

from __future__ import annotations

import json
import os
import pickle
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.checks import report
from subtitler.checks.batch import (
    FileResult,
    Options,
    Summary,
    exit_status,
    expand,
    keep,
    parse_codes,
    summarize,
    total,
    validate_file,
    validate_files,
    validate_rendered,
)
from subtitler.errors import UsageError
from subtitler.model import Finding, Severity
from subtitler.profiles import PROFILES
from tests.conftest import FIXTURES, golden, shared_path

GOLDEN = FIXTURES / "golden" / "validate-corpus.json"
FIXTURE_FILES = sorted(str(p) for p in (FIXTURES / "validate").iterdir())


def _finding(code: str) -> Finding:
    severity = {"E": Severity.ERROR, "W": Severity.WARNING, "I": Severity.INFO}[code[0]]
    return Finding(code, severity, 1, 1, "m")


# -- paths ----------------------------------------------------------------------------------


def test_directories_are_searched_recursively_for_subtitle_files_only(tmp_path: Path) -> None:
    for name in ("b/2.vtt", "b/a/1.srt", "a.srt", "notes.txt", "c.WEBVTT"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    got = [os.path.relpath(p, tmp_path) for p in expand([str(tmp_path)])]
    assert got == ["a.srt", "c.WEBVTT", "b/2.vtt", "b/a/1.srt"]


def test_globs_expand_and_a_file_named_twice_is_validated_once(tmp_path: Path) -> None:
    for name in ("a.srt", "b.srt", "c.vtt"):
        (tmp_path / name).write_text("x")
    got = expand([str(tmp_path / "b.srt"), str(tmp_path / "*.srt"), str(tmp_path / "**" / "*.vtt")])
    assert [Path(p).name for p in got] == ["b.srt", "a.srt", "c.vtt"]


def test_a_missing_path_or_an_empty_glob_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        expand([str(tmp_path / "nope.srt")])
    with pytest.raises(UsageError, match="matches no file"):
        expand([str(tmp_path / "*.srt")])
    with pytest.raises(UsageError, match="no subtitle files"):
        expand([str(tmp_path)])


def test_a_file_named_outright_is_taken_whatever_its_extension(tmp_path: Path) -> None:
    (tmp_path / "captions.txt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    assert expand([str(tmp_path / "captions.txt")]) == [str(tmp_path / "captions.txt")]


# -- filters and exit status ----------------------------------------------------------------


def test_codes_are_selected_and_ignored_by_prefix() -> None:
    findings = [_finding(c) for c in ("E201", "E203", "W207", "W304", "E110")]
    assert [f.code for f in keep(findings, parse_codes(["E2"]), ())] == ["E201", "E203"]
    assert [f.code for f in keep(findings, parse_codes(["e2,w"]), parse_codes(["E203"]))] == ["E201", "W207", "W304"]
    assert [f.code for f in keep(findings, (), parse_codes(["W"]))] == ["E201", "E203", "E110"]


@pytest.mark.parametrize("bad", ["X1", "E2011", "E-1", "overlap"])
def test_a_code_that_is_not_a_code_is_a_usage_error(bad: str) -> None:
    with pytest.raises(UsageError):
        parse_codes([bad])


def test_errors_fail_and_warnings_fail_only_when_strict() -> None:
    warnings_only = summarize([FileResult("a", (_finding("W207"), _finding("I701")))])
    assert (exit_status(warnings_only), exit_status(warnings_only, strict=True)) == (0, 1)
    errors = summarize([FileResult("a", (_finding("E203"),))])
    assert exit_status(errors) == 1
    assert exit_status(summarize([FileResult("a", (_finding("I701"),))]), strict=True) == 0


def test_summaries_add_up() -> None:
    results = [FileResult("a", (_finding("E203"), _finding("W207")), cues=3), FileResult("b", (), cues=4)]
    assert summarize(results) == Summary(2, 1, 7, 1, 1, 0)
    assert total([summarize(results[:1]), summarize(results[1:])]) == summarize(results)


# -- files ----------------------------------------------------------------------------------


def test_an_unreadable_file_is_one_finding_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "a.vtt").write_text("no signature here\n")
    (tmp_path / "b.srt").write_bytes(bytes(range(256)) * 40)
    for name in ("a.vtt", "b.srt"):
        result = validate_file(str(tmp_path / name), Options())
        assert [f.code for f in result.findings] == ["E009"] and result.cues == 0


def test_a_result_keeps_the_source_lines_its_findings_point_at() -> None:
    result = validate_file(str(FIXTURES / "validate" / "E203.srt"), Options())
    assert result.lines == {6: "00:00:03,500 --> 00:00:05,500"}
    assert (result.format, result.encoding, result.cues) == ("srt", "utf-8", 2)


def test_a_result_survives_pickling_unchanged() -> None:
    results = [validate_file(p, Options()) for p in FIXTURE_FILES]
    assert pickle.loads(pickle.dumps(results)) == results


def test_parallel_runs_give_the_results_of_a_serial_run_in_the_same_order() -> None:
    options = Options(PROFILES["bbc"])
    serial = list(validate_files(FIXTURE_FILES, options, jobs=1))
    assert list(validate_files(FIXTURE_FILES, options, jobs=2)) == serial
    rendered = list(validate_rendered(FIXTURE_FILES, options, report.github_file, jobs=2))
    assert [r.text for r in rendered] == [report.github_file(r) for r in serial]


@settings(max_examples=8, deadline=None)
@given(st.lists(st.sampled_from(FIXTURE_FILES), min_size=2, max_size=12, unique=True), st.integers(2, 3))
def test_any_jobs_count_prints_what_one_job_prints(paths: list[str], jobs: int) -> None:
    render = report.json_file
    one = [r.text for r in validate_rendered(paths, Options(), render, jobs=1)]
    assert [r.text for r in validate_rendered(paths, Options(), render, jobs=jobs)] == one


# -- the real-world corpus ------------------------------------------------------------------


def _corpus_counts() -> dict[str, dict[str, int]]:
    corpus = shared_path("corpora", "subtitles")
    out = {}
    for path in sorted(p for p in corpus.glob("*/*") if p.suffix in (".srt", ".vtt")):
        result = validate_file(str(path), Options())
        out[f"{path.parent.name}/{path.name}"] = dict(sorted(Counter(f.code for f in result.findings).items()))
    return out


@pytest.fixture(scope="module")
def corpus_counts() -> dict[str, dict[str, int]]:
    return _corpus_counts()


def test_every_corpus_file_is_validated_without_a_crash(corpus_counts: dict[str, dict[str, int]]) -> None:
    assert len(corpus_counts) == 76


def test_the_findings_over_the_corpus_match_the_golden_summary(corpus_counts: dict[str, dict[str, int]]) -> None:
    """A change in what validate reports on real files shows as a diff of the golden file.

    Update it, after checking the change, with: SUBTITLER_UPDATE_GOLDEN=1 pytest tests/checks/test_batch.py
    """
    document = {"profile": "netflix", "fps": "30000/1001", "files": corpus_counts}
    expected = json.loads(golden(GOLDEN, json.dumps(document, indent=1) + "\n"))
    for name in sorted(set(expected["files"]) | set(corpus_counts)):
        assert corpus_counts.get(name) == expected["files"].get(name), name


#: Known defects of the corpus, by file: (code, how many).
KNOWN_DEFECTS = {
    "pysrt/capability_tester.srt": {"E203": 11, "E204": 4, "E201": 2},
    "gaupol/subrip.srt": {"E113": 3},
    "gaupol/subrip-extended.srt": {"E113": 3},
    "pysrt/no-indexes.srt": {"W101": 7},
    "webvtt-py/invalid.vtt": {"E009": 1},
    "webvtt-py/invalid_format1.srt": {"E110": 1},
    "webvtt-py/invalid_format2.srt": {"E110": 1},
    "webvtt-py/invalid_format3.srt": {"E110": 1},
    "webvtt-py/invalid_format4.srt": {"E102": 1},
    "webvtt-py/invalid_timeframe.srt": {"W104": 1},
    "webvtt-py/invalid_timeframe.vtt": {"E151": 1},
    "webvtt-py/invalid_timeframe_in_cue_text.vtt": {"W152": 1, "W301": 1},
    "webvtt-py/missing_caption_text.srt": {"W301": 1},
    "webvtt-py/missing_caption_text.vtt": {"W301": 1},
    "webvtt-py/missing_timeframe.srt": {"E110": 1, "W308": 1},
    "webvtt-py/missing_timeframe.vtt": {"E155": 1},
}


@pytest.mark.parametrize("name", sorted(KNOWN_DEFECTS))
def test_every_known_defect_of_the_corpus_is_found(name: str, corpus_counts: dict[str, dict[str, int]]) -> None:
    for code, count in KNOWN_DEFECTS[name].items():
        assert corpus_counts[name].get(code) == count, code


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_real_broadcast_captions_have_no_errors_under_any_profile(profile: str) -> None:
    folder = shared_path("corpora", "timed", "pbs-nova")
    results = [validate_file(str(folder / name), Options(PROFILES[profile])) for name in ("example.srt", "example.vtt")]
    counts = [Counter(f.code for f in r.findings) for r in results]
    assert counts[0] == counts[1]  # the same captions in both formats
    assert summarize(results).errors == 0 and results[0].cues == 1847
    assert not {"W302", "E203", "E202"} & set(counts[0])  # 32-character broadcast lines, in order, no overlaps
