"""Speaker turns as RTTM, the interchange format of diarisation tools (NIST RT evaluations).

One ``SPEAKER`` line per turn: file id, channel 1, onset and duration in
seconds, and the speaker id, so that tools such as ``dscore`` or
``pyannote.metrics`` can score them.
"""

from __future__ import annotations

import re

from subtitler.pipeline.result import Generated


def file_id(source: str | None) -> str:
    """An RTTM file id from a path: its stem with spaces replaced.

    >>> file_id("fixtures/transcripts/arirang-blue-house.txt")
    'arirang-blue-house'
    """
    if not source or source == "-":
        return "transcript"
    stem = re.sub(r"\.[^./]+$", "", source.rsplit("/", 1)[-1])
    return re.sub(r"\s+", "_", stem) or "transcript"


def dumps(generated: Generated) -> str:
    """One SPEAKER line per turn."""
    name = file_id(generated.source)
    lines = []
    for turn in generated.turns:
        onset = turn.start_ms / 1000
        duration = max(turn.end_ms - turn.start_ms, 0) / 1000
        lines.append(f"SPEAKER {name} 1 {onset:.3f} {duration:.3f} <NA> <NA> {turn.speaker} <NA> <NA>")
    return "\n".join(lines) + ("\n" if lines else "")
