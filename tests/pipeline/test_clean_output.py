"""What generate writes passes its own validator under every profile when the timing is its own estimate."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from subtitler import formats, profiles
from subtitler.checks.core import check
from subtitler.pipeline import Options, document, generate_bytes
from subtitler.pipeline.timing import TimingOptions
from tests.conftest import FIXTURES, SHARED

TRANSCRIPTS = sorted((FIXTURES / "transcripts").glob("*.txt"))
CASES = sorted((SHARED / "corpora" / "transcripts" / "cases").glob("*.input.txt"))
#: Every case with SUBTITLER_ALL_CASES=1 (about 15 minutes); else every 25th, a spread over every source.
STEP = 1 if os.environ.get("SUBTITLER_ALL_CASES") == "1" else 25


def _problems(path: Path, profile_name: str) -> list[str]:
    profile = profiles.get(profile_name)
    generated = generate_bytes(path.read_bytes(), Options(profile=profile), str(path))
    out = []
    for fmt in ("srt", "vtt"):
        written = formats.write(document(generated, fmt))
        for finding in check(formats.read(written.encode(), f"out.{fmt}"), profile):
            if finding.code[0] in "EW":
                out.append(f"{path.name} {profile_name} {fmt}:{finding.line}: {finding.code} {finding.message}")
    return out


@pytest.mark.parametrize("profile", sorted(profiles.PROFILES))
@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.name)
def test_generate_writes_no_error_and_no_warning_from_every_fixture(path: Path, profile: str) -> None:
    assert _problems(path, profile) == []


@pytest.mark.parametrize("profile", sorted(profiles.PROFILES))
def test_generate_writes_no_error_and_no_warning_from_the_corpus_cases(profile: str) -> None:
    if not CASES:
        pytest.skip("../shared/corpora/transcripts/cases is not present (the shared corpora live beside the repository)")
    problems = [p for path in CASES[::STEP] for p in _problems(path, profile)]
    assert problems == []


def test_a_known_duration_too_short_for_the_profile_still_warns_naming_the_speed() -> None:
    seed = (FIXTURES / "transcripts" / "arirang-blue-house.txt").read_bytes()
    generated = generate_bytes(seed, Options(profile=profiles.get("dcmp"), timing=TimingOptions(duration_ms=120_000)))
    assert any(f.code == "W410" for f in generated.findings)


def test_the_estimate_follows_dcmps_slower_speaking_rate() -> None:
    seed = (FIXTURES / "transcripts" / "arirang-blue-house.txt").read_bytes()
    netflix = generate_bytes(seed, Options(profile=profiles.get("netflix")))
    dcmp = generate_bytes(seed, Options(profile=profiles.get("dcmp")))
    words = sum(len(t.text.split()) for t in dcmp.turns)
    speech = sum(t.end_ms - t.start_ms for t in dcmp.turns)
    assert dcmp.turns[-1].end_ms > netflix.turns[-1].end_ms
    assert words * 60_000 / speech <= 160 * 1.05  # a little over within turns: pauses between them are not counted


def test_a_cue_that_needs_more_time_to_read_moves_the_later_cues_and_their_sentences_alike() -> None:
    text = b"Go.\n\nThe committee reconvened on Thursday afternoon to consider the amendments once more."
    generated = generate_bytes(text, Options(profile=profiles.get("bbc")))
    first, second = generated.captions[0], generated.captions[1]
    assert first.end_ms - first.start_ms >= profiles.get("bbc").min_duration(1)
    assert second.start_ms >= first.end_ms
    starts = [s.start_ms for t in generated.turns for s in t.sentences]
    assert starts[1] == second.start_ms  # the JSON's sentence times moved with the cue


def test_a_duration_that_cannot_hold_the_speech_is_refused_unless_forced() -> None:
    from typer.testing import CliRunner

    from subtitler.cli import app

    seed = str(FIXTURES / "transcripts" / "arirang-blue-house.txt")
    runner = CliRunner()
    refused = runner.invoke(app, ["generate", seed, "--duration", "10s"])
    assert refused.exit_code == 2
    assert "--duration 10s leaves 0.02 s a word for 503 words; speech is at least 0.15 s a word" in refused.stderr
    forced = runner.invoke(app, ["generate", seed, "--duration", "10s", "--force"])
    assert forced.exit_code == 0
    assert "W410" in forced.stderr and "the times given (--duration, --sync or --audio) leave it that fast" in forced.stderr
