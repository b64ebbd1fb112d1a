"""The checks: one fixture per rule, exact places, profiles, counting as a viewer sees, invariants."""

from __future__ import annotations

import dataclasses
from collections import Counter
from fractions import Fraction
from pathlib import Path
from textwrap import dedent

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler import formats, rules
from subtitler.checks import core as checks
from subtitler.checks.batch import Options, validate_file
from subtitler.checks.report import text_file
from subtitler.formats import srt, vtt
from subtitler.model import Cue, Document, Severity
from subtitler.profiles import PROFILES
from tests.conftest import FIXTURES, golden

FOLDER = FIXTURES / "validate"
RULE_FIXTURES = sorted(p for p in FOLDER.iterdir() if not p.stem.startswith("clean"))
GOLDEN = FIXTURES / "golden" / "validate-fixtures.txt"
#: Codes no file can trigger: they come from other jobs (convert, fix).
NOT_FROM_FILES = {"I501", "I502"}  # conversion notes


def codes(text: str, fmt: str = "srt", profile: str = "netflix", fps: Fraction = Fraction(30000, 1001)) -> list[str]:
    doc = (srt.read if fmt == "srt" else vtt.read)(dedent(text).lstrip("\n"))
    return [f.code for f in checks.check(doc, PROFILES[profile], fps)]


def found(text: str, fmt: str = "srt", profile: str = "netflix") -> list[tuple[str, int, int, str]]:
    doc = (srt.read if fmt == "srt" else vtt.read)(dedent(text).lstrip("\n"))
    return [(f.code, f.line, f.column, f.message) for f in checks.check(doc, PROFILES[profile])]


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: p.name)
def test_each_rule_has_a_fixture_that_triggers_it(path: Path) -> None:
    result = validate_file(str(path), Options())
    assert path.stem in {f.code for f in result.findings}


@pytest.mark.parametrize("name", ["clean.srt", "clean.vtt"])
def test_the_clean_fixtures_trigger_nothing(name: str) -> None:
    assert validate_file(str(FOLDER / name), Options()).findings == ()


def test_every_rule_a_file_can_break_has_a_fixture() -> None:
    areas = {"file", "srt", "vtt", "timing", "text"}
    wanted = {r.code for r in rules.RULES.values() if r.area in areas} - NOT_FROM_FILES
    assert wanted - {p.stem for p in RULE_FIXTURES} == set()


def test_the_fixture_findings_match_the_golden_report() -> None:
    """Every line, column and message of the fixtures, so that a change shows as a diff.

    Update with SUBTITLER_UPDATE_GOLDEN=1 pytest tests/checks/test_core.py after checking the change.
    """
    parts = []
    for path in sorted(FOLDER.iterdir()):
        result = dataclasses.replace(validate_file(str(path), Options()), path=path.name)
        parts.append(text_file(result) or f"{path.name}: no findings\n")
    actual = "\n".join(parts)
    assert actual == golden(GOLDEN, actual)


# -- timing ---------------------------------------------------------------------------------


def test_an_overlap_names_the_cue_it_overlaps_and_by_how_much() -> None:
    got = found("""
        7
        00:00:01,000 --> 00:00:04,000
        Good evening.

        8
        00:00:03,500 --> 00:00:05,500
        Tonight.
        """)
    assert [g for g in got if g[0] == "E203"] == [
        ("E203", 6, 1, "overlaps cue 7 (line 2) by 500 ms: starts at 00:00:03,500, before it ends at 00:00:04,000")]


def test_a_cue_inside_an_earlier_long_cue_is_an_earlier_overlap_not_a_neighbour_overlap() -> None:
    assert codes("""
        1
        00:00:01,000 --> 00:00:06,000
        A long one.

        2
        00:00:02,000 --> 00:00:03,000
        Inside.

        3
        00:00:04,000 --> 00:00:05,000
        Inside too.
        """) == ["E203", "E204"]


def test_end_before_start_points_at_the_end_time() -> None:
    assert found("1\n00:00:03,000 --> 00:00:01,000\nHi there.\n") == [
        ("E201", 2, 18, "ends 2000 ms before it starts (00:00:03,000 --> 00:00:01,000)")]


@pytest.mark.parametrize(("gap_ms", "fps", "expected"), [
    (66, Fraction(30000, 1001), []),          # 2 frames at 29.97, rounded down by the file's milliseconds
    (67, Fraction(30000, 1001), []),
    (33, Fraction(30000, 1001), ["W207"]),    # 1 frame
    (0, Fraction(30000, 1001), ["W207"]),     # chained back to back: Netflix wants 2 frames
    (80, Fraction(25), []),
    (40, Fraction(25), ["W207"]),
    (300, Fraction(25), ["W208"]),            # 7.5 frames: under the 12-frame chaining threshold
    (499, Fraction(25), ["W208"]),
    (500, Fraction(25), []),                  # 12.5 frames rounds to 13
])
def test_gaps_are_judged_in_whole_frames_at_the_given_rate(gap_ms: int, fps: Fraction, expected: list[str]) -> None:
    doc = Document("vtt", (Cue(1000, 3000, "Good evening."), Cue(3000 + gap_ms, 5000, "Tonight.")))
    assert [f.code for f in checks.check(doc, PROFILES["netflix"], fps)] == expected


