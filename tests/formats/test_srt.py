"""The SRT reader and writer: tolerance with findings, nothing dropped, round trips."""

from __future__ import annotations

from textwrap import dedent

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.errors import SubtitlerError
from subtitler.formats import srt
from subtitler.formats.lines import split
from subtitler.model import Cue, Document


def codes(text: str) -> list[str]:
    return [f.code for f in srt.read(text).findings]


def test_clean_file_reads_without_findings() -> None:
    doc = srt.read("1\n00:00:01,000 --> 00:00:02,500\nHello\nworld\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n")
    assert [(c.id, c.start_ms, c.end_ms, c.text, c.line) for c in doc.cues] == [
        ("1", 1000, 2500, "Hello\nworld", 2), ("2", 3000, 4000, "Bye", 7)]
    assert doc.findings == ()


@pytest.mark.parametrize(("timing", "code", "start_ms"), [
    ("00:00:01.000 --> 00:00:02,000", "W104", 1000),   # '.' before milliseconds
    ("0:0:1,000 --> 00:00:02,000", "W105", 1000),       # one-digit fields
    ("00:01,000 --> 00:00:02,000", "W106", 1000),       # missing hours
    ("00:00:01,000 -> 00:00:02,000", "W107", 1000),     # short arrow
    ("00:00:01,000 -- > 00:00:02,000", "W107", 1000),   # broken arrow
    ("00:00:01,000  -->  00:00:02,000", "W108", 1000),  # extra spaces
    ("00:00:01,000 --> 00:00:02,000  X1:10 X2:20 Y1:30 Y2:40", "W109", 1000),
    ("00:00:01 --> 00:00:02", "E111", 1000),            # no milliseconds
    ("-00:00:01,000 --> 00:00:02,000", "E113", -1000),  # negative time
    ("00:00:61,000 --> 00:01:02,000", "E114", 61000),   # seconds above 59
])
def test_a_tolerated_timing_line_is_read_and_reported(timing: str, code: str, start_ms: int) -> None:
    doc = srt.read(f"1\n{timing}\ntext\n")
    assert [c.start_ms for c in doc.cues] == [start_ms]
    finding = next(f for f in doc.findings if f.code == code)
    assert finding.line == 2 and finding.column >= 1


def test_missing_and_odd_indexes_are_reported_with_their_line() -> None:
    doc = srt.read("00:00:01,000 --> 00:00:02,000\na\n\n2.\n00:00:03,000 --> 00:00:04,000\nb\n\nx\n00:00:05,000 --> 00:00:06,000\nc\n")
    assert [(f.code, f.line) for f in doc.findings] == [("W101", 1), ("W103", 4), ("E102", 8)]
    assert [c.text for c in doc.cues] == ["a", "b", "c"]


def test_a_block_without_timing_is_kept_verbatim_and_reported() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\na\n\n2\nno timing here\n\n3\n00:00:03,000 --> 00:00:04,000\nb\n"
    doc = srt.read(text)
    assert [c.text for c in doc.cues] == ["a", "b"]
    assert [(b.kind, b.text, b.line, b.before_cue) for b in doc.blocks] == [("invalid", "2\nno timing here", 5, 1)]
    assert [(f.code, f.line) for f in doc.findings] == [("E110", 5)]
    assert srt.write(doc) == text


def test_a_cue_without_a_blank_line_before_it_is_split_and_reported() -> None:
    doc = srt.read("1\n00:00:01,000 --> 00:00:02,000\na\n2\n00:00:03,000 --> 00:00:04,000\nb\n")
    assert [(c.id, c.text) for c in doc.cues] == [("1", "a"), ("2", "b")]
    assert [(f.code, f.line) for f in doc.findings] == [("W112", 4)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_and_bom_free_text_round_trip(newline: str) -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\na\nb\n\n2\n00:00:03,000 --> 00:00:04,000\nc\n".replace("\n", newline)
    doc = srt.read(text)
    assert [c.text for c in doc.cues] == ["a\nb", "c"]
    assert srt.write(doc) == text


def test_mixed_line_endings_and_missing_final_newline_are_reported() -> None:
    assert codes("1\r\n00:00:01,000 --> 00:00:02,000\na\n") == ["W004"]
    assert codes("1\n00:00:01,000 --> 00:00:02,000\na") == ["W005"]
    assert codes("1\n00:00:01,000 --> 00:00:02,000\na\n\n\n\n") == ["W006"]


def test_speaker_labels_carry_over_until_the_next_marker() -> None:
    doc = srt.read(dedent("""\
        1
        00:00:01,000 --> 00:00:02,000
        KIM MIN-JI: Good evening.

        2
        00:00:02,000 --> 00:00:03,000
        Still me.

        3
        00:00:03,000 --> 00:00:04,000
        >> Someone else.
        """))
    assert [c.speaker for c in doc.cues] == ["KIM MIN-JI", "KIM MIN-JI", None]


def test_a_colon_inside_a_sentence_is_not_a_label() -> None:
    doc = srt.read("1\n00:00:01,000 --> 00:00:02,000\nThe message was clear: go.\n")
    assert doc.cues[0].speaker is None


# -- properties ----------------------------------------------------------------------------

_text_line = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() and "-->" not in s and "->" not in s and not s.strip().isdigit() and "\u2192" not in s)
_cue = st.builds(
    lambda start, length, lines: Cue(start, start + length, "\n".join(x.strip() or "x" for x in lines)),
    st.integers(0, 99 * 3_600_000), st.integers(0, 100_000), st.lists(_text_line, min_size=1, max_size=3))


