"""Where a batch reads and writes: local paths and globs, and any store fsspec reaches (s3://, gs://, …).

Local paths (and ``file://`` URLs) go through the standard library and
:mod:`subtitler.fileio`, so a batch on local files needs nothing beyond the core;
a URL with another scheme is read and written through fsspec, imported only then.

Writes are atomic where the store allows: a local file is written to a temporary
file beside it and renamed over the target (:func:`subtitler.fileio.write_atomic`);
an object store gets one upload of the complete object, which readers see whole or
not at all. Nothing here prints or exits.
"""

from __future__ import annotations

import glob
import os
import posixpath
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from subtitler import fileio
from subtitler.errors import SubtitlerError, UsageError

_T = TypeVar("_T")

#: Errors that say the object is not there or may not be read: trying again cannot help.
_PERMANENT = (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError, FileExistsError)

#: The filesystems made in this process (:meth:`Store.filesystem`), by process, thread, scheme and options.
_FILESYSTEMS: dict[tuple[int, int, str, str], Any] = {}

#: What to install for a store fsspec reaches (the ``scale`` extra has fsspec and s3fs).
_INSTALL = "pip install 'subtitler[scale]'"


@dataclass(frozen=True)
class Item:
    """One input of a batch.

    Attributes:
        path: the input as the store names it (a local path, or a URL such as ``s3://bucket/a/b.srt``).
        name: its name under the folder or prefix it was found in (``a/b.srt``), kept in the output.
    """

    path: str
    name: str


@dataclass(frozen=True)
class Store:
    """How to reach the paths of one run: fsspec's options for each scheme (``{"s3": {...}}``).

    The options go to ``fsspec.filesystem(scheme, **options)``: an endpoint, credentials,
    a region. Without them each store reads its usual environment (``AWS_ENDPOINT_URL``,
    ``AWS_ACCESS_KEY_ID``, …), in every worker process alike.
    """

    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def filesystem(self, url: str) -> Any:
        """The fsspec filesystem of a URL (``s3://…``), made once per process, thread, scheme and options.

        fsspec keeps its own instances too, but finding one there costs the hashing of its
        arguments (0.14 ms a call on the loaded development machine), paid per output written.
        """
        scheme = scheme_of(url)
        options = self.options.get(scheme, {})
        key = (os.getpid(), threading.get_ident(), scheme, repr(options))
        found = _FILESYSTEMS.get(key)
        if found is not None:
            return found
        try:
            import fsspec
        except ImportError:
            raise UsageError(f"{url}: reading {scheme}:// needs fsspec: {_INSTALL}") from None
        try:
            made = _FILESYSTEMS[key] = fsspec.filesystem(scheme, **dict(options))
        except (ImportError, ValueError) as exc:
            raise UsageError(f"{url}: no way to reach {scheme}:// ({exc}); for S3: {_INSTALL}") from None
        return made

    def read(self, path: str) -> bytes:
        """The bytes of one input.

        Raises:
            SubtitlerError: a local file that cannot be read.
            OSError: an object that cannot be read (FileNotFoundError when it is gone).
        """
        if is_local(path):
            return fileio.read_bytes(local_path(path))
        data = self.filesystem(path).cat_file(path)
        return bytes(data)

    def read_many(self, paths: Sequence[str]) -> dict[str, bytes | BaseException]:
        """The bytes of several inputs, or the error of each that failed (remote ones fetched concurrently)."""
        out: dict[str, bytes | BaseException] = {}
        remote = [p for p in paths if not is_local(p)]
        for path in paths:
            if is_local(path):
                out[path] = _attempt(lambda path=path: self.read(path))  # type: ignore[misc]
        if len(remote) > 1 and len({scheme_of(p) for p in remote}) == 1:
            fs = self.filesystem(remote[0])
            fetched = fs.cat(remote, on_error="return")
            bare = {fs._strip_protocol(p): p for p in remote}
            for key, value in fetched.items():
                out[bare.get(key, key)] = value if isinstance(value, BaseException) else bytes(value)
        for path in remote:
            if path not in out:
                out[path] = _attempt(lambda path=path: self.read(path))  # type: ignore[misc]
        return out

    def write(self, path: str, data: bytes) -> None:
        """Write one output whole: a local file atomically, an object in one upload.

        Raises:
            SubtitlerError: a local file that cannot be written.
            OSError: an object that cannot be written.
        """
        if is_local(path):
            target = local_path(path)
            folder = os.path.dirname(os.path.abspath(target))
            try:
                os.makedirs(folder, exist_ok=True)
            except OSError as exc:
                raise SubtitlerError(f"cannot make the folder: {exc.strerror}", path=folder) from None
            fileio.write_atomic(target, data)
            return
        self.filesystem(path).pipe_file(path, data)

    def existing(self, prefix: str) -> set[str]:
        """Every file under a folder or prefix (one listing), named as :func:`join` names outputs."""
        if is_local(prefix):
            root = local_path(prefix)
            found = set()
            for folder, _dirs, files in os.walk(root):
                for name in files:
                    found.add(os.path.normpath(os.path.join(folder, name)))
            return found
        fs = self.filesystem(prefix)
        fs.invalidate_cache(prefix)
        scheme = scheme_of(prefix)
        try:
            return {f"{scheme}://{key}" for key in fs.find(prefix)}
        except FileNotFoundError:
            return set()

    def expand(self, patterns: Sequence[str], extensions: Iterable[str]) -> list[Item]:
        """The inputs: files and objects as named, folders and prefixes searched, globs expanded.

        What a folder, prefix or glob yields is kept to ``extensions`` (``.srt``, ``.vtt`` …)
        and sorted; a path named outright is taken whatever its name. Each input's name
        is its path under the folder, prefix or fixed part of the glob it came from.

        Raises:
            UsageError: a local path that does not exist, a glob that matches nothing, or no input.
        """
        wanted = tuple(e.lower() for e in extensions)
        out: list[Item] = []
        seen: set[str] = set()
        for pattern in patterns:
            found = (_expand_local(local_path(pattern), wanted) if is_local(pattern)
                     else self._expand_remote(pattern, wanted))
            for item in found:
                if item.path not in seen:
                    seen.add(item.path)
                    out.append(item)
        if not out:
            raise UsageError(f"no inputs ({', '.join(wanted)}) in " + " ".join(patterns))
        return out

    def _expand_remote(self, pattern: str, wanted: tuple[str, ...]) -> list[Item]:
        fs = self.filesystem(pattern)
        scheme = scheme_of(pattern)
        bare = fs._strip_protocol(pattern)
        fs.invalidate_cache()
        if glob.has_magic(bare):
            base = _fixed_part(bare)
            keys = sorted(k for k in fs.glob(bare) if k.lower().endswith(wanted))
            if not keys:
                raise UsageError(f"{pattern}: the pattern matches no object")
        elif fs.isdir(bare):
            base = bare.rstrip("/")
            keys = sorted(k for k in fs.find(bare) if k.lower().endswith(wanted))
        else:  # one object named outright: taken as it is (reading it says if it is missing)
            base = posixpath.dirname(bare)
            keys = [bare]
        return [Item(f"{scheme}://{key}", posixpath.relpath(key, base) if base else key) for key in keys]