def test_bbc_wants_no_gap_or_a_second_and_has_no_chaining() -> None:
    def gap(ms: int) -> list[str]:
        doc = Document("vtt", (Cue(1000, 3000, "Good evening."), Cue(3000 + ms, 6000, "Tonight.")))
        return [f.code for f in checks.check(doc, PROFILES["bbc"])]

    assert (gap(0), gap(300), gap(1000)) == ([], ["W207"], [])


def test_the_bbc_minimum_duration_grows_with_the_words() -> None:
    doc = Document("vtt", (Cue(0, 1500, "one two three four five six"),))
    got = checks.check(doc, PROFILES["bbc"])
    assert [(f.code, f.message) for f in got] == [
        ("W205", "duration 1500 ms < 1800 ms minimum (300 ms per word x 6)"),
        ("W304", "reading speed 240 wpm > 180 wpm (6 words in 1500 ms)")]


def test_durations_against_the_profile() -> None:
    doc = Document("vtt", (Cue(0, 800, "Hi."), Cue(5000, 12500, "A long one.")))
    assert [(f.code, f.message) for f in checks.check(doc)] == [
        ("W205", "duration 800 ms < 833 ms minimum"), ("W206", "duration 7500 ms > 7000 ms maximum")]
    assert [f.code for f in checks.check(doc, PROFILES["dcmp"])] == ["W205"]


def test_times_past_the_srt_maximum_are_an_error_only_in_srt() -> None:
    late = (Cue(359_999_000, 360_001_000, "Good night."),)
    assert [f.code for f in checks.check(Document("srt", late))] == ["E209"]
    assert [f.code for f in checks.check(Document("vtt", late))] == []


# -- text -----------------------------------------------------------------------------------


def test_line_length_counts_grapheme_clusters_not_code_points() -> None:
    accented = "e\u0301" * 42  # 84 code points, 42 characters on screen
    assert codes(f"1\n00:00:01,000 --> 00:00:04,000\n{accented}\n") == []
    assert codes(f"1\n00:00:01,000 --> 00:00:04,000\n{accented}e\n") == ["W302"]


def test_line_length_leaves_out_tags_and_points_at_the_first_character_past_the_limit() -> None:
    line = "<i>" + "a" * 40 + "</i>" + "bcd"
    assert found(f"1\n00:00:01,000 --> 00:00:04,000\n{line}\n") == [("W302", 3, 50, "43 characters > 42 per line")]
    vtt_line = "<v Kim Min-ji>" + "a" * 42 + "&amp;"
    assert found(f"WEBVTT\n\n00:01.000 --> 00:04.000\n{vtt_line}\n", "vtt") == [
        ("W302", 4, 57, "43 characters > 42 per line")]


def test_srt_position_overrides_are_not_counted_but_reported() -> None:
    assert codes("1\n00:00:01,000 --> 00:00:04,000\n{\\an8}" + "a" * 42 + "\n") == ["W116"]


def test_reading_speed_counts_spaces_and_punctuation_but_not_tags_or_line_breaks() -> None:
    text = "<i>" + "a b, c. " * 3 + "</i>\n" + "a b, c. " * 3  # 48 characters on screen in 2 s
    assert found(f"1\n00:00:01,000 --> 00:00:03,000\n{text}\n") == [
        ("W304", 2, 1, "reading speed 24.0 cps > 20 cps (48 characters in 2000 ms)")]


def test_reading_speed_just_over_the_limit_is_not_reported_when_it_rounds_to_the_limit() -> None:
    doc = Document("vtt", (Cue(0, 1999, "a" * 40),))  # 20.01 cps, shown as 20.0
    assert checks.check(doc) == []


def test_too_many_lines_points_at_the_first_extra_line() -> None:
    assert found("1\n00:00:01,000 --> 00:00:05,000\nOne,\ntwo,\nthree.\n") == [("W303", 5, 1, "3 lines > 2 per cue")]


def test_srt_tags_unknown_unclosed_and_stray() -> None:
    got = found("1\n00:00:01,000 --> 00:00:04,000\n<i>Good <blink>evening</blink>\nand</b> <font color=red>bye</font>\n")
    assert got == [("W306", 3, 1, "<i> is never closed"),
                   ("W305", 3, 9, "'<blink>' is not an SRT tag (i, b, u, s, font)"),
                   ("W306", 4, 4, "</b> closes no open tag")]


