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


# Text of our own in Japanese, one of the lines with FB FC: cp932 reads it as U+9AD9 and writes
# that character back as EE E0, so a rewrite in cp932 would change two bytes.
_CP932 = ("1\n00:00:01,000 --> 00:00:03,500\n会議は午後三時から始まります。\n\n2\n00:00:04,000 --> 00:00:06,500\n"
          ).encode("cp932") + b"\xfb\xfc" + "橋さんが司会をします。\n".encode("cp932")
_ISO2022 = ("1\n00:00:01,000 --> 00:00:03,500\n会議は午後三時から始まります。\n\n2\n00:00:04,000 --> 00:00:06,500\n"
            "高橋さんが司会をします。\n").encode("iso2022_jp")


def test_bytes_a_rewrite_would_change_are_reported_at_their_line_and_column() -> None:
    doc = formats.read(_CP932, "a.srt")
    assert doc.encoding == "cp932" and not doc.exact
    w012 = [f for f in doc.findings if f.code == "W012"]
    assert [(f.line, f.column) for f in w012] == [(7, 1)]
    assert "FB FC" in w012[0].message and "EE E0" in w012[0].message


def test_a_file_whose_bytes_would_change_is_not_rewritten_in_its_encoding() -> None:
    import subtitler

    with pytest.raises(subtitler.SubtitlerError, match="will not rewrite this cp932 file"):
        subtitler.dumps(subtitler.loads(_CP932))


def test_iso_2022_jp_is_read_from_its_escape_sequences_and_written_back_byte_for_byte() -> None:
    import subtitler

    doc = subtitler.loads(_ISO2022)
    assert doc.encoding == "iso2022_jp" and doc.exact
    assert doc.cues[1].text == "高橋さんが司会をします。"
    assert subtitler.dumps(doc) == _ISO2022


def test_a_character_the_encoding_cannot_hold_is_an_error_naming_its_place_not_a_question_mark() -> None:
    from subtitler.errors import SubtitlerError

    with pytest.raises(SubtitlerError, match=r"cp1252 cannot hold '会' \(U\+4F1A\) at line 2, column 3"):
        formats.encode_text("1\nok会\n", "cp1252", False)


def test_a_byte_kept_as_it_was_read_is_written_back_in_any_encoding() -> None:
    # a byte the detected encoding has no character for is kept as a lone surrogate when read
    assert formats.encode_text("Caf\udc81 cr\xe8me\n", "cp1252", False) == b"Caf\x81 cr\xe8me\n"
    assert formats.encode_text("\u4f1a\udc80\n", "cp932", False) == "\u4f1a".encode("cp932") + b"\x80\n"
