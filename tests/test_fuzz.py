"""Fuzzing: broken files built from real ones raise nothing but SubtitlerError, and fast.

Each example takes a seed file (the shared corpus of real SRT and WebVTT files, or a
few built-in ones when it is absent) and breaks it the ways uploads are broken: byte
flips, truncations, inserted arrows, BOMs and NULs, huge numbers, deep tags, long
lines. Then it is read, validated, converted and shifted. The normal run has a small
fixed budget; ``SUBTITLER_FUZZ_EXAMPLES=50000`` runs a nightly-size one.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import subtitler
from subtitler.errors import SubtitlerError
from tests.conftest import SHARED

#: Examples per run: small in the normal test run, any number by environment variable.
EXAMPLES = int(os.environ.get("SUBTITLER_FUZZ_EXAMPLES", "120"))
#: The most processor time an example may take: 2 s for an input under 100 kB, 5 s above.
#: Processor time, not wall time, so that a machine shared with other jobs (a nightly run at
#: nice 19 under load waits seconds for the processor) fails no input; a quadratic shape
#: takes minutes of it, not seconds.
CPU_SECONDS, CPU_SECONDS_LARGE = 2.0, 5.0

_BUILT_IN = [
    b"1\n00:00:01,000 --> 00:00:02,500\nGood evening.\n\n2\n00:00:03,000 --> 00:00:04,000\n<i>KIM:</i> Hi\n",
    b"WEBVTT\n\nREGION\nid:r width:40% lines:3\n\nSTYLE\n::cue { color: red }\n\n"
    b"c1\n00:01.000 --> 00:02.000 region:r line:0 align:start\n<v Kim>Hello &amp; <b>bye</b></v>\n\n"
    b"00:03.000 --> 00:04.000\n<c.loud>x</c> <00:03.500>y\n",
    b"\xef\xbb\xbf1\r\n00:00:01,000 --> 00:00:02,000 X1:10 X2:20 Y1:1 Y2:2\r\n{\\an8}top\r\n\r\n",
]


def _seeds() -> list[bytes]:
    folder = SHARED / "corpora" / "subtitles"
    found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".srt", ".vtt")) if folder.exists() else []
    return _BUILT_IN + [p.read_bytes()[:60_000] for p in found]


SEEDS = _seeds()

_PIECES = [b"-->", b" --> ", b"->", b"\n\n", b"\r", b"\x00", b"\xef\xbb\xbf", b"<v", b"<", b">", b"&#", b"{\\an8}",
           b"WEBVTT\n", b"NOTE", b"STYLE\n", b"REGION\n", b":", b",", b".", b"\xff\xfe", b"\xe2\x86\x92"]


@st.composite
def _huge(draw: st.DrawFn) -> bytes:
    return draw(st.sampled_from([b"9", b"0", b"1"])) * draw(st.integers(20, 6000))


@st.composite
def _run(draw: st.DrawFn) -> bytes:
    unit = draw(st.sampled_from([b" ", b"-", b"<", b"<b>", b"<i><b>", b"-- ", b"x ", b"&", b"\n", b"a"]))
    return unit * draw(st.integers(100, 20_000))


@st.composite
def broken_files(draw: st.DrawFn) -> bytes:
    """A real (or built-in) file, broken a few times over."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "huge", "run", "delete"]))
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 50))]
        else:
            piece = (draw(st.sampled_from(_PIECES)) if kind == "insert"
                     else draw(_huge()) if kind == "huge" else draw(_run()))
            data[at:at] = piece
    return bytes(data)


def _exercise(data: bytes) -> None:
    try:
        doc = subtitler.loads(data)
    except SubtitlerError:
        return
    subtitler.validate(doc)
    for job in (lambda: subtitler.convert(doc, "srt" if doc.format == "vtt" else "vtt"),
                lambda: subtitler.shift(doc, "-1.5s", negative="clamp"),
                lambda: subtitler.dumps(doc)):
        with contextlib.suppress(SubtitlerError):
            result = job()
            if not isinstance(result, bytes):
                subtitler.dumps(result)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(broken_files())
def test_broken_files_raise_nothing_but_subtitler_errors_and_take_seconds_at_most(data: bytes) -> None:
    began = time.process_time()
    _exercise(data)
    elapsed = time.process_time() - began
    assert elapsed < (CPU_SECONDS if len(data) < 100_000 else CPU_SECONDS_LARGE), (
        f"{elapsed:.2f} s of processor time for {len(data):,} bytes")
    if os.environ.get("SUBTITLER_FUZZ_LOG"):  # the nightly run's record of its slowest input
        log_path = Path(os.environ["SUBTITLER_FUZZ_LOG"])
        with log_path.open("a", encoding="utf-8") as log:
            log.write(f"{elapsed:.4f}\t{len(data)}\t{data[:80]!r}\n")
        if elapsed > 1:  # kept whole, to be run again
            log_path.with_name(f"{log_path.name}.slow-{elapsed:.2f}").write_bytes(data)


@pytest.mark.parametrize("seed", range(len(_BUILT_IN)))
def test_every_built_in_seed_reads_without_error(seed: int) -> None:
    assert subtitler.loads(SEEDS[seed]).cues
