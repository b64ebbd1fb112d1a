"""Documents to and from pysrt and webvtt-py."""

from __future__ import annotations

from subtitler.formats import srt, vtt
from subtitler.interop import from_pysrt, from_webvtt, to_pysrt, to_webvtt

SRT = "1\n00:00:01,000 --> 00:00:02,500\nANCHOR: Good evening.\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo\nlines\n"
VTT = "WEBVTT\n\nintro\n00:00:01.000 --> 00:00:02.500\n<v Kim Min-ji>Hello</v>\n\n00:00:03.000 --> 00:00:04.000\nBye\n"


def test_a_document_goes_to_pysrt_and_comes_back_the_same() -> None:
    doc = srt.read(SRT)
    subs = to_pysrt(doc)
    assert [(s.start.ordinal, s.end.ordinal, s.text) for s in subs] == [(c.start_ms, c.end_ms, c.text) for c in doc.cues]
    back = from_pysrt(subs)
    assert [(c.start_ms, c.end_ms, c.text, c.speaker) for c in back.cues] == [
        (c.start_ms, c.end_ms, c.text, c.speaker) for c in doc.cues]


def test_a_document_goes_to_webvtt_py_and_comes_back_the_same() -> None:
    doc = vtt.read(VTT)
    captions = to_webvtt(doc)
    assert [c.identifier for c in captions.captions] == ["intro", None]
    back = from_webvtt(captions)
    assert [(c.id, c.start_ms, c.end_ms, c.text, c.speaker) for c in back.cues] == [
        (c.id, c.start_ms, c.end_ms, c.text, c.speaker) for c in doc.cues]
