"""Real consumers read the broadcast formats we write: ffmpeg our SCC; ttconv our IMSC, EBU-TT-D and SCC.

ffmpeg has a TTML encoder but no TTML demuxer or decoder (``ffmpeg -formats`` lists
``ttml`` as E only), so TTML is checked with ttconv, the W3C/SMPTE community's converter.
"""

from __future__ import annotations

import logging
import re
import subprocess
from fractions import Fraction
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import subtitler
from subtitler import formats, pipeline, profiles
from subtitler.formats.broadcast import from_programme
from subtitler.smpte import format_smpte
from subtitler.timecode import parse_timestamp
from tests.conftest import ROOT, require_module, require_tool

SEED = ROOT / "fixtures" / "transcripts" / "arirang-blue-house.txt"
FRAME_MS = 34  # a frame at 29.97 fps is 33.4 ms
NTSC = Fraction(30000, 1001)
START = "01:00:00;00"


def _seed_srt() -> subtitler.Document:
    generated = pipeline.generate_bytes(SEED.read_bytes(), pipeline.Options(profile=profiles.get("dcmp")), str(SEED))
    return pipeline.document(generated, "srt")


def _plain(text: str) -> str:
    """SRT text as ffmpeg and ttconv write it, without their positioning and font tags, one space between words."""
    text = re.sub(r"\{\\[^}]*\}|</?font[^>]*>|\\h", "", text).replace("’", "'")
    return " ".join(text.split())


def _cues(srt_text: str) -> list[tuple[int, int, str]]:
    doc = subtitler.loads(srt_text.encode(), "srt")
    return [(c.start_ms, c.end_ms, _plain(c.text)) for c in doc.cues]


def _ffmpeg_clock(ms: int) -> int:
    """The time ffmpeg gives the frame at ``ms``: it reads timecode HH:MM:SS;FF as HH:MM:SS plus FF x 33 ms
    (libavformat/sccdec.c), neither 29.97 fps nor drop-frame, up to 70 ms off SMPTE time."""
    label = format_smpte(ms, NTSC)
    h, m, s, f = (int(x) for x in re.split("[:;]", label))
    return (h * 3600 + m * 60 + s) * 1000 + f * 33


def test_ffmpeg_decodes_our_scc_with_the_same_texts_and_each_caption_on_its_frame(tmp_path: Path) -> None:
    ffmpeg = require_tool("ffmpeg", "ffmpeg must decode the SCC we write")
    srt = _seed_srt()
    scc = tmp_path / "out.scc"
    scc.write_bytes(subtitler.dumps(subtitler.convert(srt, "scc", tc_start=START)))
    offset = parse_timestamp(START)
    done = subprocess.run([ffmpeg, "-v", "error", "-i", str(scc), "-f", "srt", "-"], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stderr, done.stderr
    theirs = _cues(done.stdout)
    ours = [(c.start_ms, c.end_ms, _plain(c.text)) for c in subtitler.load(str(scc)).cues]
    assert [t for _, _, t in theirs] == [t for _, _, t in ours]
    for cue, (start, end, _), (their_start, their_end, _) in zip(srt.cues, ours, theirs):
        # ffmpeg shows and clears each caption on the frame we put its EOC and EDM on, read by its own clock
        assert (their_start, their_end) == (_ffmpeg_clock(start), _ffmpeg_clock(end))
        # and that frame is the cue's own, within one frame
        assert abs(start - offset - cue.start_ms) <= FRAME_MS and abs(end - offset - cue.end_ms) <= FRAME_MS


def _ttconv_srt(path: Path, caplog: pytest.LogCaptureFixture) -> str:
    require_module("ttconv", "ttconv must read the TTML and SCC we write (pip install -e '.[dev]')")
    from ttconv.srt import writer

    with caplog.at_level(logging.WARNING):
        if path.suffix == ".scc":
            from ttconv.scc import reader as scc_reader

            model = scc_reader.to_model(path.read_text(encoding="utf-8"))
        else:
            from ttconv.imsc import reader as imsc_reader

            model = imsc_reader.to_model(ET.parse(path))
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not warnings, warnings
    return str(writer.from_model(model))


@pytest.mark.parametrize("profile", ["imsc", "ebu-tt-d"])
def test_ttconv_reads_our_ttml_without_a_warning_and_gives_the_same_cues(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, profile: str) -> None:
    srt = _seed_srt()
    path = tmp_path / "out.ttml"
    path.write_bytes(subtitler.dumps(subtitler.convert(srt, "ttml", ttml_profile=profile)))
    theirs = _cues(_ttconv_srt(path, caplog))
    ours = [(c.start_ms, c.end_ms, _plain(re.sub(r"^[A-Z][^:]*: ", "", c.text))) for c in srt.cues]
    assert theirs == ours


def test_ttconv_reads_our_scc_without_a_warning_and_gives_the_same_cues(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    srt = _seed_srt()
    path = tmp_path / "out.scc"
    path.write_bytes(subtitler.dumps(subtitler.convert(srt, "scc", tc_start=START)))
    theirs = _cues(_ttconv_srt(path, caplog))
    ours = from_programme(subtitler.load(str(path)), 0)
    assert [t for _, _, t in theirs] == [_plain(c.text) for c in ours.cues]
    # ttconv reads the timecode as SMPTE time, as we do (to the millisecond it rounds differently)
    assert all(abs(s - c.start_ms) <= 1 and abs(e - c.end_ms) <= 1 for (s, e, _), c in zip(theirs, ours.cues))
    offset = parse_timestamp(START)
    assert all(abs(s - offset - c.start_ms) <= FRAME_MS for (s, _, _), c in zip(theirs, srt.cues))
    assert formats.format_of(str(path)) == "scc"
