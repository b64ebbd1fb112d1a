"""A transcript as published, to paragraphs of sentences, speaker labels and dropped lines.

Transcript pages carry more than speech: page headers and footers, metadata blocks,
stage directions (``(COMMERCIAL BREAK)``), time stamps (``[10:30:58]``) and, when the
transcript is labelled, speaker labels in many conventions (:mod:`.labels`). This module
separates them; every line that is not speech (:mod:`.furniture`) is listed in
:attr:`Transcript.dropped` with a reason, and a label's text is never speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from subtitler import rules
from subtitler.errors import TranscriptError
from subtitler.model import Dropped, Finding, Sentence
from subtitler.pipeline import furniture, labels, labelwho
from subtitler.pipeline.labels import ROLE_LABELS, Label
from subtitler.pipeline.repair import capitalises_sentences, recurring, repair
from subtitler.pipeline.sentences import split

__all__ = ["ROLE_LABELS", "Label", "Paragraph", "Transcript", "parse"]

#: Bold labels that mark a sponsor break in podcast transcripts ("**Break:**"), not a speaker.
BREAKS = frozenset({"break", "sponsor", "ad break"})
_TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")
# A label that wraps over two lines: "NAME, Title of" then "the Office:" on the next line.
_WRAPPED = re.compile(r"^[A-Z][A-Z .'’-]+,[^:]{2,80}$")
# The page names its programme's host: "hosted by Jane Roe", "moderated by Jane Roe", "Jane Roe Tonight".
_HOSTED = re.compile(r"\b(?:hosted|moderated|presented|anchored) by ((?:[A-Z][\w'’-]+ ){1,2}[A-Z][\w'’-]+)|"
                     r"\b((?:[A-Z][\w'’-]+ ){1,2}[A-Z][\w'’-]+) Tonight\b")
# A self-introduction in an unlabelled opening: "I'm Terry Gross", "I am Jane Roe".
_SELF_INTRO = re.compile(r"\bI(?:'|’| a)m ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})")


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


def parse(text: str, repairs: bool = True) -> Transcript:
    """Split a transcript into paragraphs of sentences, labels and dropped lines.

    With ``repairs`` glitches are repaired where the evidence allows
    (:mod:`subtitler.pipeline.repair`), each one reported; without, no word changes.

    Raises:
        TranscriptError: nothing in the text is speech.
    """
    lines = _lines(text.removeprefix("\ufeff"))
    conv = labels.known_names(lines, labels.conventions(lines))
    cased = capitalises_sentences(text)
    known = recurring(text) if repairs else frozenset()
    header = furniture.front_matter(lines)
    dropped: list[Dropped] = []
    findings: list[Finding] = []
    paragraphs: list[Paragraph] = []
    buffer: list[tuple[int, str]] = []
    label: Label | None = None
    pending_label: Label | None = None
    hard = True
    skip: set[int] = set()
    in_break = False

    def flush() -> None:
        nonlocal buffer, label, hard
        if buffer:
            paragraph = _paragraph(buffer, label, hard, findings, dropped, cased, known if repairs else None)
            if paragraph.sentences:
                paragraphs.append(paragraph)
        buffer, label, hard = [], None, False

    for index, raw in enumerate(lines):
        number = index + 1
        if index in skip:
            continue
        if not raw.strip():
            flush()
            hard = True
            continue
        reason = "header metadata" if index in header else furniture.reason(raw)
        if reason is not None:
            flush()
            hard = True
            _leave_out(dropped, findings, number, raw.strip(), reason)
            continue
        line = _unwrapped(lines, index, conv, skip)
        for found, piece in _pieces(furniture.BULLET.sub("", line), conv):
            if found is not None:
                flush()
                label, hard = found.label, True
                in_break = found.label.style == "bold" and found.label.name.lower() in BREAKS
                if found.stamp:
                    dropped.append(Dropped(number, found.stamp, "time stamp"))
                    findings.append(rules.make("I404", number, found.start + 1, f"left out {found.stamp!r}"))
                if in_break:
                    _leave_out(dropped, findings, number, line.strip(), "sponsor break")
                    break
                if piece.strip():
                    buffer.append((number, piece.strip()))
                else:
                    pending_label = found.label  # a label on its own line names the paragraph after it
                continue
            if not piece.strip():
                continue
            if in_break:  # a podcast's sponsor break up to the next label: read, not spoken by a guest
                _leave_out(dropped, findings, number, piece.strip(), "sponsor break")
                continue
            if pending_label is not None and not buffer:
                label, hard, pending_label = pending_label, True, None
            if buffer and _TERMINAL.search(buffer[-1][1]) and not _continues(piece):
                flush()
            buffer.append((number, piece.strip()))
    flush()
    if not paragraphs:
        raise TranscriptError("no speech found in the transcript (only blank lines, headers or stage directions)")
    paragraphs = _heading_paragraphs(paragraphs, dropped, findings)
    labelled = any(p.label is not None for p in paragraphs)
    if labelled:
        paragraphs = _introduced(_opening(_named_host(_offices(_initials(_house(paragraphs, lines)), lines), lines),
                                          lines))
    numbered = [replace(p, sentences=tuple(replace(s, paragraph=i) for s in p.sentences))
                for i, p in enumerate(paragraphs)]
    return Transcript(tuple(numbered), tuple(dropped), tuple(sorted(findings, key=lambda f: f.line)), labelled)


def _leave_out(dropped: list[Dropped], findings: list[Finding], number: int, text: str, reason: str) -> None:
    dropped.append(Dropped(number, text, reason))
    findings.append(rules.make("I403", number, 1, f"left out ({reason}): {_shown(text)!r}"))


def _unwrapped(lines: list[str], index: int, conv: labels.Conventions, skip: set[int]) -> str:
    """A line, joined with the next when a label wraps over the two ("NAME, Manager" / "of …:")."""
    line = lines[index].strip()
    if not conv.upper or not _WRAPPED.match(line) or index + 1 >= len(lines):
        return lines[index]
    following = lines[index + 1].strip()
    joined = f"{line} {following}"
    found = labels.at_start(joined, conv)
    if following[:1].islower() and found is not None and found.end > len(line) + 1:
        skip.add(index + 1)
        return joined
    return lines[index]


def _pieces(line: str, conv: labels.Conventions) -> list[tuple[labels.Found | None, str]]:
    """A line cut at its labels: the label (or None) and the speech that follows it."""
    first = labels.at_start(line, conv)
    position = first.end if first else 0
    current = first
    pieces: list[tuple[labels.Found | None, str]] = []
    for found in labels.run_on(line, conv):
        if found.start < position:
            continue
        pieces.append((current, line[position:found.start]))
        current, position = found, found.end
    pieces.append((current, line[position:]))
    return pieces


def _offices(paragraphs: list[Paragraph], lines: list[str]) -> list[Paragraph]:
    """Give an office label ("PRIME MINISTER:") the name of its holder, when the document says it.

    The office becomes the label's title, so the holder is one person with a role
    (:func:`labelwho.office_holder`).
    """
    found = [p.label for p in paragraphs if p.label is not None]
    offices = {label.name for label in found if label.style in ("name", "bracket", "bold") and labelwho.is_office(
        label.name)}
    if not offices:
        return paragraphs
    text = "\n".join(lines)
    holders = {office: holder for office in offices if (holder := labelwho.office_holder(office, found, text))}
    return [replace(p, label=replace(p.label, name=holders[p.label.name], title=p.label.title or p.label.name))
            if p.label is not None and p.label.name in holders else p for p in paragraphs]


def _named_host(paragraphs: list[Paragraph], lines: list[str]) -> list[Paragraph]:
    """Give the untitled label of the host that the page names before its speech the title host.

    A page that says who hosts ("moderated by Jane Roe", "Jane Roe Tonight") before the first
    label, and labels that person without a title ("ROE:"), has told who the host is.
    """
    first = next((p.line for p in paragraphs if p.label is not None), 1)
    named = {labels.surname(m.group(1) or m.group(2)) for m in _HOSTED.finditer("\n".join(lines[:first]))}
    if not named:
        return paragraphs
    hosted = {p.label for p in paragraphs if p.label is not None and not p.label.title and p.label.style in (
        "name", "bold") and labels.surname(p.label.name) in named}
    return [replace(p, label=replace(p.label, title="host")) if p.label in hosted else p for p in paragraphs]


def _initials(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Give an initialled label ("M. ROE:", beside "MILES ROE" and "SUSAN ROE") its full name."""
    found = [p.label for p in paragraphs if p.label is not None]
    full = {label.name: name for label in found if (name := labelwho.initialled(label.name, found))}
    return [replace(p, label=replace(p.label, name=full[p.label.name])) if p.label is not None
            and p.label.name in full else p for p in paragraphs]


