"""Conversions keep what they promise, or say what they could not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subtitler
from subtitler.errors import ConversionError
from subtitler.formats import convert as conversion
from subtitler.formats.speakermarks import srt_marker
from tests.conftest import SHARED

NEGATIVE = "1\n-00:00:01,000 --> 00:00:02,000\nEarly\n\n2\n00:00:03,000 --> 00:00:04,000\nLate\n"
HIDDEN = "WEBVTT\n\n00:00:00.0000 --> 00:00:01.000\nhidden\n\n00:00:02.000 --> 00:00:03.000\nshown\n"


def test_a_time_below_zero_is_refused_in_webvtt_naming_the_cue() -> None:
    with pytest.raises(ConversionError, match=r"a cue has a time below zero.*cue 1 \(line 2\) at -00:00:01,000"):
        subtitler.convert(subtitler.loads(NEGATIVE), "vtt")


def test_clamp_moves_it_to_zero_and_drop_leaves_it_out_each_noted() -> None:
    clamped = subtitler.convert(subtitler.loads(NEGATIVE), "vtt", unfit="clamp")
    assert [(c.start_ms, c.end_ms) for c in clamped.cues] == [(0, 2000), (3000, 4000)]
    dropped = subtitler.convert(subtitler.loads(NEGATIVE), "vtt", unfit="drop")
    assert [c.text for c in dropped.cues] == ["Late"]
    for doc in (clamped, dropped):
        assert [f.code for f in doc.findings if f.code == "I501"] == ["I501"]
    assert b"-00:" not in subtitler.dumps(clamped)


def test_a_block_browsers_drop_does_not_become_an_srt_cue() -> None:
    with pytest.raises(ConversionError, match="a block that browsers drop would become cues in SRT: line 3"):
        subtitler.convert(subtitler.loads(HIDDEN), "srt")
    dropped = subtitler.convert(subtitler.loads(HIDDEN), "srt", unfit="drop")
    assert [c.text for c in subtitler.loads(subtitler.dumps(dropped)).cues] == ["shown"]


# Markers inside the text, not at its start: SRT has no way to say that a WebVTT cue's own text
# "KIM: …" is not a speaker label, so such a cue comes back with a speaker (SRT's limit, not ours).
_TEXT = st.lists(st.sampled_from([*"abcXYZ ,.?!'-é東", "KIM:", ">>"]), min_size=1, max_size=20).map(
    lambda parts: "".join(parts).replace("<", " ").replace(">", " ").strip()).filter(lambda s: bool(s) and srt_marker(s)[0] == "" and _no_srt_speaker(s))


def _no_srt_speaker(text: str) -> bool:
    """Whether an SRT reader takes no speaker from this cue text."""
    return subtitler.loads(f"1\n00:00:00,000 --> 00:00:01,000\n{text}\n").cues[0].speaker is None
_NAME = st.sampled_from([None, "Ann", "Kim Min-ji", "José Díaz"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**8), st.integers(1, 10**5), _TEXT, _NAME), min_size=1, max_size=8),
       st.sampled_from(["srt", "vtt"]))
def test_converting_there_and_back_keeps_every_cues_time_text_and_speaker(
        rows: list[tuple[int, int, str, str | None]], first: str) -> None:
    from subtitler.model import Cue, Document

    cues = tuple(Cue(start, start + length, text.replace("<", " ").replace(">", " ").strip() or "x", speaker=who)
                 for start, length, text, who in sorted(rows, key=lambda row: row[:3]))
    doc = subtitler.loads(subtitler.dumps(Document(first, cues)))
    other = "vtt" if first == "srt" else "srt"
    there = subtitler.loads(subtitler.dumps(subtitler.convert(doc, other)))
    back = subtitler.loads(subtitler.dumps(subtitler.convert(there, first)))
    seen = [(c.start_ms, c.end_ms, c.speaker) for c in doc.cues]
    assert [(c.start_ms, c.end_ms, c.speaker) for c in back.cues] == seen
    assert _shown(back) == _shown(doc)  # as a viewer reads it: WebVTT may write '>' as '&gt;'


def _shown(doc: object) -> list[str]:
    from subtitler.formats.cuetext import plain
    from subtitler.model import Document

    assert isinstance(doc, Document)
    return [plain(c.text) if doc.format == "vtt" else c.text for c in doc.cues]


def _corpus() -> list[str]:
    folder = SHARED / "corpora" / "subtitles"
    return sorted(str(p) for p in folder.rglob("*") if p.suffix.lower() in (".srt", ".vtt")) if folder.exists() else []


@pytest.mark.parametrize("path", _corpus())
def test_each_real_file_converted_and_back_keeps_its_cues_or_says_which_it_could_not(path: str) -> None:
    try:
        doc = subtitler.load(path)
    except subtitler.SubtitlerError:
        pytest.skip("not a subtitle file the readers accept")
    other = "vtt" if doc.format == "srt" else "srt"
    try:
        there = subtitler.loads(subtitler.dumps(subtitler.convert(doc, other)))
    except ConversionError as exc:  # refused, naming what it could not keep
        assert "line" in str(exc)
        return
    except subtitler.SubtitlerError as exc:  # no cue at all: refused as not a subtitle file
        assert "no cue" in str(exc)
        return
    back = subtitler.convert(there, doc.format)
    assert [(c.start_ms, c.end_ms) for c in back.cues] == [(c.start_ms, c.end_ms) for c in doc.cues]


def test_the_unfit_choices_are_the_ones_the_library_names() -> None:
    assert set(conversion.Unfit.__args__) == {"refuse", "clamp", "drop"}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("source", "to"), [("srt", "vtt"), ("vtt", "srt")])
def test_a_byte_order_mark_is_kept_by_a_conversion(source: str, to: str) -> None:
    from subtitler.model import Cue, Document

    built = subtitler.dumps(Document(source, (Cue(1000, 2000, "Good evening."),)))
    converted = subtitler.dumps(subtitler.convert(subtitler.loads(b"\xef\xbb\xbf" + built), to))
    assert converted.startswith(b"\xef\xbb\xbf")
    assert subtitler.loads(converted).cues[0].text == "Good evening."
