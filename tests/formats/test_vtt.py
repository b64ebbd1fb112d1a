"""The WebVTT reader and writer beyond the conformance suite: findings for what browsers tolerate."""

from __future__ import annotations

from textwrap import dedent

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.errors import NotSubtitleError, SubtitlerError
from subtitler.formats import vtt
from subtitler.model import Cue, CueSettings, Document


def test_voice_spans_name_the_speaker_and_settings_parse_to_api_values() -> None:
    doc = vtt.read(dedent("""\
        WEBVTT

        intro
        00:01.000 --> 00:02.500 align:start line:10% position:20%,line-left size:50%
        <v Kim Min-ji>Good evening.</v>
        """))
    cue = doc.cues[0]
    assert (cue.id, cue.start_ms, cue.end_ms, cue.speaker) == ("intro", 1000, 2500, "Kim Min-ji")
    assert cue.settings == CueSettings(align="start", line=10.0, snap_to_lines=False, position=20.0,
                                       position_align="line-left", size=50.0)


def test_blocks_are_classified_and_kept() -> None:
    doc = vtt.read(dedent("""\
        WEBVTT - news

        STYLE
        ::cue(v[voice="Kim"]) { color: yellow }

        REGION
        id:r1 width:40% lines:2 scroll:up

        NOTE a comment

        00:00.000 --> 00:01.000 region:r1
        hello
        """))
    assert [b.kind for b in doc.blocks] == ["header", "style", "region", "note"]
    assert doc.regions[0].id == "r1" and doc.regions[0].width == 40.0 and doc.regions[0].scroll == "up"
    assert doc.cues[0].settings.region == "r1"
    assert doc.findings == ()


@pytest.mark.parametrize(("text", "code", "line"), [
    ("WEBVTT\n\n00:00.000 --> 00:0x.000\nx\n", "E151", 3),
    ("WEBVTT\n\n00:00.000 -> 00:01.000\nx\n", "E155", 3),
    ("WEBVTT\n\n00:00.000 --> 00:01.000\na\n00:02.000 --> 00:03.000\nb\n", "W152", 5),
    ("WEBVTT\n\n00:00.000 --> 00:01.000 align:middle\nx\n", "W153", 3),
    ("WEBVTT\n\n00:00.000 --> 00:01.000\nx\n\nSTYLE\n::cue {}\n", "E154", 6),
    ("WEBVTT\n\njust some text\n", "E155", 3),
    ("WEBVTT\n\nREGION\nid:a width:200%\n", "W156", 4),
    ("WEBVTT\n\n00:00.000 --> 00:01.000 region:nowhere\nx\n", "W157", 3),
    ("WEBVTT\n\n00:00.000 --> 00:01.000\nTom & Jerry\n", "W158", 4),
    ("WEBVTT\nnot a header line\n\n00:00.000 --> 00:01.000\nx\n", "W159", 2),
])
def test_what_browsers_tolerate_is_reported(text: str, code: str, line: int) -> None:
    doc = vtt.read(text)
    assert [(f.code, f.line) for f in doc.findings if f.code == code] == [(code, line)]
    assert vtt.write(doc) == text


def test_a_cue_browsers_drop_is_kept_as_an_invalid_block() -> None:
    doc = vtt.read("WEBVTT\n\n1\n00:00.000 --> 00:0x.000\ntext\n\n00:02.000 --> 00:03.000\nok\n")
    assert [c.text for c in doc.cues] == ["ok"]
    assert [(b.kind, b.text) for b in doc.blocks[1:]] == [("invalid", "1\n00:00.000 --> 00:0x.000\ntext")]


@pytest.mark.parametrize("text", ["", "WEBVT", "webvtt\n", "WEBVTTX\n", "\ufeffWEBVTT\n", "1\n00:00:01,000 --> 00:00:02,000\n"])
def test_a_file_without_the_signature_is_not_webvtt(text: str) -> None:
    with pytest.raises(NotSubtitleError):
        vtt.read(text)


