"""Golden files: a golden test fails when its golden is missing, and only an explicit update writes one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, UPDATE_GOLDEN, golden


def test_a_golden_test_fails_when_its_golden_file_is_missing(tmp_path: Path) -> None:
    if UPDATE_GOLDEN:
        pytest.skip("SUBTITLER_UPDATE_GOLDEN=1 writes golden files instead of failing")
    with pytest.raises(pytest.fail.Exception, match="is missing"):
        golden(ROOT / "fixtures" / "golden" / "no-such-file.txt", "anything")
    assert not (ROOT / "fixtures" / "golden" / "no-such-file.txt").exists()
