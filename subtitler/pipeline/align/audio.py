"""Audio for the aligner: 16 kHz mono 16-bit samples, read a window at a time.

A WAV file is read with the standard library: one that is already 16 kHz mono
16-bit is read in place; any other WAV (another rate, stereo, 8/24/32-bit) is
converted once, block by block, into a temporary 16 kHz mono file. Other
formats (MP3, MP4, MXF, FLAC…) go through ``ffmpeg`` when it is installed.
Either way memory stays flat: only the window being aligned is ever held.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import subprocess
import tempfile
import wave
from array import array
from types import TracebackType
from typing import Protocol

from subtitler.errors import AlignError

#: The rate the acoustic model was trained on.
SAMPLE_RATE = 16_000
#: Frames converted per block when a WAV file needs resampling (10 s).
_BLOCK_FRAMES = 10 * SAMPLE_RATE


class _Pcm(Protocol):
    """What conversion needs: audioop's functions, or their pure-Python stand-ins."""

    def tomono(self, fragment: bytes, width: int, lfactor: float, rfactor: float) -> bytes: ...

    def lin2lin(self, fragment: bytes, width: int, newwidth: int) -> bytes: ...

    def ratecv(self, fragment: bytes, width: int, nchannels: int, inrate: int, outrate: int,
               state: object, weightA: int = 1, weightB: int = 0) -> tuple[bytes, object]: ...

    def rms(self, fragment: bytes, width: int) -> int: ...



