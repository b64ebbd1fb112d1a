"""A read document as plain data, for ``subtitler inspect --json`` and for other tools.

Cue settings appear under their WebVTT API names (``snapToLines``,
``positionAlign`` …), times in integer milliseconds.
"""

from __future__ import annotations

from typing import Any

from subtitler.model import Document, Finding, Region


def finding_dict(finding: Finding) -> dict[str, Any]:
    """A finding as JSON-ready data."""
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
        "cue": finding.cue,
    }


def region_dict(region: Region) -> dict[str, Any]:
    """A region with its WebVTT API attribute names."""
    return {
        "id": region.id,
        "width": region.width,
        "lines": region.lines,
        "regionAnchorX": region.region_anchor_x,
        "regionAnchorY": region.region_anchor_y,
        "viewportAnchorX": region.viewport_anchor_x,
        "viewportAnchorY": region.viewport_anchor_y,
        "scroll": region.scroll,
        "line": region.line,
    }


def document_dict(doc: Document, path: str | None = None) -> dict[str, Any]:
    """Everything a reader found in a file, as JSON-ready data."""
    cues = []
    for cue in doc.cues:
        s = cue.settings
        region = doc.region(s.region)
        cues.append({
            "id": cue.id,
            "start_ms": cue.start_ms,
            "end_ms": cue.end_ms,
            "text": cue.text,
            "speaker": cue.speaker,
            "line": cue.line,
            "settings": {
                "align": s.align,
                "line": s.line,
                "snapToLines": s.snap_to_lines,
                "lineAlign": s.line_align,
                "position": s.position,
                "positionAlign": s.position_align,
                "size": s.size,
                "vertical": s.vertical,
                "region": s.region,
            },
            "region": region_dict(region) if region is not None else None,
        })
    return {
        "path": path,
        "format": doc.format,
        "encoding": doc.encoding,
        "bom": doc.bom,
        "newline": {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}[doc.newline],
        "cues": cues,
        "regions": [region_dict(r) for r in doc.regions],
        "blocks": [{"kind": b.kind, "line": b.line, "text": b.text} for b in doc.blocks],
        "findings": [finding_dict(f) for f in doc.findings],
    }
