"""The evaluation scripts run against the code as it is (a quick run of each on a few corpus cases)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, shared_path


@pytest.mark.parametrize("script, args", [
    ("bench/eval_transcripts.py", ["--limit", "12", "--quiet"]),
    ("bench/eval_speakers.py", ["--limit", "40"]),
])
def test_each_evaluation_script_runs_and_prints_the_model_beside_the_baselines(script: str, args: list[str]) -> None:
    shared_path("corpora", "transcripts")
    done = subprocess.run([sys.executable, str(ROOT / script), *args], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "WDER" in done.stdout
