"""Validation results as text: compiler-style lines, one JSON document, or GitHub annotations.

Pure functions from results to strings; nothing here prints. Colour is ANSI
escape codes, added only when the caller asks (the command line asks on a terminal).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from subtitler import rules
from subtitler.checks.batch import FileResult, Options, Summary
from subtitler.model import Finding, Severity

#: ANSI colours by severity, and for paths and the summary.
_COLOURS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_GREEN = "\x1b[1;32m"
_RESET = "\x1b[0m"
#: Longest source line shown in full; longer ones are cut around the column.
_WIDTH = 160
_COLUMN = attrgetter("column")
_JSON = json.JSONEncoder(ensure_ascii=False)
#: Control characters would move the terminal's cursor: shown as U+FFFD.
# Control characters, and the lone surrogates that stand for bytes that were not UTF-8, shown as
# players show them: U+FFFD.
_CONTROLS = {c: "\ufffd" for c in (*range(32), 127, *range(0xDC80, 0xDD00)) if c != 9}


def _excerpt(line: str, column: int, width: int = _WIDTH, printable: bool = True) -> tuple[str, int]:
    """The part of a long line around ``column``, and the column within that part."""
    if printable and not line.isprintable():
        line = line.translate(_CONTROLS)
    if len(line) <= width:
        return line, column
    start = max(0, min(column - 1 - width // 2, len(line) - width))
    part = line[start:start + width]
    shown = ("…" if start else "") + part + ("…" if start + width < len(line) else "")
    return shown, column - start + (1 if start else 0)


_SURROGATES = {c: "\ufffd" for c in range(0xDC80, 0xDD00)}

#: The most characters of a source line one JSON finding quotes: a line of 20 kB with a
#: finding at every character would otherwise repeat itself into hundreds of megabytes.
JSON_SOURCE_MAX = 400


def _quoted(source: str | None, column: int) -> str | None:
    """The source line as a JSON finding quotes it: whole, or the excerpt around the column."""
    if source is None:
        return None
    if not source.isprintable():  # only lone surrogates: JSON text is Unicode
        source = source.translate(_SURROGATES)
    if len(source) <= JSON_SOURCE_MAX:
        return source
    return _excerpt(source, max(column, 1), JSON_SOURCE_MAX, printable=False)[0]


def _caret(line: str, column: int) -> str:
    prefix = line[:column - 1]
    if "\t" in prefix:
        return "".join("\t" if c == "\t" else " " for c in prefix) + "^"
    return " " * len(prefix) + "^"


def location(path: str, finding: Finding) -> str:
    """``path:line:col`` as far as the finding knows it.

    >>> location("a.srt", Finding("W005", Severity.WARNING, 9, 4, ""))
    'a.srt:9:4'
    >>> location("a.srt", Finding("W002", Severity.WARNING, 0, 0, ""))
    'a.srt'
    """
    if finding.line <= 0:
        return path
    if finding.column <= 0:
        return f"{path}:{finding.line}"
    return f"{path}:{finding.line}:{finding.column}"


def text_file(result: FileResult, color: bool = False, context: bool = True) -> str:
    """One file's findings, one per line like a compiler, each with its source line and a caret.

    Returns '' for a file without findings.
    """
    findings = result.findings
    if not findings:
        return ""
    get = (result.lines if context else {}).get
    if color:
        return "\n".join(_one(result.path, f, get(f.line), True) for f in findings) + "\n"
    # the common case in one comprehension (a file can have a finding on every line):
    # a short printable source line, a known column and a caret line shared by column
    prefix = result.path + ":"
    carets = {c: "    " + " " * (c - 1) + "^" for c in set(map(_COLUMN, findings)) if c > 0}
    parts = [f"{prefix}{f.line}:{f.column}: {f.code} {f.message}\n    {source}\n{carets[f.column]}"
             if (source := get(f.line)) is not None and f.line > 0 and f.column > 0 and len(source) <= _WIDTH
             and source.isprintable() else _one(result.path, f, source, False)
             for f in findings]
    return "\n".join(parts) + "\n"


def _one(path: str, f: Finding, source: str | None, color: bool) -> str:
    """One finding with its source line (cut, made printable) and a caret that lines up under tabs."""
    bold, reset, green = (_BOLD, _RESET, _GREEN) if color else ("", "", "")
    if color:
        head = f"{bold}{location(path, f)}:{reset} {_COLOURS[f.severity]}{f.code}{reset} {f.message}"
    else:
        head = f"{location(path, f)}: {f.code} {f.message}"
    if source is None:
        return head
    column = f.column
    if len(source) > _WIDTH or not source.isprintable():
        source, column = _excerpt(source, column)
    if column <= 0:
        return f"{head}\n    {source}"
    return f"{head}\n    {source}\n    {green}{_caret(source, column)}{reset}"


def text_summary(summary: Summary, color: bool = False) -> str:
    """The closing line: files, cues and findings by severity.

    >>> text_summary(Summary(2, 1, 40, 1, 2, 0))
    '2 files, 40 cues: 1 error, 2 warnings, 0 notes in 1 file\\n'
    """
    head = f"{_count(summary.files, 'file')}, {_count(summary.cues, 'cue')}"
    if not (summary.errors or summary.warnings or summary.infos):
        line = f"{head}: no problems found"
        return (f"{_GREEN}{line}{_RESET}" if color else line) + "\n"
    counts = (f"{_count(summary.errors, 'error')}, {_count(summary.warnings, 'warning')}, "
              f"{_count(summary.infos, 'note')} in {_count(summary.files_with_findings, 'file')}")
    if color:
        colour = _COLOURS[Severity.ERROR] if summary.errors else _COLOURS[Severity.WARNING]
        return f"{head}: {colour}{counts}{_RESET}\n"
    return f"{head}: {counts}\n"


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def text(results: Sequence[FileResult], summary: Summary, color: bool = False) -> str:
    """The whole text report: each file's findings (a blank line between files), then the summary."""
    parts = [part for part in (text_file(r, color) for r in results) if part]
    return "\n".join(parts) + ("\n" if parts else "") + text_summary(summary, color)


