"""Shared test helpers: the shared corpora, and real tools that CI must have."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from subtitler.model import Turn

ROOT = Path(__file__).resolve().parent.parent
# SUBTITLER_SHARED points at the shared corpora when the checkout does not sit beside them
SHARED = Path(os.environ.get("SUBTITLER_SHARED", ROOT.parent / "shared"))
FIXTURES = ROOT / "fixtures"
IN_CI = os.environ.get("SUBTITLER_CI") == "1"


UPDATE_GOLDEN = os.environ.get("SUBTITLER_UPDATE_GOLDEN") == "1"


def golden(path: Path, actual: str) -> str:
    """The golden text at ``path``, after writing ``actual`` there with SUBTITLER_UPDATE_GOLDEN=1.

    A missing golden file fails the test: a golden test that wrote its own
    expectation would pass on anything.
    """
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: write it with SUBTITLER_UPDATE_GOLDEN=1 after checking the output")
    return path.read_text(encoding="utf-8")


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when that folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not present (the shared corpora live beside the repository)")
    return path


def require_tool(name: str, why: str) -> str:
    """The path of an executable; skip (fail in CI) when it is missing."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed ({why}); .ci/run installs it"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


def require_module(name: str, why: str) -> None:
    """Import a Python module or skip (fail in CI)."""
    try:
        __import__(name)
    except ImportError:
        message = f"Python package {name} is not installed ({why})"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    """Write a test input file (text as UTF-8) and return its path as the command line takes it."""
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return str(path)


@pytest.fixture
def without_pocketsphinx(monkeypatch: pytest.MonkeyPatch) -> None:
    """Importing pocketsphinx fails, as where the align extra is not installed."""
    import importlib

    real = importlib.import_module

    def missing(name: str, package: str | None = None) -> object:
        if name == "pocketsphinx":
            raise ImportError("No module named 'pocketsphinx'")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", missing)


def timed_turns(*sentences: tuple[str, str]) -> tuple[Turn, ...]:
    """Turns of (speaker, sentence) pairs, a turn for each run of one speaker, timed by the estimate."""
    from subtitler.model import Sentence
    from subtitler.model import Turn as _Turn  # the annotation's Turn is for type checkers only
    from subtitler.pipeline.timing import TimingOptions, estimate

    turns: list[_Turn] = []
    for index, (speaker, text) in enumerate(sentences):
        sentence = Sentence(text, index + 1, index)
        if turns and turns[-1].speaker == speaker:
            turns[-1] = _Turn(speaker, "anchor", (*turns[-1].sentences, sentence))
        else:
            turns.append(_Turn(speaker, "anchor", (sentence,)))
    return estimate(tuple(turns), TimingOptions())
