"""Every real-world file of shared/corpora/subtitles: read without a crash, nothing dropped,
the same cues as pysrt and webvtt-py where the file is well formed, written back byte for byte."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pysrt
import pytest
import webvtt

from subtitler import formats
from subtitler.errors import NotSubtitleError
from subtitler.model import Document, Severity
from tests.conftest import SHARED

CORPUS = SHARED / "corpora" / "subtitles"
FILES = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".srt", ".vtt")) if CORPUS.exists() else []
#: Files named .vtt that are not WebVTT (no signature): a browser rejects them, and so do we.
NOT_WEBVTT = {"babelsubs/Untimed_text.vtt", "babelsubs/basic.vtt", "babelsubs/no-hour.vtt",
              "babelsubs/regions.vtt", "babelsubs/timed_text.vtt", "webvtt-py/empty.vtt", "webvtt-py/invalid.vtt"}
#: Files whose problems the readers must report: (code, how many).
KNOWN_DEFECTS = {
    "gaupol/subrip.srt": {"E113": 3},
    "gaupol/subrip-extended.srt": {"E113": 3, "W109": 10},
    "pysrt/no-indexes.srt": {"W101": 7},
    "webvtt-py/invalid_format1.srt": {"E110": 1},
    "webvtt-py/invalid_format2.srt": {"E110": 1},
    "webvtt-py/invalid_format3.srt": {"E110": 1},
    "webvtt-py/invalid_format4.srt": {"E102": 1},
    "webvtt-py/invalid_timeframe.srt": {"W104": 1},
    "webvtt-py/invalid_timeframe.vtt": {"E151": 1},
    "webvtt-py/missing_timeframe.srt": {"E110": 1},
    "webvtt-py/missing_timeframe.vtt": {"E155": 1},
    "webvtt-py/invalid_timeframe_in_cue_text.vtt": {"W152": 1},
    "pysrt/windows-1252.srt": {"W002": 1},
    "babelsubs/timed_text.srt": {"W004": 1},
}

pytestmark = pytest.mark.skipif(not FILES, reason="../shared/corpora/subtitles is not present")


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _read(path: Path) -> Document:
    data = path.read_bytes()
    if _name(path) in NOT_WEBVTT:
        with pytest.raises(NotSubtitleError):
            formats.read(data, str(path))
        return formats.read(data, str(path), "srt")
    return formats.read(data, str(path))


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_every_corpus_file_reads_and_every_nonblank_line_is_a_cue_or_a_kept_block(path: Path) -> None:
    doc = _read(path)
    assert doc.source is not None
    text = doc.source.text
    pieces: list[tuple[int, str]] = []
    for index in range(len(doc.cues)):
        start, end, _timing = doc.source.span(index)
        pieces.append((start, text[start:end]))
    pieces += [(b.start, b.text) for b in doc.blocks]
    covered = [line for _, piece in sorted(pieces) for line in re.split(r"\r\n|\r|\n", piece) if line.strip()]
    expected = [line for line in re.split(r"\r\n|\r|\n", text) if line.strip()]
    assert covered == expected


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_every_corpus_file_is_written_back_byte_for_byte(path: Path) -> None:
    doc = _read(path)
    assert formats.encode(doc, formats.write(doc)) == path.read_bytes()


@pytest.mark.parametrize("name", sorted(KNOWN_DEFECTS))
def test_known_defects_of_the_corpus_are_reported(name: str) -> None:
    doc = _read(CORPUS / name)
    for code, count in KNOWN_DEFECTS[name].items():
        assert sum(f.code == code for f in doc.findings) == count, (code, doc.findings)


def _well_formed(doc: Document) -> bool:
    tolerated = {"W002", "W004", "W005", "W006"}  # file-level: the cues themselves are clean
    return not any(f.code not in tolerated for f in doc.findings)


def _vtt_ms(stamp: str) -> int:
    parts = stamp.replace(",", ".").split(":")
    seconds = float(parts[-1]) + 60 * int(parts[-2]) + (3600 * int(parts[-3]) if len(parts) == 3 else 0)
    return round(seconds * 1000)


@pytest.mark.parametrize("path", [p for p in FILES if _name(p) not in NOT_WEBVTT], ids=_name)
def test_well_formed_files_give_the_same_cues_as_the_peer_libraries(path: Path) -> None:
    doc = _read(path)
    if not _well_formed(doc):
        pytest.skip("not well formed: the peers silently differ there (see the other tests)")
    text = doc.source.text if doc.source else ""
    ours = [(c.start_ms, c.end_ms, "\n".join(line.rstrip() for line in c.text.split("\n"))) for c in doc.cues]
    if doc.format == "srt":
        peer = [(s.start.ordinal, s.end.ordinal, s.text) for s in pysrt.from_string(text)]
    else:
        captions = webvtt.from_buffer(io.StringIO(text))
        peer = [(_vtt_ms(c.start), _vtt_ms(c.end), "\n".join(x.rstrip() for x in c.raw_text.split("\n")))
                for c in captions]
    assert ours == peer


def test_the_corpus_has_all_76_files() -> None:
    assert len(FILES) == 76


def test_errors_in_the_corpus_are_errors_not_crashes() -> None:
    severities = {f.severity for p in FILES for f in _read(p).findings}
    assert Severity.ERROR in severities
