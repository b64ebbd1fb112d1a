"""The commands as batches: real command-line processes on a real S3 API (moto on loopback) and a Dask cluster."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.scale import CORRUPT, S3, srt

BUCKET = "subtitler-cli"


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "subtitler", *args]


def _env(s3: S3) -> dict[str, str]:
    return {**os.environ, **s3.env, "PYTHONPATH": str(ROOT)}


def _objects(s3: S3, prefix: str, files: dict[str, bytes]) -> None:
    if not s3.fs.exists(BUCKET):
        s3.fs.mkdir(BUCKET)
    s3.fs.pipe({f"{BUCKET}/{prefix}/{name}": data for name, data in files.items()})


def _results(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_convert_resumed_after_its_process_was_killed_finishes_without_redoing_work(s3: S3) -> None:
    _objects(s3, "kill", {f"{k:02d}.srt": srt(k) for k in range(60)})
    args = ("convert", f"s3://{BUCKET}/kill/*.srt", "--to", "vtt", "-o", f"s3://{BUCKET}/kill-out/", "--engine", "local",
            "-j", "1")
    process = subprocess.Popen(_command(*args), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_env(s3),
                               text=True)
    assert process.stdout is not None
    seen = [process.stdout.readline() for _ in range(10)]
    os.kill(process.pid, signal.SIGKILL)  # no clean-up of any kind: as a machine lost mid-run
    process.wait(10)
    assert all(json.loads(line)["status"] == "done" for line in seen)
    s3.fs.invalidate_cache()
    written = {f"s3://{key}" for key in s3.fs.find(f"{BUCKET}/kill-out/")}
    assert 10 <= len(written) < 60, "the run was not stopped mid-way: the test proves nothing"
    again = subprocess.run(_command(*args, "--resume"), capture_output=True, text=True, env=_env(s3), timeout=120)
    assert again.returncode == 0, again.stderr
    results = _results(again.stdout)
    assert len(results) == 60
    assert {r["output"] for r in results if r["status"] == "skipped"} == written
    assert {r["output"] for r in results if r["status"] == "done"}.isdisjoint(written)
    assert {r["status"] for r in results} == {"skipped", "done"}
    s3.fs.invalidate_cache()
    assert len(s3.fs.find(f"{BUCKET}/kill-out/")) == 60
    assert f"subtitler: convert: 60 inputs: {60 - len(written)} done, {len(written)} skipped" in again.stderr
    refused = subprocess.run(_command(*args), capture_output=True, text=True, env=_env(s3), timeout=120)
    assert refused.returncode == 1
    assert all(r["status"] == "failed" and "exists" in r["error"] for r in _results(refused.stdout))


def test_validate_on_a_running_dask_scheduler_reports_each_object_and_fails_for_the_corrupt_one(
        s3: S3, dask_client: Any) -> None:
    files = {f"{k}.srt": srt(k) for k in range(10)}
    files["bad.vtt"] = CORRUPT
    _objects(s3, "check", files)
    address = dask_client.scheduler.address
    done = subprocess.run(_command("validate", f"s3://{BUCKET}/check/", "--engine", "dask", "--scheduler", address),
                          capture_output=True, text=True, env=_env(s3), timeout=120)
    assert done.returncode == 1
    results = {r["path"]: r for r in _results(done.stdout)}
    assert len(results) == 11
    assert results[f"s3://{BUCKET}/check/bad.vtt"]["status"] == "failed"
    assert results[f"s3://{BUCKET}/check/0.srt"]["findings"] > 0  # every fifth file has a cue too short
    assert "subtitler: validate: 11 inputs: 10 done, 1 failed" in done.stderr


def test_a_batch_on_local_folders_keeps_names_and_says_how_to_install_dask_when_it_is_missing(tmp_path: Path) -> None:
    (tmp_path / "in" / "deep").mkdir(parents=True)
    (tmp_path / "in" / "deep" / "a.srt").write_bytes(srt(1))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(_command("shift", str(tmp_path / "in"), "--by", "1s", "-o", f"{tmp_path}/out/"),
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "deep" / "a.srt").read_bytes().startswith(b"1\n00:00:01,000 --> 00:00:04,000")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "n.txt").write_text("ANCHOR: Good evening. The council met today.\n\n"
                                              "SARAH LEE, CORRESPONDENT: Thank you. It voted.")
    made = subprocess.run(_command("generate", f"{tmp_path}/news/*.txt", "--to", "vtt", "-o", f"{tmp_path}/caps/"),
                          capture_output=True, text=True, env=env, timeout=60)
    assert made.returncode == 0, made.stderr
    assert _results(made.stdout)[0]["output"] == f"{tmp_path}/caps/n.vtt"
    assert (tmp_path / "caps" / "n.vtt").read_text().startswith("WEBVTT")
    # a Python on which dask cannot be imported: one line, and how to install it
    blocker = tmp_path / "block"
    (blocker / "dask").mkdir(parents=True)
    (blocker / "dask" / "__init__.py").write_text("raise ImportError('no dask here')\n")
    env["PYTHONPATH"] = f"{blocker}{os.pathsep}{ROOT}"
    missing = subprocess.run(_command("validate", str(tmp_path / "in"), "--engine", "dask"), capture_output=True,
                             text=True, env=env, timeout=60)
    assert missing.returncode == 2
    assert missing.stderr == ("subtitler: error: --engine dask needs dask.distributed: "
                              "pip install 'subtitler[scale]'\n")


def test_validate_on_a_local_glob_stays_the_report_it_was_and_is_no_batch(tmp_path: Path) -> None:
    (tmp_path / "a.srt").write_bytes(srt(5))  # one cue too short to read
    done = subprocess.run(_command("validate", f"{tmp_path}/*.srt"), capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert f"{tmp_path}/a.srt:" in done.stdout and not done.stdout.startswith("{")


def test_convert_takes_several_globs_and_keeps_each_ones_names_under_the_output_prefix(s3: S3) -> None:
    _objects(s3, "many", {**{f"a/{k:02d}.srt": srt(k) for k in range(4)}, **{f"b/deep/{k:02d}.srt": srt(k)
                                                                           for k in range(10, 13)}})
    done = subprocess.run(_command("convert", f"s3://{BUCKET}/many/a/*.srt", f"s3://{BUCKET}/many/b/**/*.srt",
                                   "--to", "vtt", "-o", f"s3://{BUCKET}/many-out/"),
                          capture_output=True, text=True, env=_env(s3), timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(_results(done.stdout)) == 7
    s3.fs.invalidate_cache()
    assert sorted(s3.fs.find(f"{BUCKET}/many-out/")) == sorted(
        [f"{BUCKET}/many-out/{k:02d}.vtt" for k in range(4)] + [f"{BUCKET}/many-out/deep/{k:02d}.vtt"
                                                                for k in range(10, 13)])
    assert "subtitler: convert: 7 inputs: 7 done" in done.stderr


def test_shift_of_two_files_named_outright_is_a_batch_into_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "one.srt").write_bytes(srt(1))
    (tmp_path / "two.srt").write_bytes(srt(2))
    done = subprocess.run(_command("shift", str(tmp_path / "one.srt"), str(tmp_path / "two.srt"), "--by", "2s", "-o",
                                   f"{tmp_path}/late/"),
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "late").iterdir()) == ["one.srt", "two.srt"]
    assert (tmp_path / "late" / "two.srt").read_bytes().startswith(b"1\n00:00:02,000 --> 00:00:05,000")


def _flaky_first_read(monkeypatch: pytest.MonkeyPatch, flaky: str) -> list[str]:
    """Store.read fails the first read of ``flaky`` with a reset connection (a transient store error)."""
    from subtitler.batch.store import Store

    real = Store.read
    reads: list[str] = []

    def read(self: Store, path: str) -> bytes:
        reads.append(path)
        if path == flaky and reads.count(path) == 1:
            raise ConnectionResetError("connection reset by peer")
        return real(self, path)

    monkeypatch.setattr(Store, "read", read)
    return reads


def test_retries_on_the_command_line_decide_whether_a_transient_error_fails_the_input(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from subtitler.cli import app

    for k in range(3):
        (tmp_path / f"{k}.srt").write_bytes(srt(k))
    flaky = str(tmp_path / "1.srt")
    runner = CliRunner()
    _flaky_first_read(monkeypatch, flaky)  # -j 1: the inputs are read in this process, where the patch is
    gave_up = runner.invoke(app, ["convert", str(tmp_path), "--to", "vtt", "-o", f"{tmp_path}/a/", "-j", "1",
                                  "--retries", "0"])
    assert gave_up.exit_code == 1
    results = {r["path"]: r for r in _results(gave_up.stdout)}
    assert results[flaky]["status"] == "failed"
    assert results[flaky]["error"] == "ConnectionResetError: connection reset by peer"
    assert [r["status"] for p, r in results.items() if p != flaky] == ["done", "done"]
    reads = _flaky_first_read(monkeypatch, flaky)
    tried = runner.invoke(app, ["convert", str(tmp_path), "--to", "vtt", "-o", f"{tmp_path}/b/", "-j", "1",
                                "--retries", "1"])
    assert tried.exit_code == 0, tried.output
    results = {r["path"]: r for r in _results(tried.stdout)}
    assert (results[flaky]["status"], results[flaky]["attempts"]) == ("done", 2)
    assert reads.count(flaky) == 2
    alone = runner.invoke(app, ["convert", str(tmp_path / "0.srt"), "-o", f"{tmp_path}/c.vtt", "--retries", "2"])
    assert alone.exit_code == 2
    assert "--retries goes with a batch" in alone.output
