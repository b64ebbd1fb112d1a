"""fix: each mechanical repair, what it refuses to do, and that it never touches text."""

from __future__ import annotations

import difflib
from fractions import Fraction
from textwrap import dedent

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler import formats
from subtitler.checks import core as checks
from subtitler.checks.fix import fix
from subtitler.formats import srt
from subtitler.model import Cue, Document
from subtitler.profiles import PROFILES


def read(text: str, fmt: str = "srt") -> Document:
    return formats.read(dedent(text).lstrip("\n").encode(), f"in.{fmt}")


def fixed_text(doc: Document, profile: str = "netflix", fps: Fraction = Fraction(30000, 1001)) -> tuple[str, list[str]]:
    result = fix(doc, PROFILES[profile], fps)
    return formats.write(result.document), [f"{c.code} {c.message}" for c in result.changes]


def times(text: str) -> list[str]:
    return [line for line in text.splitlines() if "-->" in line]


def test_srt_cues_are_renumbered_and_a_missing_number_is_added() -> None:
    doc = read("""
        2
        00:00:01,000 --> 00:00:03,000
        Good evening.

        00:00:04,000 --> 00:00:06,000
        Tonight.

        9
        00:00:07,000 --> 00:00:09,000
        The news.
        """)
    text, changes = fixed_text(doc)
    assert [line for line in text.splitlines() if line.isdigit()] == ["1", "2", "3"]
    assert changes == ["I701 cue number '2' -> 1", "I701 cue number 2 added", "I701 cue number '9' -> 3"]


def test_an_index_line_that_is_not_a_number_is_left_because_it_may_be_text() -> None:
    doc = read("some text\n00:00:01,000 --> 00:00:03,000\nGood evening.\n")
    text, changes = fixed_text(doc)
    assert text.startswith("some text\n") and changes[0].startswith("I709 cue number 'some text' left")


def test_cues_are_sorted_by_start_keeping_cues_that_start_together_in_order() -> None:
    doc = read("""
        1
        00:00:05,000 --> 00:00:07,000
        Third.

        2
        00:00:01,000 --> 00:00:02,000
        First.

        3
        00:00:01,000 --> 00:00:02,000
        Second.
        """)
    result = fix(doc)
    assert [c.text for c in result.document.cues] == ["First.", "Second.", "Third."]
    assert [c.code for c in result.changes][:3] == ["I702", "I702", "I702"]
    assert [c.id for c in result.document.cues] == ["1", "2", "3"]


def test_an_overlap_is_trimmed_to_end_two_frames_before_the_next_cue() -> None:
    doc = read("""
        1
        00:00:01,000 --> 00:00:04,000
        Good evening.

        2
        00:00:03,500 --> 00:00:05,500
        Tonight.
        """)
    text, changes = fixed_text(doc, fps=Fraction(25))
    assert times(text) == ["00:00:01,000 --> 00:00:03,420", "00:00:03,500 --> 00:00:05,500"]
    assert changes == ["I703 end 00:00:04,000 -> 00:00:03,420: overlapped cue 2 by 500 ms; now ends 80 ms before it"]


def test_an_overlap_that_needs_judgement_is_left_and_reported() -> None:
    inside = read("""
        1
        00:00:01,000 --> 00:00:09,000
        A caption that stays.

        2
        00:00:03,000 --> 00:00:04,000
        Inside it.
        """)
    text, changes = fixed_text(inside)
    assert times(text) == times(formats.write(inside))
    assert changes == ["I709 overlap with cue 2 left: it shows inside this cue"]
    short = read("""
        1
        00:00:01,000 --> 00:00:03,000
        Hi.

        2
        00:00:01,500 --> 00:00:04,000
        Hello.
        """)
    assert fixed_text(short)[1] == ["I709 overlap with cue 2 left: trimming would leave 433 ms < 833 ms"]


@pytest.mark.parametrize(("gap_start", "new_end"), [
    ("00:00:03,300", "00:00:03,233"),   # a 300 ms gap (9 frames) chained: closed to 2 frames
    ("00:00:03,000", "00:00:02,933"),   # no gap: opened to 2 frames
])
def test_gaps_under_the_chaining_threshold_are_closed_to_two_frames(gap_start: str, new_end: str) -> None:
    doc = read(f"1\n00:00:01,000 --> 00:00:03,000\nGood evening.\n\n2\n{gap_start} --> 00:00:05,000\nTonight.\n")
    text, changes = fixed_text(doc)
    assert times(text)[0] == f"00:00:01,000 --> {new_end}"
    assert changes[0].startswith("I704 ")


