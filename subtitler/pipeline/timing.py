"""When each word is spoken, estimated from the text alone.

Speech takes time in proportion to what is *said* (syllables of the spoken form,
see :mod:`subtitler.pipeline.spoken`) at a broadcast rate, plus pauses: short at commas,
longer at sentence ends, longer again at paragraph ends and at a change of
speaker. A known duration (``--duration``) or known times of lines
(``--sync LINE=TIME``) fit the estimate to each span between known times:

* Time beyond the natural length stretches the speech a little (speakers in
  quieter programmes do speak more slowly) and the rest, the *slack*, goes to
  the pauses in proportion to their natural length: real programmes spend it on
  music, pictures and hand-overs.
* Where in the span the slack lies cannot be read from the text, and it comes
  in a few long silences rather than evenly. So a word's time is taken from the
  known time nearer to it, at the natural pace, and the slack is laid mostly in
  the middle of the span (``4u(1 - u)`` by position ``u``), so that words near
  either known time keep a small error. The longer the span, the more long silences it holds and
  the more evenly they spread, so the shape flattens beyond
  :data:`SLACK_SPAN_S`. A pause just before a known time keeps its plain share.
* Over many minutes the time beyond speech comes with the programme's time, not
  with its number of sentence ends: so each window of :data:`SLACK_WINDOW_S`
  either side of a pause gets a share of the pauses and slack in proportion to
  its speech, and inside the window that share goes to the pauses.
* Time short of the natural length squeezes speech and pauses alike.

Every constant says where its value comes from; docs/timing.md has the
calibration on real broadcast timings (PBS NOVA) and its cross-validation.
"""

from __future__ import annotations

import itertools
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import overload

from subtitler.errors import UsageError
from subtitler.model import Sentence, TimedWords, Turn
from subtitler.pipeline.spoken import spoken_words, word_syllables

#: Broadcast news reading rate (GUIDELINES.md: 160-180 words a minute, Rodero 2012).
DEFAULT_WPM = 170.0
#: Syllables in an average word of broadcast copy, to turn words a minute into syllables a second
#: (measured with :mod:`subtitler.pipeline.spoken`: PBS NOVA narration 1.48, news transcripts 1.56-1.74).
#: 170 words a minute is then 4.1 syllables a second, the rate of uninterrupted speech measured
#: between caption starts in the NOVA segments (4.15, least absolute deviations).
SYLLABLES_PER_WORD = 1.45
#: Pauses in seconds at the default rate. Comma and sentence: near DECtalk's 170 and 500 ms, inside
#: the 200-1360 ms of read speech (GUIDELINES.md). Paragraph and speaker change: longer, calibrated on
#: the NOVA segments. They also weigh the slack, so a change of speaker gets twice a sentence end's
#: share (NOVA's mean extra time there is about three times, 5.1 s against 1.6 s; weighing it so
#: measured no better).
PAUSE_COMMA = 0.15
#: After ; : and dashes (between a comma and a full stop).
PAUSE_CLAUSE = 0.25
#: At the end of a sentence.
PAUSE_SENTENCE = 0.45
#: Between paragraphs of one speaker.
PAUSE_PARAGRAPH = 0.75
#: At a change of speaker.
PAUSE_SPEAKER = 0.95
#: Elasticity of speech time to the known time over the natural time: speech takes ratio**0.25
#: (NOVA segments: speaking rate ~ ratio**-0.32 between uninterrupted caption starts, r = -0.53).
SPEECH_SHARE = 0.25
#: Speech is never stretched or squeezed beyond these factors.
SPEECH_LIMITS = (0.8, 1.25)
#: Natural length of a span, in seconds, up to which the slack is laid by 4u(1 - u); a longer span
#: holds more long silences and gets the flatter (4u(1 - u))**(SLACK_SPAN_S / length). Calibrated on
#: the NOVA segments (3 minutes) and on runs of 2 to 35 of them joined, cross-validated on halves.
SLACK_SPAN_S = 150.0
#: Half-width, in seconds of the span, of the window over which the time beyond speech (pauses and
#: slack) follows the speech: inside it the slack sits at the pauses; from window to window it goes
#: by the speech. NOVA, least squares on windows of the whole programme: over 10 to 30 sentences
#: (46-140 s) windows with more pauses take longer, over 90 (420 s) they do not. 2 x SLACK_SPAN_S:
#: any value from 150 to 600 s beats no window on runs of 24 minutes and more, on the whole
#: programme and on each half of it with the value the other half prefers (docs/timing.md).
SLACK_WINDOW_S = 300.0
#: When the known time is too short even for short pauses, pauses keep this share of their length.
MIN_PAUSE_FACTOR = 0.1

