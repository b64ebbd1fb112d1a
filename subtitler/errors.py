"""The exceptions subtitler raises: one base class, each carrying where it happened.

Findings (problems in a file that reading survives) are data, not exceptions; an
exception means the job cannot go on: the input is not text, not a subtitle file,
or an option makes no sense.
"""

from __future__ import annotations

import re
from collections.abc import Mapping


class SubtitlerError(Exception):
    """Base class of every error subtitler raises on purpose.

    Attributes:
        message: what went wrong, one line.
        path: the file concerned, when there is one.
        line: 1-based line in that file, when known.
        column: 1-based column, when known.
        text: the offending text, when it helps.
    """

    #: exit status the command line uses for this kind of error
    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        text: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.text = text

    def with_path(self, path: str) -> SubtitlerError:
        """Return this error with ``path`` filled in when it had none."""
        if self.path is None:
            self.path = path
        return self

    def location(self) -> str:
        """``path:line:col`` as far as it is known ('' when nothing is)."""
        parts = [self.path or ""]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts) if any(parts) else ""

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class UsageError(SubtitlerError):
    """An option or argument that makes no sense (exit status 2).

    The message names a parameter as the library calls it, in backquotes
    (``"`duration_ms` must be positive"``); :func:`name_parameters` writes them
    as a caller calls them (the command line: ``--duration``).
    """

    exit_code = 2


_PARAMETER = re.compile(r"`(\w+)`")


def name_parameters(message: str, names: Mapping[str, str]) -> str:
    """``message`` with every backquoted parameter written by its name in ``names``.

    >>> name_parameters("`duration_ms` must be positive", {"duration_ms": "--duration"})
    '--duration must be positive'
    >>> name_parameters("`other` stays", {})
    'other stays'
    """
    return _PARAMETER.sub(lambda match: names.get(match[1], match[1]), message)


class DecodeError(SubtitlerError):
    """The input is not text in any encoding we can tell."""


class NotSubtitleError(SubtitlerError):
    """The input is text but not a subtitle file of the expected format."""


class TranscriptError(SubtitlerError):
    """A transcript that holds nothing to caption."""


class RetimeError(SubtitlerError):
    """A retiming that cannot be applied to every cue (for example negative times)."""


class ConversionError(SubtitlerError):
    """A document holds what the target format cannot, and the caller did not say what to do with it."""


class AlignError(SubtitlerError):
    """Audio alignment cannot run (missing extra, missing tool, unreadable audio)."""
