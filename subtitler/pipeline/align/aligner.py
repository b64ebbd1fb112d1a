"""Forced alignment with pocketsphinx, a window of audio at a time.

Each window holds about a minute of transcript and the audio it should take. Its
text becomes a finite-state grammar (pocketsphinx's ``Decoder`` with no language
model, words in frames of 10 ms), built the way ``set_align_text`` builds one, plus
what broadcast audio needs:

- a **silence token between sentences** (likely there, and optional silences
  between words, likelier at commas): without it a pause is glued onto the next
  sentence's first word;
- a **garbage loop** before, between and after the sentences: a dozen phones of the
  model as context-free fillers, each at a small probability. Sound that is not in
  the transcript (a music bed, an untranscribed sound bite, an advert) is absorbed
  by it instead of being claimed by the nearest words, and reported;
- an **exit after every sentence**: the path may end with the window, so a window
  cut in the middle of a sentence costs nothing but that sentence.

A sentence that ends near a window's end is aligned again in the next window (it may
have been squeezed in), and only a sentence the guard trusts moves the aligner on.
Memory stays flat whatever the length: one window of samples and one grammar.
"""

from __future__ import annotations

import contextlib
import importlib
import math
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from subtitler.errors import AlignError
from subtitler.pipeline.align.audio import Audio, frame_levels
from subtitler.pipeline.align.pronounce import PHONES, Lexicon

#: Transcript per window, in milliseconds of estimated speech.
WINDOW_TEXT_MS = 60_000
#: A window's audio: its text's estimated speech, times the pace learnt so far, times this, plus the slack.
WINDOW_STRETCH = 1.15
WINDOW_SLACK_MS = 3_000
#: The first window also holds this much more audio, for an intro (music, a sound bite) to skip.
INTRO_MS = 15_000
#: Sentences ending this close to the window's end are aligned again in the next window.
SAFE_MS = 2_000
#: When a window holds none of its text, it grows by this much (then doubles), up to :data:`SEARCH_MS`.
WINDOW_GROWTH_MS = 10_000
#: The pace learnt (audio time per estimated time) stays within these bounds.
PACE_LIMITS = (0.5, 2.0)
#: Audio a window starts before the end of the last committed sentence (its last word may run on).
WINDOW_BACK_MS = 200
#: How much longer than expected a window may grow to find its first sentence before it is given up.
SEARCH_MS = 120_000
#: Grammar probabilities: silence at a sentence boundary, between words, at a comma; one garbage phone.
P_SILENCE_SENTENCE = 0.5
P_SILENCE_WORD = 0.02
P_SILENCE_COMMA = 0.3
P_GARBAGE = 1e-2
P_EXIT = 1e-3
#: Untranscribed sound shorter than this is not reported (breaths, clicks).
MIN_SOUND_MS = 600
#: Speech activity: frames this many dB above the quietest tenth of the audio around them.
ACTIVITY_DB = 15.0
#: Audio after the first sentence's start read with the lead-in, for the level of its pauses.
LEAD_IN_CONTEXT_MS = 20_000
#: The lead-in ends this long before the first word (the breath before it is not an intro).
LEAD_IN_GUARD_MS = 150
#: Garbage stretches closer than this count as one sound.
SOUND_JOIN_MS = 400
FRAME_MS = 10
#: Without best-path search pocketsphinx reports the search's own scores, which it keeps shifted
#: right by 10 bits (SENSCR_SHIFT): this undoes the shift, so a score is a natural log-likelihood.
SCORE_SCALE = 1024
#: Log score given to a word whose likelihood underflows a float (it is that bad).
LOG_FLOOR = -1e4

#: The garbage loop's phones: one of each broad class is enough to absorb any sound, and each one
#: costs decoding time in every frame (all 39 take 40% longer for the same placements).
GARBAGE_PHONES = ("AA", "IY", "UW", "EH", "ER", "S", "SH", "F", "M", "N", "L", "K")
_GARBAGE = (*(f"++{p}++" for p in GARBAGE_PHONES), "[NOISE]", "[SPEECH]")
_ALTERNATE = re.compile(r"\(\d+\)$")


@dataclass(frozen=True, slots=True)
class Item:
    """One sentence to align.

    Attributes:
        words: the dictionary words of each caption word (empty for a dash).
        commas: whether each caption word ends a clause (a pause is likely after it).
        est_start_ms, est_end_ms: the text-only estimate, relative to the first sentence.
    """

    words: tuple[tuple[str, ...], ...]
    commas: tuple[bool, ...]
    est_start_ms: int
    est_end_ms: int