_CLAUSE = re.compile(r"[;:—–]|--")


@dataclass(frozen=True, slots=True)
class TimingOptions:
    """How to time a transcript.

    Attributes:
        wpm: speaking rate in words a minute (default :data:`DEFAULT_WPM`).
        syllables_per_second: speaking rate in syllables a second (instead of ``wpm``).
        start_ms: when the first word is spoken.
        duration_ms: the known length of the speech, from its first word to its last.
        sync: known start times of lines, as (line number, milliseconds).

    Raises:
        UsageError: both rates, or a rate that is not positive.
    """

    wpm: float | None = None
    syllables_per_second: float | None = None
    start_ms: int = 0
    duration_ms: int | None = None
    sync: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        if self.wpm is not None and self.syllables_per_second is not None:
            raise UsageError("give `wpm` or `syllables_per_second`, not both: "
                             "they are two ways to say the speaking rate")
        if (self.wpm is not None and self.wpm <= 0) or (self.syllables_per_second is not None
                                                         and self.syllables_per_second <= 0):
            raise UsageError("the speaking rate must be positive")

    def rate(self) -> float:
        """Syllables a second."""
        if self.syllables_per_second is not None:
            return self.syllables_per_second
        return (self.wpm if self.wpm is not None else DEFAULT_WPM) * SYLLABLES_PER_WORD / 60.0


@dataclass(frozen=True, slots=True)
class _Unit:
    """One sentence to time: the speech of each caption word (its text's ``split()``), and the
    pauses around them. Arrays of floats, not tuples: a float object a word cost four times the text."""

    speech: array[float]  # seconds of speech per caption word at the chosen rate
    inner: array[float]  # seconds of pause after each word inside the sentence
    pause_before: float


def _speech(text: str, rate: float, speech: array[float], inner: array[float]) -> None:
    """Append the speech and the pause after each caption word of ``text``."""
    first = len(inner)
    for word in text.split():
        speech.append(sum(word_syllables(w) for w in spoken_words(word)) / rate)
        if word.endswith(","):
            inner.append(PAUSE_COMMA)
        elif _CLAUSE.search(word[-2:]) or word in ("--", "—", "–"):
            inner.append(PAUSE_CLAUSE)
        else:
            inner.append(0.0)
    if len(inner) > first:
        inner[-1] = 0.0


@dataclass(frozen=True, slots=True)
class _Units:
    """The units of a transcript in a few flat arrays, read as a sequence of :class:`_Unit`: an
    object and two arrays a sentence cost several times the text of a transcript of short sentences.
    A slice is a view of the same arrays."""

    speech: array[float]  # every caption word's speech, sentence after sentence
    inner: array[float]  # the pause after every caption word
    first: array[int]  # where each sentence's words start in those, and their count at the end
    pause_before: array[float]  # each sentence's pause before it
    begin: int = 0
    end: int = -1

    def __len__(self) -> int:
        return (len(self.pause_before) if self.end < 0 else self.end) - self.begin

    @overload
    def __getitem__(self, index: int) -> _Unit: ...
    @overload
    def __getitem__(self, index: slice) -> _Units: ...
    def __getitem__(self, index: int | slice) -> _Unit | _Units:
        span = range(self.begin, self.begin + len(self))[index]
        if isinstance(span, range):
            return replace(self, begin=span.start, end=span.stop)
        a, b = self.first[span], self.first[span + 1]
        return _Unit(self.speech[a:b], self.inner[a:b], self.pause_before[span])

    def __iter__(self) -> Iterator[_Unit]:
        return (self[k] for k in range(len(self)))


