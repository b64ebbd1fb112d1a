"""generate with the audio: a synthesised two-voice news segment of the seed transcript, end to end.

espeak-ng reads the anchor's lines in one voice and the correspondent's in another, with known
pauses and light noise; its word events give the true start of every word. A variant opens with
four seconds of music and holds a sentence the transcript does not: the guardrails must keep
every cue within 300 ms of where the truth puts it.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import wave
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from subtitler import pipeline
from subtitler.cli import app
from subtitler.model import Sentence, Turn
from subtitler.pipeline import jsondoc, segment
from subtitler.pipeline.speakers import attribute as speakers
from subtitler.pipeline.timing import TimingOptions
from tests.align_speech import LIBRIVOX, Arranged, Espeak, espeak, librivox, speak_segment
from tests.conftest import IN_CI, ROOT, require_module, require_tool

SEED = ROOT / "fixtures" / "transcripts" / "arirang-blue-house.txt"
VOICES = {"anchor": "en-us", "correspondent": "en-gb+f3"}
#: Said between the correspondent's line 8 and line 9 in the variant; the transcript does not hold it.
UNTRANSCRIBED = "Our own sources say that nothing has been decided and that the talks will go on into the night."
runner = CliRunner()


@dataclass
class Run:
    arranged: Arranged
    aligned: pipeline.Generated
    text_only: pipeline.Generated


@pytest.fixture(scope="module", autouse=True)
def _seed_turns_as_written() -> Iterator[None]:
    """The seed's turns as the hand-weighted model gives them (exact): alignment is tested, not the speakers."""
    original = speakers.attribute
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(speakers, "attribute", lambda parsed, **_: original(parsed, method="rules"))
        yield


def _espeak() -> Espeak:
    require_tool("espeak-ng", "speaking the synthetic news segment")
    try:
        return espeak()
    except OSError as exc:  # the program is there but not its library
        if IN_CI:
            pytest.fail(f"libespeak-ng cannot be loaded: {exc}")
        pytest.skip(f"libespeak-ng cannot be loaded: {exc}")


def _speak(path: Path, engine: Espeak, **variant: object) -> Arranged:
    text_only = pipeline.generate_bytes(SEED.read_bytes(), pipeline.Options(), str(SEED))
    lines, pauses = [], []
    for turn in text_only.turns:
        for k, sentence in enumerate(turn.sentences):
            lines.append((sentence.text, VOICES[turn.role]))
            pauses.append(900 if k == 0 else 350 + 150 * (len(lines) % 4))  # a hand-over is longer
    return speak_segment(path, lines, pauses, espeak_engine=engine, **variant)  # type: ignore[arg-type]


def _run(arranged: Arranged) -> Run:
    text_only = pipeline.generate_bytes(SEED.read_bytes(), pipeline.Options(), str(SEED))
    aligned = pipeline.generate_bytes(SEED.read_bytes(), pipeline.Options(audio=str(arranged.path)), str(SEED))
    return Run(arranged, aligned, text_only)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Run:
    require_module("pocketsphinx", "forced alignment (pip install 'subtitler[align]')")
    return _run(_speak(tmp_path_factory.mktemp("speech") / "two-voices.wav", _espeak()))


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> Run:
    require_module("pocketsphinx", "forced alignment (pip install 'subtitler[align]')")
    path = tmp_path_factory.mktemp("speech") / "intro-and-extra.wav"
    return _run(_speak(path, _espeak(), intro_ms=4000, extra=(8, UNTRANSCRIBED, "en-us+m3")))


def _sentences(generated: pipeline.Generated) -> list[Sentence]:
    return [s for t in generated.turns for s in t.sentences]