@dataclass(frozen=True, slots=True)
class Placed:
    """Where the aligner put one sentence.

    Attributes:
        words: (start_ms, end_ms) of each caption word.
        score: mean acoustic log-likelihood a frame, relative to the best senone of each
            frame (0 is a perfect match; matched speech scores about -1, text forced onto
            other sound -3 and below).
    """

    words: tuple[tuple[int, int], ...]
    score: float

    @property
    def start_ms(self) -> int:
        """When the first word starts."""
        return self.words[0][0]

    @property
    def end_ms(self) -> int:
        """When the last word ends."""
        return self.words[-1][1]


@dataclass(frozen=True, slots=True)
class Sound:
    """Sound the transcript does not hold, set aside by the garbage loop.

    Attributes:
        after: index of the sentence it follows (-1: before the first).
        start_ms, end_ms: where it is.
    """

    after: int
    start_ms: int
    end_ms: int


def decoder(use_espeak: bool = True) -> tuple[Any, Lexicon]:
    """A pocketsphinx decoder set up for alignment, and the lexicon over its dictionary.

    Raises:
        AlignError: pocketsphinx is not installed.
    """
    try:
        pocketsphinx = importlib.import_module("pocketsphinx")  # the optional extra: imported only here
    except ImportError:
        raise AlignError("aligning to audio needs pocketsphinx: pip install 'subtitler[align]'") from None
    handle, noisedict = tempfile.mkstemp(prefix="subtitler-noisedict-", suffix=".dict")
    try:
        with os.fdopen(handle, "w", encoding="ascii") as out:
            # The model's own fillers, plus every phone as a context-free filler: the garbage loop.
            out.write("<s> SIL\n</s> SIL\n<sil> SIL\n[NOISE] +NSN+\n[SPEECH] +SPN+\n")
            out.writelines(f"++{p}++ {p}\n" for p in sorted(PHONES))
        dec = pocketsphinx.Decoder(lm=None, fdict=noisedict, fsgusefiller=False, bestpath=False,
                                   loglevel="FATAL")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(noisedict)
    return dec, Lexicon(dec.lookup_word, use_espeak)


def learn(dec: Any, lexicon: Lexicon, items: Sequence[Item]) -> dict[str, str]:
    """Give the decoder a pronunciation for every word of ``items`` its dictionary lacks."""
    new = lexicon.complete(w for item in items for caption in item.words for w in caption)
    for index, (word, phones) in enumerate(new.items()):
        dec.add_word(word, phones, index == len(new) - 1)
    return new