def _units(turns: tuple[Turn, ...], rate: float) -> _Units:
    units = _Units(array("d"), array("d"), array("q", [0]), array("d"))
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
            _speech(sentence.text, rate, units.speech, units.inner)
            units.first.append(len(units.inner))
            units.pause_before.append(pause)
            previous, previous_speaker = sentence, turn.speaker
    return units


def _pauses(units: _Units) -> array[float]:
    """The natural pauses of a span in the order they are laid: each unit's pause before it
    (none for the first), then the pause after each of its words."""
    out = array("d")
    for index, unit in enumerate(units):
        out.append(unit.pause_before if index else 0.0)
        out.extend(unit.inner)
    return out


def slack_shape(u: float, exponent: float) -> float:
    """How much of a span's slack a pause at position ``u`` (0 to 1) gets, relative to its length.

    >>> [round(slack_shape(u, 1.0), 2) for u in (0.0, 0.25, 0.5, 1.0)]
    [0.0, 0.75, 1.0, 0.0]
    >>> slack_shape(0.25, 0.0)
    1.0
    """
    inside = min(1.0, max(0.0, u))
    return float((4.0 * inside * (1.0 - inside)) ** exponent)


def _fit(units: _Units, seconds: float | None,
         trailing: float = 0.0) -> tuple[float, Sequence[float], float]:
    """The speech factor, every pause of ``units`` in seconds, and the pause after them, so that
    the units and that pause (the one before the next known time, if any) last ``seconds``.

    Unknown time: the natural timing.
    """
    natural = _pauses(units)
    speech = sum(sum(u.speech) for u in units)
    total = sum(natural) + trailing
    if seconds is None or speech + total <= 0:
        return 1.0, natural, trailing
    if total <= 0:
        return seconds / speech, natural, trailing
    if speech <= 0:  # nothing said (symbols only): the pauses take the time
        scale = seconds / total
        return 1.0, array("d", (p * scale for p in natural)), trailing * scale
    length = speech + total
    low, high = SPEECH_LIMITS
    factor = min(high, max(low, (seconds / length) ** SPEECH_SHARE))
    slack = seconds - speech * factor - total
    if slack < 0:  # less time than natural: every pause shrinks alike
        scale = (seconds - speech * factor) / total
        if scale < MIN_PAUSE_FACTOR:  # too little time even for short pauses: squeeze the speech instead
            scale = MIN_PAUSE_FACTOR
            factor = max(0.05, (seconds - total * scale) / speech)
        return factor, array("d", (p * scale for p in natural)), trailing * scale
    # Where each pause ends in the span (the pause before the next known time excluded), and the
    # speech and the pauses up to it.
    span = speech * factor + total - trailing
    ends: list[float] = []
    said_to, paused_to = [0.0], [0.0]
    slots = iter(natural)
    for unit in units:
        for said in (0.0, *unit.speech):
            pause = next(slots)
            ends.append((ends[-1] if ends else 0.0) + said * factor + pause)
            said_to.append(said_to[-1] + said)
            paused_to.append(paused_to[-1] + pause)
    exponent = min(1.0, SLACK_SPAN_S / length)
    beyond = (slack + total) / speech  # time beyond speech a second of speech, over the span
    weights = array("d")
    for p, end in zip(natural, ends):
        if p > 0:  # the window's pauses take its share of the time beyond speech, less their own length
            low, high = bisect_left(ends, end - SLACK_WINDOW_S), bisect_right(ends, end + SLACK_WINDOW_S)
            near = paused_to[high] - paused_to[low]
            p *= max(0.0, beyond * (said_to[high] - said_to[low]) - near) / near * slack_shape(end / span, exponent)
        weights.append(p)
    if sum(weights) <= 0:  # every pause at an end of the span: share the slack plainly
        weights = natural
    inside = sum(weights)
    if inside <= 0:  # the only pause is the one before the next known time
        return factor, natural, trailing + slack
    share = trailing / total  # the pause before a known time keeps its plain share of the slack
    pauses = array("d", (p + slack * (1.0 - share) * w / inside for p, w in zip(natural, weights)))
    return factor, pauses, trailing + slack * share


