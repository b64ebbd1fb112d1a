"""Guardrails: which aligned sentences to trust, and what to do with the rest.

Broadcast audio often holds what the transcript does not (a music bed, a sound
bite, an advert) and a transcript sometimes holds what was not said. The aligner
sets such sound aside, but a sentence it placed is still only trusted when:

- its **confidence** (how well the audio matches its words, from the acoustic
  score a frame) is high enough, and
- its **speech rate** and **word durations** are plausible for speech.

A sentence that fails keeps its text-only estimate, re-laid between its aligned
neighbours (:func:`fill`), and becomes a Finding with its line and time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from subtitler import rules
from subtitler.model import Finding, Sentence
from subtitler.pipeline.align.aligner import Placed, Sound
from subtitler.pipeline.spoken import spoken_words, syllables, word_syllables
from subtitler.timecode import format_vtt

#: Mean log-likelihood a frame at or above which confidence is 1 (matched speech scores about -1).
CONFIDENT_SCORE = -1.0
#: Confidence falls by a factor e for every this much lower score a frame.
SCORE_SPAN = 2.0
#: Sentences below this confidence keep the estimate.
MIN_CONFIDENCE = 0.4
#: Plausible speech, in syllables a second of spoken words (news reads at 4-6; 2 is a slow drawl).
MIN_RATE = 1.5
MAX_RATE = 10.0
#: The rate check needs this many syllables to mean anything.
RATE_MIN_SYLLABLES = 4
#: The longest plausible word: this much, plus this much a syllable.
WORD_BASE_MS = 700
WORD_SYLLABLE_MS = 350
#: Sound before the first sentence shorter than this is not worth a note.
MIN_INTRO_MS = 1000


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an aligned sentence is trusted.

    Attributes:
        confidence: 0 to 1, from the acoustic score.
        code: '' when trusted, else the finding code.
        reason: why not, for the finding.
    """

    confidence: float
    code: str = ""
    reason: str = ""


def confidence(score: float) -> float:
    """Confidence 0-1 from a mean log-likelihood a frame.

    >>> confidence(-0.8), confidence(-3.0)
    (1.0, 0.368)
    """
    return round(min(1.0, math.exp((score - CONFIDENT_SCORE) / SCORE_SPAN)), 3)


def judge(sentence: Sentence, placed: Placed) -> Verdict:
    """Whether to trust where the aligner put ``sentence``."""
    sure = confidence(placed.score)
    if sure < MIN_CONFIDENCE:
        return Verdict(sure, "W511", f"confidence {sure:.2f} is below {MIN_CONFIDENCE}")
    words = sentence.text.split()
    spoken_ms = sum(end - start for start, end in placed.words)
    count = syllables(sentence.text)
    if count >= RATE_MIN_SYLLABLES and spoken_ms > 0:
        rate = count / (spoken_ms / 1000)
        if not MIN_RATE <= rate <= MAX_RATE:
            return Verdict(sure, "W512", f"{rate:.1f} syllables a second is outside {MIN_RATE}-{MAX_RATE}")
    for word, (start, end) in zip(words, placed.words):
        said = sum(word_syllables(w) for w in spoken_words(word))
        limit = WORD_BASE_MS + WORD_SYLLABLE_MS * said
        if end - start > limit:
            return Verdict(sure, "W512", f"'{word}' lasts {end - start} ms (at most {limit} ms is plausible)")
    return Verdict(sure)


def not_found(sentence: Sentence) -> Finding:
    """The finding for a sentence the aligner could not place."""
    return rules.make("W513", sentence.line, 0, f"not found in the audio; kept the text-only estimate "
                      f"(now {format_vtt(sentence.start_ms)})")


def distrusted(sentence: Sentence, verdict: Verdict) -> Finding:
    """The finding for a sentence the guard did not trust (``sentence`` as re-laid)."""
    return rules.make(verdict.code, sentence.line, 0, f"aligned audio not trusted ({verdict.reason}); kept the "
                      f"text-only estimate (now {format_vtt(sentence.start_ms)})")