def _house(paragraphs: list[Paragraph], lines: list[str]) -> list[Paragraph]:
    """Mark each host's and reporter's label by whether it is of this page's outlet and show.

    Beside :func:`labelwho.house`, a title that names a show ("CO-ANCHOR, "THE WEEK"", "HOST OF
    NEWS 9'S LATE DESK") is the page's own when the page's header, before the first label,
    names that show or outlet too.
    """
    marked = labelwho.house([p.label for p in paragraphs if p.label is not None])
    first = next((p.line for p in paragraphs if p.label is not None), 1)
    header = "\n".join(lines[:first - 1]).lower()
    own = [replace(label, house=True) if label.house is None and label.title and any(
        (m.group(1) or m.group(2)).lower() in header for m in labelwho.SHOW_NAMED.finditer(label.title)) else label
        for label in marked]
    found = iter(own)
    return [replace(p, label=next(found)) if p.label is not None else p for p in paragraphs]


def _opening(paragraphs: list[Paragraph], lines: list[str]) -> list[Paragraph]:
    """Give an unlabelled opening the label of the host who introduces themself in it.

    A show that opens unlabelled ("This is the show. I'm Terry Gross.") and labels the same
    voice later ("GROSS:") is one person, not two; a page cut before the host's first label
    still names its opening voice by the full name the host gives. Lines before the
    self-introduction (a page's title) are not that voice's. Without a self-introduction, the
    opening is the host's that the page's header names ("Jane Roe Tonight", "hosted by Jane
    Roe") when the page labels that host later.
    """
    first = next(i for i, p in enumerate(paragraphs) if p.label is not None)
    surnames = {labels.surname(p.label.name) for p in paragraphs if p.label is not None and p.label.name}
    for index, paragraph in enumerate(paragraphs[:first]):
        for sentence in paragraph.sentences:
            match = _SELF_INTRO.search(sentence.text.replace("`", "'"))
            if match and (labels.surname(match.group(1)) in surnames or len(match.group(1).split()) >= 2):
                named = Label(match.group(1), "host", "name")  # who opens the show by name hosts it
                return [replace(p, label=named) if i == index else p for i, p in enumerate(paragraphs)]
    if first > 0:
        header = "\n".join(lines[:paragraphs[0].line - 1])
        hosts = [m.group(1) or m.group(2) for m in _HOSTED.finditer(header)]
        host = next((p.label for p in paragraphs[first:] if p.label is not None and p.label.style == "name"
                     and any(labels.surname(h) == labels.surname(p.label.name) for h in hosts)), None)
        if host is not None:
            return [replace(paragraphs[0], label=replace(host, title=host.title or "host")), *paragraphs[1:]]
    return paragraphs


