"""When each word is spoken, estimated from the text alone.

Speech takes time in proportion to what is *said* (syllables of the spoken form,
see :mod:`subtitler.spoken`) at a broadcast news rate, plus pauses: short at
commas, longer at sentence ends, longer again at paragraph ends and at a
change of speaker. A known duration (``--duration``) or known times of lines
(``--sync LINE=TIME``) fit the estimate: speech stretches a little, pauses take
the rest, as they do in real programmes (music, breaths, hand-overs).

The constants were calibrated on real broadcast caption timings (the PBS NOVA
segments of the project's timing evaluation); see docs/generate.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from subtitler.errors import UsageError
from subtitler.model import Sentence, Turn
from subtitler.spoken import spoken_words, word_syllables

#: Broadcast news reading rate (GUIDELINES.md: 160-180 words a minute, Rodero 2012).
DEFAULT_WPM = 170.0
#: Syllables in an average English word of news copy, to turn words a minute into syllables a second.
SYLLABLES_PER_WORD = 1.45
#: Time of a word beyond its syllables (onsets, stress), in syllables.
WORD_BASE = 0.35
#: Pauses in seconds at the default rate.
PAUSE_COMMA = 0.15
PAUSE_CLAUSE = 0.25  # ; : — and dashes
PAUSE_SENTENCE = 0.45
PAUSE_PARAGRAPH = 0.75
PAUSE_SPEAKER = 0.95
#: How much of a fit to a known duration the speech rate takes (the rest goes to pauses).
SPEECH_SHARE = 0.25
#: Speech is never stretched or squeezed beyond these factors.
SPEECH_LIMITS = (0.8, 1.25)

_CLAUSE = re.compile(r"[;:—–]|--")


@dataclass(frozen=True, slots=True)
class TimingOptions:
    """How to time a transcript.

    Attributes:
        wpm: speaking rate in words a minute (used when ``syllables_per_second`` is None).
        syllables_per_second: speaking rate in syllables a second.
        start_ms: when the first word is spoken.
        duration_ms: the known length of the speech, from its first word to its last.
        sync: known start times of lines, as (line number, milliseconds).
    """

    wpm: float = DEFAULT_WPM
    syllables_per_second: float | None = None
    start_ms: int = 0
    duration_ms: int | None = None
    sync: tuple[tuple[int, int], ...] = ()

    def rate(self) -> float:
        """Syllables a second."""
        if self.syllables_per_second is not None:
            return self.syllables_per_second
        return self.wpm * SYLLABLES_PER_WORD / 60.0


@dataclass(frozen=True, slots=True)
class _Unit:
    """One sentence to time: the weight of each caption word, and the pause before it."""

    words: tuple[str, ...]
    weights: tuple[float, ...]  # seconds of speech per caption word at the reference rate
    inner: tuple[float, ...]  # seconds of pause after each word inside the sentence
    pause_before: float


def _weights(text: str, rate: float) -> tuple[tuple[str, ...], tuple[float, ...], tuple[float, ...]]:
    words = tuple(text.split())
    weights = []
    inner = []
    for word in words:
        said = spoken_words(word)
        syllables = sum(word_syllables(w) for w in said) if said else 0
        weights.append((syllables + (WORD_BASE if said else 0.0)) / rate)
        if word.endswith(","):
            inner.append(PAUSE_COMMA)
        elif _CLAUSE.search(word[-2:]) or word in ("--", "—", "–"):
            inner.append(PAUSE_CLAUSE)
        else:
            inner.append(0.0)
    if inner:
        inner[-1] = 0.0
    return words, tuple(weights), tuple(inner)


def _units(turns: tuple[Turn, ...], rate: float) -> list[_Unit]:
    units = []
    previous: Sentence | None = None
    previous_speaker = ""
    for turn in turns:
        for sentence in turn.sentences:
            if previous is None:
                pause = 0.0
            elif turn.speaker != previous_speaker:
                pause = PAUSE_SPEAKER
            elif sentence.paragraph != previous.paragraph:
                pause = PAUSE_PARAGRAPH
            else:
                pause = PAUSE_SENTENCE
            words, weights, inner = _weights(sentence.text, rate)
            units.append(_Unit(words, weights, inner, pause))
            previous, previous_speaker = sentence, turn.speaker
    return units


def _fit(units: list[_Unit], seconds: float | None, trailing: float = 0.0) -> tuple[float, float]:
    """Factors for speech and for pauses so that the units (and a pause after them) last ``seconds``.

    (1, 1) when the time is unknown.
    """
    speech = sum(sum(u.weights) for u in units)
    pauses = sum(u.pause_before for u in units[1:]) + sum(sum(u.inner) for u in units) + trailing
    if seconds is None or speech <= 0:
        return 1.0, 1.0
    natural = speech + pauses
    low, high = SPEECH_LIMITS
    speech_factor = min(high, max(low, (seconds / natural) ** SPEECH_SHARE))
    if pauses <= 0:
        return seconds / speech, 1.0
    pause_factor = (seconds - speech * speech_factor) / pauses
    if pause_factor < 0.1:  # too little time even for short pauses: squeeze the speech instead
        pause_factor = 0.1
        speech_factor = max(0.05, (seconds - pauses * pause_factor) / speech)
    return speech_factor, pause_factor


def _lay(units: list[_Unit], start_ms: float, speech: float, pause: float) -> list[list[tuple[str, int, int]]]:
    out = []
    clock = start_ms
    for index, unit in enumerate(units):
        if index:
            clock += unit.pause_before * pause * 1000
        words = []
        for word, weight, gap in zip(unit.words, unit.weights, unit.inner):
            begin = clock
            clock += weight * speech * 1000
            words.append((word, round(begin), round(clock)))
            clock += gap * pause * 1000
        out.append(words)
    return out


def _sync_points(turns: tuple[Turn, ...], sync: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Known start times as (sentence index, ms): the first sentence on or after each line."""
    lines = [s.line for t in turns for s in t.sentences]
    points = []
    for line, ms in sorted(sync):
        index = next((i for i, ln in enumerate(lines) if ln >= line), None)
        if index is None:
            raise UsageError(f"--sync {line}=…: the transcript has no speech on or after line {line}")
        points.append((index, ms))
    for (a, ta), (b, tb) in zip(points, points[1:]):
        if a == b or tb <= ta:
            raise UsageError("--sync points must name different lines in the order of time")
    return points


