"""HLS segments of a WebVTT document, through webvtt-py's segmenter.

webvtt-py does this job well: it slices the cues into fixed-length segments (a
cue that spans several goes into each), writes every segment with the file's
STYLE and REGION blocks and an ``X-TIMESTAMP-MAP`` header, and writes the
``prog_index.m3u8`` playlist. We hand it the cues our reader found, so the
segments hold what a browser would show, and we report what a segment cannot
carry (NOTE blocks, which webvtt-py leaves out on purpose, and unparseable blocks).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from subtitler.errors import SubtitlerError, UsageError
from subtitler.model import Block, Document
from subtitler.timecode import format_vtt

#: The MPEG-TS time the segments' local zero maps to (webvtt-py's default: 10 s at 90 kHz).
DEFAULT_MPEGTS = 900_000
#: The largest MPEG-TS time: the field has 33 bits.
MAX_MPEGTS = 2**33 - 1
#: The playlist's name, as webvtt-py writes it.
PLAYLIST = "prog_index.m3u8"
_SEGMENT_FILE = re.compile(r"fileSequence(\d+)\.webvtt")


@dataclass(frozen=True, slots=True)
class Segments:
    """What :func:`segment` wrote.

    Attributes:
        folder: the output folder.
        files: the segment files in order, then the playlist.
        left_out: blocks of the input that no segment holds (NOTE, unparseable).
        stale: segment files in the folder from an earlier, longer run, left as they were.
    """

    folder: str
    files: tuple[str, ...]
    left_out: tuple[Block, ...]
    stale: tuple[str, ...]


#: The most segments one run writes: a day at one second a segment, with room to spare. A cue
#: timed at 999 hours would otherwise have a 75-byte file write 3.6 million files.
MAX_SEGMENTS = 100_000


def planned(doc: Document, folder: str, seconds: int) -> tuple[str, ...]:
    """The files a run of :func:`segment` writes (the segments, then the playlist), counted before any is.

    Raises:
        UsageError: a length below one second, or more than :data:`MAX_SEGMENTS` segments.
    """
    if seconds <= 0:
        raise UsageError(f"`seconds` {seconds}: a segment must be at least one second long")
    last = max((c.end_ms for c in doc.cues), default=0)
    count = max(1, -(-last // (seconds * 1000)))
    if count > MAX_SEGMENTS:
        raise UsageError(f"the last cue ends at {format_vtt(last)}: {count:,} segments of {seconds} s, more than "
                         f"{MAX_SEGMENTS:,}; give longer segments (`seconds`) or fix the times")
    target = Path(folder)
    return (*(str(target / f"fileSequence{i}.webvtt") for i in range(count)), str(target / PLAYLIST))


def segment(doc: Document, folder: str, seconds: int = 10, mpegts: int = DEFAULT_MPEGTS) -> Segments:
    """Write HLS WebVTT segments of ``doc`` and their playlist into ``folder``.

    Each segment is ``fileSequenceN.webvtt`` and starts with
    ``X-TIMESTAMP-MAP=MPEGTS:<mpegts>,LOCAL:00:00:00.000``; the playlist is
    ``prog_index.m3u8``. Every segment is built before any file is written.

    Args:
        doc: a WebVTT document.
        folder: where to write (created when missing).
        seconds: the length of each segment, a whole number above zero.
        mpegts: the MPEG-TS time of local zero, 0 to 2**33 - 1.

    Raises:
        UsageError: not WebVTT, or a bad length or MPEG-TS value.
        SubtitlerError: the folder or a file cannot be written.
    """
    import webvtt
    from webvtt import segmenter

    if doc.format != "vtt":
        raise UsageError("segment needs WebVTT: convert the file first (subtitler convert FILE.srt -o FILE.vtt)")
    planned(doc, folder, seconds)
    if not 0 <= mpegts <= MAX_MPEGTS:
        raise UsageError(f"`mpegts` {mpegts}: must be from 0 to {MAX_MPEGTS} (33 bits)")
    if any(c.start_ms < 0 or c.end_ms < 0 for c in doc.cues):
        raise UsageError("the file has times below zero: shift them to zero or later first")
    captions = [
        webvtt.Caption(format_vtt(c.start_ms), format_vtt(c.end_ms), c.text.split("\n"),
                       identifier=c.id or None, settings=c.settings_text.strip() or None)
        for c in doc.cues
    ]
    styles = [webvtt.Style(b.text.split("\n")[1:]) for b in doc.blocks if b.kind == "style"]
    regions = [webvtt.Region.from_string("\n".join(b.text.split("\n")[1:])) for b in doc.blocks if b.kind == "region"]
    target = Path(folder)
    try:
        os.makedirs(target, exist_ok=True)
        slices: list[list[Any]] = segmenter.slice_segments(captions, seconds)
        segmenter.write_segments(target, slices, mpegts, styles=styles, regions=regions)
        segmenter.write_manifest(target, slices, seconds)
    except OSError as exc:
        raise SubtitlerError(f"cannot write: {exc.strerror}", path=exc.filename or folder) from None
    except ValueError as exc:  # webvtt-py could not write a cue or style back as it reads it
        raise SubtitlerError(f"webvtt-py cannot segment this file: {exc}", path=folder) from None
    files = tuple(str(target / f"fileSequence{i}.webvtt") for i in range(len(slices)))
    stale = tuple(sorted(
        (str(target / name) for name in os.listdir(target)
         if (m := _SEGMENT_FILE.fullmatch(name)) is not None and int(m.group(1)) >= len(slices)),
        key=lambda name: int(_SEGMENT_FILE.search(name).group(1)),  # type: ignore[union-attr]
    ))
    left_out = tuple(b for b in doc.blocks if b.kind in ("note", "invalid"))
    return Segments(str(target), (*files, str(target / PLAYLIST)), left_out, stale)