def _lay(units: _Units, start_ms: float, factor: float, pauses: Sequence[float]) -> Iterator[array[int]]:
    """Each unit's word times in turn: the start and end of each word."""
    clock = start_ms
    slots = iter(pauses)
    for unit in units:
        clock += next(slots) * 1000
        times = array("q")
        for speech in unit.speech:
            times.append(round(clock))
            clock += speech * factor * 1000
            times.append(round(clock))
            clock += next(slots) * 1000
        yield times


def _sync_points(turns: tuple[Turn, ...], sync: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Known start times as (sentence index, ms): the first sentence on or after each line."""
    lines = [s.line for t in turns for s in t.sentences]
    points = []
    for line, ms in sorted(sync):
        if line < 1:
            raise UsageError(f"`sync` {line}=…: lines are numbered from 1")
        index = next((i for i, ln in enumerate(lines) if ln >= line), None)
        if index is None:
            raise UsageError(f"`sync` {line}=…: the transcript has no speech on or after line {line}")
        points.append((index, ms))
    for (a, ta), (b, tb) in itertools.pairwise(points):
        if a == b or tb <= ta:
            raise UsageError("`sync` points must name different lines in the order of time")
    return points


def estimate(turns: tuple[Turn, ...], options: TimingOptions = TimingOptions()) -> tuple[Turn, ...]:
    """Time every sentence and word of ``turns``.

    Returns the same turns with each sentence's ``start_ms``, ``end_ms`` and
    ``words`` (each caption word with its start and end) filled in.

    Raises:
        UsageError: sync points out of order, or a duration that is not positive.
    """
    if options.duration_ms is not None and options.duration_ms <= 0:
        raise UsageError("`duration_ms` must be positive")
    if options.start_ms < 0:
        raise UsageError("`start_ms` must not be below zero: captions cannot start before the programme")
    units = _units(turns, options.rate())
    if not units:
        return turns
    points = _sync_points(turns, options.sync)
    if points and points[0][1] < options.start_ms:
        first, start = points[0][1] / 1000, options.start_ms / 1000
        raise UsageError(f"`sync` time {first:g}s is before the `start_ms` time {start:g}s")
    if not points or points[0][0] != 0:
        points.insert(0, (0, options.start_ms))
    return _apply(turns, itertools.chain.from_iterable(_spans(units, points, options)))


def _spans(units: _Units, points: list[tuple[int, int]], options: TimingOptions) -> Iterator[Iterator[array[int]]]:
    """The word times of each span between known times, laid when they are read (a sentence's times
    go into its words as they come, not all of them held first)."""
    for k, (index, at) in enumerate(points):
        stop = points[k + 1][0] if k + 1 < len(points) else len(units)
        chunk = units[index:stop]
        if k + 1 < len(points):  # up to the next known time, and the pause before it
            factor, pauses, _ = _fit(chunk, (points[k + 1][1] - at) / 1000, units[stop].pause_before)
        elif options.duration_ms is not None:
            remaining = options.start_ms + options.duration_ms - at
            factor, pauses, _ = _fit(chunk, remaining / 1000 if remaining > 0 else None)
        else:
            factor, pauses, _ = _fit(chunk, None)
        yield _lay(chunk, at, factor, pauses)


def _apply(turns: tuple[Turn, ...], laid: Iterator[array[int]]) -> tuple[Turn, ...]:
    out = []
    for turn in turns:
        sentences = []
        for sentence in turn.sentences:
            times = next(laid)
            start = times[0] if times else 0
            end = times[-1] if times else start
            sentences.append(replace(sentence, start_ms=start, end_ms=end, words=TimedWords(sentence.text, times)))
        out.append(replace(turn, sentences=tuple(sentences)))
    return tuple(out)