def _pcm() -> _Pcm:
    """audioop where the standard library still has it (3.11, 3.12), else pure Python."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # removed in 3.13; we have a fallback
        try:
            import audioop
        except ImportError:
            return _PurePcm()
    return audioop  # type: ignore[return-value]


class _PurePcm:
    """The few audioop functions conversion needs, in plain Python (slower, same results to within a sample)."""

    @staticmethod
    def _samples(fragment: bytes, width: int) -> list[int]:
        if width == 1:
            return [(b - 256 if b > 127 else b) << 8 for b in fragment]
        return [int.from_bytes(fragment[i:i + width], "little", signed=True) >> (8 * (width - 2))
                for i in range(0, len(fragment) - width + 1, width)]

    def tomono(self, fragment: bytes, width: int, lfactor: float, rfactor: float) -> bytes:
        values = array("h", fragment)
        return array("h", (int(lfactor * a + rfactor * b) for a, b in zip(values[::2], values[1::2]))).tobytes()

    def lin2lin(self, fragment: bytes, width: int, newwidth: int) -> bytes:
        return array("h", self._samples(fragment, width)).tobytes()

    def ratecv(self, fragment: bytes, width: int, nchannels: int, inrate: int, outrate: int,
               state: object, weightA: int = 1, weightB: int = 0) -> tuple[bytes, object]:
        # Linear interpolation; the state carries the position and the last sample across blocks.
        values = array("h", fragment)
        position, last = state if isinstance(state, tuple) else (0.0, values[0] if values else 0)
        step = inrate / outrate
        out = array("h")
        n = len(values)
        while position < n:
            index = int(position)
            frac = position - index
            left = last if index == 0 else values[index - 1]
            out.append(int(left + (values[index] - left) * frac))
            position += step
        return out.tobytes(), (position - n, values[-1] if n else last)

    def rms(self, fragment: bytes, width: int) -> int:
        values = array("h", fragment)
        return int(math.sqrt(sum(v * v for v in values) / len(values))) if values else 0


class Audio:
    """16 kHz mono 16-bit audio on disk; :meth:`read` returns the samples of a window.

    Use as a context manager: a temporary converted copy is removed on exit.

    Attributes:
        source: the path given.
        duration_ms: the length of the audio.
        converted: how the audio was converted ('' when it was read as it is).
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.converted = ""
        self._temp: str | None = None
        path = self._sixteen_khz(source)
        self._wav = wave.open(path, "rb")  # noqa: SIM115 (open for the object's life; close() closes it)
        self._frames = self._wav.getnframes()
        self.duration_ms = self._frames * 1000 // SAMPLE_RATE

    def __enter__(self) -> Audio:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the file and remove the temporary copy, if any."""
        self._wav.close()
        if self._temp is not None:
            with contextlib.suppress(OSError):  # it lives in the temp directory anyway
                os.unlink(self._temp)
            self._temp = None

    def read(self, start_ms: int, end_ms: int) -> bytes:
        """The 16-bit samples from ``start_ms`` to ``end_ms`` (clipped to the audio)."""
        first = max(0, start_ms * SAMPLE_RATE // 1000)
        last = min(self._frames, end_ms * SAMPLE_RATE // 1000)
        if last <= first:
            return b""
        self._wav.setpos(first)
        return self._wav.readframes(last - first)

    # -- conversion ----------------------------------------------------------------------

    def _sixteen_khz(self, source: str) -> str:
        if not os.path.exists(source):
            raise AlignError("no such audio file", path=source)
        try:
            with wave.open(source, "rb") as wav:
                channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
                if (channels, width, rate) == (1, 2, SAMPLE_RATE):
                    return source
                self._temp = _temp_path()
                self.converted = f"{rate} Hz, {channels} channel(s), {8 * width}-bit WAV → 16 kHz mono"
                _convert_wav(wav, self._temp)
                return self._temp
        except (wave.Error, EOFError):  # not a WAV the standard library reads (MP3, MP4, float WAV…)
            pass
        except OSError as exc:
            raise AlignError(f"cannot read the audio: {exc.strerror}", path=source) from None
        return self._ffmpeg(source)

    def _ffmpeg(self, source: str) -> str:
        ffmpeg = shutil.which("ffmpeg")
        if ffmpeg is None:
            raise AlignError("not a 16-bit PCM WAV file; other audio formats (MP3, MP4, MXF…) are read with "
                             "ffmpeg, which is not installed (apt-get install ffmpeg, brew install ffmpeg)",
                             path=source)
        self._temp = _temp_path()
        self.converted = "ffmpeg → 16 kHz mono"
        done = subprocess.run([ffmpeg, "-nostdin", "-v", "error", "-y", "-i", source, "-vn", "-ac", "1",
                               "-ar", str(SAMPLE_RATE), "-acodec", "pcm_s16le", "-f", "wav", self._temp],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            message = (done.stderr.strip().splitlines() or ["no audio stream"])[-1]
            with contextlib.suppress(OSError):  # it lives in the temp directory anyway
                os.unlink(self._temp)
            self._temp = None
            raise AlignError(f"ffmpeg cannot read the audio: {message}", path=source)
        return self._temp


def _temp_path() -> str:
    handle, path = tempfile.mkstemp(prefix="subtitler-align-", suffix=".wav")
    os.close(handle)
    return path


def _convert_wav(wav: wave.Wave_read, target: str) -> None:
    """Stream any integer PCM WAV into a 16 kHz mono 16-bit WAV, a block at a time."""
    pcm = _pcm()
    channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
    state: object = None
    with wave.open(target, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        while True:
            block = wav.readframes(_BLOCK_FRAMES)
            if not block:
                break
            if width == 1:
                block = pcm.lin2lin(_bias8(block), 1, 2)  # 8-bit WAV is unsigned; audioop wants signed
            elif width != 2:
                block = pcm.lin2lin(block, width, 2)
            if channels > 1:
                block = _downmix(pcm, block, channels)
            if rate != SAMPLE_RATE:
                block, state = pcm.ratecv(block, 2, 1, rate, SAMPLE_RATE, state)
            out.writeframes(block)


def _bias8(block: bytes) -> bytes:
    return bytes((b - 128) & 0xFF for b in block)


def _downmix(pcm: _Pcm, block: bytes, channels: int) -> bytes:
    if channels == 2:
        return pcm.tomono(block, 2, 0.5, 0.5)
    samples = array("h", block)  # more than two channels: average them
    return array("h", (sum(samples[i:i + channels]) // channels
                       for i in range(0, len(samples), channels))).tobytes()


#: Samples in one 10 ms frame.
FRAME_SAMPLES = SAMPLE_RATE // 100


def frame_levels(samples: bytes) -> list[float]:
    """The level of each 10 ms frame of 16-bit samples, in dB (0 for digital silence).

    >>> frame_levels(bytes(640))
    [0.0, 0.0]
    """
    pcm = _pcm()
    size = FRAME_SAMPLES * 2
    out = []
    for start in range(0, len(samples) - size + 1, size):
        rms = pcm.rms(samples[start:start + size], 2)
        out.append(20 * math.log10(rms) if rms > 0 else 0.0)
    return out
