"""No word changed unseen, on the transcript corpus: cue words are the speech words, in order.

The corpus (../shared/corpora/transcripts) holds unlabelled cases with their gold speech.
Every gold speech word must come out, in order; the only changes allowed are the ones a
finding reports (a lost space split, I402). Words added (headers kept as speech) are not
changes. Every case goes through the transcript stage, where words are read, left out and
repaired; every 8th case goes on through ``generate`` to its cues (SUBTITLER_FULL_CORPUS=1:
every case), which shows that nothing after that stage changes a word either.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from subtitler import pipeline
from subtitler.model import Finding
from subtitler.pipeline import transcript
from tests.conftest import shared_path

#: Every how many cases one runs by default (the whole corpus takes minutes).
STEP = 1 if os.environ.get("SUBTITLER_FULL_CORPUS") == "1" else 8
_NOTE = re.compile(r"\\?\[[^\[\]]*\\?\]|\([^()]*\)")
_SEPARATED = re.compile(r"separated '(.+)' into '(.+)'")


def _words(text: str) -> list[str]:
    """Words as compared: notes in brackets out, apostrophes out, lower case."""
    return re.findall(r"[^\W_]+", re.sub(r"['’]", "", _NOTE.sub(" ", text)).lower())


def _changed(path: Path, parsed: transcript.Transcript, findings: Iterable[Finding], out: str) -> list[str]:
    """The gold speech words of a case that ``out`` lost or changed, beyond what is shown.

    Shown are a split a finding reports (I402), a left-out line a finding reports (I403/I404,
    listed in ``dropped``) and a speaker label read as one (the speaker's name, not speech).
    """
    findings = list(findings)
    gold = json.loads(path.with_name(path.name.replace(".input.txt", ".gold.json")).read_text(encoding="utf-8"))
    speech = " ".join(segment["text"] for segment in gold["segments"])
    for finding in findings:
        if finding.code == "I402" and (match := _SEPARATED.match(finding.message)):
            speech = re.sub(rf"(?<!\w){re.escape(match[1])}(?!\w)", match[2], speech, count=1)
    reported = {f.line for f in findings if f.code in ("I403", "I404")}
    shown = [" ".join(_words(d.text)) for d in parsed.dropped if d.line in reported]
    shown += [" ".join(_words(f"{p.label.name} {p.label.title or ''}")) for p in parsed.paragraphs if p.label]
    expected = _words(speech)
    opcodes = difflib.SequenceMatcher(None, expected, _words(out), autojunk=False).get_opcodes()
    lost = [" ".join(expected[a:b]) for op, a, b, _, _ in opcodes if op in ("replace", "delete")]
    return [words for words in lost if not any(f" {words} " in f" {text} " for text in shown)]


def _cases() -> list[Path]:
    cases = sorted(shared_path("corpora", "transcripts", "cases").glob("*.input.txt"))
    if not cases:
        pytest.skip("the corpus holds no cases")
    return cases


def test_the_speech_words_of_every_case_are_read_in_order_except_where_a_finding_says() -> None:
    changed = []
    for path in _cases():
        parsed = transcript.parse(path.read_bytes().decode("utf-8"))
        if lost := _changed(path, parsed, parsed.findings, " ".join(s.text for s in parsed.sentences)):
            changed.append((path.name, lost[:3]))
    assert changed == []


def test_cue_words_are_the_speech_words_in_order_except_where_a_finding_says() -> None:
    changed = []
    for path in _cases()[::STEP]:
        generated = pipeline.generate_bytes(path.read_bytes(), source=path.name)
        parsed = transcript.parse(path.read_bytes().decode("utf-8"))
        if lost := _changed(path, parsed, generated.findings, " ".join(line for cue in generated.captions
                                                                       for line in cue.lines)):
            changed.append((path.name, lost[:3]))
    assert changed == []