class Aligner:
    """Aligns sentences to audio window by window (see the module's documentation)."""

    def __init__(self, dec: Any, audio: Audio) -> None:
        self.dec = dec
        self.audio = audio
        self.windows = 0

    def align(self, items: Sequence[Item], offset_ms: int = 0,
              trust: Callable[[int, Placed], bool] = lambda index, placed: True,
              ) -> tuple[list[Placed | None], list[Sound]]:
        """Place every sentence it can find and ``trust`` accepts; None for the others.

        Sentences are placed in order, never before ``offset_ms``. Only a trusted
        sentence moves the aligner on: after one it does not trust, the next window
        starts where the last trusted one ended, without its text, so that its audio
        goes to the garbage loop instead of pushing every later sentence out of place.
        A sentence with nothing to say (a dash, a word in another script) is not placed.
        """
        spoken = [i for i, item in enumerate(items) if any(item.words)]
        placed_spoken, sounds = self._align([items[i] for i in spoken], offset_ms,
                                            lambda index, where: trust(spoken[index], where))
        placed: list[Placed | None] = [None] * len(items)
        for index, where in zip(spoken, placed_spoken):
            placed[index] = where
        return placed, [replace(s, after=spoken[s.after] if s.after >= 0 else -1) for s in sounds]

    def _align(self, items: Sequence[Item], offset_ms: int,
               trust: Callable[[int, Placed], bool]) -> tuple[list[Placed | None], list[Sound]]:
        placed: list[Placed | None] = [None] * len(items)
        sounds: list[Sound] = []
        cursor = offset_ms
        index = 0
        skipped_from = 0  # the first sentence after the last trusted one: its audio is in the window too
        pace = 1.0  # audio time per estimated time, learnt from the sentences placed so far
        while index < len(items):
            begin = max(offset_ms, cursor - WINDOW_BACK_MS) if cursor > offset_ms else offset_ms
            stop = _text_end(items, index, WINDOW_TEXT_MS)
            found: list[Placed] = []
            heard: list[Sound] = []
            extra = INTRO_MS if not index else 0
            while True:
                speech = items[stop - 1].est_end_ms - items[skipped_from].est_start_ms
                end = begin + int(speech * pace * WINDOW_STRETCH) + WINDOW_SLACK_MS + extra
                result = self._window(items[index:stop], index, begin, end)
                if result is None and stop - index > 1:  # the text did not fit the audio: try less of it
                    stop = index + (stop - index) // 2
                    continue
                found, heard = result or ([], [])
                if found or end >= self.audio.duration_ms or extra >= SEARCH_MS:
                    break
                # None of it here: a longer window (a long intro, a gap). Never a later one alone,
                # which could start past the sentence and match it to the wrong words.
                extra += max(extra, WINDOW_GROWTH_MS)
            # A sentence that ends near the window's end may have been squeezed into it: align it again.
            whole = end >= self.audio.duration_ms
            keep = [p for p in found if whole or p.end_ms <= end - SAFE_MS] or found[:1]
            trusted = 0
            while trusted < len(keep) and trust(index + trusted, keep[trusted]):
                placed[index + trusted] = keep[trusted]
                trusted += 1
            if not trusted:
                index += 1  # not found, or not trusted: the guard fills it in from the estimate
                continue
            skipped_from = index + trusted
            sounds.extend(s for s in heard if s.after < index + trusted - 1)
            cursor = keep[trusted - 1].end_ms
            index += trusted
            pace = _pace(items, placed, pace)
        first = next((p for p in placed if p is not None), None)
        if first is not None and placed[0] is first:
            sounds = [s for s in sounds if s.after >= 0] + self._lead_in(offset_ms, first.start_ms)
        return placed, sounds

    def _lead_in(self, offset_ms: int, first_ms: int) -> list[Sound]:
        """Sound before the first sentence (an intro: music, untranscribed speech), from speech activity.

        The garbage loop cuts music into short stretches between silences, so the intro is
        measured by level instead: frames well above the quietest of the audio around it.
        """
        levels = frame_levels(self.audio.read(offset_ms, first_ms + LEAD_IN_CONTEXT_MS))
        if not levels:
            return []
        floor = sorted(levels)[len(levels) // 10]
        lead = (first_ms - LEAD_IN_GUARD_MS - offset_ms) // FRAME_MS
        active = [k for k, level in enumerate(levels[:max(0, lead)]) if level > floor + ACTIVITY_DB]
        if len(active) * FRAME_MS < MIN_SOUND_MS:
            return []
        return [Sound(-1, offset_ms + active[0] * FRAME_MS, offset_ms + (active[-1] + 1) * FRAME_MS)]

    def _window(self, items: Sequence[Item], first: int, begin_ms: int,
                end_ms: int) -> tuple[list[Placed], list[Sound]] | None:
        """The sentences of ``items`` found in the audio from ``begin_ms`` to ``end_ms``, and the sound
        set aside; None when no path through the grammar fits the audio (its text is longer than it)."""
        samples = self.audio.read(begin_ms, end_ms)
        if len(samples) < 2 * 160 * 10:  # under 100 ms: nothing to align
            return [], []
        transitions, final = grammar(items)
        name = "align"  # one name: each window's grammar replaces the last, so memory stays flat
        self.windows += 1
        fsg = self.dec.create_fsg(name, 0, final, transitions)
        self.dec.add_fsg(name, fsg)
        self.dec.activate_search(name)
        self.dec.start_utt()
        self.dec.process_raw(samples, full_utt=True)
        self.dec.end_utt()
        if self.dec.hyp() is None:
            return None
        segments = [(s.word, s.start_frame, s.end_frame + 1, s.ascore) for s in self.dec.seg()]
        return _read_path(segments, items, first, begin_ms)


def _text_end(items: Sequence[Item], index: int, budget_ms: float) -> int:
    """Where a window's text ends: the sentences from ``index`` whose estimate spans ``budget_ms``."""
    stop = index + 1
    while stop < len(items) and items[stop].est_end_ms - items[index].est_start_ms <= budget_ms:
        stop += 1
    return stop


def _pace(items: Sequence[Item], placed: Sequence[Placed | None], previous: float) -> float:
    """How much longer the audio's speech is than the estimate's, from the first placed sentence to the last."""
    done = [(item, where) for item, where in zip(items, placed) if where is not None]
    if len(done) < 2:
        return previous
    estimated = done[-1][0].est_end_ms - done[0][0].est_start_ms
    heard = done[-1][1].end_ms - done[0][1].start_ms
    return min(PACE_LIMITS[1], max(PACE_LIMITS[0], heard / estimated)) if estimated > 0 else previous


def grammar(items: Sequence[Item]) -> tuple[list[tuple[Any, ...]], int]:
    """The finite-state grammar of a window: transitions (from, to, probability[, word]) and the final state.

    The probabilities leaving each state add up to at most 1.
    """
    transitions: list[tuple[Any, ...]] = []
    counter = iter(range(1, 1 << 30))

    def loops(state: int, leaving: float = 0.0) -> float:
        """Silence and garbage looping on ``state``; returns the probability left for going on."""
        transitions.append((state, state, P_SILENCE_SENTENCE, "<sil>"))
        transitions.extend((state, state, P_GARBAGE, word) for word in _GARBAGE)
        return 1.0 - P_SILENCE_SENTENCE - P_GARBAGE * len(_GARBAGE) - leaving

    state = 0
    onward = loops(state)
    exits = []
    for item in items:
        words = [(w, comma) for caption, comma in zip(item.words, item.commas) for w in caption]
        for k, (word, _) in enumerate(words):
            if k:  # an optional pause between words, likelier after a comma
                pause = P_SILENCE_COMMA if words[k - 1][1] else P_SILENCE_WORD
                after = next(counter)
                transitions.append((state, after, pause, "<sil>"))
                transitions.append((state, after, 1.0 - pause))
                state = after
            nxt = next(counter)
            transitions.append((state, nxt, onward if not k else 1.0, word))
            state = nxt
        onward = loops(state, P_EXIT)
        exits.append(state)
    final = next(counter)
    transitions.extend((state, final, P_EXIT) for state in exits)
    loops(final)
    return transitions, final


def _read_path(segments: list[tuple[str, int, int, float]], items: Sequence[Item], first: int,
               begin_ms: int) -> tuple[list[Placed], list[Sound]]:
    """Turn the decoder's path (word, first frame, end frame, acoustic score) into sentences and sounds."""
    expected = [(n, w) for n, item in enumerate(items) for caption in item.words for w in caption]
    groups: dict[int, list[tuple[int, int, float]]] = {}
    sounds: list[Sound] = []
    run: list[int] = []
    at = 0
    for word, start, end, score in segments:
        if word == "(NULL)":  # an epsilon transition of the grammar
            continue
        if word in ("<sil>", "<s>", "</s>"):
            continue
        if word in _GARBAGE:
            if run and start - run[1] <= SOUND_JOIN_MS // FRAME_MS:
                run[1] = end
            else:
                _flush(run, first + (expected[at - 1][0] if at else -1), begin_ms, sounds)
                run = [start, end]
            continue
        bare = _ALTERNATE.sub("", word)
        if at >= len(expected) or expected[at][1] != bare:
            raise AlignError(f"internal: the aligner's path left the transcript at '{bare}'")
        n = expected[at][0]
        if n not in groups:
            _flush(run, first + n - 1, begin_ms, sounds)
            run = []
            groups[n] = []
        groups[n].append((start, end, score))
        at += 1
    _flush(run, first + (expected[at - 1][0] if at else -1), begin_ms, sounds)
    placed = []
    for n, words in groups.items():
        if len(words) != sum(len(c) for c in items[n].words):
            break  # the path stopped inside a sentence (it cannot, but then it is not placed)
        placed.append(_placed(items[n], words, begin_ms))
    return placed, sounds


def _placed(item: Item, words: list[tuple[int, int, float]], begin_ms: int) -> Placed:
    frames = sum(end - start for start, end, _ in words)
    total = sum(math.log(score) * SCORE_SCALE if score > 0 else LOG_FLOOR for *_, score in words)
    times: list[tuple[int, int]] = []
    k = 0
    for caption in item.words:
        if caption:
            chunk = words[k:k + len(caption)]
            k += len(caption)
            times.append((begin_ms + chunk[0][0] * FRAME_MS, begin_ms + chunk[-1][1] * FRAME_MS))
        else:  # a dash said as nothing: no time of its own
            at = times[-1][1] if times else begin_ms + words[0][0] * FRAME_MS
            times.append((at, at))
    return Placed(tuple(times), total / max(frames, 1))


def _flush(run: list[int], after: int, begin_ms: int, sounds: list[Sound]) -> None:
    if run and (run[1] - run[0]) * FRAME_MS >= MIN_SOUND_MS:
        sounds.append(Sound(after, begin_ms + run[0] * FRAME_MS, begin_ms + run[1] * FRAME_MS))
