"""A real S3 API on loopback (moto in server mode), a GCS emulator, and a real Dask LocalCluster, for the batch tests.

All are started once per test session: the S3 server as its own process on a free port
of 127.0.0.1, the cluster with two worker processes of one thread each. The S3 endpoint
and test credentials are put in this process's environment before the cluster starts,
so that the workers, and the command-line processes the tests start, reach the same
server as the tests do.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import require_module


@dataclass(frozen=True)
class S3:
    """The loopback S3 server: its URL, an s3fs filesystem on it, and the environment that reaches it."""

    endpoint: str
    fs: Any
    env: dict[str, str]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def s3() -> Iterator[S3]:
    """moto's S3 server on 127.0.0.1 for the session."""
    require_module("moto", "the batch tests run against a real S3 API on loopback (moto[server])")
    require_module("s3fs", "the batch tests read S3 through fsspec's s3fs (the scale extra)")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    _wait_for(endpoint, server, "moto's S3 server")
    env = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": "us-east-1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    import s3fs

    try:
        yield S3(endpoint, s3fs.S3FileSystem(endpoint_url=endpoint, key="testing", secret="testing"), env)
    finally:
        _restore(saved)
        server.terminate()
        server.wait(10)


@dataclass(frozen=True)
class GCS:
    """The loopback GCS emulator: its URL, a gcsfs filesystem on it, and the environment that reaches it."""

    endpoint: str
    fs: Any
    env: dict[str, str]


@pytest.fixture(scope="session")
def gcs() -> Iterator[GCS]:
    """gcp-storage-emulator (the GCS JSON API, in memory) on 127.0.0.1 for the session.

    gcsfs reaches it through ``STORAGE_EMULATOR_HOST``; its experimental probe of a bucket's
    kind (a gRPC call the emulator does not serve, which would wait a minute a bucket) is off.
    """
    saved = {k: os.environ.get(k) for k in ("STORAGE_EMULATOR_HOST", "GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT")}
    os.environ["GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT"] = "false"  # read when gcsfs is imported: before the check
    require_module("gcsfs", "the batch tests read gs:// through fsspec's gcsfs")
    require_module("gcp_storage_emulator", "the batch tests run against a GCS emulator on loopback")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "gcp_storage_emulator", "start", "-H", "127.0.0.1", "--port",
                               str(port), "-q", "--in-memory"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    _wait_for(endpoint, server, "the GCS emulator")
    env = {"STORAGE_EMULATOR_HOST": endpoint, "GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT": "false"}
    os.environ.update(env)
    import gcsfs

    try:
        yield GCS(endpoint, gcsfs.GCSFileSystem(token="anon", project="subtitler-tests"), env)
    finally:
        _restore(saved)
        server.terminate()
        server.wait(10)


def _wait_for(endpoint: str, server: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(endpoint, timeout=1).close()
            return
        except urllib.error.HTTPError:  # it answers: up
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"{what} did not start")
            time.sleep(0.1)


def _restore(saved: dict[str, str | None]) -> None:
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def dask_client(s3: S3) -> Iterator[Any]:
    """A LocalCluster of two worker processes (one thread each) and a client on it, for the session."""
    require_module("dask.distributed", "the dask engine runs on a real LocalCluster (the scale extra)")
    import logging

    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def srt(index: int, cues: int = 20) -> bytes:
    """A small SRT file; every fifth one has a cue too short to read (a finding), every seventh overlaps."""
    parts = []
    for k in range(cues):
        start = k * 3500
        end = start + (400 if index % 5 == 0 and k == 3 else 3000)
        if index % 7 == 0 and k == 5:
            end += 1200
        speaker = "KIM MIN-JI: " if k % 4 == 0 else ""
        parts.append(f"{k + 1}\n{_stamp(start)} --> {_stamp(end)}\n{speaker}Report {index}, line {k}.\n")
    return "\n".join(parts).encode()


def _stamp(ms: int) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{milli:03d}"


#: Bytes that are no subtitle file in any encoding.
CORRUPT = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff\xfe\x00"
