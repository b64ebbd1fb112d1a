"""No word changed unseen, on the transcript corpus: cue words are the speech words, in order.

The corpus (../shared/corpora/transcripts) holds unlabelled cases with their gold speech.
Every gold speech word must come out in the cues, in order; the only changes allowed are
the ones a finding reports (a lost space split, I402). Words the cues add (headers kept as
speech) are not changes. By default every 8th case runs; SUBTITLER_FULL_CORPUS=1 runs all.
"""

from __future__ import annotations

import difflib
import json
import os
import re

import pytest

from subtitler import pipeline
from tests.conftest import shared_path

#: Every how many cases one runs by default (the whole corpus takes minutes).
STEP = 1 if os.environ.get("SUBTITLER_FULL_CORPUS") == "1" else 8
_NOTE = re.compile(r"\\?\[[^\[\]]*\\?\]|\([^()]*\)")
_SEPARATED = re.compile(r"separated '(.+)' into '(.+)'")


def _words(text: str) -> list[str]:
    """Words as compared: notes in brackets out, apostrophes out, lower case."""
    return re.findall(r"[^\W_]+", re.sub(r"['’]", "", _NOTE.sub(" ", text)).lower())


def test_cue_words_are_the_speech_words_in_order_except_where_a_finding_says() -> None:
    cases = sorted(shared_path("corpora", "transcripts", "cases").glob("*.input.txt"))[::STEP]
    changed = []
    for path in cases:
        gold = json.loads(path.with_name(path.name.replace(".input.txt", ".gold.json")).read_text(encoding="utf-8"))
        generated = pipeline.generate_bytes(path.read_bytes(), source=path.name)
        speech = " ".join(segment["text"] for segment in gold["segments"])
        for finding in generated.findings:
            if finding.code == "I402" and (match := _SEPARATED.match(finding.message)):
                speech = re.sub(rf"(?<!\w){re.escape(match[1])}(?!\w)", match[2], speech, count=1)
        expected = _words(speech)
        cues = _words(" ".join(line for cue in generated.captions for line in cue.lines))
        opcodes = difflib.SequenceMatcher(None, expected, cues, autojunk=False).get_opcodes()
        lost = [" ".join(expected[a:b]) for op, a, b, _, _ in opcodes if op in ("replace", "delete")]
        if lost:
            changed.append((path.name, lost[:3]))
    if not cases:
        pytest.skip("the corpus holds no cases")
    assert changed == []
