"""Subtitle formats: one reader and one writer per format, registered in a table.

:func:`read` turns bytes into a :class:`~subtitler.model.Document` (decoding
included); :func:`write` turns a document into text and :func:`encode` into the
bytes of a file.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import re
from typing import TYPE_CHECKING, Any

from subtitler.errors import SubtitlerError, UsageError
from subtitler.formats.decoding import Decoded, decode

if TYPE_CHECKING:
    from subtitler.model import Document, Format

#: The module of each format; imported on first use, so that commands that only look at a
#: file's name or re-encode text (a retime's fast path) do not load the parsers.
MODULES = {"srt": "subtitler.formats.srt", "vtt": "subtitler.formats.vtt", "ttml": "subtitler.formats.ttml",
           "scc": "subtitler.formats.scc"}
READERS = WRITERS = MODULES  # the formats that can be read and written


def _module(kind: str) -> Any:
    return importlib.import_module(MODULES[kind])


def parse(kind: str, text: str) -> Document:
    """Read decoded text of format ``kind`` (no decoding, no encoding findings)."""
    doc: Document = _module(kind).read(text)
    return doc
#: File extensions by format.
EXTENSIONS = {".srt": "srt", ".vtt": "vtt", ".webvtt": "vtt", ".ttml": "ttml", ".dfxp": "ttml", ".scc": "scc"}
#: The formats broadcasters take, read and written through a Document of plain cue text (formats.broadcast).
BROADCAST = ("ttml", "scc")
#: The first line of a Scenarist SCC file.
SCC_SIGNATURE = b"Scenarist_SCC V1.0"


def format_of(path: str | None, data: bytes | None = None) -> Format:
    """The format a file is in: from its extension, else from its first bytes.

    >>> format_of("a.VTT"), format_of(None, b"1\\n00:00:01,000 --> 00:00:02,000\\n")
    ('vtt', 'srt')
    """
    if path:
        ext = os.path.splitext(path)[1].lower()
        if ext in EXTENSIONS:
            return EXTENSIONS[ext]  # type: ignore[return-value]
    if data is not None:
        head = data.lstrip(b"\xef\xbb\xbf")
        if head[:6] == b"WEBVTT":
            return "vtt"
        if head[:len(SCC_SIGNATURE)] == SCC_SIGNATURE:
            return "scc"
        if head.lstrip()[:1] == b"<" and b"http://www.w3.org/ns/ttml" in head[:SNIFF_BYTES]:
            return "ttml"
    return "srt"


#: A timing line, SRT or WebVTT ("00:00:01,000 --> 00:00:02,000", "01:02.500 --> ..."): only subtitles have one.
_TIMING_LINE = re.compile(rb"^\s*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}\s*-->", re.MULTILINE)
#: How much of a file is looked at to tell a subtitle file from a transcript.
SNIFF_BYTES = 4096


def looks_like_subtitles(data: bytes) -> bool:
    """Whether bytes are an SRT or WebVTT file: a WebVTT signature or a timing line near the start.

    >>> looks_like_subtitles(b"Good evening."), looks_like_subtitles(b"1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n")
    (False, True)
    """
    head = data[:SNIFF_BYTES]
    if format_of(None, head) in BROADCAST:
        return True
    return head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT") or _TIMING_LINE.search(head) is not None


def read(data: bytes, path: str | None = None, fmt: str | None = None) -> Document:
    """Read subtitle bytes into a Document.

    Args:
        data: the file's bytes.
        path: its name (for the format and for error messages).
        fmt: ``srt``, ``vtt``, ``ttml`` or ``scc``; guessed from ``path`` and the bytes when None.

    Raises:
        DecodeError: the bytes are not text.
        NotSubtitleError: a WebVTT file without the WebVTT signature.
    """
    kind = kind_of(data, path, fmt)
    return read_decoded(decode(data, path), kind, path)


def kind_of(data: bytes, path: str | None, fmt: str | None) -> str:
    """The format to read ``data`` as: ``fmt`` when given, else guessed.

    Raises:
        UsageError: ``fmt`` names no format.
    """
    kind = fmt or format_of(path, data)
    if kind not in READERS:
        raise UsageError(f"unknown subtitle format {kind!r} (srt, vtt, ttml or scc)")
    return kind


def read_decoded(decoded: Decoded, kind: str, path: str | None = None) -> Document:
    """Read decoded subtitle text (see :func:`read`); the encoding is reported as a finding."""
    from subtitler import rules

    try:
        doc = parse(kind, decoded.text)
    except SubtitlerError as exc:
        raise exc.with_path(path or "-") from None
    encoding = "UTF-8" if decoded.encoding == "utf-8" else decoded.encoding
    extra = [rules.make("W011", line, column, f"byte 0x{byte:02X} is not {encoding}: kept as it is")
             for line, column, byte in decoded.stray]
    if decoded.change is not None:
        line, column, was, again = decoded.change
        extra.append(rules.make("W012", line, column, f"{decoded.encoding} bytes {was.hex(' ').upper()} would be "
                                f"written back as {again.hex(' ').upper()}: rewriting the text in "
                                f"{decoded.encoding} would change them"))
    if decoded.encoding != "utf-8":
        if kind == "vtt":
            extra.append(rules.make("E001", 0, 0, f"WebVTT must be UTF-8; decoded as {decoded.encoding}"))
        else:
            how = "detected" if decoded.detected else "from its byte order mark"
            extra.append(rules.make("W002", 0, 0, f"not UTF-8: decoded as {decoded.encoding} ({how})"))
    if kind in BROADCAST:  # written back as UTF-8 whatever they came in: TTML declares it, SCC is ASCII
        decoded = dataclasses.replace(decoded, encoding="utf-8", bom=False)
    return dataclasses.replace(
        doc, encoding=decoded.encoding, bom=decoded.bom, findings=tuple(extra) + doc.findings,
        exact=decoded.change is None,
    )


def write(doc: Document, fmt: str | None = None) -> str:
    """Write a Document as text in ``fmt`` (default: the document's own format)."""
    kind = fmt or doc.format
    if kind not in WRITERS:
        raise UsageError(f"unknown subtitle format {kind!r} (srt, vtt, ttml or scc)")
    text: str = _module(kind).write(doc)
    return text


def encode(doc: Document, text: str) -> bytes:
    """The bytes of a file holding ``text``, in the document's encoding and with its BOM.

    Raises:
        SubtitlerError: the document was read from bytes that its encoding does not give back
            (finding W012), or ``text`` holds a character the encoding cannot hold.
    """
    if not doc.exact:
        raise SubtitlerError(f"will not rewrite this {doc.encoding} file: some of its bytes would come back "
                             "as other bytes (W012); `subtitler fix` writes it as UTF-8, and shift, stretch "
                             "and sync keep its bytes")
    return encode_text(text, doc.encoding, doc.bom)


def encode_text(text: str, encoding: str, bom: bool) -> bytes:
    """The bytes of ``text`` in ``encoding``, after a byte order mark when ``bom``.

    Bytes that were not text in the encoding they were read in (kept as lone surrogates) are
    written back as they were.

    Raises:
        SubtitlerError: ``text`` holds a character that ``encoding`` cannot hold.
    """
    try:
        data = text.encode(encoding, errors="surrogateescape")
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start]
        line = exc.object.count("\n", 0, exc.start) + 1
        column = exc.start - exc.object.rfind("\n", 0, exc.start)
        raise SubtitlerError(f"{encoding} cannot hold {char!r} (U+{ord(char):04X}) at line {line}, column "
                             f"{column}: write the file as UTF-8 (`subtitler fix`)") from None
    if bom:
        data = "\ufeff".encode(encoding) + data
    return data
