"""The command line: a thin client over the library.

Every command reads its inputs, calls one library function and writes the
result. This package is the only place that imports typer, prints or exits;
:func:`~subtitler.cli.core.run` is the one place that turns a SubtitlerError into
a message and an exit status.

Each command module registers its commands on :data:`~subtitler.cli.core.app`
when imported. The console script imports only the module of the command it
runs and keeps only that command (typer builds every registered command at each
start, a third of a short run's time); ``subtitler.cli.app`` as an attribute of
this package has them all.
"""

from __future__ import annotations

import gc
import importlib
import signal
import sys
from typing import Any

#: Which module defines each command.
COMMANDS = {
    "convert": "files", "inspect": "files", "rules": "files",
    "generate": "generate",
    "validate": "validate", "fix": "validate",
    "shift": "retime", "stretch": "retime", "sync": "retime", "segment": "retime",
    "preview": "preview",
}


def load(names: list[str] | None = None) -> Any:
    """Register the commands of the modules behind ``names`` (all when None); return the app."""
    modules = sorted(set(COMMANDS.values())) if names is None else sorted({COMMANDS[n] for n in names})
    for module in modules:
        importlib.import_module(f"subtitler.cli.{module}")
    from subtitler.cli.core import app

    return app


def _name(info: Any) -> str:
    """The name a registered command is called by (typer's rule: the function's, with dashes)."""
    return str(info.name or info.callback.__name__.lower().replace("_", "-"))


def main() -> None:
    """Entry point of the ``subtitler`` console script and ``python -m subtitler``.

    The process is the command's alone, so it, not the library, tunes the cyclic
    garbage collector: readers, checks and generate build hundreds of thousands of
    small objects and no reference cycles, and a collection every 700 allocations
    only walks them again and again (generate on 100,000 words ran 40 % slower with
    the default threshold, measured). Objects alive at start-up are frozen out of
    every collection, and the youngest generation is collected a hundred times less
    often; cycles are still found, so memory stays bounded.
    """
    from subtitler.cli.core import main as run_app

    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    if command in COMMANDS:  # this process runs one command: its module's others need not be built
        app = load([command])
        app.registered_commands = [info for info in app.registered_commands if _name(info) == command]
    else:  # help, or an unknown command: everything
        load()
    gc.freeze()
    gc.set_threshold(70_000, 10, 10)
    _streams()
    # a termination signal unwinds like an interrupt, so that no temporary file is left behind
    signal.signal(signal.SIGTERM, _terminated)
    run_app()


def _terminated(signum: int, frame: Any) -> None:
    sys.stderr.write("subtitler: error: terminated\n")
    raise SystemExit(128 + signum)


def _streams() -> None:
    """Standard output in UTF-8 whatever the locale says; messages in the locale's encoding, never failing.

    Under a locale such as en_US.ISO-8859-1 Python writes text in Latin-1, and the
    first character outside it (an ellipsis in ``rules``, a name in ``inspect``)
    raised UnicodeEncodeError. What a command prints is data, in UTF-8 as every
    file it writes; messages on stderr stay readable on that terminal, with what
    it cannot show escaped.
    """
    for stream, encoding, errors in ((sys.stdout, "utf-8", "backslashreplace"), (sys.stderr, None, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (encoding is None or stream.encoding.lower().replace("-", "") != "utf8"):
            reconfigure(encoding=encoding or stream.encoding, errors=errors)


def __getattr__(name: str) -> Any:
    if name == "app":
        return load()
    raise AttributeError(name)


__all__ = ["COMMANDS", "app", "load", "main"]