def _expand_local(pattern: str, wanted: tuple[str, ...]) -> list[Item]:
    if os.path.isdir(pattern):
        return [Item(p, os.path.relpath(p, pattern)) for p in _walk(pattern, wanted)]
    if os.path.exists(pattern):
        return [Item(pattern, os.path.basename(pattern))]
    if not glob.has_magic(pattern):
        raise UsageError(f"{pattern}: no such file or directory")
    base = _fixed_part(pattern)
    items: list[Item] = []
    for match in sorted(glob.glob(pattern, recursive=True)):
        if os.path.isdir(match):
            items.extend(Item(p, os.path.relpath(p, base or ".")) for p in _walk(match, wanted))
        elif match.lower().endswith(wanted):
            items.append(Item(match, os.path.relpath(match, base or ".")))
    if not items:
        raise UsageError(f"{pattern}: the pattern matches no file")
    return items


def _walk(folder: str, wanted: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(os.path.join(root, name) for name in sorted(files) if name.lower().endswith(wanted))
    return found


def _fixed_part(pattern: str) -> str:
    """The folders of a glob before its first wildcard.

    >>> _fixed_part("bucket/in/**/*.srt"), _fixed_part("*.srt")
    ('bucket/in', '')
    """
    parts = pattern.split("/")
    fixed = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return "/".join(fixed)


def scheme_of(path: str) -> str:
    """The scheme of a URL, ``file`` for a local path.

    >>> scheme_of("s3://bucket/a.srt"), scheme_of("captions/a.srt"), scheme_of("file:///tmp/a.srt")
    ('s3', 'file', 'file')
    """
    head, sep, _ = path.partition("://")
    return head.lower() if sep and head.isalnum() else "file"


def is_local(path: str) -> bool:
    """Whether ``path`` is a local path or a ``file://`` URL."""
    return scheme_of(path) in ("file", "local")


def local_path(path: str) -> str:
    """A local path without its ``file://``."""
    head, sep, rest = path.partition("://")
    return rest if sep and head.lower() in ("file", "local") else path


def join(prefix: str, name: str) -> str:
    """An output's path: ``name`` under the folder or prefix ``prefix``.

    >>> join("s3://out/", "a/b.vtt"), join("out", "a/b.vtt")
    ('s3://out/a/b.vtt', 'out/a/b.vtt')
    """
    if is_local(prefix):
        return os.path.normpath(os.path.join(local_path(prefix), name))
    return prefix.rstrip("/") + "/" + name.replace(os.sep, "/")


def transient(exc: BaseException) -> bool:
    """Whether trying again may succeed: a store's I/O error that is not 'missing' or 'forbidden'."""
    return isinstance(exc, OSError) and not isinstance(exc, _PERMANENT)


def with_retries(action: Callable[[], _T], retries: int, delay: float = 0.1) -> tuple[_T, int]:
    """``action()`` and the attempts it took, tried again on a transient error (waits double each time).

    Raises:
        Exception: the last error, when every attempt failed or the error is not transient.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            return action(), attempt
        except Exception as exc:
            if attempt > retries or not transient(exc):
                raise
            time.sleep(min(delay * 2 ** (attempt - 1), 5.0))


def _attempt(action: Callable[[], bytes]) -> bytes | BaseException:
    try:
        return action()
    except Exception as exc:
        return exc


def describe(exc: BaseException) -> str:
    """One line for an error: the library's message, else the error's kind and text."""
    if isinstance(exc, SubtitlerError):
        return exc.message
    if isinstance(exc, FileNotFoundError):
        return "no such file or object"
    if isinstance(exc, PermissionError):
        return "permission denied"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__
