"""Bytes to text: byte order marks, UTF-8, and detection of everything else.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded directly. Any
other bytes are handed to charset-normalizer, decoded with what it detects, and
reported, because a player will not guess the same. Bytes that are not text at
all raise :class:`~subtitler.errors.DecodeError`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from subtitler.errors import DecodeError

#: BOMs in the order they must be tested (UTF-32 LE starts with the UTF-16 LE BOM).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Share of control characters above which bytes are taken for binary data.
_BINARY_SHARE = 0.10
#: How much of the input the binary test looks at.
_SNIFF = 65_536
_TEXT_CONTROLS = frozenset(b"\t\n\r\f")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, and how.

    Attributes:
        text: the text, without its BOM.
        encoding: codec name (``utf-8``, ``utf-16-le``, ``cp1252`` …).
        bom: whether the bytes started with a byte order mark.
        detected: True when the encoding was guessed, not known from a BOM or valid UTF-8.
        stray: where bytes that are not text in the encoding stand, as (line, column, byte);
            each is kept in the text as a lone surrogate (``surrogateescape``), so that
            writing the text back gives the byte again.
        change: None when the text encoded again gives the bytes it came from; else where it
            would not (line, column, the bytes read, the bytes a rewrite would write). Some
            legacy multi-byte encodings have two byte sequences for one character.
    """

    text: str
    encoding: str
    bom: bool
    detected: bool
    stray: tuple[tuple[int, int, int], ...] = ()
    change: tuple[int, int, bytes, bytes] | None = None


def _control_share(data: bytes) -> float:
    sample = data[:_SNIFF]
    if not sample:
        return 0.0
    controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
    return controls / len(sample)


