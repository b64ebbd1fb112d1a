"""WebVTT: the W3C parser algorithm (§6.1), with findings for what it tolerates, and a writer.

The reader walks the file block by block exactly as the spec's "collect a WebVTT
block" does, so it finds the cues a browser finds. Where the browser silently
drops something (a cue whose timing line does not parse, a STYLE block after the
cues, a stray block), the reader keeps it as an ``invalid`` block and reports it.
"""

from __future__ import annotations

import functools
import re
from array import array

from subtitler import rules
from subtitler.errors import NotSubtitleError
from subtitler.formats import source as splice_source
from subtitler.formats.cuetext import unescape
from subtitler.formats.grammar import (
    VTT_AFTER_SIGNATURE,
    VTT_ARROWISH,
    VTT_NOTE,
    VTT_STYLE_OR_REGION,
    holdable,
    timing_spans,
)
from subtitler.formats.lines import nul_positions, offsets, paragraphs, split
from subtitler.formats.speakermarks import vtt_voice
from subtitler.formats.vttbulk import read_plain
from subtitler.formats.vttsettings import Timing, parse_cue_settings, parse_region, parse_timing
from subtitler.model import DEFAULT_SETTINGS, Block, Cue, CueSettings, Document, Finding, Region, Source, make_cue
from subtitler.timecode import fixed_ms, format_vtt

# A legacy metadata header line ("Kind: captions"), or HLS's X-TIMESTAMP-MAP (RFC 8216 section 3.5), which players read.
_META = re.compile(r"^(?:[A-Za-z][\w-]*:|X-TIMESTAMP-MAP=)")
_CHARREF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def check_signature(text: str) -> None:
    """Raise unless ``text`` starts with the WebVTT signature (spec §6.1 steps 4-6)."""
    if len(text) < 6 or not text.startswith("WEBVTT") or (len(text) > 6 and text[6] not in VTT_AFTER_SIGNATURE):
        first = text.split("\n", 1)[0][:40]
        raise NotSubtitleError(
            f"not a WebVTT file: it must start with 'WEBVTT' (found {first!r})", line=1, column=1
        )


