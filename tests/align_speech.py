"""Speech with known timings, for the align tests and benchmark.

- **Synthetic**: espeak-ng speaks each sentence (through its library, so that its
  word events give the true start of every word, to the sample); sentences are
  joined with known pauses, light noise, optionally a music-like intro and a
  sentence the transcript does not hold.
- **Real**: the LibriVox recordings of Debian's pocketsphinx-testdata, arranged
  three ways; the true start of speech in each recording was read off its
  spectrogram (``sox … spectrogram``, 1 ms a pixel) once and is written below.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import itertools
import math
import random
import wave
from array import array
from dataclasses import dataclass, field
from pathlib import Path

LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")
#: The five LibriVox recordings, their transcripts (as a newsroom would type them) and where
#: speech starts in each, in ms, read off the spectrogram: the first frame of the first word's energy.
RECORDINGS = (
    ("sense_and_sensibility_01_austen_64kb-0870",
     "And Mister John Dashwood had then leisure to consider how much there might be prudently in his power "
     "to do for them.", 245),
    ("sense_and_sensibility_01_austen_64kb-0880", "He was not an ill disposed young man.", 262),
    ("sense_and_sensibility_01_austen_64kb-0890",
     "Unless to be rather cold hearted and rather selfish is to be ill disposed.", 242),
    ("sense_and_sensibility_01_austen_64kb-0920",
     "Had he married a more a amiable woman, he might have been made still more respectable than he was.", 258),
    ("sense_and_sensibility_01_austen_64kb-0930", "He might even have been made amiable himself.", 275),
)


@dataclass
class Arranged:
    """A WAV file and the truth about it.

    Attributes:
        path: the file.
        starts_ms, ends_ms: when each transcript sentence truly starts and ends.
        words_ms: the true (start, end) of each caption word, per sentence (empty when unknown).
        texts: the sentences, in order.
    """

    path: Path
    starts_ms: list[int]
    ends_ms: list[int]
    texts: list[str]
    words_ms: list[list[tuple[int, int]]] = field(default_factory=list)


def write_wav(path: Path, samples: array[int], rate: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())


def read_wav(path: Path) -> tuple[array[int], int]:
    with wave.open(str(path), "rb") as wav:
        return array("h", wav.readframes(wav.getnframes())), wav.getframerate()


# -- espeak-ng through its library -----------------------------------------------------


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_char * 8)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))
_WORD_EVENT = 1
_SYNCHRONOUS = 2


class Espeak:
    """espeak-ng's library: samples and the sample where each word starts.

    Use :func:`espeak`: the library keeps state between calls (a voice's variant, its buffers),
    so one instance a process, used in the same order, gives the same audio every run.
    """

    def __init__(self) -> None:
        name = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
        self.lib = ctypes.CDLL(name)
        self.rate = self.lib.espeak_Initialize(_SYNCHRONOUS, 0, None, 0)
        if self.rate <= 0:
            raise OSError("espeak-ng did not initialise")
        self._samples: array[int] = array("h")
        self._words: list[tuple[int, int]] = []
        self._callback = _CALLBACK(self._receive)  # kept: the library holds a pointer to it
        self.lib.espeak_SetSynthCallback(self._callback)

    def _receive(self, wav: ctypes._Pointer[ctypes.c_short], count: int,
                 events: ctypes._Pointer[_Event]) -> int:
        if wav and count > 0:
            self._samples.extend(wav[:count])
        index = 0
        while events[index].type != 0:
            if events[index].type == _WORD_EVENT:
                self._words.append((events[index].text_position, events[index].sample))
            index += 1
        return 0

    def say(self, text: str, voice: str, wpm: int = 165) -> tuple[array[int], list[tuple[int, int]]]:
        """The samples of ``text`` and, for each word espeak-ng says, its character position and first sample."""
        self._samples, self._words = array("h"), []
        self.lib.espeak_SetVoiceByName(voice.encode())
        self.lib.espeak_SetParameter(1, wpm, 0)  # espeakRATE
        data = text.encode()
        self.lib.espeak_Synth(data, len(data) + 1, 0, 0, 0, 0, None, None)
        self.lib.espeak_Synchronize()
        return self._samples, self._words


@functools.lru_cache(maxsize=1)
def espeak() -> Espeak:
    """The process's one espeak-ng (raises OSError when its library cannot be loaded)."""
    return Espeak()


def _edges(samples: array[int], threshold: int = 200) -> tuple[int, int]:
    """First and one-past-last sample louder than ``threshold``."""
    first = next((i for i, v in enumerate(samples) if abs(v) > threshold), 0)
    last = next((len(samples) - i for i, v in enumerate(reversed(samples)) if abs(v) > threshold), len(samples))
    return first, last


def _word_times(text: str, samples: array[int], events: list[tuple[int, int]], first: int, last: int,
                rate: int) -> list[tuple[int, int]]:
    """(start, end) sample of each caption word (``text.split()``), from espeak-ng's word events.

    A word starts at the first event inside it and ends where the sound stops before the next
    word starts.
    """
    spans = []
    at = 0
    for word in text.split():
        at = text.index(word, at)
        spans.append((at, at + len(word)))
        at += len(word)
    starts: list[int | None] = []
    for begin, end in spans:
        inside = [sample for position, sample in events if begin <= position - 1 < end]
        starts.append(max(first, min(inside)) if inside else None)
    # espeak-ng says some words as one ("has been", "from the") with one event: share that stretch
    # between them in proportion to their letters.
    starts[0] = first if starts[0] is None else starts[0]
    k = 0
    while k < len(starts):
        run = k + 1
        while run < len(starts) and starts[run] is None:
            run += 1
        if run > k + 1:
            begin, end = starts[k] or first, starts[run] if run < len(starts) else last
            letters = [spans[i][1] - spans[i][0] for i in range(k, run)]
            at = begin
            for i, count in zip(range(k, run), letters):
                starts[i] = at
                at += (end - begin) * count // sum(letters)
        k = run
    bounds = [s if s is not None else first for s in starts] + [last]
    out = []
    for begin, nxt in itertools.pairwise(bounds):
        end = nxt
        silent = 0
        for i in range(nxt - 1, begin, -1):  # walk back over a pause (silence of 20 ms or more)
            if abs(samples[i]) > 200:
                break
            silent += 1
        if silent >= rate // 50:
            end = nxt - silent
        out.append((begin, end))
    return out


def music(ms: int, rate: int, seed: int = 7) -> array[int]:
    """Something like a news sting: three-note chords changing every quarter second, with a tick."""
    rnd = random.Random(seed)
    notes = (220.0, 246.9, 261.6, 293.7, 329.6, 349.2, 392.0, 440.0, 493.9, 523.3)
    out = array("h")
    step = rate // 4
    total = ms * rate // 1000
    for block in range(0, total, step):
        chord = [rnd.choice(notes) for _ in range(3)]
        for j in range(min(step, total - block)):
            t = (block + j) / rate
            envelope = min(1.0, j / (rate / 100)) * math.exp(-j / (rate / 2))
            value = sum(math.sin(2 * math.pi * f * t) + 0.3 * math.sin(4 * math.pi * f * t) for f in chord)
            value = value * envelope * 2500 + rnd.gauss(0, 600) * math.exp(-j / (rate / 40))
            out.append(max(-32767, min(32767, int(value))))
    return out


def add_noise(samples: array[int], level: int, seed: int = 3) -> array[int]:
    """White noise of RMS ``level`` added (a one-second pattern, repeated: cheap and still noise to the ear)."""
    rnd = random.Random(seed)
    pattern = [int(rnd.gauss(0, level)) for _ in range(22050)]
    size = len(pattern)
    return array("h", (max(-32767, min(32767, v + pattern[i % size])) for i, v in enumerate(samples)))


def speak_segment(path: Path, lines: list[tuple[str, str]], pauses_ms: list[int], *, intro_ms: int = 0,
                  extra: tuple[int, str, str] | None = None, noise: int = 120, wpm: int = 165,
                  espeak_engine: Espeak | None = None) -> Arranged:
    """Speak ``lines`` (text, voice) into ``path`` with ``pauses_ms[i]`` before sentence i (i > 0).

    ``extra`` (after index, text, voice) inserts a sentence the transcript does not hold.
    """
    engine = espeak_engine or espeak()
    rate = engine.rate
    audio = music(intro_ms, rate) if intro_ms else array("h")
    starts, ends, words = [], [], []
    for index, (text, voice) in enumerate(lines):
        if index:
            audio.extend(array("h", bytes(2 * (pauses_ms[index] * rate // 1000))))
        samples, events = engine.say(text, voice, wpm)
        first, last = _edges(samples)
        at = len(audio) - first
        starts.append((at + first) * 1000 // rate)
        ends.append((at + last) * 1000 // rate)
        words.append([((at + s) * 1000 // rate, (at + e) * 1000 // rate)
                      for s, e in _word_times(text, samples, events, first, last, rate)])
        audio.extend(samples[first:last])
        if extra is not None and extra[0] == index:
            audio.extend(array("h", bytes(2 * (700 * rate // 1000))))
            spoken, _ = engine.say(extra[1], extra[2], wpm)
            lo, hi = _edges(spoken)
            audio.extend(spoken[lo:hi])
    audio.extend(array("h", bytes(2 * rate // 2)))
    write_wav(path, add_noise(audio, noise) if noise else audio, rate)
    return Arranged(path, starts, ends, [t for t, _ in lines], words)


# -- real speech: LibriVox ---------------------------------------------------------------


def _speech_end_ms(samples: array[int]) -> int:
    """Where the recording's last word fades out: the last 10 ms frame 12 dB above the quietest tenth."""
    frames = [math.sqrt(sum(v * v for v in samples[k:k + 160]) / 160) + 1 for k in range(0, len(samples) - 160, 160)]
    floor = sorted(frames)[len(frames) // 10]
    loud = [k for k, f in enumerate(frames) if f > floor * 4]
    return (loud[-1] + 1) * 10 if loud else len(samples) // 16


def librivox(path: Path, arrangement: str) -> Arranged:
    """The LibriVox recordings in a row, arranged ``padded`` (1.5 s of silence between them),
    ``recorded`` (as recorded, back to back) or ``tight`` (each cut to its speech, 80 ms apart)."""
    audio = array("h")
    starts, ends = [], []
    for name, _text, onset in RECORDINGS:
        samples, rate = read_wav(LIBRIVOX / f"{name}.wav")
        assert rate == 16000
        if arrangement == "tight":
            lead = onset - 30  # keep the breath before the word: cut at its edge, not into it
            end = _speech_end_ms(samples) + 40
            samples = samples[lead * 16:end * 16]
            onset -= lead
            if audio:
                audio.extend(array("h", bytes(2 * 80 * 16)))
        starts.append(len(audio) // 16 + onset)
        ends.append(len(audio) // 16 + _speech_end_ms(samples))
        audio.extend(samples)
        if arrangement == "padded":
            audio.extend(array("h", bytes(2 * 1500 * 16)))
    write_wav(path, audio, 16000)
    return Arranged(path, starts, ends, [text for _, text, _ in RECORDINGS])
