"""Nothing lost: every write checked to its last byte, no input overwritten, bounded work, any locale."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, IN_CI

SEED = FIXTURES / "transcripts" / "arirang-blue-house.txt"


def _run(*args: str, env: dict[str, str] | None = None, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "subtitler", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, check=False, env={**os.environ, **(env or {})})


def _big_srt(path: Path, cues: int = 30_000) -> Path:
    rows = (f"{i + 1}\n00:{i // 600 % 60:02d}:{i // 10 % 60:02d},{i % 10 * 100:03d} --> "
            f"00:{i // 600 % 60:02d}:{i // 10 % 60:02d},{i % 10 * 100 + 90:03d}\nLine {i}\n" for i in range(cues))
    path.write_text("\n".join(rows), encoding="utf-8")
    return path


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs, mounted for the test (needs root)."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        message = "mounting a 1 MB tmpfs needs root and mount(8)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True,
                          check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize("command", [["convert", "--to", "vtt"], ["shift", "--by", "1s"], ["fix"]])
def test_a_short_write_to_stdout_is_an_error_not_a_cut_file(tmp_path: Path, tiny_disk: Path, command: list[str]) -> None:
    source = _big_srt(tmp_path / "two-mb.srt")
    with open(tiny_disk / "out", "wb") as out:
        done = _run(command[0], str(source), *command[1:], stdout=out)
    assert done.returncode == 1
    assert "cannot write all of the output: No space left on device" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_full_disk_leaves_no_partial_output_and_no_temporary_file(tmp_path: Path, tiny_disk: Path) -> None:
    source = _big_srt(tmp_path / "two-mb.srt")
    done = _run("shift", str(source), "--by", "1s", "-o", str(tiny_disk / "out.srt"))
    assert done.returncode == 1 and "No space left on device" in done.stderr
    assert list(tiny_disk.iterdir()) == []


def test_generate_refuses_to_write_over_its_transcript(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    shutil.copy(SEED, story)
    (tmp_path / "link.srt").symlink_to(story)
    for target in (["-o", str(story), "--to", "srt"], ["-o", str(tmp_path / "link.srt")],
                   ["-o", str(tmp_path / "sub" / ".." / "story.txt"), "--to", "vtt"]):
        (tmp_path / "sub").mkdir(exist_ok=True)
        done = _run("generate", str(story), *target)
        assert done.returncode == 2 and "is an input of this run" in done.stderr, target
    assert story.read_bytes() == SEED.read_bytes()


def test_preview_refuses_to_write_over_an_input_or_the_media(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    shutil.copy(SEED, story)
    (tmp_path / "clip.wav").write_bytes(b"RIFF")
    for args in (["-o", str(story)], ["-o", str(tmp_path / "clip.wav"), "--media", str(tmp_path / "clip.wav")]):
        done = _run("preview", str(story), *args)
        assert done.returncode == 2 and "is an input of this run" in done.stderr, args
    assert story.read_bytes() == SEED.read_bytes() and (tmp_path / "clip.wav").read_bytes() == b"RIFF"


def test_segment_refuses_a_folder_where_it_would_overwrite_its_input(tmp_path: Path) -> None:
    hls = tmp_path / "hls"
    hls.mkdir()
    source = hls / "fileSequence0.webvtt"
    source.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n", encoding="utf-8")
    done = _run("segment", str(source), "-o", str(hls))
    assert done.returncode == 2 and "is its input" in done.stderr
    assert source.read_text(encoding="utf-8").endswith("Hello\n") and sorted(p.name for p in hls.iterdir()) == [
        "fileSequence0.webvtt"]


def test_segment_counts_its_segments_before_writing_any(tmp_path: Path) -> None:
    source = tmp_path / "late.vtt"
    source.write_text("WEBVTT\n\n999:00:00.000 --> 999:00:01.000\nx\n", encoding="utf-8")
    done = _run("segment", str(source), "--seconds", "1", "-o", str(tmp_path / "hls"))
    assert done.returncode == 2 and "3,596,401 segments of 1 s, more than 100,000" in done.stderr
    assert not (tmp_path / "hls").exists() or list((tmp_path / "hls").iterdir()) == []


def test_json_findings_quote_a_bounded_excerpt_of_a_long_line(tmp_path: Path) -> None:
    source = tmp_path / "amp.vtt"
    source.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\n" + "&" * 5000 + "\n", encoding="utf-8")
    done = _run("validate", str(source), "--to", "json")
    assert done.returncode == 0, done.stderr
    findings = json.loads(done.stdout)["files"][0]["findings"]
    assert sum(f["code"] == "W158" for f in findings) == 5000
    assert all(len(f["source"]) <= 402 for f in findings)  # the excerpt and its two ellipses
    assert len(done.stdout) < 5000 * 700


@pytest.fixture(scope="module")
def latin1_locale(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An en_US.ISO-8859-1 locale compiled for the test (localedef, as root or not)."""
    folder = tmp_path_factory.mktemp("locale")
    localedef = shutil.which("localedef")
    if localedef is None:
        pytest.fail("localedef is missing (Debian's libc-bin)") if IN_CI else pytest.skip("localedef is missing")
    done = subprocess.run([localedef, "-i", "en_US", "-f", "ISO-8859-1", str(folder / "en_US.ISO-8859-1")],
                          capture_output=True, check=False)
    if not (folder / "en_US.ISO-8859-1").exists():
        message = f"cannot build the en_US.ISO-8859-1 locale: {done.stderr.decode().strip()[:200]}"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    return {"LOCPATH": str(folder), "LC_ALL": "en_US.ISO-8859-1", "PYTHONIOENCODING": "", "PYTHONUTF8": "0"}


