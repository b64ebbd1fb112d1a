"""The jobs a batch runs: pure functions of one input's bytes, picklable so that any worker can run them.

Each job turns the bytes of one input into an :class:`Outcome`: the output's bytes
(None for validate, which writes nothing), how many findings it has, how many of
them are errors, and why it failed when it did. A job never raises for a bad
input: what goes wrong with one file is that file's outcome.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from subtitler.errors import SubtitlerError
from subtitler.model import Severity

if TYPE_CHECKING:  # the checks are imported by the validate job alone, so that other commands start fast
    from subtitler.checks.batch import Options
    from subtitler.pipeline import Options as GenerateOptions
    from subtitler.retime.mapping import Mapping

Unfit = Literal["refuse", "clamp", "drop"]

SUBTITLES = (".srt", ".vtt", ".webvtt", ".ttml", ".dfxp", ".scc")
TRANSCRIPTS = (".txt",)


@dataclass(frozen=True)
class Outcome:
    """What a job made of one input.

    Attributes:
        data: the output's bytes (None when the job writes nothing, or failed).
        findings: how many findings (validate) or notes (the other jobs) it has.
        errors: how many of them are errors.
        error: why the job failed on this input ('' when it did not).
    """

    data: bytes | None = None
    findings: int = 0
    errors: int = 0
    error: str = ""


class Job(Protocol):
    """What :func:`subtitler.batch.run` needs of a job."""

    #: the name of the command, for messages and results
    @property
    def name(self) -> str: ...

    #: the extensions its inputs have (what folders, prefixes and globs yield)
    @property
    def inputs(self) -> tuple[str, ...]: ...

    #: whether it writes an output per input
    @property
    def writes(self) -> bool: ...

    def output_name(self, name: str) -> str:
        """The name of the output of an input called ``name`` (its extension changed as the job says)."""
        ...

    def __call__(self, data: bytes, path: str) -> Outcome:
        """The outcome of one input."""
        ...


def _with_extension(name: str, extension: str) -> str:
    return os.path.splitext(name)[0] + extension


@dataclass(frozen=True)
class Validate:
    """Validate each input (``subtitler validate``); a file that cannot be read at all fails (E009)."""

    options: Options = field(default_factory=lambda: _options())
    name: str = "validate"
    inputs: tuple[str, ...] = SUBTITLES
    writes: bool = False

    def output_name(self, name: str) -> str:
        return name

    def __call__(self, data: bytes, path: str) -> Outcome:
        from subtitler.checks.batch import validate_bytes

        result = validate_bytes(data, path, self.options)
        unreadable = next((f for f in result.findings if f.code == "E009"), None)
        errors = sum(1 for f in result.findings if f.severity == Severity.ERROR)
        return Outcome(None, len(result.findings), errors, f"E009 {unreadable.message}" if unreadable else "")


@dataclass(frozen=True)
class Convert:
    """Convert each input to ``to`` (``subtitler convert``); the notes of what it left out are counted."""

    to: str = "vtt"
    speaker_style: str | None = None
    unfit: Unfit = "refuse"
    source_format: str | None = None
    ttml_profile: str | None = None  # the broadcast writers' options (``subtitler convert``)
    tc_start_ms: int | None = None
    lang: str | None = None
    name: str = "convert"
    inputs: tuple[str, ...] = SUBTITLES
    writes: bool = True

    def output_name(self, name: str) -> str:
        return _with_extension(name, "." + self.to)

    def __call__(self, data: bytes, path: str) -> Outcome:
        from subtitler import formats
        from subtitler.formats.convert import convert

        try:
            doc = formats.read(data, path, self.source_format)
            converted, notes = convert(doc, self.to, self.speaker_style, self.unfit, self.ttml_profile,
                                       self.tc_start_ms, self.lang)
            return Outcome(formats.encode(converted, formats.write(converted)), len(notes))
        except SubtitlerError as exc:
            return Outcome(error=_message(exc))


@dataclass(frozen=True)
class Retime:
    """Retime each input through ``mapping`` (``subtitler shift``, ``stretch``, ``sync``)."""

    mapping: Mapping
    negative: Unfit = "refuse"
    source_format: str | None = None
    start_from: int | None = None
    start_to: int | None = None
    name: str = "retime"
    inputs: tuple[str, ...] = SUBTITLES
    writes: bool = True

    def output_name(self, name: str) -> str:
        return name

    def __call__(self, data: bytes, path: str) -> Outcome:
        from subtitler.retime.text import retime_bytes

        try:
            retimed = retime_bytes(data, self.mapping, path=path, fmt=self.source_format, negative=self.negative,
                                   start_from=self.start_from, start_to=self.start_to)
        except SubtitlerError as exc:
            return Outcome(error=_message(exc))
        return Outcome(retimed.data, len(retimed.notes))


@dataclass(frozen=True)
class Generate:
    """Caption each transcript (``subtitler generate``) in ``to`` (srt or vtt), with generate's ``options``."""

    to: str = "srt"
    options: GenerateOptions = field(default_factory=lambda: _generate_options())
    speaker_style: str | None = None
    colours: bool = True
    name: str = "generate"
    inputs: tuple[str, ...] = TRANSCRIPTS
    writes: bool = True

    def output_name(self, name: str) -> str:
        return _with_extension(name, "." + self.to)

    def __call__(self, data: bytes, path: str) -> Outcome:
        from subtitler import formats
        from subtitler.pipeline import generate_bytes

        try:
            result = generate_bytes(data, self.options, path)
            doc = result.to_document(self.to, self.speaker_style, self.colours)
            errors = sum(1 for f in result.findings if f.severity == Severity.ERROR)
            return Outcome(formats.encode(doc, formats.write(doc)), len(result.findings), errors)
        except SubtitlerError as exc:
            return Outcome(error=_message(exc))


def _generate_options() -> GenerateOptions:
    from subtitler.pipeline import Options

    return Options()


def _options() -> Options:
    from subtitler.checks.batch import Options

    return Options()


def _message(exc: SubtitlerError) -> str:
    """The error as one line, with its line and column but not the path (the result carries that)."""
    where = f"{exc.line}:{exc.column}: " if exc.line is not None and exc.column is not None else \
        f"{exc.line}: " if exc.line is not None else ""
    return where + exc.message
