"""The command line: a thin client over the library.

Every command reads its inputs, calls one library function and writes the
result. This package is the only place that imports typer, prints or exits;
:func:`~subtitler.cli.app.run` is the one place that turns a SubtitlerError into
a message and an exit status.
"""

from __future__ import annotations

from subtitler.cli import files, generate, preview, retime, validate  # noqa: F401  (each module registers its commands)
from subtitler.cli.app import app, main

__all__ = ["app", "main"]