@pytest.mark.parametrize("command", [["rules"], ["inspect"], ["validate"], ["convert", "--to", "vtt"]])
def test_a_latin1_locale_crashes_no_command(tmp_path: Path, latin1_locale: dict[str, str], command: list[str]) -> None:
    source = tmp_path / "u.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:02,000\nCafé → crème… 東京\n", encoding="utf-8")
    args = command if command == ["rules"] else [command[0], str(source), *command[1:]]
    probe = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding)"], capture_output=True,
                           text=True, env={**os.environ, **latin1_locale}, check=True)
    assert probe.stdout.strip().lower().replace("-", "") in ("iso88591", "latin1")
    done = subprocess.run([sys.executable, "-m", "subtitler", *args], capture_output=True, check=False,
                          env={**os.environ, **latin1_locale})
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr
    if command != ["rules"] and command != ["validate"]:
        assert "Café → crème… 東京".encode() in done.stdout  # data on stdout is UTF-8 whatever the locale


SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n"


def test_in_place_through_a_symlink_shifts_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.srt"
    real.write_text(SRT, encoding="utf-8")
    (tmp_path / "link.srt").symlink_to(real)
    done = _run("shift", str(tmp_path / "link.srt"), "--by", "1s", "--in-place")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "link.srt").is_symlink()
    assert "00:00:02,000 --> 00:00:03,000" in real.read_text(encoding="utf-8")


def test_backup_replaces_a_link_planted_at_its_name_and_never_writes_through_it(tmp_path: Path) -> None:
    source = tmp_path / "in.srt"
    source.write_text(SRT, encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / "in.srt.bak").symlink_to(victim)
    done = _run("shift", str(source), "--by", "1s", "--in-place", "--backup")
    assert done.returncode == 0, done.stderr
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "in.srt.bak").is_symlink() and (tmp_path / "in.srt.bak").read_text(encoding="utf-8") == SRT


def test_fix_in_place_through_a_symlink_repairs_the_target(tmp_path: Path) -> None:
    real = tmp_path / "real.srt"
    real.write_text("2\n00:00:01,000 --> 00:00:02,000\nHello\n", encoding="utf-8")
    (tmp_path / "link.srt").symlink_to(real)
    done = _run("fix", str(tmp_path / "link.srt"), "--in-place")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "link.srt").is_symlink() and real.read_text(encoding="utf-8").startswith("1\n")


def test_concurrent_in_place_shifts_all_take_effect(tmp_path: Path) -> None:
    source = tmp_path / "in.srt"
    source.write_text(SRT, encoding="utf-8")
    runs = [subprocess.Popen([sys.executable, "-m", "subtitler", "shift", str(source), "--by", "1s", "--in-place"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(8)]
    assert [run.wait() for run in runs] == [0] * 8
    assert "00:00:09,000 --> 00:00:10,000" in source.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["in.srt"]


def test_a_terminated_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    code = ("import os, signal, sys\n"
            "from subtitler import fileio\n"
            "import subtitler.cli as cli\n"
            "signal.signal(signal.SIGTERM, cli._terminated)\n"
            "real = os.write\n"
            "def slow(fd, data):\n"
            "    os.kill(os.getpid(), signal.SIGTERM)\n"
            "    return real(fd, data)\n"
            "os.write = slow\n"
            f"fileio.write_atomic({str(tmp_path / 'out.srt')!r}, b'x' * 1000)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 128 + 15, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_temporary_file_left_by_a_sigkilled_write_is_removed_by_the_next_write(tmp_path: Path) -> None:
    """SIGKILL runs no handler, so the next run on this host clears what the killed one left."""
    import signal

    target = tmp_path / "out.srt"
    code = ("import os, sys, time\n"
            "from subtitler import fileio\n"
            "real = os.write\n"
            "def slow(fd, data):\n"  # a write that stops half-way, so that the kill lands mid-write
            "    n = real(fd, bytes(data[:4096]))\n"
            "    sys.stdout.write('w'); sys.stdout.flush(); time.sleep(60)\n"
            "    return n\n"
            "os.write = slow\n"
            f"fileio.write_atomic({str(target)!r}, b'x' * 400_000)\n")
    for _ in range(3):
        run = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
        assert run.stdout is not None
        run.stdout.read(1)  # the first piece is written, the rest never will be
        run.send_signal(signal.SIGKILL)
        run.wait()
    left = [p.name for p in tmp_path.iterdir()]
    # each run cleared what the run before it left; the last one left its own, and no partial out.srt
    assert len(left) == 1 and left[0].startswith(".subtitler-"), left
    source = tmp_path / "in.srt"
    source.write_text(SRT, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "subtitler", "shift", str(source), "--by", "1s", "-o", str(target)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.srt", "out.srt"]


def test_a_temporary_file_of_a_running_write_is_not_removed(tmp_path: Path) -> None:
    from subtitler import fileio

    busy = tmp_path / f"{fileio._prefix(os.getpid())}abc"
    busy.write_bytes(b"half")
    fileio.write_atomic(str(tmp_path / "out.srt"), b"done")
    assert busy.exists()
