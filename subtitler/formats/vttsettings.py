"""WebVTT timestamps, cue timings and settings, and region settings (W3C WebVTT §6.2, §6.3).

Each function follows the specification's algorithm step for step, so that a
file means here what it means in a browser, and reports what the browser
ignores silently (a setting it skips, a region it cannot find).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from subtitler import rules
from subtitler.formats.grammar import MAX_DIGITS
from subtitler.model import DEFAULT_SETTINGS, CueSettings, Finding, Region

# Tokens between ASCII whitespace as the spec means it (not \v, unlike str.split()).
_TOKEN = re.compile(r"[^\t\n\f\r ]+")
_TIMESTAMP = re.compile(r"(\d+):(\d+)(?::(\d+))?\.(\d+)", re.ASCII)
_PERCENT = re.compile(r"\d+(?:\.\d+)?%", re.ASCII)
_LINE_NUMBER = re.compile(r"-?\d+(?:\.\d+)?", re.ASCII)
_DIGITS = frozenset("0123456789")
_WS = " \t\n\f\r"
#: The most digits of a region's lines read (browsers read 10^34 lines as that, web-platform-tests).
MAX_LINES_DIGITS = 4000
#: Ignored settings of one REGION block reported one by one; the last finding says there are more.
MAX_REGION_FINDINGS = 50


def collect_timestamp(text: str, pos: int) -> tuple[int, int] | None:
    """Collect a WebVTT timestamp at ``pos``: ``(milliseconds, new position)`` or None.

    >>> collect_timestamp("01:02.003 -->", 0)
    (62003, 9)
    >>> collect_timestamp("60:00.000", 0) is None  # 60 means hours, which needs a third field
    True
    """
    match = _TIMESTAMP.match(text, pos)
    if match is None:
        return None
    first, second, third, frac = match.groups()
    if len(first) > MAX_DIGITS:  # hours past any clock; int() would refuse thousands of digits
        return None
    hours_first = len(first) != 2 or int(first) > 59
    if len(second) != 2 or len(frac) != 3 or (third is not None and len(third) != 2):
        return None
    if third is None:
        if hours_first:
            return None
        hours, minutes, seconds = 0, int(first), int(second)
    else:
        hours, minutes, seconds = int(first), int(second), int(third)
    if minutes > 59 or seconds > 59:
        return None
    return (hours * 3600 + minutes * 60 + seconds) * 1000 + int(frac), match.end()


@dataclass(frozen=True, slots=True)
class Timing:
    """A parsed timing line: times, the timestamps' spans and the settings text."""

    start_ms: int
    end_ms: int
    start_span: tuple[int, int]
    end_span: tuple[int, int]
    settings_at: int
    settings_text: str


def parse_timing(line: str) -> Timing | str:
    """Collect WebVTT cue timings from a line; a reason string when it fails.

    >>> parse_timing("00:01.000 --> 00:02.000 align:start").settings_text
    ' align:start'
    >>> parse_timing("00:01.000 -> 00:02.000")
    "expected '-->' at column 11"
    """
    pos = _skip(line, 0)
    start = collect_timestamp(line, pos)
    if start is None:
        return f"bad start time at column {pos + 1} ([HH:]MM:SS.mmm expected)"
    start_ms, a_end = start
    a_start = pos
    pos = _skip(line, a_end)
    if line[pos:pos + 3] != "-->":
        return f"expected '-->' at column {pos + 1}"
    pos = _skip(line, pos + 3)
    end = collect_timestamp(line, pos)
    if end is None:
        return f"bad end time at column {pos + 1} ([HH:]MM:SS.mmm expected)"
    end_ms, b_end = end
    return Timing(start_ms, end_ms, (a_start, a_end), (pos, b_end), b_end, line[b_end:])


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WS:
        pos += 1
    return pos


def parse_percentage(text: str) -> float | None:
    """The spec's "parse a percentage string": a number 0..100, or None.

    >>> parse_percentage("12.5%"), parse_percentage("101%"), parse_percentage("5")
    (12.5, None, None)
    """
    if _PERCENT.fullmatch(text) is None:
        return None
    value = _float(text[:-1])
    if value is None or value < 0 or value > 100:
        return None
    return value


def _float(text: str) -> float | None:
    """HTML rules for parsing floating-point numbers, on text already checked."""
    value = float(text)
    if math.isinf(value):
        return None
    return value + 0.0  # the HTML rules never give -0


def _tokens(text: str) -> Iterator[tuple[int, str]]:
    """Split on ASCII whitespace, keeping each token's 0-based offset (one at a time: a block of
    a million tokens costs no list of them)."""
    for match in _TOKEN.finditer(text):
        yield match.start(), match.group()


