"""The cues of a generate run as an SRT or WebVTT document, with speakers marked."""

from __future__ import annotations

from subtitler.errors import UsageError
from subtitler.formats.speakermarks import COLOURS, display_name, render, voice_annotation
from subtitler.model import Block, Cue, Document, Speaker
from subtitler.pipeline.result import Generated


def _css_string(name: str) -> str:
    r"""A name inside a CSS string: backslash escapes, so that no '-->' or line break ends the block.

    >>> _css_string('C--> "D"')
    'C--\\> \\"D\\"'
    """
    return name.replace("\\", "\\\\").replace('"', '\\"').replace(">", "\\>")


def _escape_vtt(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document(generated: Generated, fmt: str, speaker_style: str | None = None, colours: bool = True) -> Document:
    """The cues as an SRT or WebVTT document with speakers marked.

    WebVTT: ``<v Name>`` on every cue and (with ``colours``) a STYLE block
    colouring each voice. ffmpeg before 6.1 stops reading a WebVTT file at a
    STYLE block, so pipelines that feed it can leave the block out.
    SRT: the speaker style (default ``label``: ``NAME:`` on the first cue after a change).
    TTML (IMSC 1.1 Text) and SCC: the cues without markers (TTML names each speaker as a
    ``ttm:agent``, SCC writes ``>>`` at each change), with what fitting them to the format
    changed among the document's findings.
    """
    if fmt in ("ttml", "scc"):
        return _broadcast(generated, fmt, speaker_style)
    if fmt not in ("srt", "vtt"):
        raise UsageError(f"cannot render generated cues as {fmt!r}: the document formats are srt, vtt, ttml "
                         "and scc")
    style = speaker_style or ("voice" if fmt == "vtt" else "label")
    # white space as one space: a name is read back from a voice tag (or a label) that way
    names = {s.id: " ".join(display_name(s).split()) for s in generated.speakers}
    cues = []
    previous = ""
    for caption in generated.cues(style):
        if len(caption.speakers) > 1:  # a dialogue cue: one speaker a line, each with a dash
            lines = []
            for line, who in zip(caption.lines, caption.speakers):
                shown = _escape_vtt(line) if fmt == "vtt" else line
                voice = voice_annotation(names[who])
                lines.append(f"<v {voice}>{shown}</v>" if style == "voice" and voice else shown)
            text = "\n".join(lines)
        else:
            body = "\n".join(_escape_vtt(line) if fmt == "vtt" else line for line in caption.lines)
            text = render(body, names[caption.speaker], style, caption.speaker != previous)
        previous = caption.speakers[-1]
        cues.append(Cue(caption.start_ms, caption.end_ms, text, speaker=names[caption.speaker]))
    blocks: tuple[Block, ...] = ()
    if fmt == "vtt":
        blocks = (Block("header", "WEBVTT"),)
        if colours:
            blocks += (Block("style", _style_block(generated, names)),)
    return Document("vtt" if fmt == "vtt" else "srt", tuple(cues), blocks)


def srt_labels(people: tuple[Speaker, ...], style: str = "label") -> dict[str, str]:
    """The marker of each speaker that takes room on a turn's first line in ``style``: ``KIM MIN-JI:``
    for ``label``, ``>>`` for ``chevron``; none for the other styles (a voice span is not shown)."""
    if style not in ("label", "chevron"):
        return {}
    return {person.id: render("", display_name(person), style, True).rstrip() for person in people}


def _style_block(generated: Generated, names: dict[str, str]) -> str:
    rules = ["STYLE"]
    for index, speaker in enumerate(generated.speakers):
        name = _css_string(names[speaker.id])
        rules.append(f'::cue(v[voice="{name}"]) {{ color: {COLOURS[index % len(COLOURS)]}; }}')
    return "\n".join(rules)


def _broadcast(generated: Generated, fmt: str, speaker_style: str | None) -> Document:
    from dataclasses import replace

    from subtitler.formats.broadcast import to_broadcast

    doc, changed = to_broadcast(document(generated, "srt", "none"), fmt, "refuse", speaker_style=speaker_style)
    return replace(doc, findings=doc.findings + tuple(changed))
