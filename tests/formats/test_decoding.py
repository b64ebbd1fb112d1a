"""Bytes to text: BOMs, UTF-8, detected legacy encodings, and binary input."""

from __future__ import annotations

import codecs

import pytest

from subtitler import formats
from subtitler.errors import DecodeError
from subtitler.formats.decoding import decode

SRT = "1\n00:00:01,000 --> 00:00:02,000\nCafé déjà vu, naïve façade, garçon, élève\n"


@pytest.mark.parametrize(("bom", "encoding"), [
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_byte_order_marks_decide_the_encoding(bom: bytes, encoding: str) -> None:
    decoded = decode(bom + SRT.encode(encoding))
    assert (decoded.text, decoded.encoding, decoded.bom) == (SRT, encoding, True)


FRENCH = ("Le président de la République a annoncé mercredi une réforme qui touchera les élèves "
          "des écoles publiques. « Nous réussirons ensemble », a-t-il déclaré devant les députés, "
          "après une journée marquée par des grèves à Paris et à Marseille.")


def test_a_cp1252_srt_is_decoded_and_reported_as_a_warning() -> None:
    text = "".join(f"{i}\n00:00:0{i},000 --> 00:00:0{i},900\n{FRENCH}\n\n" for i in range(1, 6))
    doc = formats.read(text.encode("cp1252"), "x.srt")
    assert doc.cues[0].text == FRENCH
    assert doc.findings[0].code == "W002" and "decoded as" in doc.findings[0].message


def test_a_webvtt_file_that_is_not_utf8_is_an_error_finding() -> None:
    doc = formats.read(("WEBVTT\n\n00:01.000 --> 00:02.000\n" + "Café déjà vu, naïve façade\n" * 5).encode("cp1252"), "x.vtt")
    assert doc.findings[0].code == "E001"


def test_binary_data_is_a_clear_error() -> None:
    with pytest.raises(DecodeError, match="not a text file"):
        decode(bytes(range(256)) * 40, "movie.mp4")


def test_a_written_document_keeps_its_encoding_and_bom() -> None:
    data = codecs.BOM_UTF16_LE + SRT.encode("utf-16-le")
    doc = formats.read(data, "x.srt")
    assert formats.encode(doc, formats.write(doc)) == data


@pytest.mark.parametrize(("text", "encoding"), [
    ("Café crème et naïveté à l'école, où est la bibliothèque", "cp1252"),  # ties with cp1250
    ("Ça va? Très bien, merci.", "cp1252"),  # read as Big5 by the detector alone
    ("A informação e a situação não são boas.", "cp1252"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy", "cp1250"),
    ("Zażółć gęślą jaźń, powiedział Jan.", "cp1250"),
    ("Привет, как дела? Всё хорошо, спасибо.", "cp1251"),
    ("中文字幕測試，這是一個很長的句子，用來檢查編碼的偵測是否正確。今天天氣很好。", "big5"),
])
def test_a_short_legacy_text_is_decoded_to_what_was_written(text: str, encoding: str) -> None:
    data = f"1\n00:00:01,000 --> 00:00:02,000\n{text}\n".encode(encoding)
    assert decode(data).text.splitlines()[-1] == text


def test_a_stray_byte_in_utf8_is_reported_at_its_place_and_kept_not_a_reason_to_guess_cp1250() -> None:
    import subtitler

    data = "1\n00:00:01,000 --> 00:00:02,000\nCafé cr".encode() + b"\xff" + "ème\n".encode()
    doc = subtitler.loads(data)
    assert doc.encoding == "utf-8"
    assert [(f.code, f.line, f.column) for f in doc.findings] == [("W011", 3, 8)]
    assert subtitler.dumps(doc) == data
    assert subtitler.dumps(subtitler.shift(doc, 1000)) == data.replace(b"00:00:01,000 --> 00:00:02,000",
                                                                        b"00:00:02,000 --> 00:00:03,000")
    assert b"Caf\xc3\xa9 cr\xff\xc3\xa8me" in subtitler.dumps(subtitler.convert(doc, "vtt"))


def test_many_bytes_that_are_not_utf8_are_still_read_in_the_encoding_they_are_in() -> None:
    import subtitler

    data = "1\n00:00:01,000 --> 00:00:02,000\nCrème brûlée, très bien, à la carte\n".encode("cp1252")
    assert subtitler.loads(data).encoding == "cp1252"
