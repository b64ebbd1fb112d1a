"""What other parsers' test suites expect of SRT and WebVTT, where they are right."""

from __future__ import annotations

import pytest

import subtitler
from subtitler.formats.convert import convert


def _to_vtt(srt_text: str) -> tuple[str, list[str]]:
    converted, notes = convert(subtitler.loads(srt_text), "vtt")
    return subtitler.dumps(converted).decode(), [n.code for n in notes]


@pytest.mark.parametrize(("tag", "setting"), [("{\\an8}", " line:0"), ("{\\an7}", " line:0 align:left"),
                                              ("{\\an5}", " line:50%"), ("{\\an3}", " align:right"),
                                              ("{\\an2}", ""), ("{\\pos(10,20)\\an9}", " line:0 align:right")])
def test_an_ssa_position_becomes_webvtt_settings_on_convert(tag: str, setting: str) -> None:
    vtt, notes = _to_vtt(f"1\n00:00:01,000 --> 00:00:02,000\n{tag}Top\n")
    assert f"00:00:01.000 --> 00:00:02.000{setting}\nTop\n" in vtt
    assert notes == ["I502"]
    assert [f for f in subtitler.validate(subtitler.loads(vtt)) if f.severity.value != "info"] == []


def test_ssa_style_tags_become_tags_and_unknown_overrides_go_on_convert() -> None:
    vtt, notes = _to_vtt("1\n00:00:01,000 --> 00:00:02,000\n{b}Bold{/b} {\\xyz}plain\n")
    assert "<b>Bold</b> plain" in vtt
    assert notes == ["I502"]


def test_ssa_tags_in_srt_are_a_warning_of_validate() -> None:
    doc = subtitler.loads("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Top\n")
    assert [f.code for f in subtitler.validate(doc)] == ["W116"]


def test_srt_coordinates_are_dropped_on_convert_with_a_note() -> None:
    vtt, notes = _to_vtt("1\n00:00:01,000 --> 00:00:02,000 X1:100 X2:200 Y1:10 Y2:20\nHi\n")
    assert "00:00:01.000 --> 00:00:02.000\nHi" in vtt
    assert notes == ["I501"]
    assert [f.code for f in subtitler.validate(subtitler.loads(vtt))] == []


def test_full_width_delimiters_are_read_with_a_warning_and_shifted_as_ascii() -> None:
    doc = subtitler.loads("1\n00\uff1a00:01\uff0c000 --> 00:00:02,000\nHi\n")
    assert [(c.start_ms, c.end_ms) for c in doc.cues] == [(1000, 2000)]
    assert [f.code for f in doc.findings] == ["W115"]
    assert subtitler.dumps(subtitler.shift(doc, 500)).startswith(b"1\n00:00:01,500 --> 00:00:02,500\n")


@pytest.mark.parametrize("text", ["WEBVTT\n", "WEBVTT\n\nNOTE only a note\n"])
def test_a_file_without_cues_is_a_warning(text: str) -> None:
    assert "W010" in [f.code for f in subtitler.validate(subtitler.loads(text))]