def test_two_voice_sentence_starts_are_found_within_50_ms_on_average(plain: Run) -> None:
    errors = [abs(s.start_ms - true) for s, true in zip(_sentences(plain.aligned), plain.arranged.starts_ms)]
    with wave.open(str(plain.arranged.path)) as wav:
        duration = wav.getnframes() * 1000 // wav.getframerate()
    fitted = pipeline.generate_bytes(SEED.read_bytes(), pipeline.Options(timing=TimingOptions(duration_ms=duration)))
    naive = [abs(s.start_ms - true) for s, true in zip(_sentences(fitted), plain.arranged.starts_ms)]
    print(f"\ntwo voices: aligned mean {statistics.mean(errors):.0f} ms, max {max(errors)} ms; text-only "
          f"fitted to the audio's length mean {statistics.mean(naive):.0f} ms, max {max(naive)} ms")
    assert statistics.mean(naive) > 3 * statistics.mean(errors)
    assert statistics.mean(errors) <= 50
    assert max(errors) <= 150
    assert all(s.source == "audio" for s in _sentences(plain.aligned))


def test_aligned_captions_keep_the_speakers_turns_and_words_of_text_only_generate(plain: Run) -> None:
    aligned, text_only = plain.aligned, plain.text_only
    assert aligned.speakers == text_only.speakers
    assert [(t.speaker, t.role, [s.text for s in t.sentences]) for t in aligned.turns] == \
        [(t.speaker, t.role, [s.text for s in t.sentences]) for t in text_only.turns]
    assert " ".join(" ".join(c.lines) for c in aligned.captions).split() == \
        " ".join(t.text for t in aligned.turns).split()
    assert aligned.dropped == text_only.dropped
    assert all(c.start_ms < c.end_ms for c in aligned.captions)
    assert all(a.end_ms <= b.start_ms for a, b in zip(aligned.captions, aligned.captions[1:]))


def test_the_json_document_says_each_sentence_was_timed_from_the_audio_and_how_surely(plain: Run) -> None:
    data = json.loads(jsondoc.dumps(plain.aligned))
    sentences = [s for t in data["turns"] for s in t["sentences"]]
    assert {s["source"] for s in sentences} == {"audio"}
    assert all(0.0 < s["confidence"] <= 1.0 for s in sentences)
    text_only = json.loads(jsondoc.dumps(plain.text_only))
    assert {s["source"] for t in text_only["turns"] for s in t["sentences"]} == {"estimate"}


def _truth(run: Run) -> tuple[Turn, ...]:
    """The turns as the truth times them: every sentence and caption word where espeak-ng said it."""
    out = []
    k = 0
    for turn in run.aligned.turns:
        sentences = []
        for sentence in turn.sentences:
            words = tuple((w, s, e) for (w, _, _), (s, e) in zip(sentence.words, run.arranged.words_ms[k]))
            sentences.append(replace(sentence, start_ms=run.arranged.starts_ms[k], end_ms=run.arranged.ends_ms[k],
                                     words=words))
            k += 1
        out.append(replace(turn, sentences=tuple(sentences)))
    return tuple(out)


def _spoken(captions: tuple[segment.Caption, ...], turns: tuple[Turn, ...]) -> list[tuple[int, int]]:
    """When each cue's words are said: its first word's start and its last word's end.

    A cue's displayed end also follows the profile (linger, minimum duration, and chaining: a gap
    under 12 frames is closed), which turns a few milliseconds of gap into 400 ms of display; the
    spoken end is what alignment decides.
    """
    words = [w for t in turns for s in t.sentences for w in s.words]
    out = []
    at = 0
    for caption in captions:
        count = len(" ".join(caption.lines).split())
        out.append((words[at][1], words[at + count - 1][2]))
        at += count
    return out


def test_a_music_intro_and_an_untranscribed_sentence_move_no_cue_more_than_300_ms(variant: Run) -> None:
    # each cue against the truth's times of its own words: the cues may be cut a little differently
    # from cues made on the truth's times, since a cue too short to read joins its neighbour
    truth_turns = _truth(variant)
    got = variant.aligned.captions
    assert all(a.start_ms == s for a, (s, _) in zip(got, _spoken(got, variant.aligned.turns)))
    moved = [max(abs(a[0] - b[0]), abs(a[1] - b[1]))
             for a, b in zip(_spoken(got, variant.aligned.turns), _spoken(got, truth_turns))]
    text_only = variant.text_only.captions
    naive = [abs(a.start_ms - s) for a, (s, _) in zip(text_only, _spoken(text_only, truth_turns))]
    print(f"\nintro + untranscribed: cues moved at most {max(moved)} ms (mean {statistics.mean(moved):.0f}); "
          f"text-only cue starts off by up to {max(naive)} ms")
    assert max(moved) <= 300