def test_bbc_closes_a_short_gap_to_none_and_dcmp_leaves_gaps_alone() -> None:
    doc = read("1\n00:00:01,000 --> 00:00:03,000\nGood evening.\n\n2\n00:00:03,500 --> 00:00:05,500\nTonight.\n")
    assert times(fixed_text(doc, "bbc")[0])[0] == "00:00:01,000 --> 00:00:03,500"
    assert fixed_text(doc, "dcmp")[1] == []


def test_a_short_cue_is_extended_into_the_free_time_after_it() -> None:
    doc = read("""
        1
        00:00:01,000 --> 00:00:01,400
        Hi.

        2
        00:00:05,000 --> 00:00:07,000
        Hello again.
        """)
    text, changes = fixed_text(doc)
    assert times(text)[0] == "00:00:01,000 --> 00:00:01,833"
    assert changes == ["I705 end 00:00:01,400 -> 00:00:01,833: duration 400 ms extended to the 833 ms minimum"]


def test_a_short_cue_without_room_after_it_is_left_and_reported() -> None:
    doc = read("1\n00:00:01,000 --> 00:00:01,400\nHi.\n\n2\n00:00:01,600 --> 00:00:03,000\nHello.\n")
    _, changes = fixed_text(doc)
    assert "I709 too short to read: 533 ms free before cue 2, 833 ms needed" in changes


def test_a_cue_that_ends_before_it_starts_is_not_touched() -> None:
    doc = read("1\n00:00:03,000 --> 00:00:01,000\nHi.\n")
    assert fixed_text(doc) == (formats.write(doc), [])


def test_only_the_changed_timestamps_differ_in_the_output() -> None:
    source = "1\r\n00:00:01,000 --> 00:00:03,000 X1:1 X2:2 Y1:3 Y2:4\r\n<i>Good</i> evening.\r\n\r\n2\r\n00:00:03,300 --> 00:00:05,000\r\nTonight.\r\n"
    doc = formats.read(source.encode(), "a.srt")
    text, _ = fixed_text(doc)
    diff = [d for d in difflib.ndiff(source.splitlines(True), text.splitlines(True)) if d[0] in "+-"]
    assert diff == ["- 00:00:01,000 --> 00:00:03,000 X1:1 X2:2 Y1:3 Y2:4\r\n",
                    "+ 00:00:01,000 --> 00:00:03,233 X1:1 X2:2 Y1:3 Y2:4\r\n"]


def test_the_file_is_made_utf8_with_one_kind_of_line_ending_and_a_final_one() -> None:
    data = "1\r\n00:00:01,000 --> 00:00:03,000\r\nCafé\n\r\n2\r\n00:00:03,500 --> 00:00:05,500\r\nDéjà vu.".encode("utf-16")
    result = fix(formats.read(data, "a.srt"))
    out = formats.encode(result.document, formats.write(result.document))
    assert out == "1\r\n00:00:01,000 --> 00:00:03,000\r\nCafé\r\n\r\n2\r\n00:00:03,500 --> 00:00:05,500\r\nDéjà vu.\r\n".encode()
    assert [c.code for c in result.changes] == ["I706", "I708", "I707", "I707"]


@pytest.mark.parametrize(("profile", "kept"), [("netflix", False), ("bbc", True)])
def test_a_utf8_bom_goes_where_the_profile_forbids_it(profile: str, kept: bool) -> None:
    doc = formats.read(b"\xef\xbb\xbf1\n00:00:01,000 --> 00:00:03,000\nHi there.\n", "a.srt")
    result = fix(doc, PROFILES[profile])
    assert formats.encode(result.document, formats.write(result.document)).startswith(b"\xef\xbb\xbf") is kept