def sound_findings(sounds: Sequence[Sound], timed: Sequence[Sentence],
                   trusted: Sequence[Sentence | None]) -> list[Finding]:
    """Findings for sound the transcript does not hold: an intro, and sound between sentences.

    Only sound between two sentences that were both aligned is reported: next to a
    sentence that was not, the sound is most likely that sentence.
    """
    out = []
    for sound in sounds:
        span = f"{format_vtt(sound.start_ms)}-{format_vtt(sound.end_ms)}"
        seconds = (sound.end_ms - sound.start_ms) / 1000
        before = trusted[sound.after] if sound.after >= 0 else None
        after = trusted[sound.after + 1] if sound.after + 1 < len(trusted) else None
        if sound.after < 0 and after is not None and seconds * 1000 >= MIN_INTRO_MS:
            out.append(rules.make("I521", after.line, 0, f"speech starts at {format_vtt(after.start_ms)}: "
                                  f"{seconds:.1f} s of sound before it ({span}) is not in the transcript"))
        elif before is not None and after is not None:
            out.append(rules.make("W514", after.line, 0,
                                  f"{seconds:.1f} s of sound before this line ({span}) is not in the transcript"))
        elif before is not None and sound.after + 1 == len(trusted):
            out.append(rules.make("W514", before.line, 0,
                                  f"{seconds:.1f} s of sound after this line ({span}) is not in the transcript"))
    return out


def fill(estimates: Sequence[Sentence], aligned: Sequence[Sentence | None], offset_ms: int = 0) -> list[Sentence]:
    """Every sentence timed: the aligned ones as they are, the others from the estimate.

    A run of sentences without audio times is re-laid by mapping its estimated
    times linearly onto the gap between its aligned neighbours (the end of the one
    before, the start of the one after); with a neighbour on one side only, it
    keeps the estimate's durations and pauses, anchored to that side.

    >>> est = [Sentence("a", 1, start_ms=0, end_ms=1000), Sentence("b", 2, start_ms=1500, end_ms=2500),
    ...        Sentence("c", 3, start_ms=3000, end_ms=4000)]
    >>> got = fill(est, [replace(est[0], start_ms=100, end_ms=900), None,
    ...                  replace(est[2], start_ms=5900, end_ms=6500)])
    >>> (got[1].start_ms, got[1].end_ms)
    (2150, 4650)
    """
    out: list[Sentence] = []
    index = 0
    while index < len(estimates):
        if aligned[index] is not None:
            out.append(aligned[index])  # type: ignore[arg-type]
            index += 1
            continue
        stop = index
        while stop < len(estimates) and aligned[stop] is None:
            stop += 1
        before = aligned[index - 1] if index else None
        after = aligned[stop] if stop < len(estimates) else None
        mapping = _mapping(estimates, index, stop, before, after, offset_ms)
        for sentence in estimates[index:stop]:
            words = tuple((w, mapping(s), mapping(e)) for w, s, e in sentence.words)
            out.append(replace(sentence, start_ms=mapping(sentence.start_ms), end_ms=mapping(sentence.end_ms),
                               words=words, source="estimate", confidence=None))
        index = stop
    return out


def _mapping(estimates: Sequence[Sentence], index: int, stop: int, before: Sentence | None,
             after: Sentence | None, offset_ms: int) -> _Map:
    if before is not None and after is not None:
        low, high = estimates[index - 1].end_ms, estimates[stop].start_ms
        scale = (after.start_ms - before.end_ms) / (high - low) if high > low else 0.0
        return _Map(low, before.end_ms, max(0.0, scale))
    if before is not None:
        return _Map(estimates[index - 1].end_ms, before.end_ms, 1.0)
    if after is not None:
        anchor = estimates[stop].start_ms
        shift = after.start_ms - anchor
        earliest = estimates[index].start_ms + shift
        if earliest < offset_ms:  # the estimate does not fit before the first aligned sentence: squeeze it in
            span = anchor - estimates[index].start_ms
            scale = (after.start_ms - offset_ms) / span if span > 0 else 0.0
            return _Map(estimates[index].start_ms, offset_ms, max(0.0, scale))
        return _Map(anchor, after.start_ms, 1.0)
    return _Map(estimates[0].start_ms, offset_ms + estimates[0].start_ms, 1.0)


@dataclass(frozen=True, slots=True)
class _Map:
    """t → to + (t - origin) × scale, rounded to a millisecond."""

    origin: int
    to: int
    scale: float

    def __call__(self, ms: int) -> int:
        return self.to + round((ms - self.origin) * self.scale)
