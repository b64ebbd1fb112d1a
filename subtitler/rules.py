"""Every finding code subtitler can report: its severity and what it means.

``docs/rules.md`` is generated from :data:`RULES` (``subtitler rules --markdown``),
and a test fails when the two disagree. The letter of a code is its severity:
``E`` error, ``W`` warning, ``I`` information (a repair or a note).
"""

from __future__ import annotations

from dataclasses import dataclass

from subtitler.model import Finding, Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """One finding code.

    Attributes:
        code: stable code (never reused for another meaning).
        name: short slug.
        area: file, srt, vtt, timing, text, generate or align.
        summary: one line, what it means and why it matters.
    """

    code: str
    name: str
    area: str
    summary: str

    @property
    def severity(self) -> Severity:
        """Severity from the code's letter."""
        return {"E": Severity.ERROR, "W": Severity.WARNING}.get(self.code[0], Severity.INFO)


_RULES = [
    # -- file ---------------------------------------------------------------------------
    Rule("E001", "vtt-not-utf8", "file", "A WebVTT file must be UTF-8; this one was decoded from another encoding."),
    Rule("W002", "not-utf8", "file", "The file is not UTF-8: it was decoded from the detected encoding, which players may not guess."),
    Rule("W003", "bom", "file", "The file starts with a UTF-8 byte order mark, which the profile forbids."),
    Rule("W004", "mixed-newlines", "file", "The file mixes line endings (LF, CRLF, CR)."),
    Rule("W005", "no-final-newline", "file", "The last line has no line ending."),
    Rule("W006", "trailing-blank-lines", "file", "More than one blank line at the end of the file."),
    Rule("E007", "nul-character", "file", "A NUL character in the text (WebVTT players show U+FFFD in its place; SRT players may cut the text there)."),
    # -- SRT syntax ---------------------------------------------------------------------
    Rule("W101", "srt-missing-index", "srt", "A cue has no index line; most players need it."),
    Rule("E102", "srt-bad-index", "srt", "The line before the timing line is not a cue number."),
    Rule("W103", "srt-odd-index", "srt", "The index line holds more than a number (spaces, punctuation)."),
    Rule("W104", "srt-decimal-dot", "srt", "A timestamp uses '.' before the milliseconds; SRT uses ','."),
    Rule("W105", "srt-field-width", "srt", "A timestamp field does not have its standard width (HH:MM:SS,mmm)."),
    Rule("W106", "srt-missing-hours", "srt", "A timestamp has no hours field."),
    Rule("W107", "srt-bad-arrow", "srt", "The arrow between the times is not '-->'."),
    Rule("W108", "srt-timing-spaces", "srt", "The timing line has extra or missing spaces."),
    Rule("W109", "srt-coordinates", "srt", "SubRip coordinates (X1: X2: Y1: Y2:) follow the timing; many players ignore them."),
    Rule("E110", "unparseable-block", "srt", "A block the reader cannot parse as a cue; it is kept verbatim and not shown by players."),
    Rule("E111", "srt-no-milliseconds", "srt", "A timestamp has no milliseconds."),
    Rule("W112", "missing-blank-line", "srt", "A cue starts without a blank line before it."),
    Rule("E113", "negative-time", "srt", "A timestamp is negative."),
    Rule("E114", "field-out-of-range", "srt", "Minutes or seconds of a timestamp are above 59."),
    # -- WebVTT syntax ------------------------------------------------------------------
    Rule("E151", "vtt-bad-timing", "vtt", "A block with '-->' whose timing line does not parse: browsers drop the whole cue."),
    Rule("W152", "vtt-missing-blank-line", "vtt", "A cue starts without a blank line before it (browsers tolerate it)."),
    Rule("W153", "vtt-bad-setting", "vtt", "A cue setting browsers ignore (unknown name or invalid value)."),
    Rule("E154", "vtt-late-header-block", "vtt", "A STYLE or REGION block after the first cue: browsers ignore it."),
    Rule("E155", "vtt-stray-block", "vtt", "A block that is neither a cue nor NOTE, STYLE or REGION: browsers ignore it."),
    Rule("W156", "vtt-bad-region-setting", "vtt", "A REGION setting browsers ignore (unknown name or invalid value)."),
    Rule("W157", "vtt-unknown-region", "vtt", "A cue names a region that is not defined; it shows outside any region."),
    Rule("W158", "vtt-bad-entity", "vtt", "An '&' that does not start a character reference ('&amp;' is meant)."),
    Rule("W159", "vtt-header-text", "vtt", "Text in the header after WEBVTT that is not a metadata line."),
]

#: Every rule by code.
RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def register(*rules: Rule) -> None:
    """Add rules defined by another module (checks, generate, align)."""
    for rule in rules:
        if rule.code in RULES and RULES[rule.code] != rule:
            raise ValueError(f"rule code {rule.code} defined twice")
        RULES[rule.code] = rule


def make(code: str, line: int, column: int, message: str, cue: int | None = None) -> Finding:
    """Build the Finding for ``code`` with the rule's severity."""
    return Finding(code, RULES[code].severity, line, column, message, cue)


def markdown() -> str:
    """docs/rules.md: every rule, grouped by area, generated from the code."""
    titles = {
        "file": "File and encoding", "srt": "SRT syntax", "vtt": "WebVTT syntax",
        "timing": "Timing", "text": "Text", "generate": "generate (transcripts)",
        "align": "align (audio)", "fix": "fix (repairs)", "retime": "retime (shift, stretch, sync)",
    }
    out = [
        "# Finding codes",
        "",
        "Generated from `subtitler/rules.py` by `subtitler rules --markdown`; a test keeps it in step.",
        "The letter is the severity: `E` error (fails validation), `W` warning (fails only",
        "with `--strict`), `I` information. Codes are stable: a code never changes meaning.",
        "",
    ]
    for area, title in titles.items():
        rules = sorted((r for r in RULES.values() if r.area == area), key=lambda r: r.code[1:])
        if not rules:
            continue
        out += [f"## {title}", "", "| code | name | severity | meaning |", "|---|---|---|---|"]
        out += [f"| {r.code} | {r.name} | {r.severity.value} | {r.summary} |" for r in rules]
        out.append("")
    return "\n".join(out)
