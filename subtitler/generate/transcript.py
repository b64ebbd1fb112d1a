"""A transcript as published, to paragraphs of sentences, speaker labels and dropped lines.

Transcript pages carry more than speech: page headers and footers, stage
directions (``(COMMERCIAL BREAK)``), time stamps (``[10:30:58]``) and, when the
transcript is labelled, speaker labels in several styles (``NAME, TITLE:`` then
``SURNAME:``, ``NAME:``, ``>>``, ``[NAME]``). This module separates them; every
line that is not speech is listed in :attr:`Transcript.dropped` with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from subtitler import rules
from subtitler.errors import TranscriptError
from subtitler.generate.repair import capitalises_sentences, repair
from subtitler.generate.sentences import split
from subtitler.model import Dropped, Finding, Sentence

# Lines of transcript pages that are never speech (each seen on news transcript sites).
_FURNITURE = re.compile(
    r"""^(?:return\ to\ transcripts|this\ is\ a\ rush\ transcript|source\ link$|
         .*made\ available\ thanks\ to|aired\ \w+\ \d|subscribe\b|email\ the\ show|join\ the\ .*group|
         listen\ to\ our\ playlist|find\ and\ support\ your\ local|copyright\b|©|all\ rights\ reserved|
         transcript$|download$|print$|share$|read\ more$|click\ here|show\ transcripts?$|
         https?://|www\.|<[a-z/!])""",
    re.IGNORECASE | re.VERBOSE,
)
_BULLET = re.compile(r"^\s*[•·▪●◦‣∙*]\s*")
_TIME_STAMP = re.compile(r"^\s*\[\s*\d{1,2}:\d{2}(?::\d{2})?\s*\]\s*$")
_INLINE_TIME = re.compile(r"\[\s*\d{1,2}:\d{2}(?::\d{2})?\s*\]")
# A whole line in parentheses or brackets, upper case: (COMMERCIAL BREAK), [APPLAUSE].
_DIRECTION = re.compile(r"^\s*[(\[][^()\[\]]*[)\]]\s*$")
# Inline directions and transcriber notes: (BREAK), (ph), (inaudible), (LAUGHTER).
_INLINE_NOTE = re.compile(r"\s*\((?:[A-Z][A-Z ,.'-]{2,}|ph|sic|inaudible|unintelligible|crosstalk)\)", re.IGNORECASE)
# Labels: "BIANNA GOLODRYGA, CNN ANCHOR:", "GOLODRYGA:", "MAN 2:", "Operator:", "[KIM]".
_UPPER_LABEL = re.compile(r"^(?P<name>[A-Z][A-Z0-9 .'’\-]*?[A-Z0-9.])(?:\s*\((?P<note>[^)]{1,40})\))?"
                          r"(?:,\s*(?P<title>[^:]{1,100}?))?:(?:\s+(?=\S)|\s*$)")
_MIXED_LABEL = re.compile(r"^(?P<name>[A-Z][\w'’\-]*(?: [A-Z0-9][\w'’\-]*){0,3})"
                          r"(?:,\s*(?P<title>[^:]{1,80}?))?:(?:\s+(?=\S)|\s*$)")
#: Words that name a role, not a person, when they open a line as a label.
ROLE_LABELS = frozenset("operator interviewer interviewee host anchor reporter correspondent moderator narrator "
                        "announcer presenter question answer q caller guest man woman male female speaker voice "
                        "panelist audience participant unidentified".split())
_BRACKET_LABEL = re.compile(r"^\[(?P<name>[A-Z][^\]\d:]{0,40})\]\s*(?=\S)")
_CHEVRON = re.compile(r"^>>(?!>)\s*")
_STORY_CHANGE = re.compile(r"^>>>\s*")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")