def rule_name(code: str) -> str:
    """The short name of a finding code ('' for a code nobody registered)."""
    rule = rules.RULES.get(code)
    return rule.name if rule is not None else ""


def finding_dict(finding: Finding, source: str | None = None) -> dict[str, Any]:
    """A finding as JSON-ready data, with its rule's name and the source line."""
    return {
        "code": finding.code,
        "name": rule_name(finding.code),
        "severity": finding.severity.value,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
        "cue": finding.cue,
        "source": source,
    }


def json_file(result: FileResult) -> str:
    """One file's result as a JSON object: path, format, encoding, cues and every finding (one per line)."""
    head = _JSON.encode({"path": result.path, "format": result.format or None,
                         "encoding": result.encoding or None, "cues": result.cues})
    if not result.findings:
        return head[:-1] + ', "findings": []}'
    # each finding on one line, encoded by the C encoder (json.dumps with indent= runs in Python)
    get = result.lines.get
    rows = map(_JSON.encode, (finding_dict(f, _quoted(get(f.line), f.column)) for f in result.findings))
    return head[:-1] + ', "findings": [\n ' + ",\n ".join(rows) + "\n]}"


def json_document(files: Sequence[str], summary: Summary, options: Options, strict: bool, status: int) -> str:
    """One JSON document: the options, the summary and the files (each from :func:`json_file`)."""
    fps = options.fps
    head = {
        "version": 1,
        "profile": options.profile.name,
        "fps": str(fps.numerator) if fps.denominator == 1 else f"{fps.numerator}/{fps.denominator}",
        "strict": strict,
        "select": list(options.select),
        "ignore": list(options.ignore),
        "summary": {
            "files": summary.files,
            "files_with_findings": summary.files_with_findings,
            "cues": summary.cues,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "exit_status": status,
        },
    }
    text = json.dumps(head, ensure_ascii=False, indent=1)
    # JSON strings hold no raw line breaks, so indenting a file's object line by line is safe
    body = ",\n  ".join(part.replace("\n", "\n  ") for part in files)
    return text[:-2] + ',\n "files": [' + (f"\n  {body}\n ]" if files else "]") + "\n}\n"


def json_report(results: Sequence[FileResult], summary: Summary, options: Options, strict: bool,
                status: int) -> str:
    """The JSON document for results at hand (see :func:`json_document`)."""
    return json_document([json_file(r) for r in results], summary, options, strict, status)


_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(path: str, finding: Finding) -> str:
    """One GitHub Actions workflow command for a finding.

    >>> github_annotation("a,b.srt", Finding("E201", Severity.ERROR, 3, 18, "ends when it starts"))
    '::error file=a%2Cb.srt,line=3,col=18,title=E201 end-not-after-start::ends when it starts'
    """
    props = [f"file={_escape_property(path)}"]
    if finding.line > 0:
        props.append(f"line={finding.line}")
        if finding.column > 0:
            props.append(f"col={finding.column}")
    name = rule_name(finding.code)
    props.append(f"title={_escape_property(finding.code + (' ' + name if name else ''))}")
    return f"::{_LEVELS[finding.severity]} {','.join(props)}::{_escape_data(finding.message)}"


def github_file(result: FileResult) -> str:
    """One file's findings as workflow annotations, one line each ('' when there is none)."""
    return "".join(github_annotation(result.path, f) + "\n" for f in result.findings)


def github(results: Sequence[FileResult], summary: Summary) -> str:
    """Workflow annotations (``::error file=…,line=…,col=…::…``), one per finding, then the summary."""
    return "".join(github_file(r) for r in results) + text_summary(summary)