@given(st.lists(_cue, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_writing_then_reading_gives_the_same_cues(cues: list[Cue], newline: str) -> None:
    doc = Document("srt", tuple(cues), newline=newline)
    back = srt.read(srt.write(doc))
    assert [(c.start_ms, c.end_ms, c.text) for c in back.cues] == [(c.start_ms, c.end_ms, c.text) for c in cues]
    assert [f for f in back.findings if f.code not in ("W006",)] == []


@given(st.lists(_cue, min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]), st.sampled_from(["", "\n", "\n\n"]))
def test_the_fast_reader_and_the_tolerant_reader_agree_on_clean_files(cues: list[Cue], nl: str, tail: str) -> None:
    text = srt.write(Document("srt", tuple(cues), newline=nl)).rstrip("\r\n") + tail.replace("\n", nl)
    fast = srt.read(text)
    reader = srt._Reader(text, split(text))
    reader.run()
    assert fast.cues == tuple(reader.cues)
    assert list(fast.source.spans) == list(reader.spans)  # type: ignore[union-attr]


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_no_input_makes_the_reader_raise_anything_but_a_subtitler_error(text: str) -> None:
    try:
        doc = srt.read(text)
    except SubtitlerError:
        return
    assert srt.write(doc) == text


@given(st.text(alphabet="0123456789:,.-> \nabc\r", max_size=200))
@settings(max_examples=300)
def test_timing_like_noise_reads_and_writes_back_unchanged(text: str) -> None:
    assert srt.write(srt.read(text)) == text


def test_a_clean_file_builds_its_cues_only_when_asked_and_they_equal_the_tolerant_reading() -> None:
    from subtitler.model import LazyCues

    text = "1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo\nlines\n"
    doc = srt.read(text)
    assert isinstance(doc.cues, LazyCues) and not doc.cues.built and len(doc.cues) == 2
    assert srt.write(doc) == text and not doc.cues.built  # an unchanged document is its text
    reader = srt._Reader(text, split(text))
    reader.run()
    assert doc.cues == tuple(reader.cues) and tuple(reader.cues) == doc.cues
    assert doc.cues.built and hash(doc.cues) == hash(tuple(reader.cues))
    assert doc.cues[1].text == "Two\nlines" and doc.cues[:1] == (reader.cues[0],)


@given(st.lists(_cue, min_size=1, max_size=12), st.sampled_from(["\n", "\r\n"]), st.sampled_from(["", "\n", "\n\n"]),
       st.integers(1, 200))
def test_the_fast_reader_agrees_whatever_its_batch_size(cues: list[Cue], nl: str, tail: str, batch: int) -> None:
    from subtitler.formats import bulk

    text = srt.write(Document("srt", tuple(cues), newline=nl)).rstrip("\r\n") + tail.replace("\n", nl)
    saved, bulk.BATCH = bulk.BATCH, batch
    try:
        fast = srt.read(text)
        assert fast.cues == tuple(cues_of(text))
    finally:
        bulk.BATCH = saved


def cues_of(text: str) -> list[Cue]:
    reader = srt._Reader(text, split(text))
    reader.run()
    return reader.cues


def test_a_nul_character_in_srt_text_is_an_error_at_its_line_and_column() -> None:
    doc = srt.read("1\n00:00:01,000 --> 00:00:02,000\nhi\x00 there\n")
    assert [(f.code, f.line, f.column) for f in doc.findings] == [("E007", 3, 3)]
    assert doc.cues[0].text == "hi\x00 there"  # kept as it is: the finding says where
