"""The generate JSON document: the contract other tools read (DESIGN.md).

``speakers`` (id, name, role), ``turns`` in transcript order with their timed
sentences (all the spoken text), ``cues`` (times, speaker, lines) and
``dropped`` (every input line that is not speech, with why), plus the
``findings`` (repairs and warnings) with their lines.
"""

from __future__ import annotations

import json
from typing import Any

from subtitler.formats.inspection import finding_dict
from subtitler.pipeline.result import Generated


def document(generated: Generated) -> dict[str, Any]:
    """The JSON-ready document of a generate run."""
    return {
        "source": generated.source,
        "profile": generated.profile.name,
        "speakers": [{"id": s.id, "name": s.name, "role": s.role} for s in generated.speakers],
        "turns": [
            {
                "speaker": turn.speaker,
                "role": turn.role,
                "text": turn.text,
                "line": turn.line,
                "start_ms": turn.start_ms,
                "end_ms": turn.end_ms,
                **({"confidence": turn.confidence} if turn.confidence is not None else {}),
                "sentences": [
                    {"text": s.text, "line": s.line, "start_ms": s.start_ms, "end_ms": s.end_ms,
                     "source": s.source, "confidence": s.confidence}
                    for s in turn.sentences
                ],
            }
            for turn in generated.turns
        ],
        "cues": [
            {"start_ms": c.start_ms, "end_ms": c.end_ms, "speaker": c.speaker, "lines": list(c.lines),
             **({"speakers": list(c.speakers)} if len(c.speakers) > 1 else {})}
            for c in generated.captions
        ],
        "dropped": [{"line": d.line, "text": d.text, "reason": d.reason} for d in generated.dropped],
        "findings": [finding_dict(f) for f in generated.findings],
    }


def dumps(generated: Generated) -> str:
    """The document as JSON text (UTF-8, indented, newline at the end)."""
    return json.dumps(document(generated), ensure_ascii=False, indent=1) + "\n"