def test_extra_blank_lines_at_the_end_of_srt_go_but_webvtt_lines_of_spaces_are_text() -> None:
    srt_text, changes = fixed_text(read("1\n00:00:01,000 --> 00:00:03,000\nHi there.\n\n\n \n\n"))
    assert srt_text.endswith("Hi there.\n") and changes == ["I707 4 blank lines at the end removed"]
    vtt_doc = formats.read(b"WEBVTT\n\n00:01.000 --> 00:03.000\nHi there.\n  \n", "a.vtt")
    assert fixed_text(vtt_doc)[0] == formats.write(vtt_doc)


def test_the_fixed_output_of_a_real_file_has_fewer_problems() -> None:
    doc = read("""
        3
        00:00:04,000 --> 00:00:04,500
        Hi.

        1
        00:00:01,000 --> 00:00:04,100
        Good evening.
        """)
    before = {f.code for f in checks.check(doc)}
    result = fix(doc)
    after = formats.read(formats.encode(result.document, formats.write(result.document)), "b.srt")
    assert {"E202", "W308"} <= before and not {"E202", "E203", "W308", "W205"} & {f.code for f in checks.check(after)}


# -- properties -----------------------------------------------------------------------------

_words = st.text(alphabet=st.sampled_from("abcé <i>/,."), min_size=1, max_size=30).map(str.strip).filter(bool)
_cue = st.tuples(st.integers(0, 30_000), st.integers(-200, 9000), st.lists(_words, min_size=1, max_size=3))


@st.composite
def srt_files(draw: st.DrawFn) -> bytes:
    cues = draw(st.lists(_cue, max_size=10))
    numbered = draw(st.booleans())
    built = tuple(Cue(start, start + length, "\n".join(lines), str(k + 1 + draw(st.integers(0, 1))) if numbered else "")
                  for k, (start, length, lines) in enumerate(cues))
    text = srt.write(Document("srt", built))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    if not numbered:  # no index lines at all
        text = "\n".join(line for line in text.split("\n") if not line.isdigit())
    return text.replace("\n", newline).encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1252"])))


def _apply(data: bytes, profile: str) -> tuple[Document, Document, list[str]]:
    doc = formats.read(data, "a.srt")
    result = fix(doc, PROFILES[profile])
    again = formats.read(formats.encode(result.document, formats.write(result.document)), "b.srt")
    return doc, again, [c.code for c in result.changes]


@settings(max_examples=120, deadline=None)
@given(srt_files(), st.sampled_from(sorted(PROFILES)))
def test_fix_never_drops_changes_or_reorders_text_except_by_start_time(data: bytes, profile: str) -> None:
    doc, again, _ = _apply(data, profile)
    assert [c.text for c in again.cues] == [c.text for c in sorted(doc.cues, key=lambda c: c.start_ms)]
    assert [c.start_ms for c in again.cues] == sorted(c.start_ms for c in doc.cues)
    assert [b.text for b in again.blocks] == [b.text for b in doc.blocks]


@settings(max_examples=120, deadline=None)
@given(srt_files(), st.sampled_from(sorted(PROFILES)))
def test_fixing_a_fixed_file_changes_nothing(data: bytes, profile: str) -> None:
    _, again, _ = _apply(data, profile)
    second = fix(again, PROFILES[profile])
    assert [c.code for c in second.changes if c.code != "I709"] == []


@settings(max_examples=120, deadline=None)
@given(srt_files(), st.sampled_from(sorted(PROFILES)))
def test_what_fix_can_repair_is_not_left_in_its_output(data: bytes, profile: str) -> None:
    _, again, _ = _apply(data, profile)
    left = {f.code for f in checks.check(again, PROFILES[profile])}
    assert not left & {"E202", "W002", "W003", "W004", "W005", "W006", "W101", "W308", "W309"}
    result = fix(again, PROFILES[profile])
    declined = {c.cue for c in result.changes if c.code == "I709"}
    cues = again.cues
    for finding in checks.check(again, PROFILES[profile]):
        k = finding.cue
        if finding.code in ("E203", "W207", "W208") and k is not None:
            earlier = cues[k - 1]
            assert k - 1 in declined or earlier.end_ms <= earlier.start_ms or "E204" in left \
                or any(c.end_ms > earlier.end_ms for c in cues[:k - 1]), finding
        elif finding.code == "W205" and k is not None:
            assert k in declined, finding
