"""Hostile and broken input: no exception but SubtitlerError, findings instead of crashes."""

from __future__ import annotations

import contextlib

import pytest

import subtitler
from subtitler.errors import SubtitlerError

HUGE = "9" * 5000

#: Inputs whose numbers run past Python's 4,300-digit int() limit, one per place that converted them.
HUGE_NUMBERS = {
    "srt hours": f"1\n{HUGE}:00:01,000 --> 00:00:02,000\nhi\n",
    "srt fraction": f"1\n00:00:01,{HUGE} --> 00:00:02,000\nhi\n",
    "srt index": f"{HUGE}\n00:00:01,000 --> 00:00:02,000\nhi\n",
    "vtt character reference": f"WEBVTT\n\n00:01.000 --> 00:02.000\n&#{HUGE};\n",
    "vtt reference in a voice": f"WEBVTT\n\n00:01.000 --> 00:02.000\n<v &#{HUGE};>x\n",
    "vtt timestamp tag": f"WEBVTT\n\n00:01.000 --> 00:02.000\na<{HUGE}:00:00.000>b\n",
    "vtt timing hours": f"WEBVTT\n\n{HUGE}:00:01.000 --> 00:02.000\nhi\n",
    "vtt line setting": f"WEBVTT\n\n00:01.000 --> 00:02.000 line:{HUGE}\nhi\n",
    "vtt region lines": f"WEBVTT\n\nREGION\nid:a lines:{HUGE}\n\n00:01.000 --> 00:02.000 region:a\nhi\n",
    "vtt cue read as srt": f"WEBVTT\n\n1\n{HUGE}:00:01,000 --> 00:00:02,000\nhi\n",
}


@pytest.mark.parametrize("text", HUGE_NUMBERS.values(), ids=HUGE_NUMBERS.keys())
def test_numbers_of_thousands_of_digits_are_read_validated_converted_and_shifted(text: str) -> None:
    doc = subtitler.loads(text)
    subtitler.validate(doc)
    for job in (lambda: subtitler.convert(doc, "srt" if doc.format == "vtt" else "vtt"),
                lambda: subtitler.shift(doc, 1000, negative="clamp")):
        with contextlib.suppress(SubtitlerError):  # a file of no cues cannot be converted: on purpose
            subtitler.dumps(job())


def test_an_srt_timestamp_of_thousands_of_digits_is_a_finding() -> None:
    doc = subtitler.loads(HUGE_NUMBERS["srt hours"])
    assert doc.cues == ()
    assert [f.code for f in doc.findings if f.code.startswith("E")] == ["E110"]


def test_a_reference_of_thousands_of_digits_reads_as_the_replacement_character() -> None:
    from subtitler.formats.cuetext import plain

    assert plain(f"a&#{HUGE};b") == "a\ufffdb"
    assert plain("&#" + "0" * 30 + "65;") == "A"


@pytest.mark.parametrize("value", [HUGE, f"{HUGE}ms", f"1:{HUGE}", "x", "nan"])
def test_offsets_and_factors_that_are_no_numbers_raise_subtitler_errors(value: str) -> None:
    doc = subtitler.loads("1\n00:00:01,000 --> 00:00:02,000\nhi\n")
    with pytest.raises(SubtitlerError):
        subtitler.shift(doc, value)
    with pytest.raises(SubtitlerError):
        subtitler.stretch(doc, value)
    with pytest.raises(SubtitlerError):
        subtitler.stretch(doc, fps=(value, 25))


@pytest.mark.parametrize(("fraction", "ms"), [("5", 500), ("46", 460), ("460", 460), ("4560", 456), ("4565", 457)])
def test_an_srt_fraction_of_any_width_is_a_decimal_fraction_of_a_second(fraction: str, ms: int) -> None:
    doc = subtitler.loads(f"1\n00:00:01,{fraction} --> 00:00:02,000\nhi\n")
    assert doc.cues[0].start_ms == 1000 + ms
