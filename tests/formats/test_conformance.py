"""Our WebVTT reader against the web-platform-tests expectations (shared/corpora/conformance)."""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import pytest

from subtitler.errors import SubtitlerError
from subtitler.formats import vtt
from subtitler.formats.cuetext import wpt_tree
from subtitler.formats.inspection import region_dict
from tests.conftest import shared_path

#: The README marks regions-regionanchor cues 5-19 as a broken test: a spec-conforming
#: parser fails exactly these 29 checks.
KNOWN_BROKEN = ("regions-regionanchor", range(5, 20))


def _scorer() -> Any:
    path = shared_path("corpora", "conformance", "tools", "score.py")
    spec = importlib.util.spec_from_file_location("wpt_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_like_a_browser(data: bytes) -> list[dict[str, Any]] | None:
    """The scorer's parse(): None when the file is rejected, else cues with API names."""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    try:
        doc = vtt.read(text)
    except SubtitlerError:
        return None
    regions = {r.id: region_dict(r) for r in doc.regions}  # the last definition of an id wins
    cues = []
    for cue in doc.cues:
        s = cue.settings
        cues.append({
            "id": cue.id, "text": cue.text, "startTime": cue.start_ms / 1000, "endTime": cue.end_ms / 1000,
            "align": s.align, "line": s.line, "snapToLines": s.snap_to_lines, "lineAlign": s.line_align,
            "position": s.position, "positionAlign": s.position_align, "size": s.size,
            "vertical": s.vertical, "region": regions.get(s.region) if s.region is not None else None,
        })
    return cues


def _file_cases() -> list[str]:
    folder = shared_path("corpora", "conformance", "webvtt-wpt", "file-parsing")
    return sorted(p.stem for p in folder.glob("*.json"))


def test_reader_passes_every_wpt_file_parsing_assertion_but_the_known_broken_ones() -> None:
    score = _scorer()
    folder = shared_path("corpora", "conformance", "webvtt-wpt", "file-parsing")
    total = passed = 0
    unexpected = []
    for name in _file_cases():
        expected = json.loads((folder / f"{name}.json").read_text())
        result = score.score_file_parsing(expected, parse_like_a_browser((folder / f"{name}.vtt").read_bytes()))
        total += result["total"]
        passed += result["passed"]
        for failure in result["failures"]:
            broken = name == KNOWN_BROKEN[0] and failure["what"].startswith("cue ") and \
                int(failure["what"].split()[1]) in KNOWN_BROKEN[1]
            if not broken:
                unexpected.append((name, failure))
    assert unexpected == []
    assert total == 520
    assert passed == 520 - 29


def _tree_cases() -> list[tuple[str, dict[str, str]]]:
    try:
        folder = shared_path("corpora", "conformance", "webvtt-wpt", "cue-text-parsing")
    except pytest.skip.Exception:
        return []
    cases = []
    for path in sorted(folder.glob("*.json")):
        cases += [(path.stem, entry) for entry in json.loads(path.read_text())]
    return cases


TREE_CASES = _tree_cases()


@pytest.mark.skipif(not TREE_CASES, reason="../shared/corpora/conformance is not present")
@pytest.mark.parametrize(("group", "entry"), TREE_CASES, ids=[f"{g}-{e['name'][:8]}" for g, e in TREE_CASES])
def test_cue_text_tree_matches_what_browsers_build(group: str, entry: dict[str, str]) -> None:
    doc = vtt.read("WEBVTT\n\n00:00.000 --> 00:01.000\n" + entry["input"])
    got = wpt_tree(doc.cues[0].text) if doc.cues else ""
    assert got == entry["expected_tree"]


def test_all_78_cue_text_trees_are_checked() -> None:
    if not TREE_CASES:
        shared_path("corpora", "conformance", "webvtt-wpt", "cue-text-parsing")
    assert len(TREE_CASES) == 78
