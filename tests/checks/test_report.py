"""The three output formats: compiler-style text, one JSON document, GitHub annotations."""

from __future__ import annotations

import json
from fractions import Fraction

from subtitler.checks import report
from subtitler.checks.batch import FileResult, Options, Summary
from subtitler.model import Finding, Severity
from subtitler.profiles import PROFILES

E = Severity.ERROR
W = Severity.WARNING
RESULT = FileResult(
    "news.srt",
    (Finding("W002", W, 0, 0, "not UTF-8: decoded as cp1252 (detected)"),
     Finding("E203", E, 6, 1, "overlaps cue 1 (line 2) by 500 ms", 1),
     Finding("W302", W, 7, 5, "43 characters > 42 per line", 1)),
    {6: "00:00:03,500 --> 00:00:05,500", 7: "\tab\tcdefg"},
    "srt", "cp1252", 2,
)
SUMMARY = Summary(1, 1, 2, 1, 2, 0)


def test_text_is_one_compiler_line_per_finding_with_the_source_line_and_a_caret() -> None:
    assert report.text_file(RESULT) == (
        "news.srt: W002 not UTF-8: decoded as cp1252 (detected)\n"
        "news.srt:6:1: E203 overlaps cue 1 (line 2) by 500 ms\n"
        "    00:00:03,500 --> 00:00:05,500\n"
        "    ^\n"
        "news.srt:7:5: W302 43 characters > 42 per line\n"
        "    \tab\tcdefg\n"
        "    \t  \t^\n")  # tabs kept under tabs, so the caret lines up in any terminal


def test_a_file_without_findings_prints_nothing_and_the_summary_counts() -> None:
    assert report.text_file(FileResult("ok.srt", ())) == ""
    assert report.text([RESULT, FileResult("ok.srt", (), cues=9)], Summary(2, 1, 11, 1, 2, 0)).endswith(
        "\n2 files, 11 cues: 1 error, 2 warnings, 0 notes in 1 file\n")
    assert report.text_summary(Summary(3, 0, 1200, 0, 0, 0)) == "3 files, 1,200 cues: no problems found\n"


def test_long_lines_are_cut_around_the_column_and_control_characters_are_not_sent_to_the_terminal() -> None:
    line = "x" * 300 + "\x1b[2J" + "y" * 100
    result = FileResult("a.srt", (Finding("W302", W, 3, 301, "m"),), {3: line})
    shown, caret = report.text_file(result).splitlines()[1:]
    assert "\x1b" not in shown and len(shown) <= 4 + 162
    assert shown[caret.index("^")] == "\ufffd"


def test_colour_only_when_asked() -> None:
    assert "\x1b[" not in report.text_file(RESULT)
    coloured = report.text_file(RESULT, color=True)
    assert "\x1b[1;31mE203\x1b[0m" in coloured and "\x1b[1;33mW302\x1b[0m" in coloured


def test_json_is_one_document_with_every_field() -> None:
    options = Options(PROFILES["bbc"], Fraction(25), ("E", "W3"), ("W207",))
    data = json.loads(report.json_report([RESULT, FileResult("b.vtt", ())], SUMMARY, options, True, 1))
    assert {k: data[k] for k in ("version", "profile", "fps", "strict", "select", "ignore")} == {
        "version": 1, "profile": "bbc", "fps": "25", "strict": True, "select": ["E", "W3"], "ignore": ["W207"]}
    assert data["summary"] == {"files": 1, "files_with_findings": 1, "cues": 2, "errors": 1, "warnings": 2,
                               "infos": 0, "exit_status": 1}
    first = data["files"][0]
    assert (first["path"], first["format"], first["encoding"], first["cues"]) == ("news.srt", "srt", "cp1252", 2)
    assert first["findings"][1] == {"code": "E203", "name": "overlap", "severity": "error", "line": 6, "column": 1,
                                    "message": "overlaps cue 1 (line 2) by 500 ms", "cue": 1,
                                    "source": "00:00:03,500 --> 00:00:05,500"}
    assert data["files"][1] == {"path": "b.vtt", "format": None, "encoding": None, "cues": 0, "findings": []}


def test_json_without_files_is_still_a_document() -> None:
    data = json.loads(report.json_document([], Summary(0, 0, 0, 0, 0, 0), Options(), False, 0))
    assert data["files"] == [] and data["fps"] == "30000/1001"


def test_github_annotations_escape_what_the_workflow_syntax_reserves() -> None:
    result = FileResult("dir/a,b:c.srt", (Finding("E203", E, 6, 1, "50% over\nthe next"),
                                          Finding("W002", W, 0, 0, "not UTF-8"),
                                          Finding("I701", Severity.INFO, 4, 0, "renumbered")))
    assert report.github_file(result).splitlines() == [
        "::error file=dir/a%2Cb%3Ac.srt,line=6,col=1,title=E203 overlap::50%25 over%0Athe next",
        "::warning file=dir/a%2Cb%3Ac.srt,title=W002 not-utf8::not UTF-8",
        "::notice file=dir/a%2Cb%3Ac.srt,line=4,title=I701 renumbered::renumbered",
    ]
    assert report.github([result], SUMMARY).endswith("1 error, 2 warnings, 0 notes in 1 file\n")
