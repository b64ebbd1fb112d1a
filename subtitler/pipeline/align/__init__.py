"""align: time every sentence from the broadcast audio itself.

Text-only timing (:mod:`subtitler.pipeline.timing`) is an estimate; when the segment's audio
is at hand, forced alignment with pocketsphinx (the optional extra
``subtitler[align]``) measures when each word is said. The pipeline is unchanged
around it: the turns timed by the estimate go in, the same turns come out with
each sentence's times (and its words' times) taken from the audio, so
segmentation, profiles and every output format work as before.

- :mod:`~subtitler.pipeline.align.audio`: WAV with the standard library, anything else with ffmpeg;
- :mod:`~subtitler.pipeline.align.pronounce`: dictionary words, and pronunciations for the rest;
- :mod:`~subtitler.pipeline.align.aligner`: pocketsphinx, window by window;
- :mod:`~subtitler.pipeline.align.guard`: which times to trust, and the estimate for the rest.

See docs/align.md.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from subtitler.model import Finding, Sentence, Turn


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """How to align.

    Attributes:
        offset_ms: audio before this holds no transcribed speech (an intro to skip).
            Times stay those of the audio file.
        espeak: make pronunciations with espeak-ng when it is installed (else from spelling).
    """

    offset_ms: int = 0
    espeak: bool = True


def align_turns(turns: tuple[Turn, ...], audio_path: str,
                options: AlignOptions = AlignOptions()) -> tuple[tuple[Turn, ...], list[Finding]]:
    """Time every sentence of ``turns`` from the audio in ``audio_path``.

    ``turns`` must already be timed by :func:`subtitler.pipeline.timing.estimate`: a sentence
    the audio cannot time keeps that estimate, re-laid between its aligned
    neighbours, with ``source="estimate"`` and a Finding saying why. The others get
    ``source="audio"`` and a ``confidence``.

    Returns:
        The same turns with new times, and the findings (in transcript order).

    Raises:
        AlignError: pocketsphinx is not installed, or the audio cannot be read.
        UsageError: a negative offset.
    """
    from subtitler.errors import UsageError
    from subtitler.pipeline.align import aligner, guard
    from subtitler.pipeline.align.audio import Audio
    from subtitler.pipeline.align.pronounce import dictionary_words

    if options.offset_ms < 0:
        raise UsageError("`audio_offset_ms` must not be negative")
    sentences = [s for turn in turns for s in turn.sentences]
    if not sentences:
        return turns, []
    dec, lexicon = aligner.decoder(options.espeak)
    base = sentences[0].start_ms
    items = [aligner.Item(tuple(tuple(dictionary_words(w)) for w in s.text.split()),
                          tuple(w.endswith((",", ";", ":", "—", "–", "--")) for w in s.text.split()),
                          s.start_ms - base, s.end_ms - base) for s in sentences]
    made = aligner.learn(dec, lexicon, items)
    verdicts: dict[int, guard.Verdict] = {}

    def trust(index: int, where: aligner.Placed) -> bool:
        verdicts[index] = guard.judge(sentences[index], where)
        return not verdicts[index].code

    with Audio(audio_path) as audio:
        if options.offset_ms >= audio.duration_ms:
            raise UsageError(f"`audio_offset_ms` {options.offset_ms / 1000:g}s is past the end of the audio "
                             f"({audio.duration_ms / 1000:g}s long)")
        placed, sounds = aligner.Aligner(dec, audio).align(items, options.offset_ms, trust)
    trusted: list[Sentence | None] = []
    for index, (sentence, where) in enumerate(zip(sentences, placed)):
        if where is None:
            trusted.append(None)
            continue
        words = tuple((w, start, end) for w, (start, end) in zip(sentence.text.split(), where.words))
        trusted.append(replace(sentence, start_ms=where.start_ms, end_ms=where.end_ms, words=words,
                               source="audio", confidence=verdicts[index].confidence))
    timed = guard.fill(sentences, trusted, options.offset_ms)
    findings: list[Finding] = []
    for index, sentence in enumerate(timed):
        if trusted[index] is None:
            verdict = verdicts.get(index)
            findings.append(guard.distrusted(sentence, verdict) if verdict and verdict.code
                            else guard.not_found(sentence))
    findings += guard.sound_findings(sounds, timed, trusted)
    findings += _pronunciation_findings(made, lexicon.how, sentences)
    findings.sort(key=lambda f: f.line)
    return _regroup(turns, timed), findings


def _pronunciation_findings(made: dict[str, str], how: str, sentences: list[Sentence]) -> list[Finding]:
    from subtitler import rules
    from subtitler.pipeline.align.pronounce import dictionary_words

    out = []
    remaining = dict(made)
    for sentence in sentences:
        for word in sentence.text.split():
            for said in dictionary_words(word):
                if said in remaining:
                    phones = remaining.pop(said)
                    out.append(rules.make("I522", sentence.line, 0,
                                          f"'{said}' is not in the dictionary: said as /{phones}/ (from {how})"))
    return out


def _regroup(turns: tuple[Turn, ...], timed: list[Sentence]) -> tuple[Turn, ...]:
    out = []
    at = 0
    for turn in turns:
        count = len(turn.sentences)
        out.append(replace(turn, sentences=tuple(timed[at:at + count])))
        at += count
    return tuple(out)
