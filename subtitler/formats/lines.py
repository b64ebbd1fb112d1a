"""Splitting text into lines on CR, LF and CRLF only, keeping where each line sits.

``str.splitlines`` also splits on U+2028, form feeds and other separators that
subtitle formats treat as text, so it is not used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from subtitler import rules
from subtitler.formats.grammar import EOL
from subtitler.model import Finding

_NAMES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}


@dataclass(frozen=True)
class Lines:
    """The line structure of a text.

    Attributes:
        text: the text.
        eols: the length of each line's ending (0 for the last line), or None when
            every line ending is ``newline``.
        eol: the length of every line ending when ``eols`` is None.
        newline: the most common line ending.
        findings: mixed line endings, missing final newline.
    """

    text: str
    eols: list[int] | None
    eol: int
    newline: str
    findings: tuple[Finding, ...]
    mixed_lines: list[str] | None = None

    @cached_property
    def lines(self) -> list[str]:
        """The lines without their endings; the last one is what follows the last
        line ending ('' when the text ends with one)."""
        if self.mixed_lines is not None:
            return self.mixed_lines
        return self.text.split(self.newline)


def split(text: str) -> Lines:
    """Find the line endings of ``text`` and report mixed or missing ones.

    >>> split("a\\r\\nb\\nc").lines
    ['a', 'b', 'c']
    """
    findings: list[Finding] = []
    lines: list[str] | None = None
    eols: list[int] | None = None
    if "\r" not in text:
        eol, newline = 1, "\n"
    elif text.count("\r\n") == text.count("\r") == text.count("\n"):
        eol, newline = 2, "\r\n"
    elif "\n" not in text:
        eol, newline = 1, "\r"
    else:
        lines, eols, newline, mixed = _split_mixed(text)
        eol = 0
        if mixed is not None:
            findings.append(mixed)
    if text and not text.endswith(("\n", "\r")):
        last = text[max(text.rfind("\n"), text.rfind("\r")) + 1:]
        number = len(EOL.findall(text)) + 1
        findings.append(rules.make("W005", number, len(last) + 1, "no line ending after the last line"))
    return Lines(text, eols, eol, newline, tuple(findings), lines)


def _split_mixed(text: str) -> tuple[list[str], list[int], str, Finding | None]:
    lines: list[str] = []
    eols: list[int] = []
    counts = {"\n": 0, "\r\n": 0, "\r": 0}
    first_line: dict[str, int] = {}
    pos = 0
    for match in EOL.finditer(text):
        ending = match.group()
        lines.append(text[pos:match.start()])
        eols.append(len(ending))
        counts[ending] += 1
        first_line.setdefault(ending, len(lines))
        pos = match.end()
    lines.append(text[pos:])
    eols.append(0)
    newline = max(counts, key=lambda k: (counts[k], k == "\n"))
    used = [k for k, v in counts.items() if v]
    finding = None
    if len(used) > 1:
        other = min((k for k in used if k != newline), key=lambda k: first_line[k])
        summary = ", ".join(f"{counts[k]} {_NAMES[k]}" for k in used)
        line = first_line[other]
        finding = rules.make(
            "W004", line, len(lines[line - 1]) + 1, f"mixed line endings ({summary}); first {_NAMES[other]} here"
        )
    return lines, eols, newline, finding


#: A run of non-blank lines: (index of its first line, its offset, its lines,
#: the length of each line ending or one length for all).
Paragraph = tuple[int, int, list[str], "list[int] | int"]

_NOT_NL_SPACE = {"\n": re.compile(r"(?:^|\n)[^\S\r\n]+(?=\n|$)"),
                 "\r\n": re.compile(r"(?:^|\r\n)[^\S\r\n]+(?=\r\n|$)"),
                 "\r": re.compile(r"(?:^|\r)[^\S\r\n]+(?=\r|$)")}


def paragraphs(text: str, split_lines: Lines, spaces_blank: bool) -> Iterator[Paragraph]:
    """The runs of non-blank lines of ``text``, with where each starts.

    A blank line is an empty line, or (with ``spaces_blank``, as SRT readers take
    it) a line of only white space. Text with one kind of line ending is cut with
    ``str.split`` on a blank line, which is many times faster than a walk over lines.

    >>> [p[2] for p in paragraphs("a\\nb\\n\\n\\nc\\n", split("a\\nb\\n\\n\\nc\\n"), True)]
    [['a', 'b'], ['c']]
    """
    nl = split_lines.newline
    uniform = split_lines.eols is None
    if uniform and spaces_blank and _NOT_NL_SPACE[nl].search(text) is not None:
        uniform = False
    if uniform:
        yield from _uniform(text, nl)
    else:
        yield from _walk(split_lines, spaces_blank)


def _uniform(text: str, nl: str) -> Iterator[Paragraph]:
    width = len(nl)
    sep = nl + nl
    pos = 0
    line = 0
    chunks = text.split(sep)
    last = len(chunks) - 1
    for index, chunk in enumerate(chunks):
        body = chunk.lstrip(nl[0]) if width == 1 else chunk.lstrip("\r\n")
        lead = (len(chunk) - len(body)) // width
        if index == last and body.endswith(nl):
            body = body[:-width]
        if body:
            lines = body.split(nl)
            yield line + lead, pos + lead * width, lines, width
            line += lead + len(lines) + 1
        else:
            line += lead + 2
        pos += len(chunk) + 2 * width


def _walk(split_lines: Lines, spaces_blank: bool) -> Iterator[Paragraph]:
    lines = split_lines.lines
    eols = split_lines.eols
    eol = split_lines.eol
    n = len(lines) - 1 if lines[-1] == "" else len(lines)
    i = pos = 0
    while i < n:
        line = lines[i]
        if not line or (spaces_blank and line.isspace()):
            pos += len(line) + (eols[i] if eols else eol)
            i += 1
            continue
        first, start = i, pos
        while i < n and (line := lines[i]) and not (spaces_blank and line.isspace()):
            pos += len(line) + (eols[i] if eols else eol)
            i += 1
        yield first, start, lines[first:i], (eols[first:i] if eols else eol)


def offsets(start: int, lines: list[str], eol: list[int] | int) -> list[int]:
    """Where each line of a paragraph starts.

    >>> offsets(10, ["ab", "c"], 1)
    [10, 13]
    """
    out = []
    pos = start
    for k, line in enumerate(lines):
        out.append(pos)
        pos += len(line) + (eol if isinstance(eol, int) else eol[k])
    return out


def nul_positions(text: str) -> list[tuple[int, int]]:
    """The line and column (1-based) of the first NUL character of each line that has one.

    >>> nul_positions("WEBVTT\\r\\r00:01.000 --> 00:02.000\\rHello\\x00")
    [(4, 6)]
    """
    if "\x00" not in text:
        return []
    return [(number, line.index("\x00") + 1) for number, line in enumerate(EOL.split(text), 1) if "\x00" in line]


def trailing_blank_lines(text: str) -> int:
    """How many blank (or white-space-only) lines end the text.

    >>> trailing_blank_lines("a\\n\\n \\n"), trailing_blank_lines("a\\n")
    (2, 0)
    """
    end = len(text)
    while end and text[end - 1].isspace():  # only the tail is looked at: no copy of a large text
        end -= 1
    tail = text[end:]
    count = len(EOL.findall(tail))
    return count - 1 if tail.endswith(("\n", "\r")) and count else count
