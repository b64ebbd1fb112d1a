"""Validate files: paths, directories and globs in, one result per file out, in input order.

:func:`validate_files` runs the files in worker processes when asked
(``concurrent.futures.ProcessPoolExecutor``) and yields the results in the
order of the input, so a parallel run prints exactly what a serial one does.
A file that cannot be read at all is one ``E009`` finding, not an exception:
one bad file in a thousand must not hide the other 999.
"""

from __future__ import annotations

import functools
import glob
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import repeat
from operator import attrgetter
from typing import Any, TypeVar

from subtitler import fileio, formats, rules
from subtitler.checks import common
from subtitler.checks import core as checks
from subtitler.errors import SubtitlerError, UsageError
from subtitler.formats.grammar import EOL
from subtitler.model import Document, Finding, Severity
from subtitler.profiles import DEFAULT_FPS, PROFILES, Profile

_T = TypeVar("_T")
_A = TypeVar("_A")
_LINE = attrgetter("line")
_SEVERITY = attrgetter("severity")
_CODE_PREFIX = re.compile(r"^[EWI]\d{0,3}$")


@dataclass(frozen=True)
class Options:
    """What to check files against.

    Attributes:
        profile: the caption profile.
        fps: the programme's frame rate.
        select: code prefixes to keep (empty: all).
        ignore: code prefixes to drop (after ``select``).
    """

    profile: Profile = PROFILES["netflix"]
    fps: Fraction = DEFAULT_FPS
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileResult:
    """What validating one file found.

    Attributes:
        path: the file as named on the command line (or found in a directory).
        findings: the findings kept by select/ignore, sorted by line and column.
        lines: the source lines the findings point at, by 1-based line number.
        format: ``srt`` or ``vtt`` ('' when the file could not be read).
        encoding: the encoding it was read in ('' when it could not be read).
        cues: how many cues it holds.
    """

    path: str
    findings: tuple[Finding, ...]
    lines: dict[int, str] = field(default_factory=dict)
    format: str = ""
    encoding: str = ""
    cues: int = 0

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle findings as plain tuples: ten times faster to send back from a worker process.

        A frozen dataclass unpickles field by field through ``object.__setattr__``;
        thousands of findings per file made the round trip cost more than the checks.
        """
        rows = [(f.code, f.severity.value, f.line, f.column, f.message, f.cue) for f in self.findings]
        return _rebuild, (self.path, rows, self.lines, self.format, self.encoding, self.cues)


def _rebuild(path: str, rows: list[tuple[str, str, int, int, str, int | None]], lines: dict[int, str],
             fmt: str, encoding: str, cues: int) -> FileResult:
    findings = tuple(common.finding(code, line, column, message, cue) if severity == _SEVERITY_OF[code[0]]
                     else Finding(code, Severity(severity), line, column, message, cue)
                     for code, severity, line, column, message, cue in rows)
    return FileResult(path, findings, lines, fmt, encoding, cues)


_SEVERITY_OF = {"E": "error", "W": "warning", "I": "info"}


@dataclass(frozen=True)
class Summary:
    """Counts over a run."""

    files: int
    files_with_findings: int
    cues: int
    errors: int
    warnings: int
    infos: int


def parse_codes(values: Iterable[str]) -> tuple[str, ...]:
    """Code prefixes from ``--select``/``--ignore`` values (comma-separated, repeatable).

    >>> parse_codes(["E2,W304", " w1 "])
    ('E2', 'W304', 'W1')

    Raises:
        UsageError: a value that is not a code prefix such as ``E``, ``W3`` or ``E201``.
    """
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            code = part.strip().upper()
            if not code:
                continue
            if not _CODE_PREFIX.match(code):
                raise UsageError(f"{part.strip()!r} is not a finding code or prefix (examples: E, W3, E201)")
            out.append(code)
    return tuple(out)


def keep(findings: Iterable[Finding], select: Sequence[str], ignore: Sequence[str]) -> list[Finding]:
    """The findings whose code starts with a selected prefix and with no ignored one."""
    sel, ign = tuple(select), tuple(ignore)
    if not sel and not ign:
        return list(findings)
    return [f for f in findings if (not sel or f.code.startswith(sel)) and not (ign and f.code.startswith(ign))]


def expand(paths: Sequence[str]) -> list[str]:
    """The files to validate: files as given, directories searched recursively, globs expanded.

    Directories and globs yield the files with a subtitle extension (.srt, .vtt,
    .webvtt), sorted; a file named outright is taken whatever its name. A file
    named twice is validated once, where it first appears.

    Raises:
        UsageError: a path that does not exist, a glob that matches nothing, or no file at all.
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.normpath(path)
        if key not in seen:
            seen.add(key)
            out.append(path)

    for arg in paths:
        if arg == fileio.STDIO:
            add(arg)
        elif os.path.isdir(arg):
            for found in _walk(arg):
                add(found)
        elif os.path.exists(arg):
            add(arg)
        elif glob.has_magic(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                raise UsageError(f"{arg}: the pattern matches no file")
            for match in matches:
                if os.path.isdir(match):
                    for found in _walk(match):
                        add(found)
                elif _is_subtitle(match):
                    add(match)
        else:
            raise UsageError(f"{arg}: no such file or directory")
    if not out:
        raise UsageError("no subtitle files (.srt, .vtt, .webvtt) to validate in " + " ".join(paths))
    return out


def _is_subtitle(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in formats.EXTENSIONS


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if _is_subtitle(name):
                yield os.path.join(root, name)


def check_document(doc: Document, options: Options) -> list[Finding]:
    """Every finding for a read document under ``options`` (select/ignore applied)."""
    return keep(checks.check(doc, options.profile, options.fps), options.select, options.ignore)


def validate_file(path: str, options: Options) -> FileResult:
    """Read and check one file (``-``: standard input); a file that cannot be read is one E009 finding."""
    try:
        data = fileio.read_bytes(path)
    except SubtitlerError as exc:
        return _unreadable(path, exc, options)
    return validate_bytes(data, path, options)


def validate_bytes(data: bytes, path: str, options: Options, fmt: str | None = None) -> FileResult:
    """Check the bytes of a subtitle file named ``path`` (``fmt``: srt or vtt, else guessed)."""
    try:
        doc = formats.read(data, None if path == fileio.STDIO else path, fmt)
    except SubtitlerError as exc:
        return _unreadable(path, exc, options)
    del data  # the text is decoded: a large file is held once, not twice
    found = check_document(doc, options)
    return FileResult(path, tuple(found), source_lines(doc, found), doc.format, doc.encoding, len(doc.cues))


def _unreadable(path: str, exc: SubtitlerError, options: Options) -> FileResult:
    finding = rules.make("E009", exc.line or 0, exc.column or 0, exc.message)
    return FileResult(path, tuple(keep([finding], options.select, options.ignore)))


def source_lines(doc: Document, findings: Sequence[Finding]) -> dict[int, str]:
    """The text of each source line a finding points at."""
    if doc.source is None or not findings:
        return {}
    text = doc.source.text
    lines = text.split("\n") if "\r" not in text else EOL.split(text)
    # map and zip rather than a loop: a file can have a finding on every line
    wanted = [n for n in set(map(_LINE, findings)) if 0 < n <= len(lines)]
    return dict(zip(wanted, map(lines.__getitem__, map(int.__sub__, wanted, repeat(1)))))


def validate_files(paths: Sequence[str], options: Options, jobs: int = 1) -> Iterator[FileResult]:
    """Validate files, in worker processes when ``jobs`` > 1; results come in input order.

    Args:
        paths: the files (see :func:`expand`).
        options: profile, frame rate and select/ignore.
        jobs: how many processes to use (1: this one).
    """
    return _map(functools.partial(validate_file, options=options), paths, jobs)


@dataclass(frozen=True)
class Rendered:
    """One file's result as a report shows it, rendered where the file was checked.

    Attributes:
        path: the file.
        text: the report's part for this file (see :mod:`subtitler.checks.report`).
        summary: the file's counts.
    """

    path: str
    text: str
    summary: Summary


def render_file(path: str, options: Options, render: Callable[[FileResult], str]) -> Rendered:
    """Validate one file and render its result."""
    result = validate_file(path, options)
    return Rendered(path, render(result), summarize([result]))


def validate_rendered(paths: Sequence[str], options: Options, render: Callable[[FileResult], str],
                      jobs: int = 1) -> Iterator[Rendered]:
    """Validate files and render each result, in worker processes when ``jobs`` > 1, in input order.

    The worker renders its own files: sending back one string per file costs
    far less than sending thousands of findings, so that the parent process
    only writes (it shares the machine's cores with the workers).

    Args:
        paths: the files (see :func:`expand`).
        options: profile, frame rate and select/ignore.
        render: FileResult to text; must be picklable for ``jobs`` > 1 (a module-level
            function or a ``functools.partial`` of one).
        jobs: how many processes to use (1: this one).
    """
    return _map(functools.partial(render_file, options=options, render=render), paths, jobs)


def _map(work: Callable[[str], _T], paths: Sequence[str], jobs: int) -> Iterator[_T]:
    if jobs <= 1 or len(paths) < 2 or fileio.STDIO in paths:
        yield from map(work, paths)
        return
    workers = min(jobs, len(paths))
    # Small files cost far less than a round trip to a worker: hand them out in chunks.
    chunk = max(1, min(16, len(paths) // (workers * 8)))
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        yield from pool.map(work, paths, chunksize=chunk)
    finally:  # a reader that stops early (a closed pipe, ^C) must not wait for the files left
        pool.shutdown(wait=True, cancel_futures=True)


def map_unordered(work: Callable[[_A], _T], items: Sequence[_A], jobs: int) -> Iterator[_T]:
    """``work`` of each item in ``jobs`` worker processes, each result as soon as it is done.

    The pool of ``validate --jobs``, for callers that hand out their own chunks and
    want results as they complete rather than in input order (:mod:`subtitler.batch`).
    ``work`` and the items must be picklable when ``jobs`` > 1.
    """
    if jobs <= 1 or len(items) < 2:
        yield from map(work, items)
        return
    from concurrent.futures import as_completed

    pool = ProcessPoolExecutor(max_workers=min(jobs, len(items)))
    try:
        for future in as_completed([pool.submit(work, item) for item in items]):
            yield future.result()
    finally:  # a reader that stops early must not wait for the items left
        pool.shutdown(wait=True, cancel_futures=True)


def summarize(results: Iterable[FileResult]) -> Summary:
    """Counts of files, cues and findings by severity."""
    files = with_findings = cues = 0
    severities: Counter[Severity] = Counter()
    for result in results:
        files += 1
        cues += result.cues
        if result.findings:
            with_findings += 1
            severities.update(map(_SEVERITY, result.findings))
    return Summary(files, with_findings, cues, severities[Severity.ERROR], severities[Severity.WARNING],
                   severities[Severity.INFO])


def total(summaries: Iterable[Summary]) -> Summary:
    """The sum of several summaries.

    >>> total([Summary(1, 1, 10, 1, 0, 0), Summary(1, 0, 5, 0, 0, 0)])
    Summary(files=2, files_with_findings=1, cues=15, errors=1, warnings=0, infos=0)
    """
    counts = [0] * 6
    for summary in summaries:
        for k, value in enumerate((summary.files, summary.files_with_findings, summary.cues,
                                   summary.errors, summary.warnings, summary.infos)):
            counts[k] += value
    return Summary(*counts)


def exit_status(summary: Summary, strict: bool = False) -> int:
    """0 when nothing fails, 1 when there is an error (or, with ``strict``, a warning).

    >>> exit_status(Summary(1, 1, 10, 0, 3, 0)), exit_status(Summary(1, 1, 10, 0, 3, 0), strict=True)
    (0, 1)
    """
    if summary.errors or (strict and summary.warnings):
        return 1
    return 0


def default_jobs() -> int:
    """The machine's cores available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
