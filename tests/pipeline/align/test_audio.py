"""Audio for the aligner: WAV with the standard library, other formats through ffmpeg, read a window at a time."""

from __future__ import annotations

import itertools
import math
import os
import subprocess
import wave
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.errors import AlignError
from subtitler.pipeline.align import audio as audio_module
from subtitler.pipeline.align.audio import SAMPLE_RATE, Audio, _PurePcm
from tests.conftest import require_tool


def _tone(rate: int, seconds: float, hz: float = 440.0, amplitude: int = 12000) -> list[int]:
    return [int(amplitude * math.sin(2 * math.pi * hz * i / rate)) for i in range(int(rate * seconds))]


def _write(path: Path, values: list[int], rate: int, channels: int = 1, width: int = 2) -> Path:
    frames = bytearray()
    for value in values:
        for _ in range(channels):
            if width == 1:
                frames.append((value >> 8) + 128)  # 8-bit WAV is unsigned
            else:
                frames += (value << (8 * (width - 2))).to_bytes(width, "little", signed=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


def _crossings(samples: bytes) -> int:
    values = array("h", samples)
    return sum(1 for a, b in itertools.pairwise(values) if a < 0 <= b)


def test_a_16khz_mono_wav_is_read_in_place(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.wav", _tone(SAMPLE_RATE, 2.0), SAMPLE_RATE)
    with Audio(str(path)) as audio:
        assert audio.converted == ""
        assert audio.duration_ms == 2000
        assert len(audio.read(500, 1500)) == 2 * SAMPLE_RATE
        assert audio.read(1900, 5000) == audio.read(1900, 2000)
        assert audio.read(3000, 4000) == b""


@pytest.mark.parametrize(("rate", "channels", "width"), [(44_100, 2, 2), (22_050, 1, 2), (48_000, 1, 3),
                                                         (8_000, 1, 1), (16_000, 2, 2), (32_000, 1, 4)])
def test_any_integer_pcm_wav_becomes_16khz_mono_with_its_length_and_pitch(tmp_path: Path, rate: int, channels: int,
                                                                         width: int) -> None:
    path = _write(tmp_path / "a.wav", _tone(rate, 3.0), rate, channels, width)
    with Audio(str(path)) as audio:
        assert audio.converted
        assert abs(audio.duration_ms - 3000) <= 2
        samples = audio.read(0, 3000)
    assert abs(_crossings(samples) - 3 * 440) <= 3  # still a 440 Hz tone
    assert max(abs(v) for v in array("h", samples)) > 8000  # and still loud


def test_the_pure_python_conversion_matches_the_standard_library_s(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "a.wav", _tone(44_100, 1.0), 44_100, channels=2)
    with Audio(str(path)) as audio:
        fast = array("h", audio.read(0, 1000))
    monkeypatch.setattr(audio_module, "_pcm", _PurePcm)  # as on Python 3.13, which has no audioop
    with Audio(str(path)) as audio:
        slow = array("h", audio.read(0, 1000))
    assert abs(len(fast) - len(slow)) <= 2
    assert abs(_crossings(fast.tobytes()) - _crossings(slow.tobytes())) <= 1
    assert max(abs(a - b) for a, b in zip(fast[10:-10], slow[10:-10])) < 1500


def test_the_converted_copy_is_removed_when_the_audio_is_closed(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.wav", _tone(22_050, 0.5), 22_050)
    with Audio(str(path)) as audio:
        temp = audio._temp
        assert temp is not None and os.path.exists(temp)
    assert not os.path.exists(temp)


def test_mp3_is_read_through_ffmpeg(tmp_path: Path) -> None:
    ffmpeg = require_tool("ffmpeg", "audio that is not WAV")
    source = _write(tmp_path / "a.wav", _tone(44_100, 2.0), 44_100)
    mp3 = tmp_path / "a.mp3"
    subprocess.run([ffmpeg, "-v", "error", "-i", str(source), str(mp3)], check=True)
    with Audio(str(mp3)) as audio:
        assert audio.converted.startswith("ffmpeg")
        assert abs(audio.duration_ms - 2000) < 100  # an MP3 encoder pads a frame or two
        assert abs(_crossings(audio.read(200, 1200)) - 440) <= 3


def test_without_ffmpeg_a_file_that_is_not_wav_is_an_error_naming_ffmpeg(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.mp3"
    path.write_bytes(b"ID3\x03\x00" + bytes(200))
    monkeypatch.setattr(audio_module.shutil, "which", lambda name: None)
    with pytest.raises(AlignError, match="ffmpeg, which is not installed") as caught:
        Audio(str(path))
    assert caught.value.path == str(path)


def test_a_file_ffmpeg_cannot_read_is_an_error_with_its_reason(tmp_path: Path) -> None:
    require_tool("ffmpeg", "audio that is not WAV")
    path = tmp_path / "notes.txt"
    path.write_text("not audio at all\n")
    with pytest.raises(AlignError, match="ffmpeg cannot read the audio"):
        Audio(str(path))


def test_a_missing_audio_file_is_an_error_with_its_path() -> None:
    with pytest.raises(AlignError, match="no such audio file") as caught:
        Audio("/nonexistent/segment.wav")
    assert str(caught.value).startswith("/nonexistent/segment.wav: ")


@pytest.fixture(scope="module")
def second_and_a_half(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("audio") / "a.wav", _tone(SAMPLE_RATE, 1.5, hz=123.0), SAMPLE_RATE)


@given(st.integers(0, 1500), st.integers(0, 1500), st.integers(0, 1500))
@settings(max_examples=60, deadline=None)
def test_windows_read_back_to_back_are_the_whole(second_and_a_half: Path, a: int, b: int, c: int) -> None:
    first, middle, last = sorted((a, b, c))
    with Audio(str(second_and_a_half)) as audio:
        assert audio.read(first, middle) + audio.read(middle, last) == audio.read(first, last)
