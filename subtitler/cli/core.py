"""The typer application, error reporting and output helpers shared by every command."""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import typer

from subtitler.errors import SubtitlerError, name_parameters

if TYPE_CHECKING:
    from subtitler.model import Document

app = typer.Typer(
    name="subtitler",
    help="Broadcast transcripts to professional captions; validate and retime SRT and WebVTT.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)



def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"subtitler {version('subtitler')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Broadcast transcripts to professional captions; validate and retime SRT and WebVTT."""
    # A callback also keeps the app a group when only one command module is loaded.


F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``subtitler: error: message`` to stderr and return the Exit to raise."""
    typer.echo(f"subtitler: error: {message}", err=True)
    return typer.Exit(code)


#: How the command line calls each library parameter that a library message names
#: (:func:`subtitler.errors.name_parameters`): the one place where parameters become flags.
FLAGS = {
    "audio": "--audio", "audio_offset_ms": "--audio-offset", "duration_ms": "--duration", "fps": "--fps",
    "in_place": "--in-place", "mpegts": "--mpegts", "negative": "--clamp, --drop", "output": "-o",
    "seconds": "--seconds", "start_ms": "--start", "sync": "--sync", "syllables_per_second": "--syllable-rate",
    "wpm": "--wpm", "unfit": "--clamp, --drop", "drop": "--drop", "force": "--force", "speakers": "--speakers",
    "tc_start": "--tc-start", "ttml_profile": "--ttml-profile", "lang": "--lang",
    "engine": "--engine", "scheduler": "--scheduler", "jobs": "--jobs", "resume": "--resume",
    "overwrite": "--overwrite", "retries": "--retries",
}


def run(function: F) -> F:
    """Wrap a command: library errors become one line on stderr and an exit status.

    Exit 1 for bad data, 2 for usage errors; a closed output pipe ends quietly.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except SubtitlerError as exc:
            raise fail(name_parameters(str(exc), FLAGS), exc.exit_code) from None
        except BrokenPipeError:
            _quiet_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                _quiet_stdout()
                raise typer.Exit(0) from None
            raise fail(f"{exc.filename or ''}: {exc.strerror}".lstrip(": "), 1) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except (ValueError, TypeError, IndexError, KeyError, AttributeError, RecursionError, MemoryError) as exc:
            # A guard, not a cure: every crash the fuzz suite finds is fixed where it starts. A
            # user still sees one line (and the name of the bug to report), not a traceback.
            raise fail(f"internal error ({type(exc).__name__}: {str(exc)[:200]}); please report it", 1) from None

    return wrapper  # type: ignore[return-value]


def _quiet_stdout() -> None:
    """After a closed pipe, send what is left of stdout nowhere (no second error at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def write_output(data: bytes, output: str | None) -> None:
    """Write bytes to ``output`` atomically, or to stdout when it is None or ``-``."""
    from subtitler.fileio import STDIO, write_atomic, write_stdout

    if output is None or output == STDIO:
        write_stdout(data)
    else:
        write_atomic(output, data)


def clamp_or_drop(clamp: bool, drop: bool) -> Literal["refuse", "clamp", "drop"]:
    """The choice ``--clamp`` and ``--drop`` make (refuse when neither is given).

    Raises:
        UsageError: both are given.
    """
    from subtitler.errors import UsageError

    if clamp and drop:
        raise UsageError("--clamp and --drop exclude each other")
    return "clamp" if clamp else "drop" if drop else "refuse"


def report_reading(source: str, doc: Document, fate: str) -> None:
    """Say how a file's encoding was guessed, and name every block the reader could not parse and its ``fate``."""
    from subtitler.model import Severity

    for finding in doc.findings:
        if finding.code in ("W002", "E001"):
            echo(f"subtitler: {source}: {finding.code} {finding.message}", err=True)
    for block in doc.invalid_blocks:
        last = block.line + block.text.count("\n")
        why = next((f for f in doc.findings if block.line <= f.line <= last and f.severity == Severity.ERROR), None)
        reason = f"{why.code} {why.message}" if why else "not a cue"
        echo(f"subtitler: {source}:{block.line}: {reason} ({fate})", err=True)


def echo(text: str = "", err: bool = False) -> None:
    """Print a line (the CLI's only way to print, so tests can capture it)."""
    typer.echo(text, err=err)


def main() -> None:
    """Entry point of the ``subtitler`` console script and ``python -m subtitler``.

    The command line's own usage errors (an unknown option, a missing argument)
    are one line too, naming the help to read, with exit status 2.
    """
    try:
        status = app(standalone_mode=False)
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(0)
    except typer.Abort:
        sys.stderr.write("subtitler: error: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # the parser's errors (typer does not export their class): duck-typed
        code = getattr(exc, "exit_code", None)
        if not hasattr(exc, "format_message") or not isinstance(code, int):
            raise
        context = getattr(exc, "ctx", None)
        command = context.command_path if context is not None else "subtitler"
        sys.stderr.write(f"subtitler: error: {exc.format_message()} (see '{command} --help')\n")
        sys.exit(code)
    sys.exit(status if isinstance(status, int) else 0)
