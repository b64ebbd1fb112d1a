"""What every rule family of the checks shares: building findings fast, naming cues and times."""

from __future__ import annotations

from dataclasses import dataclass

from subtitler.formats.grammar import EOL, timing_spans
from subtitler.model import Cue, Document, Finding, Severity
from subtitler.timecode import format_srt, format_vtt


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
#: Messages recently built, so that findings with the same message share one string: a file with the
#: same defect on every cue ("duration 500 ms < 833 ms minimum") held a copy of it per cue (about
#: twice the file's size over 200,000 cues). Cleared when it holds this many.
MESSAGES_KEPT = 1024
_MESSAGES: dict[str, str] = {}


def finding(code: str, line: int, column: int, message: str, cue: int | None = None) -> Finding:
    """Build a Finding like :func:`subtitler.rules.make`, about four times faster.

    A frozen dataclass sets each field through ``object.__setattr__``; a file
    with a defect on every cue yields hundreds of thousands of findings, so the
    checks build the mutable twin and give it the frozen class (the same trick
    as :func:`subtitler.model.make_cue`). The code must be registered.
    """
    shared = _MESSAGES.get(message)
    if shared is None:
        if len(_MESSAGES) >= MESSAGES_KEPT:
            _MESSAGES.clear()
        shared = _MESSAGES[message] = message
    built = _FindingBuilder(code, _SEVERITY[code[0]], line, column, shared, cue)
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
    if doc.format in ("ttml", "scc"):  # a TTML paragraph or the SCC line that shows the caption: its start
        return 1, 1
    default = (1, 18) if doc.format == "srt" else (1, 15 if cue.end_ms < 3_600_000 else 18)
    src = doc.source
    if src is None or cue.src < 0 or cue.src >= len(src.cues):
        return default
    at = src.spans[3 * cue.src + 2]
    match = EOL.search(src.text, at)
    line = src.text[at:match.start() if match else len(src.text)]
    spans = timing_spans(doc.format, line)
    if spans is None:
        return default
    return spans[0] + 1, spans[2] + 1


def trailing_empty(doc: Document) -> int:
    """Index of the first of the empty cues that end the document (``len(cues)`` when none)."""
    cues = doc.cues
    k = len(cues)
    while k > 0 and (not cues[k - 1].text or cues[k - 1].text.isspace()):
        k -= 1
    return k