def _strict(t: str) -> tuple[int, int] | None:
    """Times of 'HH:MM:SS.mmm --> HH:MM:SS.mmm' (settings may follow after a space)."""
    if len(t) < 29 or t[12:17] != " --> " or t[8] != "." or t[25] != "." or (len(t) > 29 and t[29] not in " \t"):
        return None
    start, end = fixed_ms(t), fixed_ms(t, 17)
    if start is None or end is None:
        return None
    return start, end


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.work = text.replace("\x00", "\ufffd") if "\x00" in text else text
        self.split = split(self.work)
        self.cues: list[Cue] = []
        self.blocks: list[Block] = []
        self.regions: list[Region] = []
        self.region_ids: dict[str, Region] = {}
        self.findings: list[Finding] = list(self.split.findings)
        self.spans: array[int] = array("q")
        self.seen_cue = False
        self.pending = -1  # spans index of a block end to fill in with the next block's start

    def run(self) -> None:
        check_signature(self.work)
        if "\x00" in self.text:
            self._report_nuls()
        first_para = True
        for first, start, lines, eol in paragraphs(self.work, self.split, False):
            if self.pending >= 0:
                self.spans[self.pending] = start
                self.pending = -1
            if first_para:
                first_para = False
                k = self._header(lines)
                if k == len(lines):
                    continue
                starts = offsets(start, lines, eol)
            elif "-->" in lines[0] or (len(lines) > 1 and "-->" in lines[1]):
                if self._fast_cue(first, start, lines, eol):
                    continue
                k, starts = 0, offsets(start, lines, eol)
            else:
                k, starts = 0, offsets(start, lines, eol)
            while k < len(lines):
                if self.pending >= 0:
                    self.spans[self.pending] = starts[k]
                    self.pending = -1
                k = self.block(lines, k, first, starts)
        if self.pending >= 0:
            self.spans[self.pending] = len(self.text)

    def _report_nuls(self) -> None:
        self.findings += [rules.make("E007", line, column, "NUL character (browsers show U+FFFD)")
                          for line, column in nul_positions(self.text)]

    def _header(self, lines: list[str]) -> int:
        """The signature line and header lines (spec §6.1 steps 7-11); returns where blocks start."""
        k = 1
        while k < len(lines) and "-->" not in lines[k]:
            if not _META.match(lines[k]):
                message = f"header line {lines[k][:40]!r} is ignored by players"
                self.findings.append(rules.make("W159", k + 1, 1, message))
            k += 1
        self.blocks.append(Block("header", "\n".join(lines[:k]), 1, 0, 0, -1))
        return k

    def _fast_cue(self, first: int, start: int, lines: list[str], eol: list[int] | int) -> bool:
        """A paragraph that is exactly one cue with a common timing line; False to take the long way."""
        at = 0 if "-->" in lines[0] else 1
        timing_line = lines[at]
        times = _strict(timing_line)
        if times is None:
            return False
        body = lines[at + 1] if len(lines) == at + 2 else "\n".join(lines[at + 1:])
        if "-->" in body:
            return False
        self.seen_cue = True
        settings_text = timing_line[29:]
        number = first + at + 1
        settings: CueSettings = DEFAULT_SETTINGS
        if settings_text:
            settings = parse_cue_settings(settings_text, self.region_ids, number, 29, self.findings)
        if "&" in body:
            self._check_entities(body, number + 1)
        n = len(self.cues)
        self.cues.append(make_cue(times[0], times[1], body, lines[0] if at else "",
                                  vtt_voice(body) if "<v" in body else None, settings, settings_text, number, n))
        timing_at = start if at == 0 else start + len(lines[0]) + (eol if isinstance(eol, int) else eol[0])
        self.spans.extend((start, -1, timing_at))
        self.pending = 3 * n + 1
        return True

    def block(self, lines: list[str], k: int, first: int, starts: list[int]) -> int:
        """The spec's "collect a WebVTT block" from line ``k`` of a paragraph; returns the next line."""
        begin = k
        count = 0
        buffer: list[str] = []
        seen_arrow = False
        timing: Timing | None = None
        timing_at = -1
        failed = ""
        kind = ""
        ident = ""
        while k < len(lines):
            line = lines[k]
            count += 1
            if "-->" in line:
                if count == 1 or (count == 2 and not seen_arrow):
                    seen_arrow = True
                    timing_at = k
                    parsed = parse_timing(line)
                    if isinstance(parsed, Timing):
                        timing = parsed
                        ident = buffer[0] if buffer else ""
                        buffer = []
                        self.seen_cue = True
                    else:
                        failed = parsed
                else:
                    break  # the spec rewinds: this line starts the next block
            else:
                if count == 2 and not self.seen_cue and buffer:
                    match = VTT_STYLE_OR_REGION.match(buffer[0])
                    if match is not None:
                        kind = match.group(1).lower()
                        buffer = []
                buffer.append(line)
            k += 1
        if begin > 0 and (timing is not None or failed):
            message = "block starts without a blank line before it"
            self.findings.append(rules.make("W152", first + begin + 1, 1, message))
        if timing is not None:
            self.add_cue(ident, timing, first + timing_at, starts[begin], starts[timing_at], buffer)
            return k
        text = "\n".join(lines[begin:k])
        line_no = first + begin + 1
        if kind == "style":
            self.blocks.append(Block("style", text, line_no, len(self.cues), starts[begin], -1))
        elif kind == "region":
            region = parse_region("\n".join(buffer), line_no, self.findings)
            self.regions.append(region)
            self.region_ids[region.id] = region
            self.blocks.append(Block("region", text, line_no, len(self.cues), starts[begin], -1))
        elif not failed and VTT_NOTE.match(lines[begin]):
            self.blocks.append(Block("note", text, line_no, len(self.cues), starts[begin], -1))
        else:
            self.invalid(lines[begin:k], line_no, starts[begin], failed, first + timing_at + 1)
        return k

    def invalid(self, lines: list[str], line_no: int, start: int, failed: str, timing_line: int) -> None:
        self.blocks.append(Block("invalid", "\n".join(lines), line_no, len(self.cues), start, -1))
        if failed:
            code, line, message = "E151", timing_line, f"timing line does not parse ({failed}); browsers drop this cue"
        elif VTT_STYLE_OR_REGION.match(lines[0]) and self.seen_cue:
            code, line, message = "E154", line_no, f"{lines[0].strip()} block after the first cue; browsers ignore it"
        else:
            preview = lines[0] if len(lines[0]) <= 50 else lines[0][:47] + "..."
            code, line, message = "E155", line_no, f"block is not a cue, NOTE, STYLE or REGION: {preview!r}"
            if any(VTT_ARROWISH.search(x) for x in lines[:2]):
                message += " (a timing line needs the arrow '-->')"
        self.findings.append(rules.make(code, line, 1, message))

    def add_cue(self, ident: str, timing: Timing, line_index: int, start: int, timing_start: int,
                body: list[str]) -> None:
        number = line_index + 1
        settings: CueSettings = DEFAULT_SETTINGS
        if timing.settings_text:
            settings = parse_cue_settings(timing.settings_text, self.region_ids, number,
                                          timing.settings_at, self.findings)
        text = "\n".join(body)
        if "&" in text:
            self._check_entities(text, number + 1)
        n = len(self.cues)
        self.cues.append(make_cue(timing.start_ms, timing.end_ms, text, ident,
                                  vtt_voice(text) if "<v" in text else None, settings,
                                  timing.settings_text, number, n))
        self.spans.extend((start, -1, timing_start))
        self.pending = 3 * n + 1

    def _check_entities(self, text: str, first_line: int) -> None:
        for row, line in enumerate(text.split("\n")):
            pos = line.find("&")
            while pos >= 0:
                match = _CHARREF.match(line, pos)
                if match is None:
                    self.findings.append(rules.make(
                        "W158", first_line + row, pos + 1, "'&' that starts no character reference; write '&amp;'"))
                elif not _known_reference(match.group()):
                    self.findings.append(rules.make(
                        "W158", first_line + row, pos + 1,
                        f"{match.group()!r} is no character reference: shown as it is; write '&amp;' for the '&'"))
                pos = line.find("&", pos + 1)


