"""The public API: what __all__ exports is documented and works, and the README's examples run."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import subtitler
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _api_section() -> str:
    return README[README.index("## Python API"):README.index("## Where things are")]


def test_every_exported_name_exists_and_has_a_docstring() -> None:
    for name in subtitler.__all__:
        value = getattr(subtitler, name)
        if name != "__version__":
            assert inspect.getdoc(value), name


def test_every_exported_name_is_in_the_readmes_api_section() -> None:
    section = _api_section()
    missing = [name for name in subtitler.__all__ if name != "__version__" and f"`{name}" not in section]
    assert missing == []


def test_every_public_function_has_an_example_that_runs_as_a_doctest() -> None:
    functions = [name for name in subtitler.__all__ if inspect.isfunction(getattr(subtitler, name))]
    without = [name for name in functions
               if ">>>" not in (inspect.getdoc(getattr(subtitler, name)) or "") and name not in ("load", "shift")]
    assert without == []  # load and shift are shown in the module's own example
    assert ">>> doc = subtitler.loads(" in (subtitler.__doc__ or "")
    assert "subtitler.shift(doc" in (subtitler.__doc__ or "")


def test_help_lists_the_api() -> None:
    done = subprocess.run([sys.executable, "-c", "import subtitler; help(subtitler)"], capture_output=True,
                          text=True, check=True, env={**os.environ, "PAGER": "cat"})
    for name in ("load", "loads", "save", "dumps", "validate", "shift", "stretch", "sync", "convert", "generate"):
        assert re.search(rf"^\s+{name}\(", done.stdout, re.MULTILINE), name


def test_the_readmes_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(r"```python\n(.*?)```", _api_section(), re.DOTALL)
    assert block is not None
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    monkeypatch.chdir(tmp_path)
    exec(compile(block.group(1), "README.md", "exec"), {})
    assert (tmp_path / "later.srt").read_bytes().startswith(b"1\r\n00:00:03,700 --> ")
    assert (tmp_path / "story.vtt").read_bytes().startswith(b"WEBVTT")


def test_a_file_with_a_bom_saved_unchanged_comes_back_byte_for_byte(tmp_path: Path) -> None:
    original = "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nCafé crème\r\n".encode()
    (tmp_path / "in.srt").write_bytes(original)
    subtitler.save(subtitler.load(str(tmp_path / "in.srt")), str(tmp_path / "out.srt"))
    assert (tmp_path / "out.srt").read_bytes() == original
    assert subtitler.dumps(subtitler.loads(original)) == original


def test_a_cp1252_file_is_written_back_in_cp1252() -> None:
    original = "1\n00:00:01,000 --> 00:00:02,000\nCrème brûlée à la carte, très bien\n".encode("cp1252")
    doc = subtitler.loads(original)
    assert doc.encoding == "cp1252"
    assert subtitler.dumps(doc) == original


def test_save_converts_to_the_format_its_extension_names(tmp_path: Path) -> None:
    doc = subtitler.loads("1\n00:00:01,000 --> 00:00:02,000\nHello\n")
    subtitler.save(doc, str(tmp_path / "out.vtt"))
    assert subtitler.load(str(tmp_path / "out.vtt")).format == "vtt"


def test_generate_refuses_an_option_it_does_not_know() -> None:
    with pytest.raises(subtitler.SubtitlerError, match="unknown option 'speed'"):
        subtitler.generate("Good evening.", speed=3)


def test_generate_refuses_both_speaking_rates_naming_the_parameters() -> None:
    with pytest.raises(subtitler.SubtitlerError, match="`wpm` or `syllables_per_second`, not both"):
        subtitler.generate("Good evening.", wpm=150, syllables_per_second=4.0)


def test_convert_refuses_a_format_it_does_not_know() -> None:
    doc = subtitler.loads("1\n00:00:01,000 --> 00:00:02,000\nHello\n")
    with pytest.raises(subtitler.SubtitlerError, match="cannot convert to 'stl'"):
        subtitler.convert(doc, "stl")
    result = subtitler.generate("Good evening.")
    with pytest.raises(subtitler.SubtitlerError, match="cannot render generated cues as 'stl'"):
        result.to_document("stl")


def test_shift_refuses_what_it_cannot_do_unless_told_how() -> None:
    doc = subtitler.loads("1\n00:00:01,000 --> 00:00:02,000\nHello\n")
    with pytest.raises(subtitler.SubtitlerError, match="below zero"):
        subtitler.shift(doc, "-1.5s")
    clamped = subtitler.shift(doc, "-1.5s", negative="clamp")
    assert (clamped.cues[0].start_ms, clamped.cues[0].end_ms) == (0, 500)
    assert [f.code for f in clamped.findings] == ["W601"]


@pytest.mark.parametrize("fmt", ["ttml", "scc"])
def test_generated_captions_become_a_broadcast_document_from_the_library(fmt: str) -> None:
    generated = subtitler.generate("Good evening. I'm Jane Roe. Our reporter Sam Lee is in Busan.\n\n"
                                   "Thank you, Jane. The storm reached the coast at noon.\n")
    doc = generated.to_document(fmt)
    back = subtitler.loads(subtitler.dumps(doc), fmt)
    words = " ".join(c.text for c in generated.captions).split()
    assert " ".join(c.text for c in back.cues).replace(">>", "").split() == words
    if fmt == "ttml":
        assert {c.speaker for c in back.cues} == {s.name for s in generated.speakers}
