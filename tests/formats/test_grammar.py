"""One grammar per format: on any input the fast paths and the tolerant readers agree."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.formats import grammar, srt, vtt
from subtitler.formats.lines import nul_positions
from subtitler.model import Document
from subtitler.retime.apply import apply
from subtitler.retime.mapping import shift_mapping
from subtitler.retime.text import retime_text

# Cue text from the characters that matter to the grammar: arrows, colons, digits,
# markers, tags, spaces, and letters in and out of ASCII.
_TEXT_CHARS = st.sampled_from([*"abc XYZ:->=0123456789<>/&.,é→—\t", "KIM MIN-JI:", ">>", "<v Ann>", "-->"])
_LINE = st.lists(_TEXT_CHARS, min_size=1, max_size=12).map("".join).filter(lambda s: s.strip() != "")
_TIME = st.integers(min_value=0, max_value=100 * 3_600_000 - 1)


def _stamp(ms: int, sep: str) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


@st.composite
def _files(draw: st.DrawFn, fmt: str) -> str:
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    count = draw(st.integers(min_value=0, max_value=6))
    blocks = []
    for index in range(count):
        start = draw(_TIME)
        end = draw(st.one_of(_TIME, st.just(start + 1000)))
        sep = "," if fmt == "srt" else "."
        timing = f"{_stamp(start, sep)} --> {_stamp(end, sep)}"
        if draw(st.booleans()):  # a deviation the fast paths must leave to the reader
            timing = draw(st.sampled_from([timing.replace(" --> ", " -> "), timing.replace(" --> ", "  --> "),
                                           timing + " X1:1 X2:2 Y1:3 Y2:4", " " + timing,
                                           timing.replace(sep, "." if sep == "," else ",", 1)]))
        lines = draw(st.lists(_LINE, min_size=0, max_size=3))
        ident = str(index + 1) if fmt == "srt" else draw(st.sampled_from(["", f"cue{index}", "NOTE x"]))
        head = [ident] if ident else []
        blocks.append(newline.join([*head, timing, *lines]))
    extra = draw(st.sampled_from(["", "NOTE a note", "STYLE\n::cue { color: red }", "junk line", " "]))
    if extra and draw(st.booleans()):
        blocks.insert(draw(st.integers(0, len(blocks))), extra.replace("\n", newline))
    body = (newline * draw(st.sampled_from([1, 2, 2, 3]))).join(blocks) + newline * draw(st.integers(0, 3))
    if fmt == "vtt":
        body = "WEBVTT" + newline + newline + body
    return body


def _seen(doc: Document) -> tuple[object, ...]:
    cues = [(c.start_ms, c.end_ms, c.text, c.id, c.speaker, c.line, c.settings) for c in doc.cues]
    blocks = [(b.kind, b.text, b.line) for b in doc.blocks]
    findings = sorted((f.code, f.line, f.column, f.message) for f in doc.findings)
    return cues, blocks, findings, doc.newline


@settings(max_examples=300, deadline=None)
@given(_files("srt"))
def test_the_srt_fast_path_reads_what_the_tolerant_reader_reads(text: str) -> None:
    assert _seen(srt.read(text)) == _seen(srt.read(text, fast=False))


@settings(max_examples=300, deadline=None)
@given(_files("vtt"))
def test_the_webvtt_fast_path_reads_what_the_w3c_parser_reads(text: str) -> None:
    assert _seen(vtt.read(text)) == _seen(vtt.read(text, fast=False))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["srt", "vtt"]).flatmap(lambda fmt: st.tuples(st.just(fmt), _files(fmt))),
       st.integers(min_value=0, max_value=3_600_000))
def test_the_retime_fast_path_writes_what_the_document_path_writes(case: tuple[str, str], offset: int) -> None:
    fmt, text = case
    module = srt if fmt == "srt" else vtt
    fast = retime_text(text, fmt, shift_mapping(offset))
    if fast is None:
        return  # the fast path declined: the Document path does it
    doc = module.read(text, fast=False)
    assert fast == module.write(apply(doc, shift_mapping(offset)))


def test_nul_characters_are_placed_by_every_line_ending() -> None:
    for newline in ("\n", "\r\n", "\r"):
        text = newline.join(["WEBVTT", "", "00:01.000 --> 00:02.000", "Hello\x00"]) + newline
        assert nul_positions(text) == [(4, 6)]
        assert [(f.line, f.column) for f in vtt.read(text).findings if f.code == "E007"] == [(4, 6)]


def test_every_timing_line_the_srt_reader_takes_is_one_the_fast_path_sees_as_such() -> None:
    for line in ("00:00:01,000 --> 00:00:02,000", "0:0:1,5 -> 0:0:2,5", "00:00:01.000 => 00:00:02.000",
                 "00:00:01,000 → 00:00:02,000", "00:00:01,000 -- > 00:00:02,000"):
        assert grammar.SRT_TIMING.match(line), line
        assert grammar.SRT_ARROW_LINE.search("\n" + line), line
