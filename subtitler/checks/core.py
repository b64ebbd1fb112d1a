"""Checks: a Document, a caption profile and a frame rate in, every Finding out.

:func:`check` returns what the reader found (syntax, encoding, line endings)
together with the findings of the three rule families:

- file rules here (BOM the profile forbids, empty cues at the end of the file);
- timing rules in :mod:`subtitler.checks.timing` (order, overlaps, durations,
  gaps and chaining, the SRT time limit);
- text rules in :mod:`subtitler.checks.text` (empty cues, line length and count,
  reading speed, ``-->`` in text, SRT numbering, speaker styles) and
  :mod:`subtitler.checks.tags` (unknown and unbalanced tags, voices without a name).

Each family is one function over the whole document, written to stay cheap:
Python code runs per finding rather than per cue wherever a whole-document
operation can do, so checking a 100,000-cue file with few findings costs about
half of reading it (bench/README.md).
"""

from __future__ import annotations

from fractions import Fraction
from operator import attrgetter

from subtitler.checks.common import finding, trailing_empty
from subtitler.checks.text import text_findings
from subtitler.checks.timing import timing_findings
from subtitler.formats.grammar import SSA_TAG
from subtitler.model import Document, Finding
from subtitler.profiles import DEFAULT_FPS, PROFILES, Profile


def file_findings(doc: Document, profile: Profile) -> list[Finding]:
    """File rules: a UTF-8 BOM the profile forbids (W003), empty cues at the end (W008), no cue (W010)."""
    out: list[Finding] = []
    if doc.bom and doc.encoding == "utf-8" and not profile.bom_allowed:
        out.append(finding("W003", 1, 1, f"UTF-8 byte order mark; the {profile.name} profile forbids it"))
    cues = doc.cues
    if not cues:
        out.append(finding("W010", 1, 1, "no cues: the file holds nothing to show"))
    k = trailing_empty(doc)
    if k < len(cues):
        count = len(cues) - k
        words = "cue" if count == 1 else f"{count} cues"
        out.append(finding("W008", cues[k].line, 1, f"{words} without text at the end of the file", k))
    return out


_ORDER = attrgetter("line", "column")


def ssa_findings(doc: Document) -> list[Finding]:
    """SubStation override tags in SRT text (W116): one finding per cue that has any."""
    out: list[Finding] = []
    for i, cue in enumerate(doc.cues):
        if "{" in cue.text and (match := SSA_TAG.search(cue.text)) is not None:
            row = cue.text.count("\n", 0, match.start())
            column = match.start() - cue.text.rfind("\n", 0, match.start())
            tag = match.group() if len(match.group()) <= 20 else match.group()[:17] + "..."
            out.append(finding("W116", cue.line + 1 + row, column,
                               f"SubStation tag {tag!r}: players hide it; convert removes it", i))
    return out


def check(doc: Document, profile: Profile | None = None, fps: Fraction = DEFAULT_FPS) -> list[Finding]:
    """Every finding for a document: the reader's, then file, timing and text rules.

    Args:
        doc: a document as read (its reader findings are included).
        profile: the caption profile (default netflix).
        fps: the programme's frame rate, for gaps measured in frames.

    Returns:
        The findings sorted by line and column (file-wide ones, line 0, first).
    """
    chosen = profile or PROFILES["netflix"]
    found = list(doc.findings)
    found += file_findings(doc, chosen)
    found += timing_findings(doc, chosen, fps)
    found += text_findings(doc, chosen)
    if doc.format == "srt":
        found += ssa_findings(doc)
    elif doc.format == "scc":
        from subtitler.checks.broadcast import scc_findings

        found += scc_findings(doc)
    found.sort(key=_ORDER)
    return found