def parse_cue_settings(
    text: str, regions: dict[str, Region], line: int, offset: int, findings: list[Finding]
) -> CueSettings:
    """Parse the settings after a cue's end time (spec §6.3), reporting what is ignored.

    Args:
        text: the settings text.
        regions: region ids defined so far (the last definition of each id).
        line: the timing line's number, for findings.
        offset: the settings text's 0-based column in that line.
        findings: where to append what browsers ignore.
    """
    if not text or text.isspace():
        return DEFAULT_SETTINGS
    values: dict[str, object] = {}
    for at, token in _tokens(text):
        column = offset + at + 1
        colon = token.find(":")
        if colon <= 0 or colon == len(token) - 1:
            findings.append(rules.make("W153", line, column, f"cue setting {token!r} is not name:value"))
            continue
        name, value = token[:colon], token[colon + 1:]
        error = _apply_setting(name, value, regions, values)
        if error:
            findings.append(rules.make("W153" if name != "region" else "W157", line, column, error))
    return replace(DEFAULT_SETTINGS, **values) if values else DEFAULT_SETTINGS  # type: ignore[arg-type]


def _apply_setting(name: str, value: str, regions: dict[str, Region], out: dict[str, object]) -> str:
    """Apply one cue setting to ``out``; return why it was ignored ('' when it was not)."""
    if name == "region":
        if value not in regions:
            out["region"] = None
            return f"region {value!r} is not defined"
        out["region"] = value
    elif name == "vertical":
        if value in ("rl", "lr"):
            out["vertical"] = value
            out["region"] = None
        else:
            return f"vertical:{value} (expected rl or lr)"
    elif name == "line":
        return _line_setting(value, out)
    elif name == "position":
        pos, _, align = value.partition(",")
        number = parse_percentage(pos)
        if number is None:
            return f"position:{value} (expected a percentage 0-100%)"
        if "," in value and align not in ("line-left", "center", "line-right"):
            return f"position alignment {align!r} (expected line-left, center or line-right)"
        if "," in value:
            out["position_align"] = align
        out["position"] = number
    elif name == "size":
        number = parse_percentage(value)
        if number is None:
            return f"size:{value} (expected a percentage 0-100%)"
        out["size"] = number
        if number != 100:
            out["region"] = None
    elif name == "align":
        if value not in ("start", "center", "end", "left", "right"):
            return f"align:{value} (expected start, center, end, left or right)"
        out["align"] = value
    else:
        return f"unknown cue setting {name!r}"
    return ""


def _line_setting(value: str, out: dict[str, object]) -> str:
    pos, comma, align = value.partition(",")
    if _DIGITS.isdisjoint(pos):
        return f"line:{value} (no number)"
    number: float | None
    if pos.endswith("%"):
        number = parse_percentage(pos)
    elif _LINE_NUMBER.fullmatch(pos):
        number = _float(pos)
    else:
        number = None
    if number is None:
        return f"line:{value} (expected a number or a percentage)"
    if comma and align not in ("start", "center", "end"):
        return f"line alignment {align!r} (expected start, center or end)"
    if comma:
        out["line_align"] = align
    out["line"] = number
    out["snap_to_lines"] = not pos.endswith("%")
    out["region"] = None
    return ""


def parse_region(text: str, line: int, findings: list[Finding]) -> Region:
    """Collect WebVTT region settings (spec §6.2) from a REGION block's lines."""
    values: dict[str, object] = {"line": line}
    reported = 0
    row, row_start, counted = line + 1, 0, 0  # line and start of the token's line, counted up to `counted`
    for at, token in _tokens(text):
        colon = token.find(":")
        error = ""
        if colon <= 0 or colon == len(token) - 1:
            error = f"region setting {token!r} is not name:value"
        else:
            error = _region_setting(token[:colon], token[colon + 1:], values)
        if error:  # lines counted from the last finding on, so that many bad tokens cost one pass
            newlines = text.count("\n", counted, at)
            if newlines:
                row, row_start = row + newlines, text.rfind("\n", counted, at) + 1
            counted = at
            reported += 1
            if reported > MAX_REGION_FINDINGS:
                continue
            if reported == MAX_REGION_FINDINGS:
                error = "more region settings that are ignored; the rest of them are not reported one by one"
            findings.append(rules.make("W156", row, at - row_start + 1, error))
    return Region(**values)  # type: ignore[arg-type]


def _region_setting(name: str, value: str, out: dict[str, object]) -> str:
    if name == "id":
        out["id"] = value
    elif name == "width":
        number = parse_percentage(value)
        if number is None:
            return f"width:{value} (expected a percentage 0-100%)"
        out["width"] = number
    elif name == "lines":
        if not value.isascii() or not value.isdigit():
            return f"lines:{value} (expected a whole number)"
        if len(value.lstrip("0")) > MAX_LINES_DIGITS:  # browsers take any number; int() stops at 4,300 digits
            return f"lines: a number of {len(value)} digits"
        out["lines"] = int(value)
    elif name in ("regionanchor", "viewportanchor"):
        x, comma, y = value.partition(",")
        px, py = parse_percentage(x), parse_percentage(y)
        if not comma or px is None or py is None:
            return f"{name}:{value} (expected two percentages X%,Y%)"
        key = "region_anchor" if name == "regionanchor" else "viewport_anchor"
        out[f"{key}_x"], out[f"{key}_y"] = px, py
    elif name == "scroll":
        if value != "up":
            return f"scroll:{value} (expected up)"
        out["scroll"] = "up"
    else:
        return f"unknown region setting {name!r}"
    return ""
