"""The README's examples are what the commands print."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT, shared_path


def _block_after(marker: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(marker)
    block = text[start:text.index("```", start)]
    return block.splitlines()[1:]


def _run(*argv: str) -> str:
    done = subprocess.run([sys.executable, "-m", "subtitler", *argv], capture_output=True, text=True, cwd=ROOT)
    return done.stdout


def test_the_readme_shows_the_webvtt_that_generate_writes() -> None:
    shown = _block_after("$ subtitler generate fixtures/transcripts/arirang-blue-house.txt --to vtt")
    out = _run("generate", "fixtures/transcripts/arirang-blue-house.txt", "--format", "vtt").splitlines()
    assert out[:len(shown)] == shown


def test_the_readme_shows_a_line_validate_prints() -> None:
    source = shared_path("corpora", "subtitles", "pysrt", "capability_tester.srt")
    shown = _block_after("$ subtitler validate capability_tester.srt")[0]
    out = _run("validate", str(source)).splitlines()
    assert shown in [re.sub(r"^.*/", "", line) for line in out]
