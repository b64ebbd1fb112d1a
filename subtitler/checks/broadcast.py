"""Checks of the broadcast formats: CEA-608's rows, columns and characters for SCC.

TTML's profile rules (IMSC 1.1 Text, EBU-TT-D) need the XML, so its reader
reports them (W801-W804); what SCC can show is a property of the cues, checked
here for any document in the SCC format (as read, or converted for writing).
"""

from __future__ import annotations

from subtitler.checks.common import finding
from subtitler.formats import cea608
from subtitler.model import Document, Finding


def scc_findings(doc: Document) -> list[Finding]:
    """E811 for a row over 32 characters, E812 for more than 4 rows, W813 for a character 608 lacks."""
    out: list[Finding] = []
    for index, cue in enumerate(doc.cues):
        rows = [row for row in cue.text.replace("<i>", "").replace("</i>", "").split("\n") if row.strip()]
        if len(rows) > cea608.ROWS:
            out.append(finding("E812", cue.line, 1, f"{len(rows)} rows > {cea608.ROWS}: CEA-608 pop-on captions hold "
                               f"{cea608.ROWS}", index))
        for number, row in enumerate(rows):
            if len(row) > cea608.COLUMNS:
                out.append(finding("E811", cue.line, 1, f"row {number + 1} has {len(row)} characters > "
                                   f"{cea608.COLUMNS}", index))
            for column, char in enumerate(row, 1):
                if not cea608.holds(char):
                    out.append(finding("W813", cue.line, column, f"{char!r} (U+{ord(char):04X}) is not in CEA-608",
                                       index))
                    break
    return out
