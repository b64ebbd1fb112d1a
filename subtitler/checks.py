"""Checks: a Document, a caption profile and a frame rate in, every Finding out.

:func:`check` returns what the reader found (syntax, encoding, line endings)
together with the findings of the three rule families:

- file rules here (BOM the profile forbids, empty cues at the end of the file);
- timing rules in :mod:`subtitler.checks_timing` (order, overlaps, durations,
  gaps and chaining, the SRT time limit);
- text rules in :mod:`subtitler.checks_text` (empty cues, line length and count,
  reading speed, ``-->`` in text, SRT numbering, speaker styles) and
  :mod:`subtitler.checks_tags` (unknown and unbalanced tags, voices without a name).

Each family is one function over the whole document, written to stay cheap:
Python code runs per finding rather than per cue wherever a whole-document
operation can do, so checking a 100,000-cue file with few findings costs about
half of reading it (bench/README.md).
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from fractions import Fraction
from operator import attrgetter

from subtitler import rules
from subtitler.formats import srt as srt_format
from subtitler.formats import vtt as vtt_format
from subtitler.model import Cue, Document, Finding, Severity
from subtitler.profiles import DEFAULT_FPS, PROFILES, Profile
from subtitler.timecode import format_srt, format_vtt

rules.register(
    rules.Rule("W008", "trailing-empty-cues", "file",
               "Cues without text at the end of the file: players show nothing, editors leave them behind."),
    rules.Rule("E009", "unreadable-file", "file",
               "The file cannot be read as subtitles (not text, or a WebVTT file without the WEBVTT signature)."),
)

_EOL = re.compile(r"\r\n|\r|\n")


@dataclass(slots=True)
class _FindingBuilder:
    """A mutable twin of :class:`~subtitler.model.Finding` (same slots), used only by :func:`finding`."""

    code: str
    severity: Severity
    line: int
    column: int
    message: str
    cue: int | None


_SEVERITY = {"E": Severity.ERROR, "W": Severity.WARNING, "I": Severity.INFO}


def finding(code: str, line: int, column: int, message: str, cue: int | None = None) -> Finding:
    """Build a Finding like :func:`subtitler.rules.make`, about four times faster.

    A frozen dataclass sets each field through ``object.__setattr__``; a file
    with a defect on every cue yields hundreds of thousands of findings, so the
    checks build the mutable twin and give it the frozen class (the same trick
    as :func:`subtitler.model.make_cue`). The code must be registered.
    """
    built = _FindingBuilder(code, _SEVERITY[code[0]], line, column, message, cue)
    built.__class__ = Finding  # type: ignore[assignment]
    return built  # type: ignore[return-value]


def stamp(doc: Document, ms: int) -> str:
    """A time written the way the document's format writes it.

    >>> stamp(Document("srt", ()), 61_500), stamp(Document("vtt", ()), 61_500)
    ('00:01:01,500', '00:01:01.500')
    """
    return format_srt(ms) if doc.format == "srt" else format_vtt(ms)


def cue_name(cue: Cue, index: int) -> str:
    """How a message names a cue: its SRT index or WebVTT identifier, else its position.

    >>> cue_name(Cue(0, 1, "a", id="12"), 3), cue_name(Cue(0, 1, "a"), 3)
    ('cue 12', 'cue #4')
    """
    ident = cue.id.strip()
    if ident and len(ident) <= 30:
        return f"cue {ident}"
    return f"cue #{index + 1}"


def timing_columns(doc: Document, cue: Cue) -> tuple[int, int]:
    """1-based columns of a cue's start and end timestamps in its timing line.

    Read from the source when the document has one (only for cues that have a
    finding, so the cost does not matter); otherwise the columns of a
    well-formed timing line.
    """
    default = (1, 18) if doc.format == "srt" else (1, 15 if cue.end_ms < 3_600_000 else 18)
    src = doc.source
    if src is None or cue.src < 0 or cue.src >= len(src.cues):
        return default
    at = src.spans[3 * cue.src + 2]
    match = _EOL.search(src.text, at)
    line = src.text[at:match.start() if match else len(src.text)]
    spans = srt_format.timing_spans(line) if doc.format == "srt" else vtt_format.timing_spans(line)
    if spans is None:
        return default
    return spans[0] + 1, spans[2] + 1


def file_findings(doc: Document, profile: Profile) -> list[Finding]:
    """File rules: a UTF-8 BOM the profile forbids (W003), empty cues at the end (W008)."""
    out: list[Finding] = []
    if doc.bom and doc.encoding == "utf-8" and not profile.bom_allowed:
        out.append(finding("W003", 1, 1, f"UTF-8 byte order mark; the {profile.name} profile forbids it"))
    cues = doc.cues
    k = trailing_empty(doc)
    if k < len(cues):
        count = len(cues) - k
        words = "cue" if count == 1 else f"{count} cues"
        out.append(finding("W008", cues[k].line, 1, f"{words} without text at the end of the file", k))
    return out


def trailing_empty(doc: Document) -> int:
    """Index of the first of the empty cues that end the document (``len(cues)`` when none)."""
    cues = doc.cues
    k = len(cues)
    while k > 0 and (not cues[k - 1].text or cues[k - 1].text.isspace()):
        k -= 1
    return k


_ORDER = attrgetter("line", "column")


def check(doc: Document, profile: Profile | None = None, fps: Fraction = DEFAULT_FPS) -> list[Finding]:
    """Every finding for a document: the reader's, then file, timing and text rules.

    Args:
        doc: a document as read (its reader findings are included).
        profile: the caption profile (default netflix).
        fps: the programme's frame rate, for gaps measured in frames.

    Returns:
        The findings sorted by line and column (file-wide ones, line 0, first).
    """
    from subtitler.checks_text import text_findings
    from subtitler.checks_timing import timing_findings

    chosen = profile or PROFILES["netflix"]
    enabled = gc.isenabled()
    gc.disable()  # findings hold no cycles; a file with a defect per cue makes hundreds of thousands
    try:
        found = list(doc.findings)
        found += file_findings(doc, chosen)
        found += timing_findings(doc, chosen, fps)
        found += text_findings(doc, chosen)
        found.sort(key=_ORDER)
    finally:
        if enabled:
            gc.enable()
    return found


# The rule families register their codes on import; importing them here makes
# ``import subtitler.checks`` enough to know every code validate can report.
from subtitler import checks_tags, checks_text, checks_timing  # noqa: E402, F401