def decode(data: bytes, path: str | None = None) -> Decoded:
    """Decode subtitle or transcript bytes.

    Args:
        data: the raw bytes.
        path: the file name, for error messages.

    Raises:
        DecodeError: the bytes are not text (binary data, or no encoding fits).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(encoding), encoding, True, False)
            except UnicodeDecodeError as exc:
                at = exc.start + len(bom)
                line_start = data.rfind(b"\n", 0, at) + 1
                raise DecodeError(
                    f"not valid {encoding} after its byte order mark (byte {at})", path=path,
                    line=data.count(b"\n", 0, at) + 1, column=at - line_start + 1,
                ) from None
    if _ISO2022.search(data[:_SNIFF]) is not None and data.isascii():
        try:
            return _checked(data.decode("iso2022_jp"), "iso2022_jp", data, detected=True)
        except UnicodeDecodeError:
            pass
    binary_like = _control_share(data) > _BINARY_SHARE
    if not binary_like:
        try:
            return Decoded(data.decode("utf-8"), "utf-8", False, False)
        except UnicodeDecodeError:
            pass
        mostly = _mostly_utf8(data)
        if mostly is not None and any(ord(c) >= 0x80 and not _STRAY_LOW <= ord(c) <= _STRAY_HIGH
                                      for c in mostly.text):
            return mostly  # UTF-8 with a few bad bytes: not a reason to read it all in another encoding
    try:
        return _detect(data, path, binary_like)
    except DecodeError:
        mostly = _mostly_utf8(data) if not binary_like else None
        if mostly is None:
            raise
        return mostly  # ASCII with a stray byte or two


#: The lone surrogates ``surrogateescape`` puts for bytes 0x80-0xFF that are not UTF-8.
_STRAY_LOW, _STRAY_HIGH = 0xDC80, 0xDCFF
#: At most this many bad bytes, and one for every this many good non-ASCII characters.
_STRAY_MOST, _STRAY_EVERY = 3, 20
_STRAY = re.compile("[\udc80-\udcff]")


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text with a few bytes that are not UTF-8, kept as lone surrogates, or None."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = [m.start() for m in _STRAY.finditer(text)]
    good = sum(1 for c in text if ord(c) >= 0x80) - len(stray)
    if len(stray) > max(_STRAY_MOST, good // _STRAY_EVERY):
        return None
    return Decoded(text, "utf-8", False, False, _places(text, stray))


#: The legacy encoding of most subtitle files in Western European languages.
_WESTERN = "cp1252"
#: Codec name prefixes of single-byte encodings (the others are multi-byte).
_SINGLE_BYTE = ("cp12", "cp8", "cp7", "cp4", "iso8859", "mac", "koi8", "latin", "hp", "tis", "ptcp", "kz")
#: Three non-ASCII characters in a row: not accented letters of Latin words (at most two, "ção").
_FOREIGN_RUN = re.compile(r"[^\x00-\x7f]{3}")


def _reads_as_latin_words(data: bytes) -> bool:
    """Whether Windows-1252 reads every non-ASCII byte as a letter, none more than two in a row."""
    try:
        text = data.decode(_WESTERN)
    except UnicodeDecodeError:
        return False
    foreign = [c for c in text if ord(c) > 0x7F]
    return bool(foreign) and all(c.isalpha() for c in foreign) and _FOREIGN_RUN.search(text) is None


def _detect(data: bytes, path: str | None, binary_like: bool) -> Decoded:
    from charset_normalizer import from_bytes  # slow import: only for non-UTF-8 input

    results = from_bytes(data)
    best = results.best()
    if best is None or best.encoding is None:
        raise DecodeError("not a text file (no text encoding fits its bytes)", path=path)
    encoding = codecs.lookup(best.encoding).name
    if encoding != _WESTERN and _reads_as_latin_words(data):
        # On a short text the detector often ties Windows-1252 with its Central European and Baltic
        # cousins (it then takes the first), or even reads accented letters as halves of CJK
        # characters. Windows-1252 wins a tie, and beats a multi-byte reading outright, when its
        # reading is accented letters of Latin words.
        western = next((m for m in results if codecs.lookup(m.encoding).name == _WESTERN), None)
        tie = western is not None and (western.chaos, -western.coherence) <= (best.chaos, -best.coherence)
        if tie or not encoding.startswith(_SINGLE_BYTE):
            encoding = _WESTERN
    text = data.decode(encoding, errors="surrogateescape")
    if binary_like and not encoding.startswith(("utf-16", "utf-32")):
        raise DecodeError("not a text file (binary data)", path=path)
    if text.count("\x00") > len(text) * _BINARY_SHARE:
        raise DecodeError("not a text file (binary data)", path=path)
    return _checked(text, encoding, data, detected=True)


#: The escape sequences of ISO-2022-JP (JIS X 0208, JIS X 0212, JIS-Roman): 7-bit Japanese text.
_ISO2022 = re.compile(rb"\x1b(?:\$[@B]|\$\(D|\(J)")


def _checked(text: str, encoding: str, data: bytes, *, detected: bool) -> Decoded:
    """Decoded text, with its stray bytes and the first place a rewrite would not give its bytes again."""
    stray = _places(text, [m.start() for m in _STRAY.finditer(text)])
    again = text.encode(encoding, errors="surrogateescape")
    change = None if again == data else _first_change(text, encoding, data, again)
    return Decoded(text, encoding, False, detected, stray, change)


def _places(text: str, stray: list[int]) -> tuple[tuple[int, int, int], ...]:
    """Each stray byte's (line, column, byte), counting lines once from the start."""
    places = []
    line, line_start, counted = 1, 0, 0
    for at in stray:
        line += text.count("\n", counted, at)
        counted = at
        line_start = max(line_start, text.rfind("\n", line_start, at) + 1)
        places.append((line, at - line_start + 1, ord(text[at]) - 0xDC00))
    return tuple(places)


def _first_change(text: str, encoding: str, data: bytes, again: bytes) -> tuple[int, int, bytes, bytes]:
    """Where ``text`` encoded again first differs from ``data``: line, column and both byte runs."""
    lines = text.split("\n")
    old = data.split(b"\n")
    stateful = encoding.startswith("iso2022")  # escape sequences: a character's bytes depend on those before
    if len(old) == len(lines):  # an ASCII-compatible encoding: compare line by line
        for number, (line, raw) in enumerate(zip(lines, old, strict=True), 1):
            if line.encode(encoding, errors="surrogateescape") == raw:
                continue
            pos = 0
            for column, char in enumerate(line, 1):
                new = char.encode(encoding, errors="surrogateescape")
                if not stateful and raw[pos:pos + len(new)] != new:
                    return number, column, raw[pos:pos + len(new)], new
                pos += len(new)
            return number, 0, raw[:8], line.encode(encoding, errors="surrogateescape")[:8]
    at = next((i for i, (a, b) in enumerate(zip(data, again)) if a != b), min(len(data), len(again)))
    return data.count(b"\n", 0, at) + 1, 0, data[at:at + 2], again[at:at + 2]