def test_the_intro_and_the_untranscribed_sentence_are_reported_where_they_are(variant: Run) -> None:
    sentences = _sentences(variant.aligned)
    found = {(f.code, f.line) for f in variant.aligned.findings}
    assert ("I521", sentences[0].line) in found
    assert ("W514", sentences[9].line) in found
    intro = next(f for f in variant.aligned.findings if f.code == "I521")
    assert "speech starts at 00:00:04" in intro.message


@pytest.fixture(scope="module")
def short(tmp_path_factory: pytest.TempPathFactory) -> Arranged:
    require_module("pocketsphinx", "forced alignment (pip install 'subtitler[align]')")
    if not LIBRIVOX.exists():
        message = f"{LIBRIVOX} is missing (apt-get install pocketsphinx-testdata; .ci/run installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("short")
    arranged = librivox(folder / "story.wav", "tight")
    (folder / "story.txt").write_text("\n".join(arranged.texts) + "\n", encoding="utf-8")
    return arranged


def test_the_generate_command_times_the_captions_from_the_audio(short: Arranged) -> None:
    transcript = str(short.path.with_suffix(".txt"))
    result = runner.invoke(app, ["generate", transcript, "--audio", str(short.path), "-f", "json"])
    assert result.exit_code == 0, result.output
    sentences = [s for t in json.loads(result.stdout)["turns"] for s in t["sentences"]]
    assert {s["source"] for s in sentences} == {"audio"}
    assert max(abs(s["start_ms"] - true) for s, true in zip(sentences, short.starts_ms)) <= 150


def test_the_generate_command_with_audio_runs_as_a_real_process(short: Arranged, tmp_path: Path) -> None:
    out = tmp_path / "story.srt"
    done = subprocess.run([sys.executable, "-m", "subtitler", "generate", str(short.path.with_suffix(".txt")),
                           "--audio", str(short.path), "--audio-offset", "0s", "-o", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    first = out.read_text(encoding="utf-8").splitlines()[1]
    start = first.split(" --> ")[0]
    ms = int(start[:2]) * 3_600_000 + int(start[3:5]) * 60_000 + int(start[6:8]) * 1000 + int(start[9:])
    assert abs(ms - short.starts_ms[0]) <= 150


def test_an_audio_offset_past_the_end_of_the_audio_is_a_usage_error(short: Arranged) -> None:
    transcript = str(short.path.with_suffix(".txt"))
    result = runner.invoke(app, ["generate", transcript, "--audio", str(short.path), "--audio-offset", "10000s"])
    assert result.exit_code == 2 and "past the end of the audio" in result.output


@pytest.mark.usefixtures("without_pocketsphinx")
def test_without_the_extra_the_command_says_how_to_install_it(short: Arranged) -> None:
    result = runner.invoke(app, ["generate", str(short.path.with_suffix(".txt")), "--audio", str(short.path)])
    assert result.exit_code == 1
    assert "pip install 'subtitler[align]'" in result.stderr


def test_audio_that_cannot_be_read_is_one_error_line(short: Arranged, tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", str(short.path.with_suffix(".txt")), "--audio",
                                 str(tmp_path / "missing.wav")])
    assert result.exit_code == 1
    assert "missing.wav: no such audio file" in result.stderr


def test_text_only_generate_never_imports_pocketsphinx() -> None:
    code = ("import sys; from subtitler import pipeline as g; "
            f"g.generate_bytes(open({str(SEED)!r}, 'rb').read()); "
            "assert 'pocketsphinx' not in sys.modules and 'subtitler.pipeline.align' not in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