#: What a host says on taking over in an unlabelled paragraph: "Thanks for staying with me", "You are
#: live in …", "This is the show", "Welcome to …", "Good evening".
_TAKES_OVER = re.compile(r"\b(?:thanks?(?: you)?(?: so much)? for (?:staying|being|joining) with|you(?:'|’)?re (?:live|"
                         r"watching|listening)|you are (?:live|watching|listening)|this is [A-Z]|welcome (?:back )?to|"
                         r"good (?:morning|afternoon|evening))\b", re.IGNORECASE)


def _introduced(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Give an unlabelled paragraph after another voice's label the host who introduces themself in it.

    A host who takes over after a clip ("Thanks for staying with me. I'm Jane Roe in New York."),
    in a paragraph of its own, is not the clip's voice: a full name given as one's own, with a
    host's formula or a label of that surname elsewhere, that is not the current label's name.
    An announcer who ends by naming a labelled voice ("Live from New York, Jane Roe.") hands
    the next unlabelled paragraph to that voice.
    """
    surnames = {labels.surname(p.label.name): p.label for p in paragraphs if p.label is not None and p.label.name
                and p.label.style == "name"}
    current: Label | None = None
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.label is not None:
            current = paragraph.label
        elif current is not None and paragraph.hard and current.style == "name":
            opening = [s.text.replace("`", "'") for s in paragraph.sentences[:3]]
            match = next((m for t in opening if (m := _SELF_INTRO.search(t))), None)
            if match and len(match.group(1).split()) >= 2 and labels.surname(match.group(1)) != labels.surname(
                    current.name) and (labels.surname(match.group(1)) in surnames or any(
                    _TAKES_OVER.search(t) for t in opening)):
                current = surnames.get(labels.surname(match.group(1))) or Label(match.group(1), "host", "name")
                paragraph = replace(paragraph, label=current)
            elif current.name.lower() in ("announcer", "narrator") and out and out[-1].label == current:
                last = out[-1].sentences[-1].text.rstrip(" .!\"”")
                named = next((label for sur, label in surnames.items() if label != current
                              and last.upper().endswith(labels.surname(label.name))), None)
                if named is not None:
                    current = named
                    paragraph = replace(paragraph, label=named)
        out.append(paragraph)
    return out


def _continues(line: str) -> bool:
    """Whether a line continues the sentence before it (a wrapped line starts in lower case)."""
    first = line.strip()[:1]
    return first.islower()


def _paragraph(buffer: list[tuple[int, str]], label: Label | None, hard: bool,
               findings: list[Finding], dropped: list[Dropped], cased: bool,
               known: frozenset[str] | None) -> Paragraph:
    """Join a paragraph's lines, clean them and split the sentences, keeping each one's line.

    ``cased`` is whether the text starts sentences with capitals; ``known`` the document's own
    words (:func:`~subtitler.pipeline.repair.recurring`), None for no repairs.
    """
    pieces: list[str] = []
    starts: list[tuple[int, int]] = []  # (offset in the joined text, line number)
    offset = 0
    for number, line in buffer:
        for stamp in furniture.INLINE_TIME.finditer(line):
            dropped.append(Dropped(number, stamp.group(), "time stamp"))
            findings.append(rules.make("I404", number, stamp.start() + 1, f"left out {stamp.group()!r}"))
        cleaned = furniture.INLINE_TIME.sub(" ", line)
        for note in furniture.INLINE_NOTE.finditer(cleaned):
            dropped.append(Dropped(number, note.group().strip(), "transcriber note or stage direction"))
            findings.append(rules.make("I404", number, note.start() + 1, f"left out {note.group().strip()!r}"))
        cleaned = furniture.INLINE_NOTE.sub("", cleaned)
        fixed = " ".join(cleaned.split())
        if known is not None:
            repaired = repair(fixed, number, periods=cased, known=known)
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
        heading = paragraph.label is None and furniture.is_heading(text, speech_started)
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
