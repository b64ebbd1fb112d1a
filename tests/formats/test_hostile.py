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


def test_a_voice_tag_cut_off_at_the_end_of_the_text_names_its_speaker() -> None:
    doc = subtitler.loads("WEBVTT\n\n00:01.000 --> 00:02.000\n<v It's a blue apple tree!")
    assert doc.cues[0].speaker == "It's a blue apple tree!"


_HEAD_VTT = "WEBVTT\n\n00:01.000 --> 00:02.000\n"
_HEAD_SRT = "1\n00:00:01,000 --> 00:00:02,000\n"
#: Shapes that took quadratic time somewhere (200 kB each: seconds before, milliseconds now).
SLOW_SHAPES = {
    "unclosed voice of spaces": _HEAD_VTT + "<v" + " " * 200_000,
    "run of <": _HEAD_VTT + "<" * 200_000,
    "nested tags": _HEAD_VTT + "<b><i>" * 30_000,
    "region tokens": "WEBVTT\n\nREGION\n" + "x\n" * 100_000 + "\n00:01.000 --> 00:02.000\nhi\n",
    "dash line before an arrow": "1\n00:00:01,000 " + "-" * 200_000 + ">\nhi\n",
    "spaces before a bad timing": "1\n" + " " * 200_000 + "1:2 x>\nhi\n",
    "index line of spaces": "1" + " " * 200_000 + "x\n00:00:01,000 --> 00:00:02,000\nhi\n",
    "srt tag without end": _HEAD_SRT + "<" + "a" * 200_000,
}


@pytest.mark.parametrize("text", SLOW_SHAPES.values(), ids=SLOW_SHAPES.keys())
def test_pathological_shapes_are_read_validated_and_converted_in_linear_time(text: str) -> None:
    import time

    began = time.perf_counter()
    doc = subtitler.loads(text)
    subtitler.validate(doc)
    with contextlib.suppress(SubtitlerError):
        subtitler.dumps(subtitler.convert(doc, "srt" if doc.format == "vtt" else "vtt"))
    assert time.perf_counter() - began < 5  # quadratic: minutes


@pytest.mark.parametrize("name", ["srt hours", "vtt character reference", "vtt region lines"])
@pytest.mark.parametrize("command", [["validate"], ["convert", "--to", "vtt"], ["shift", "--by", "1s"]])
def test_the_command_line_answers_hostile_files_without_a_traceback(
        name: str, command: list[str], tmp_path: pytest.TempPathFactory) -> None:
    from typer.testing import CliRunner

    from subtitler.cli import app

    text = HUGE_NUMBERS[name]
    path = tmp_path / ("in.vtt" if text.startswith("WEBVTT") else "in.srt")  # type: ignore[operator]
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, [*command, str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