def test_a_valid_file_with_no_cues_is_fine() -> None:
    doc = vtt.read("WEBVTT\n")
    assert doc.cues == () and doc.findings == ()


# -- properties ------------------------------------------------------------------------------

_line = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: "-->" not in s and s.strip() == s and s)
_cue = st.builds(
    lambda start, length, lines, ident: Cue(start, start + length, "\n".join(lines), ident),
    st.integers(0, 200 * 3_600_000), st.integers(0, 100_000), st.lists(_line, min_size=1, max_size=3),
    st.sampled_from(["", "a", "cue-7"]))


@given(st.lists(_cue, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_writing_then_reading_gives_the_same_cues(cues: list[Cue], newline: str) -> None:
    back = vtt.read(vtt.write(Document("vtt", tuple(cues), newline=newline)))
    assert [(c.id, c.start_ms, c.end_ms, c.text) for c in back.cues] == [
        (c.id, c.start_ms, c.end_ms, c.text) for c in cues]


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_no_input_makes_the_reader_raise_anything_but_a_subtitler_error(text: str) -> None:
    try:
        doc = vtt.read("WEBVTT\n\n" + text)
    except SubtitlerError:
        return
    assert vtt.write(doc) == "WEBVTT\n\n" + text


@given(st.text(alphabet="0123456789:.-> \nabcNOTESTYLREGIONWEBVT\r&<v>", max_size=200))
@settings(max_examples=300)
def test_structure_like_noise_reads_and_writes_back_unchanged(text: str) -> None:
    try:
        doc = vtt.read(text)
    except NotSubtitleError:
        assert not text.startswith("WEBVTT") or (len(text) > 6 and text[6] not in " \t\n\r")
        return
    assert vtt.write(doc) == text


_plain_line = st.text(alphabet="abcdefghij KLMNOP<>/v.,?!'", min_size=1, max_size=20).filter(
    lambda s: s.strip() == s and s and "-->" not in s)
_plain_cue = st.builds(
    lambda start, length, lines, ident: Cue(start, start + length, "\n".join(lines), ident),
    st.integers(0, 99 * 3_600_000), st.integers(0, 100_000), st.lists(_plain_line, max_size=3),
    st.sampled_from(["", "a", "cue-7", "12"]))


@given(st.lists(_plain_cue, min_size=1, max_size=10), st.sampled_from(["\n", "\r\n"]),
       st.sampled_from(["", "\n", "\n\n"]), st.integers(1, 300))
@settings(max_examples=200)
def test_the_bulk_reader_agrees_with_the_parser_on_plain_files(cues: list[Cue], nl: str, tail: str, batch: int) -> None:
    from subtitler.formats import bulk

    text = vtt.write(Document("vtt", tuple(cues), newline=nl)).rstrip("\r\n") + tail.replace("\n", nl)
    saved, bulk.BATCH = bulk.BATCH, batch
    try:
        doc = vtt.read(text)
        reader = vtt._Reader(text)
        reader.run()
        assert doc.cues == tuple(reader.cues)
        assert list(doc.source.spans) == list(reader.spans)  # type: ignore[union-attr]
        assert doc.blocks == tuple(reader.blocks) and doc.findings == tuple(reader.findings)
        assert vtt.write(doc) == text
    finally:
        bulk.BATCH = saved


def test_an_hls_timestamp_map_in_the_header_is_not_reported() -> None:
    text = "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\nStray words\n\n00:00:01.000 --> 00:00:02.000\nHi\n"
    assert [(f.code, f.line) for f in vtt.read(text).findings] == [("W159", 3)]


def test_a_named_reference_html_does_not_know_is_reported_and_a_legacy_one_is_not() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nTom &foo; Jerry &amp Tom &copy; &#65; & x\n"
    found = [(f.code, f.column, f.message[:7]) for f in vtt.read(text).findings]
    assert found == [("W158", 5, "'&foo;'"), ("W158", 39, "'&' tha")]