def estimate(turns: tuple[Turn, ...], options: TimingOptions = TimingOptions()) -> tuple[Turn, ...]:
    """Time every sentence and word of ``turns``.

    Returns the same turns with each sentence's ``start_ms``, ``end_ms`` and
    ``words`` (each caption word with its start and end) filled in.

    Raises:
        UsageError: sync points out of order, or a duration that is not positive.
    """
    if options.duration_ms is not None and options.duration_ms <= 0:
        raise UsageError("--duration must be positive")
    units = _units(turns, options.rate())
    if not units:
        return turns
    points = _sync_points(turns, options.sync)
    if not points or points[0][0] != 0:
        points.insert(0, (0, options.start_ms if not points else min(options.start_ms, points[0][1])))
    laid: list[list[tuple[str, int, int]]] = []
    for k, (index, at) in enumerate(points):
        stop = points[k + 1][0] if k + 1 < len(points) else len(units)
        chunk = units[index:stop]
        if k + 1 < len(points):  # up to the next known time, and the pause before it
            speech, pause = _fit(chunk, (points[k + 1][1] - at) / 1000, units[stop].pause_before)
        elif options.duration_ms is not None:
            remaining = options.start_ms + options.duration_ms - at
            speech, pause = _fit(chunk, remaining / 1000) if remaining > 0 else (1.0, 1.0)
        else:
            speech, pause = 1.0, 1.0
        laid.extend(_lay(chunk, at, speech, pause))
    return _apply(turns, laid)


def _apply(turns: tuple[Turn, ...], laid: list[list[tuple[str, int, int]]]) -> tuple[Turn, ...]:
    out = []
    k = 0
    for turn in turns:
        sentences = []
        for sentence in turn.sentences:
            words = laid[k]
            k += 1
            start = words[0][1] if words else 0
            end = words[-1][2] if words else start
            sentences.append(replace(sentence, start_ms=start, end_ms=end, words=tuple(words)))
        out.append(replace(turn, sentences=tuple(sentences)))
    return tuple(out)
