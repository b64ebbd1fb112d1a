"""bench/eval_breaks.py runs against the code as it is (a quick run: two files, few fitting rounds)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, SHARED, shared_path


def test_the_break_evaluation_prints_ours_beside_both_baselines_per_file_and_pooled() -> None:
    shared_path("corpora", "timed", "pbs-nova")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "eval_breaks.py"), "--shared", str(SHARED),
                           "--files", "2", "--rounds", "15"], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    for needed in ("Line-break agreement", "Cue-break F1", "greedy", "middle", "pbs-nova", "pooled"):
        assert needed in done.stdout
