"""SubRip (SRT): a tolerant reader that reports every deviation, and a writer.

The reader takes what real files contain and says so: missing or odd indexes,
``.`` before the milliseconds, one-digit fields, missing hours, ``->`` and
``-- >`` arrows, extra spaces, SubRip coordinates, negative times, a cue that
starts without a blank line before it. A block with no timing line is kept
verbatim as an ``invalid`` block and reported (E110); nothing is dropped.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence

from subtitler import rules
from subtitler.formats import source as splice_source
from subtitler.formats.grammar import EOL, FULLWIDTH_DELIMITERS, SRT_TIMING, has_fullwidth, holdable, srt_timing_spans
from subtitler.formats.lines import Lines, nul_positions, offsets, paragraphs, split, trailing_blank_lines
from subtitler.formats.speakermarks import srt_marker
from subtitler.formats.srtbulk import read_clean
from subtitler.model import DEFAULT_SETTINGS, Block, Cue, Document, Finding, Source, make_cue
from subtitler.timecode import fixed_ms, format_srt, fraction_ms

# The parts of a timestamp the timing line matched, for its value and its findings.
_TS_PARTS = re.compile(
    r"^(?P<sign>-?)\s*(?:(?P<h>\d+)\s*:\s*)?(?P<m>\d+)\s*:\s*(?P<s>\d+)(?:\s*(?P<sep>[,.:;])\s*(?P<f>\d+))?$"
)
_COORDS = re.compile(r"^\s*(?:[XY][12]\s*:\s*-?\d+\s*){4}$", re.IGNORECASE)
_INDEX_ODD = re.compile(r"^\s*#?\d+\s*(?:[.):]\s*)?$")  # one run of spaces per gap: no backtracking


def _ts_ms(match: re.Match[str]) -> int:
    # One rule for every width: the digits are a decimal fraction of a second, as in
    # WebVTT and in the timecode module (',5' is 500 ms, ',46' 460 ms, ',4560' 456 ms);
    # W105 reports any width but three.
    milli = fraction_ms(match["f"])
    value = (int(match["h"] or 0) * 3_600_000 + int(match["m"]) * 60_000
             + int(match["s"]) * 1000 + milli)
    return -value if match["sign"] else value


def _ts_findings(match: re.Match[str], line: int, col: int, out: list[Finding]) -> None:
    """Findings for one tolerated timestamp starting at 1-based column ``col``."""
    text = match.group()
    if match["sign"]:
        out.append(rules.make("E113", line, col, f"negative timestamp {text!r}"))
    if match["h"] is None:
        out.append(rules.make("W106", line, col, f"timestamp {text!r} has no hours (HH:MM:SS,mmm)"))
    if match["f"] is None:
        out.append(rules.make("E111", line, col, f"timestamp {text!r} has no milliseconds"))
    elif match["sep"] != ",":
        out.append(rules.make("W104", line, col + match.start("sep"),
                              f"{match['sep']!r} before the milliseconds; SRT uses ','"))
    widths = [(match["h"], 2), (match["m"], 2), (match["s"], 2), (match["f"], 3)]
    if any(v is not None and len(v) != w for v, w in widths) or " " in text:
        out.append(rules.make("W105", line, col, f"timestamp {text!r} is not in the form HH:MM:SS,mmm"))
    if int(match["m"]) > 59 or int(match["s"]) > 59:
        out.append(rules.make("E114", line, col, f"minutes or seconds above 59 in {text!r}"))


def parse_timing(line_text: str, line: int, findings: list[Finding]) -> tuple[int, int, str, int, int, int, int] | None:
    """Parse a tolerated SRT timing line.

    Returns ``(start_ms, end_ms, rest, start_a, start_b, end_a, end_b)`` with the
    timestamps' character spans in the line, or None when it is not a timing line.
    Deviations are appended to ``findings``.
    """
    match = SRT_TIMING.match(line_text)
    if match is None and has_fullwidth(line_text):
        # seen in files from East Asian editors: '00：00:01，000'; each delimiter is one
        # character, so the translated line keeps every column
        match = SRT_TIMING.match(line_text.translate(FULLWIDTH_DELIMITERS))
        if match is not None:
            findings.append(rules.make("W115", line, 1, "full-width ':' or ',' in the timing line; read as ASCII"))
    if match is None:
        return None
    start = _TS_PARTS.match(match["start"])
    end = _TS_PARTS.match(match["end"])
    if start is None or end is None:
        return None
    _ts_findings(start, line, match.start("start") + 1, findings)
    _ts_findings(end, line, match.start("end") + 1, findings)
    if match["arrow"] != "-->":
        findings.append(rules.make("W107", line, match.start("arrow") + 1,
                                   f"arrow {match['arrow']!r} instead of '-->'"))
    rest = match["rest"]
    if match["lead"] or match["sp1"] != " " or match["sp2"] != " " or (rest and rest.isspace()):
        findings.append(rules.make("W108", line, 1, "timing line is not 'START --> END' with single spaces"))
    if rest and not rest.isspace():
        if _COORDS.match(rest):
            findings.append(rules.make("W109", line, match.start("rest") + 1,
                                       f"SubRip coordinates after the timing: {rest.strip()!r}"))
        else:
            findings.append(rules.make("W108", line, match.start("rest") + 1,
                                       f"unexpected text after the end time: {rest.strip()!r}"))
    return (_ts_ms(start), _ts_ms(end), rest, match.start("start"), match.end("start"),
            match.start("end"), match.end("end"))


def _maybe_timing(line_text: str) -> bool:
    """Cheap test before the full timing pattern: an arrow, then the pattern."""
    return (">" in line_text or "→" in line_text) and srt_timing_spans(line_text) is not None


def _maybe_timing_text(body: str) -> bool:
    return any(_maybe_timing(line) for line in body.split("\n"))


class _Reader:
    """One pass over the paragraphs of an SRT text."""

    def __init__(self, text: str, lines: Lines) -> None:
        self.text = text
        self.split = lines
        self.cues: list[Cue] = []
        self.blocks: list[Block] = []
        self.findings: list[Finding] = list(self.split.findings)
        self.spans: array[int] = array("q")
        self.speaker: str | None = None
        self.labelled = False

    def run(self) -> None:
        cues, spans, text = self.cues, self.spans, self.text
        append, extend = cues.append, spans.extend
        nl = "\n"
        pending = -1  # spans index of the block end to fill in when the next paragraph starts
        for first, start, para, eol in paragraphs(text, self.split, True):
            if pending >= 0:
                spans[pending] = start
            count = len(para)
            index = para[0]
            if count >= 2 and index.isdigit():
                line = para[1]
                start_ms = fixed_ms(line) if len(line) == 29 and line[8] == "," and line[12:17] == " --> " else None
                end_ms = fixed_ms(line, 17) if start_ms is not None and line[25] == "," else None
                if start_ms is not None and end_ms is not None:
                    body = para[2] if count == 3 else nl.join(para[2:])
                    if (">" not in body and "→" not in body) or not _maybe_timing_text(body):
                        c0 = body[:1]
                        if c0 == ">" or c0 == "-" or (c0.isupper() and ":" in body):
                            speaker = self.marker(body)
                        else:
                            speaker = self.speaker if self.labelled else None
                        n = len(cues)
                        append(make_cue(start_ms, end_ms, body, index, speaker, DEFAULT_SETTINGS, "",
                                        first + 2, n))
                        timing_at = start + len(index) + (eol if isinstance(eol, int) else eol[0])
                        extend((start, -1, timing_at))
                        pending = 3 * n + 1
                        continue
            before = len(cues)
            self.tolerant(para, first, offsets(start, para, eol))
            pending = 3 * len(cues) - 2 if len(cues) > before else -1
        if pending >= 0:
            spans[pending] = len(text)
        _trailing(text, self.findings)

    def marker(self, text: str) -> str | None:
        """The speaker of a cue from its marker, a label carrying over to later cues."""
        kind, name = srt_marker(text)
        if kind == "label":
            self.labelled = True
            self.speaker = name
            return name
        if kind in ("chevron", "dash"):
            self.speaker = None
            return None
        return self.speaker if self.labelled else None

    def invalid(self, para: list[str], first: int, start: int, end: int, why: str) -> None:
        text = "\n".join(para)
        self.blocks.append(Block("invalid", text, first + 1, len(self.cues), start, end))
        preview = para[0] if len(para[0]) <= 60 else para[0][:57] + "..."
        self.findings.append(rules.make("E110", first + 1, 1, f"{why}; block kept as is: {preview!r}"))

    def tolerant(self, para: list[str], first: int, starts: list[int]) -> None:
        """Read a paragraph that is not one well-formed cue."""
        local: list[Finding] = []
        timings = []
        end_pos = starts[-1] + len(para[-1])
        for k, line in enumerate(para):
            found: list[Finding] = []
            parsed = parse_timing(line, first + k + 1, found) if (">" in line or "→" in line) else None
            if parsed is not None:
                timings.append((k, parsed, found))
        if not timings:
            self.invalid(para, first, starts[0], end_pos, "no timing line (HH:MM:SS,mmm --> HH:MM:SS,mmm)")
            return
        heads = []  # first line of each cue: its index line, or its timing line when it has none
        for n, (k, _parsed, _found) in enumerate(timings):
            floor = timings[n - 1][0] + 1 if n else 0
            if k > floor and _INDEX_ODD.match(para[k - 1]):
                heads.append(k - 1)
            elif n == 0 and k == 1:
                heads.append(0)  # a non-numeric first line: a bad index, reported below
            else:
                heads.append(k)
        if heads[0] > 0:
            self.invalid(para[:heads[0]], first, starts[0], starts[heads[0]], "text before the first timing line")
        for n, (k, parsed, found) in enumerate(timings):
            head = heads[n]
            stop = heads[n + 1] if n + 1 < len(timings) else len(para)
            line_no = first + head + 1
            cue_id = ""
            if head < k:
                raw = para[head]
                cue_id = raw
                if not raw.isdigit():
                    if _INDEX_ODD.match(raw):
                        local.append(rules.make("W103", line_no, 1, f"index {raw!r} is not a plain number"))
                    else:
                        local.append(rules.make("E102", line_no, 1, f"expected a cue number, found {raw!r}"))
            else:
                local.append(rules.make("W101", line_no, 1, "cue has no index line"))
            if n > 0:
                local.append(rules.make("W112", line_no, 1, "cue starts without a blank line before it"))
            local.extend(found)
            start_ms, end_ms, rest = parsed[0], parsed[1], parsed[2]
            text = "\n".join(para[k + 1:stop])
            block_end = starts[stop] if stop < len(para) else -1
            self.cues.append(make_cue(start_ms, end_ms, text, cue_id, self.marker(text), DEFAULT_SETTINGS, rest,
                                      first + k + 1, len(self.cues)))
            self.spans.extend((starts[head], block_end, starts[k]))
        self.findings.extend(local)


def read(text: str, fast: bool = True) -> Document:
    """Read SRT text (already decoded) into a Document.

    Never raises on content: every problem is a Finding in the document. A clean
    file is checked in bulk and its cues are built on first use; ``fast=False``
    takes the tolerant reader for every file (the two agree: a property test).
    """
    lines = split(text)
    clean = read_clean(text, lines.newline) if fast and lines.eols is None else None
    cues: Sequence[Cue]
    if clean is not None:
        cues, spans = clean, None
        blocks: tuple[Block, ...] = ()
        found = list(lines.findings)
        _trailing(text, found)
    else:
        reader = _Reader(text, lines)
        reader.run()
        cues, spans, blocks, found = tuple(reader.cues), reader.spans, tuple(reader.blocks), reader.findings
    found += [rules.make("E007", line, column, "NUL character (players may cut the text there)")
              for line, column in nul_positions(text)]
    findings = tuple(sorted(found, key=lambda f: (f.line, f.column)))
    source = Source(text, cues, spans, blocks)
    return Document("srt", cues, blocks, (), findings, newline=lines.newline, source=source)


def _trailing(text: str, findings: list[Finding]) -> None:
    blanks = trailing_blank_lines(text)
    if blanks > 1:
        line = len(EOL.findall(text, 0, len(text.rstrip()))) + 2
        findings.append(rules.make("W006", line, 1, f"{blanks} blank lines at the end of the file"))


def write(doc: Document) -> str:
    """Write a Document as SRT text.

    A document read from SRT is written back by splicing its source, so only what
    changed differs; anything else is written afresh, numbered from 1.
    """
    nl = doc.newline

    def fresh(cue: Cue, index: int) -> str:
        ident = cue.id if cue.id.isdigit() else str(index + 1)
        body = holdable(cue.text, "->").replace("\n", nl)  # no blank line, no '-->': SRT has no escapes
        return f"{ident}{nl}{format_srt(cue.start_ms)} --> {format_srt(cue.end_ms)}{nl}{body}{nl}{nl}"

    if doc.format == "srt":
        spliced = splice_source.splice(doc, fresh, srt_timing_spans)
        if spliced is not None:
            return spliced
    return _fresh_document(doc, nl)


def _fresh_document(doc: Document, nl: str) -> str:
    out: list[str] = []
    blocks = [b for b in doc.blocks if b.kind == "invalid" or doc.format == "srt"]
    b = 0
    for index, cue in enumerate(doc.cues):
        while b < len(blocks) and blocks[b].before_cue <= index:
            out.append(blocks[b].text.replace("\n", nl) + nl + nl)
            b += 1
        text = holdable(cue.text, "->").replace("\n", nl)
        out.append(f"{index + 1}{nl}{format_srt(cue.start_ms)} --> {format_srt(cue.end_ms)}{nl}{text}{nl}{nl}")
    for block in blocks[b:]:
        out.append(block.text.replace("\n", nl) + nl + nl)
    return "".join(out)
