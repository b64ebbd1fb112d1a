"""Hand documents to and take them from pysrt and webvtt-py.

Code already written against those libraries can give us its subtitles and
take ours back. pysrt is GPL-3.0 and an optional extra (``subtitler[interop]``):
it is imported here only, and only when one of its functions is called.
"""

from __future__ import annotations

from typing import Any

from subtitler.errors import SubtitlerError
from subtitler.formats.speakermarks import srt_marker, vtt_voice
from subtitler.model import Cue, Document
from subtitler.timecode import format_vtt


def _pysrt() -> Any:
    try:
        import pysrt
    except ImportError:
        raise SubtitlerError("pysrt is not installed: pip install 'subtitler[interop]'") from None
    return pysrt


def to_pysrt(doc: Document) -> Any:
    """The document as a ``pysrt.SubRipFile`` (texts as they stand, indexes from 1)."""
    pysrt = _pysrt()
    items = [
        pysrt.SubRipItem(index=i, start=pysrt.SubRipTime(milliseconds=c.start_ms),
                         end=pysrt.SubRipTime(milliseconds=c.end_ms), text=c.text)
        for i, c in enumerate(doc.cues, 1)
    ]
    return pysrt.SubRipFile(items=items)


def from_pysrt(subs: Any) -> Document:
    """A Document from a ``pysrt.SubRipFile`` (speakers read from SRT markers)."""
    cues = []
    speaker = None
    for item in subs:
        kind, name = srt_marker(item.text)
        if kind == "label":
            speaker = name
        elif kind:
            speaker = None
        cues.append(Cue(item.start.ordinal, item.end.ordinal, item.text, str(item.index), speaker))
    return Document("srt", tuple(cues))


def to_webvtt(doc: Document) -> Any:
    """The document as a ``webvtt.WebVTT`` (identifiers and voice spans kept)."""
    import webvtt

    captions = []
    for cue in doc.cues:
        caption = webvtt.Caption(format_vtt(cue.start_ms), format_vtt(cue.end_ms), cue.text.split("\n"))
        if cue.id:
            caption.identifier = cue.id
        captions.append(caption)
    return webvtt.WebVTT(captions=captions)


def from_webvtt(vtt: Any) -> Document:
    """A Document from a ``webvtt.WebVTT`` (times from its timestamps, speakers from voice spans)."""
    from subtitler.timecode import parse_timestamp

    cues = []
    for caption in vtt.captions:
        text = caption.raw_text
        cues.append(Cue(parse_timestamp(caption.start), parse_timestamp(caption.end), text,
                        caption.identifier or "", vtt_voice(text)))
    return Document("vtt", tuple(cues))