def _known_reference(reference: str) -> bool:
    """Whether a character reference decodes (as the cue text decoder, and browsers, decode it)."""
    return unescape(reference) != reference


def read(text: str, fast: bool = True) -> Document:
    """Read WebVTT text (already decoded) into a Document.

    A plain file is checked in bulk and its cues are built on first use;
    ``fast=False`` takes the W3C parser for every file (the two agree: a property test).

    Raises:
        NotSubtitleError: the text does not start with the WebVTT signature.
    """
    check_signature(text.replace("\x00", "\ufffd") if "\x00" in text else text)
    lines = split(text)
    plain = read_plain(text, lines.newline) if fast and lines.eols is None and "\x00" not in text else None
    if plain is not None:
        header, lazy = plain
        head = (Block("header", header, 1, 0, 0, -1),)
        return Document("vtt", lazy, head, (), lines.findings, newline=lines.newline,
                        source=Source(text, lazy, None, head))
    reader = _Reader(text)
    reader.run()
    cues = tuple(reader.cues)
    blocks = tuple(reader.blocks)
    findings = sorted(reader.findings, key=lambda f: (f.line, f.column))
    source = Source(text, cues, reader.spans, blocks)
    return Document("vtt", cues, blocks, tuple(reader.regions), tuple(findings),
                    newline=reader.split.newline, source=source)


def render_settings(settings: CueSettings) -> str:
    """Cue settings as written after the end time (' align:start line:0'), '' for defaults."""
    if settings is DEFAULT_SETTINGS or settings == DEFAULT_SETTINGS:
        return ""
    parts = []
    if settings.vertical:
        parts.append(f"vertical:{settings.vertical}")
    if settings.line != "auto":
        value = _number(settings.line) + ("" if settings.snap_to_lines else "%")
        parts.append(f"line:{value}" + (f",{settings.line_align}" if settings.line_align != "start" else ""))
    if settings.position != "auto":
        align = f",{settings.position_align}" if settings.position_align != "auto" else ""
        parts.append(f"position:{_number(settings.position)}%{align}")
    if settings.size != 100:
        parts.append(f"size:{_number(settings.size)}%")
    if settings.align != "center":
        parts.append(f"align:{settings.align}")
    if settings.region:
        parts.append(f"region:{settings.region}")
    return " " + " ".join(parts)


def _number(value: float | str) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def write(doc: Document) -> str:
    """Write a Document as WebVTT text.

    A document read from WebVTT is written back by splicing its source, so only
    what changed differs; anything else is written afresh.
    """
    nl = doc.newline

    def fresh(cue: Cue, index: int) -> str:
        # an identifier is one line without '-->', and cue text holds no blank line and no
        # '-->' (as '--&gt;', which shows the same): either would end or start a cue
        ident = holdable(" ".join(cue.id.split()), "->") if cue.id else ""
        head = f"{ident}{nl}" if ident else ""
        settings = cue.settings_text or render_settings(cue.settings)
        body = holdable(cue.text, "--&gt;").replace("\n", nl)
        return f"{head}{format_vtt(cue.start_ms)} --> {format_vtt(cue.end_ms)}{settings}{nl}{body}{nl}{nl}"

    if doc.format == "vtt":
        spliced = splice_source.splice(doc, fresh, functools.partial(timing_spans, "vtt"))
        if spliced is not None:
            return spliced
    out: list[str] = []
    header = next((b for b in doc.blocks if b.kind == "header"), None)
    out.append((header.text.replace("\n", nl) if header else "WEBVTT") + nl + nl)
    blocks = [b for b in doc.blocks if b.kind != "header"]
    k = 0
    for index, cue in enumerate(doc.cues):
        while k < len(blocks) and blocks[k].before_cue <= index:
            out.append(blocks[k].text.replace("\n", nl) + nl + nl)
            k += 1
        out.append(fresh(cue, index))
    out.extend(b.text.replace("\n", nl) + nl + nl for b in blocks[k:])
    return "".join(out)
