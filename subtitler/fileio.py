"""Reading inputs and writing outputs safely: stdin and stdout as ``-``, atomic writes.

Nothing here prints or exits; failures raise :class:`~subtitler.errors.SubtitlerError`
with the path, so the command line reports them in one line.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
import tempfile
from collections.abc import Callable
from typing import TYPE_CHECKING

from subtitler.errors import SubtitlerError, UsageError
from subtitler.formats.decoding import decode

if TYPE_CHECKING:
    from subtitler.model import Document

#: The name that means standard input or standard output.
STDIO = "-"


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (``-`` reads standard input).

    Raises:
        SubtitlerError: the file cannot be read.
    """
    if path == STDIO:
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise SubtitlerError("no such file", path=path) from None
    except IsADirectoryError:
        raise SubtitlerError("is a directory, not a file", path=path) from None
    except OSError as exc:
        raise SubtitlerError(f"cannot read: {exc.strerror}", path=path) from None


def load(path: str, fmt: str | None = None) -> Document:
    """Read a subtitle file into a Document (``-`` for standard input).

    The bytes are dropped as soon as they are decoded, so a large file is held
    in memory once, not twice.

    Raises:
        SubtitlerError: unreadable, not text, or not a subtitle file.
    """
    from subtitler import formats  # the readers, only for the commands that read subtitles

    name = None if path == STDIO else path
    data = read_bytes(path)
    kind = formats.kind_of(data, name, fmt)
    decoded = decode(data, name)
    del data  # the text is all the reader needs: the bytes would double the memory of a large file
    return formats.read_decoded(decoded, kind, name)


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same directory, which then replaces
    ``path``; an existing file's permissions are kept, and a new file gets what
    ``open`` would give it (0666 less the umask; the temporary file has 0600).
    An interrupt or a termination signal removes the temporary file; a process
    killed outright (SIGKILL, which no handler sees) leaves it, and the next write
    into that folder from this machine removes it (its name holds the host and the
    process id, and that process is gone).

    Raises:
        SubtitlerError: the file cannot be written.
    """
    target = os.path.abspath(path)
    folder = os.path.dirname(target)
    try:
        mode = os.stat(target).st_mode & 0o7777 if os.path.exists(target) else _new_file_mode()
        _remove_stale(folder)
        fd, temp = tempfile.mkstemp(prefix=_prefix(os.getpid()), dir=folder)
    except OSError as exc:
        raise SubtitlerError(f"cannot write: {exc.strerror}", path=path) from None
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as exc:
        _remove(temp)
        raise SubtitlerError(f"cannot write: {exc.strerror}", path=path) from None
    except BaseException:  # an interrupt or a termination signal: no temporary file left behind
        _remove(temp)
        raise


def _prefix(pid: int) -> str:
    """The start of a temporary file's name: the host (a shared folder may be written from others) and the pid."""
    host = "".join(c if c.isalnum() or c in "-_" else "_" for c in socket.gethostname())[:40]
    return f".subtitler-{host}-{pid}-"


#: Folders this process has cleared of temporary files left by killed runs (once each, not per write).
_CLEARED: set[str] = set()


def _remove_stale(folder: str) -> None:
    """Remove temporary files that runs on this host, since killed, left in ``folder``."""
    if folder in _CLEARED:
        return
    _CLEARED.add(folder)
    mine = _prefix(0)[:-2]  # ".subtitler-HOST-"
    try:
        names = [e.name for e in os.scandir(folder) if e.name.startswith(mine)]
    except OSError:
        return
    for name in names:
        pid = name[len(mine):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            _remove(os.path.join(folder, name))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but is another user's
    return True


def _remove(temp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temp)


def replace_in_place(path: str, change: Callable[[bytes], bytes], backup: bool = False) -> bytes:
    """Replace a file with ``change`` of its bytes: atomically, through a link, one run at a time.

    - A symbolic link is followed: its target gets the new bytes and the link stays a link.
    - With ``backup``, the old bytes go to ``path + ".bak"``, written atomically like the file
      itself; a link planted there is replaced, never followed.
    - Runs on files of one folder are serialised (a lock on the folder), so that two runs
      replacing one file both take effect, one after the other, instead of one being lost.

    Returns the new bytes.

    Raises:
        SubtitlerError: the file cannot be read or written, or ``change`` refused it.
    """
    import fcntl

    real = os.path.realpath(path)
    folder = os.open(os.path.dirname(real) or ".", os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        old = read_bytes(real)
        new = change(old)
        if backup:
            write_atomic(path + ".bak", old)
        write_atomic(real, new)
        return new
    finally:
        os.close(folder)  # closing the descriptor releases the lock


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` to the file descriptor ``fd``, or raise.

    A write may take fewer bytes than it is given (a full disk takes what fits and
    refuses the rest on the next call); Python's buffered files then report the
    short count and raise nothing, so a file cut at the disk's end went unnoticed.

    Raises:
        OSError: the bytes cannot all be written (no space left, a closed pipe).
    """
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # no progress and no error: treat as a full device, never loop for ever
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]


def write_stdout(data: bytes) -> None:
    """Write ``data`` to standard output, every byte or an error.

    Raises:
        SubtitlerError: not every byte could be written (a full disk, a device error).
        BrokenPipeError: the reader went away (the caller ends quietly).
    """
    stream = sys.stdout
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (captured by a test runner, say)
        buffer = stream.buffer
        if buffer.write(data) != len(data):
            raise SubtitlerError("cannot write all of the output", path="<stdout>") from None
        buffer.flush()
        return
    stream.flush()
    try:
        write_all(fd, data)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise SubtitlerError(f"cannot write all of the output: {exc.strerror}", path="<stdout>") from None


def _new_file_mode() -> int:
    """The permissions a newly created file gets: 0666 less the process's umask."""
    umask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def same_file(a: str, b: str) -> bool:
    """Whether two paths name the same file (False for stdin/stdout or a missing file)."""
    if STDIO in (a, b):
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def check_output(inputs: list[str], output: str | None, in_place: bool, can_replace: bool = True) -> None:
    """Refuse an output that is one of the inputs (through links and ``..``), unless ``in_place``.

    Args:
        inputs: the paths the command reads.
        output: the path it writes (None or ``-``: standard output).
        in_place: replacing the input was asked for.
        can_replace: the command can replace its input (a retiming can; a transcript's captions cannot).

    Raises:
        UsageError: the output names an input.
    """
    if output is None or in_place:
        return
    for name in inputs:
        if same_file(name, output):
            if can_replace:
                raise UsageError(f"`output` {output} is the input file: use `in_place` to replace it")
            raise UsageError(f"`output` {output} is an input of this run: write the output to another file")