def test_webvtt_voice_may_stay_open_but_other_spans_may_not() -> None:
    assert codes("WEBVTT\n\n00:01.000 --> 00:03.000\n<v Kim>Good <i>evening\n", "vtt") == ["W306"]
    assert codes("WEBVTT\n\n00:01.000 --> 00:03.000\n<v Kim>Good <i>evening</i>\n", "vtt") == []


def test_webvtt_bad_timestamps_and_unknown_tags_as_the_tokenizer_cuts_them() -> None:
    # a '<' before a digit starts a timestamp tag that runs to the next '>', as in browsers
    got = found("WEBVTT\n\n00:01.000 --> 00:03.000\n2<3 and <br> <00:00:02.000>now <b>x</b><font>\n", "vtt")
    assert [(c, line, col, m) for c, line, col, m in got] == [
        ("W305", 4, 2, "'<3 and <br>' is not a timestamp"), ("W305", 4, 40, "'<font>' is not a WebVTT tag")]


def test_a_voice_without_a_name() -> None:
    assert found("WEBVTT\n\n00:01.000 --> 00:03.000\nHi <v.loud>there</v>\n", "vtt") == [
        ("W310", 4, 4, "'<v.loud>' names no speaker")]


def test_arrow_in_srt_text() -> None:
    assert found("1\n00:00:01,000 --> 00:00:03,000\nGo\nleft --> now\n") == [("E307", 4, 6, "'-->' in cue text")]


def test_srt_numbering_gaps_and_duplicates() -> None:
    got = codes("""
        0
        00:00:01,000 --> 00:00:02,000
        a

        1
        00:00:03,000 --> 00:00:04,000
        b

        1
        00:00:05,000 --> 00:00:06,000
        c

        4
        00:00:07,000 --> 00:00:08,000
        d
        """)
    assert [c for c in got if c.startswith("W30")] == ["W308", "W309", "W308"]


def test_mixed_speaker_styles_are_reported_once_at_the_less_used_style() -> None:
    got = found("""
        1
        00:00:01,000 --> 00:00:02,000
        KIM: Good evening.

        2
        00:00:03,000 --> 00:00:04,000
        LEE: Thank you.

        3
        00:00:05,000 --> 00:00:06,000
        >> Over to Seoul.
        """)
    assert [(c, line) for c, line, _, _ in got if c == "W311"] == [("W311", 11)]


def test_empty_cues_at_the_end_are_one_trailing_finding_not_empty_cues() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\na\n\n3\n00:00:05,000 --> 00:00:06,000\n"
    assert codes(text) == ["W301", "W008"]


def test_a_bom_is_reported_where_the_profile_forbids_it() -> None:
    doc = formats.read(b"\xef\xbb\xbf1\n00:00:01,000 --> 00:00:03,000\nGood evening.\n", "a.srt")
    assert [f.code for f in checks.check(doc)] == ["W003"]
    assert checks.check(doc, PROFILES["bbc"]) == []


# -- invariants -----------------------------------------------------------------------------

_texts = st.text(alphabet=st.sampled_from("ab ,.<>/i&\u0301🙂\n:-"), max_size=60)
_cues = st.lists(st.tuples(st.integers(-2000, 20_000), st.integers(0, 9000), _texts), max_size=12)


def _doc(fmt: str, raw: list[tuple[int, int, str]]) -> Document:
    return Document(fmt, tuple(Cue(start, start + length, text.strip("\n")) for start, length, text in raw))  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(_cues, st.sampled_from(["srt", "vtt"]), st.sampled_from(sorted(PROFILES)))
def test_checks_never_raise_and_every_finding_is_registered_and_in_order(
        raw: list[tuple[int, int, str]], fmt: str, profile: str) -> None:
    found_ = checks.check(_doc(fmt, raw), PROFILES[profile])
    assert all(f.code in rules.RULES and f.severity == rules.RULES[f.code].severity for f in found_)
    assert [(f.line, f.column) for f in found_] == sorted((f.line, f.column) for f in found_)


@settings(max_examples=100, deadline=None)
@given(_cues, st.integers(0, 3_600_000))
def test_moving_every_cue_by_the_same_amount_changes_no_finding(raw: list[tuple[int, int, str]], shift: int) -> None:
    doc = _doc("vtt", [(max(start, 0), length, text) for start, length, text in raw])
    moved = dataclasses.replace(doc, cues=tuple(dataclasses.replace(c, start_ms=c.start_ms + shift,
                                                                   end_ms=c.end_ms + shift) for c in doc.cues))
    assert Counter(f.code for f in checks.check(doc)) == Counter(f.code for f in checks.check(moved))


def test_errors_and_warnings_follow_the_code_letter() -> None:
    assert all(rule.severity == {"E": Severity.ERROR, "W": Severity.WARNING, "I": Severity.INFO}[code[0]]
               for code, rule in rules.RULES.items())