@dataclass(frozen=True, slots=True)
class Label:
    """A speaker label as written: the name, an optional title, and the style."""

    name: str
    title: str | None
    style: str  # name, chevron or bracket


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of speech: its sentences, its first line, its label if any.

    ``hard`` is True when a blank line (or a label) starts it; a paragraph that
    only starts on a new line after a complete sentence is ``hard=False``.
    """

    line: int
    sentences: tuple[Sentence, ...]
    label: Label | None = None
    hard: bool = True


@dataclass(frozen=True)
class Transcript:
    """What a transcript holds."""

    paragraphs: tuple[Paragraph, ...]
    dropped: tuple[Dropped, ...]
    findings: tuple[Finding, ...]
    labelled: bool

    @property
    def sentences(self) -> list[Sentence]:
        """Every sentence of speech in order."""
        return [s for p in self.paragraphs for s in p.sentences]


def _lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def _is_furniture(line: str, index: int, first_speech: int | None) -> str | None:
    stripped = line.strip()
    if not stripped:
        return None
    if _TIME_STAMP.match(stripped):
        return "time stamp"
    if _DIRECTION.match(stripped) and not re.search(r"[a-z]{3}", stripped.strip("()[]")):
        return "stage direction"
    if _FURNITURE.match(stripped) or _BULLET.match(line):
        return "page furniture"
    return None


def _label_style(lines: list[str]) -> str | None:
    """Which label style the transcript uses, if it is labelled."""
    starts = [ln.strip() for ln in lines if ln.strip()]
    upper = [m for s in starts if (m := _UPPER_LABEL.match(s)) and _plausible_upper(m)]
    if len(upper) >= 2 or any(m["title"] for m in upper):
        return "upper"
    chevrons = sum(1 for s in starts if _CHEVRON.match(s))
    if chevrons >= 2:
        return "chevron"
    brackets = sum(1 for s in starts if _BRACKET_LABEL.match(s))
    if brackets >= 2:
        return "bracket"
    mixed = [m["name"] for s in starts if (m := _MIXED_LABEL.match(s))]
    # mixed-case labels count only when they open paragraphs consistently and recur, or are all
    # roles ("Operator:", "Interviewer:", "Man 2:"), which a sentence rarely starts with
    roles = all(name.split()[0].lower() in ROLE_LABELS for name in mixed)
    if len(mixed) >= (2 if roles else 3) and len(mixed) >= 0.3 * len(starts) and (
            roles or len(set(mixed)) < len(mixed)):
        return "mixed"
    return None


def _plausible_upper(match: re.Match[str]) -> bool:
    name = match["name"]
    return any(c.isalpha() for c in name) and len(name.split()) <= 6 and name not in ("I", "A", "OK")


def _label_of(line: str, style: str | None) -> tuple[Label | None, str]:
    stripped = line.strip()
    if style == "upper":
        match = _UPPER_LABEL.match(stripped)
        if match and _plausible_upper(match):
            return Label(match["name"].strip(), (match["title"] or "").strip() or None, "name"), stripped[match.end():]
    elif style == "mixed":
        match = _MIXED_LABEL.match(stripped)
        if match:
            return Label(match["name"].strip(), (match["title"] or "").strip() or None, "name"), stripped[match.end():]
    elif style == "bracket":
        match = _BRACKET_LABEL.match(stripped)
        if match:
            return Label(match["name"].strip(), None, "bracket"), stripped[match.end():]
    if style is not None and (match := _CHEVRON.match(stripped)):
        return Label("", None, "chevron"), stripped[match.end():]
    return None, stripped


def parse(text: str, repairs: bool = True) -> Transcript:
    """Split a transcript into paragraphs of sentences, labels and dropped lines.

    With ``repairs`` glitches are repaired where the evidence allows
    (:mod:`subtitler.generate.repair`), each one reported; without, no word changes.

    Raises:
        TranscriptError: nothing in the text is speech.
    """
    lines = _lines(text.removeprefix("\ufeff"))
    style = _label_style(lines)
    cased = capitalises_sentences(text)
    dropped: list[Dropped] = []
    findings: list[Finding] = []
    paragraphs: list[Paragraph] = []
    buffer: list[tuple[int, str]] = []
    label: Label | None = None
    pending_label: Label | None = None
    hard = True

    def flush() -> None:
        nonlocal buffer, label, hard
        if buffer:
            paragraph = _paragraph(buffer, label, hard, findings, dropped, cased, repairs)
            if paragraph.sentences:
                paragraphs.append(paragraph)
        buffer, label, hard = [], None, False

    for index, raw in enumerate(lines):
        number = index + 1
        if not raw.strip():
            flush()
            hard = True
            continue
        reason = _is_furniture(raw, index, None)
        if reason is not None:
            flush()
            hard = True
            dropped.append(Dropped(number, raw.strip(), reason))
            findings.append(rules.make("I403", number, 1, f"left out ({reason}): {_shown(raw.strip())!r}"))
            continue
        found, rest = _label_of(raw, style)
        if style is not None and _STORY_CHANGE.match(raw.strip()):
            # ">>>" starts a new story: a change of speaker, usually back to the anchor
            found, rest = Label("", "story", "chevron"), _STORY_CHANGE.sub("", raw.strip())
        if found is not None:
            flush()
            label, hard = found, True
            if rest.strip():
                buffer.append((number, rest))
            else:
                pending_label = found  # a label on its own line names the paragraph after it
            continue
        if pending_label is not None and not buffer:
            label, hard, pending_label = pending_label, True, None
        if buffer and _TERMINAL.search(buffer[-1][1]) and not _continues(raw):
            flush()
        buffer.append((number, raw.strip()))
    flush()
    if not paragraphs:
        raise TranscriptError("no speech found in the transcript (only blank lines, headers or stage directions)")
    paragraphs = _heading_paragraphs(paragraphs, dropped, findings)
    numbered = [replace(p, sentences=tuple(replace(s, paragraph=i) for s in p.sentences))
                for i, p in enumerate(paragraphs)]
    return Transcript(tuple(numbered), tuple(dropped), tuple(sorted(findings, key=lambda f: f.line)), style is not None)


def _continues(line: str) -> bool:
    """Whether a line continues the sentence before it (a wrapped line starts in lower case)."""
    first = line.strip()[:1]
    return first.islower()


def _paragraph(buffer: list[tuple[int, str]], label: Label | None, hard: bool,
               findings: list[Finding], dropped: list[Dropped], cased: bool, repairs: bool) -> Paragraph:
    """Join a paragraph's lines, clean them and split the sentences, keeping each one's line.

    ``cased`` is whether the text starts sentences with capitals; ``repairs`` whether to repair.
    """
    pieces: list[str] = []
    starts: list[tuple[int, int]] = []  # (offset in the joined text, line number)
    offset = 0
    for number, line in buffer:
        cleaned = _INLINE_TIME.sub("", line)
        for note in _INLINE_NOTE.finditer(cleaned):
            dropped.append(Dropped(number, note.group().strip(), "transcriber note or stage direction"))
            findings.append(rules.make("I404", number, note.start() + 1, f"left out {note.group().strip()!r}"))
        cleaned = _INLINE_NOTE.sub("", cleaned)
        fixed = " ".join(cleaned.split())
        if repairs:
            repaired = repair(fixed, number, periods=cased)
            findings.extend(repaired.findings)
            fixed = repaired.text
        if not fixed:
            continue
        starts.append((offset, number))
        pieces.append(fixed)
        offset += len(fixed) + 1
    joined = " ".join(pieces)
    sentences = []
    cursor = 0
    for sentence in split(joined, cased):
        at = joined.find(sentence, cursor)
        cursor = at + len(sentence)
        number = max((n for o, n in starts if o <= at), default=buffer[0][0])
        sentences.append(Sentence(sentence, number))
    return Paragraph(buffer[0][0], tuple(sentences), label, hard)


def _shown(text: str, limit: int = 60) -> str:
    """The start of a left-out line for a message, with an ellipsis when cut."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _heading_paragraphs(paragraphs: list[Paragraph], dropped: list[Dropped],
                        findings: list[Finding]) -> list[Paragraph]:
    """Leave out page headings before the speech: short lines with no sentence punctuation."""
    kept: list[Paragraph] = []
    speech_started = False
    dropped_before, findings_before = len(dropped), len(findings)
    for paragraph in paragraphs:
        text = " ".join(s.text for s in paragraph.sentences)
        words = text.split()
        titled = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha()) / max(1, len(words))
        heading = paragraph.label is None and not _TERMINAL.search(text) and (
            (not speech_started and (len(words) <= 16 or titled >= 0.6)) or (titled >= 0.75 and len(words) <= 20))
        if heading:
            dropped.append(Dropped(paragraph.line, text, "page heading"))
            findings.append(rules.make("I403", paragraph.line, 1, f"left out (page heading): {_shown(text)!r}"))
            continue
        speech_started = True
        kept.append(paragraph)
    if not kept:  # nothing but heading-like lines (an unpunctuated transcript): they are the speech
        del dropped[dropped_before:], findings[findings_before:]
        return paragraphs
    return kept
