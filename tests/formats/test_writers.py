"""Writers under hostile names and texts: what they write reads back as the same cues."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import subtitler
from subtitler.formats.speakermarks import render
from subtitler.model import Block, Cue, Document, Severity

# Control characters other than line breaks make the decoder guess an encoding: a test of its own.
_CHARS = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\r\t\x00")
_NAMES = st.text(_CHARS, max_size=20).filter(lambda name: name.split() != [])
_TEXTS = st.text(_CHARS, max_size=40)
_HOSTILE = st.sampled_from(["C--> D", "A\n\nB", "x --> y", "<v", "&amp;", "\n", " ", "-->", "--->", "a\r\nb"])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_NAMES | _HOSTILE, _TEXTS | _HOSTILE), min_size=1, max_size=5))
def test_webvtt_and_srt_written_from_any_names_and_texts_read_back_with_the_same_cues_and_voices(
        cues: list[tuple[str, str]]) -> None:
    doc = Document("vtt", tuple(
        Cue(k * 3000, k * 3000 + 2000, render(_escape(text), name, "voice", True), id=f"c{k} {name}", speaker=name)
        for k, (name, text) in enumerate(cues)), (Block("header", "WEBVTT"),))
    for fmt in ("vtt", "srt"):
        out = doc if fmt == "vtt" else subtitler.convert(doc, "srt")
        back = subtitler.loads(subtitler.dumps(out, fmt))
        assert [(c.start_ms, c.end_ms) for c in back.cues] == [(c.start_ms, c.end_ms) for c in doc.cues]
        if fmt == "vtt":
            assert [c.speaker for c in back.cues] == [" ".join(name.replace("\x00", "\ufffd").split()) or None for name, _ in cues]
        errors = [f for f in subtitler.validate(back) if f.severity is Severity.ERROR]
        assert errors == []


def test_a_speaker_named_with_an_arrow_leaves_the_style_block_a_style_block() -> None:
    from types import SimpleNamespace

    from subtitler.pipeline.render import _style_block

    people = SimpleNamespace(speakers=[SimpleNamespace(id="c"), SimpleNamespace(id="e")])
    style = _style_block(people, {"c": "C--> D", "e": 'E "the" \\ F'})  # type: ignore[arg-type]
    doc = Document("vtt", (Cue(0, 2000, render("Hi", "C--> D", "voice", True), speaker="C--> D"),),
                   (Block("header", "WEBVTT"), Block("style", style)))
    back = subtitler.loads(subtitler.dumps(doc))
    assert [b.kind for b in back.blocks] == ["header", "style"]
    assert [c.speaker for c in back.cues] == ["C--> D"]
    assert [f.code for f in subtitler.validate(back) if f.severity is Severity.ERROR] == []


def test_a_speaker_name_with_a_line_break_is_one_line_in_an_srt_label() -> None:
    doc = Document("vtt", (Cue(0, 2000, render("hi", "\r0", "voice", True), speaker="\r0"),), (Block("header", "WEBVTT"),))
    back = subtitler.loads(subtitler.dumps(subtitler.convert(doc, "srt"), "srt"))
    assert [c.text for c in back.cues] == ["0: hi"]
    assert [f.code for f in subtitler.validate(back) if f.severity is Severity.ERROR] == []
