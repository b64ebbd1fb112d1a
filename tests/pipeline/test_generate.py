"""generate end to end: goldens of the seed, every profile valid, bad input handled."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from subtitler import formats, pipeline, profiles
from subtitler.cli import app
from subtitler.errors import DecodeError, TranscriptError
from subtitler.pipeline import jsondoc, rttm
from tests.conftest import FIXTURES, ROOT, golden

SEED = "fixtures/transcripts/arirang-blue-house.txt"
GOLDEN = FIXTURES / "golden"
runner = CliRunner()


def _seed(profile: str = "netflix") -> pipeline.Generated:
    options = pipeline.Options(profile=profiles.get(profile))
    return pipeline.generate_bytes((ROOT / SEED).read_bytes(), options, SEED)


def _golden(name: str, actual: str) -> None:
    assert actual == golden(GOLDEN / name, actual), f"{name} changed: rerun with SUBTITLER_UPDATE_GOLDEN=1 if intended"


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_the_seed_matches_its_golden_captions(fmt: str) -> None:
    _golden(f"arirang-blue-house.{fmt}", formats.write(pipeline.document(_seed(), fmt)))


def test_the_seed_matches_its_golden_json_and_rttm() -> None:
    generated = _seed()
    _golden("arirang-blue-house.json", jsondoc.dumps(generated))
    _golden("arirang-blue-house.rttm", rttm.dumps(generated))


def test_the_json_document_keeps_the_contract() -> None:
    data = json.loads(jsondoc.dumps(_seed()))
    assert data["speakers"][:2] == [{"id": "conn-young", "name": "Conn-young", "role": "anchor"},
                                    {"id": "kim-min-ji", "name": "Kim Min-ji", "role": "correspondent"}]
    speakers = [t["speaker"] for t in data["turns"]]
    assert speakers[0] == "conn-young" and set(speakers) == {s["id"] for s in data["speakers"]}
    assert all(a != b for a, b in itertools.pairwise(speakers))
    assert all(0.0 <= t["confidence"] <= 1.0 for t in data["turns"])
    assert [(d["line"], d["reason"]) for d in data["dropped"]] == [(24, "page furniture"), (25, "page furniture")]
    spoken = " ".join(t["text"] for t in data["turns"]).split()
    shown = " ".join(" ".join(c["lines"]) for c in data["cues"]).split()
    assert shown == spoken
    for turn in data["turns"]:
        assert turn["start_ms"] == turn["sentences"][0]["start_ms"]
        assert all(s["start_ms"] <= s["end_ms"] for s in turn["sentences"])


def test_webvtt_carries_a_voice_on_every_cue_and_colours_each_speaker() -> None:
    doc = pipeline.document(_seed(), "vtt")
    text = formats.write(doc)
    assert '::cue(v[voice="Conn-young"]) { color: white; }' in text
    assert '::cue(v[voice="Kim Min-ji"]) { color: yellow; }' in text
    read = formats.read(text.encode(), "x.vtt")
    voices = {c.speaker for c in read.cues}
    assert all(voices) and {"Conn-young", "Kim Min-ji"} <= voices and len(voices) == len(_seed().speakers)
    assert read.findings == ()


@pytest.mark.parametrize("style", ["label", "chevron", "dash", "none"])
def test_srt_speaker_styles_read_back(style: str) -> None:
    doc = pipeline.document(_seed(), "srt", style)
    read = formats.read(formats.write(doc).encode(), "x.srt")
    assert len(read.cues) == len(doc.cues)
    if style == "label":
        labels = {c.speaker for c in read.cues}
        assert {"CONN-YOUNG", "KIM MIN-JI"} <= labels and len(labels) == len(_seed().speakers)


def test_generate_writes_several_formats_in_one_run(tmp_path: Path) -> None:
    outs = [str(tmp_path / f"seed.{ext}") for ext in ("srt", "vtt", "json", "rttm")]
    result = runner.invoke(app, ["generate", SEED, *[x for o in outs for x in ("-o", o)]])
    assert result.exit_code == 0, result.output
    assert Path(outs[0]).read_text().startswith("1\n00:00:00,000 --> ")
    assert Path(outs[1]).read_text().startswith("WEBVTT\n")
    assert json.loads(Path(outs[2]).read_text())["speakers"][0]["id"] == "conn-young"
    assert Path(outs[3]).read_text().startswith("SPEAKER arirang-blue-house 1 0.000 ")


def test_start_duration_and_sync_place_the_speech(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", SEED, "-f", "json", "--start", "00:01:00.000", "--duration", "4m"])
    data = json.loads(result.stdout)
    sentences = [s for t in data["turns"] for s in t["sentences"]]
    assert sentences[0]["start_ms"] == 60_000
    assert abs(sentences[-1]["end_ms"] - 300_000) <= 5
    result = runner.invoke(app, ["generate", SEED, "-f", "json", "--sync", "5=00:00:40.000", "--sync", "12=90s"])
    sentences = [s for t in json.loads(result.stdout)["turns"] for s in t["sentences"]]
    assert next(s for s in sentences if s["line"] == 5)["start_ms"] == 40_000
    assert next(s for s in sentences if s["line"] == 12)["start_ms"] == 90_000


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (bytes(range(256)) * 40, "not a text file"),
    (b"(COMMERCIAL BREAK)\n[10:30:58]\n", "no speech"),
])
def test_bad_transcripts_are_clear_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["generate", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("subtitler: error: ") and message in lines[0]


def test_library_errors_are_typed() -> None:
    with pytest.raises(DecodeError):
        pipeline.generate_bytes(bytes(range(256)) * 40)
    with pytest.raises(TranscriptError):
        pipeline.generate_text("   ")


def test_a_huge_single_line_and_korean_text_give_sensible_captions() -> None:
    huge = " ".join(f"The council met again on day {i} and talked for hours." for i in range(400))
    generated = pipeline.generate_text(huge)
    assert " ".join(c.text for c in generated.captions).split() == huge.split()
    korean = "국가안보회의가 오늘 오후 소집됐습니다. 청와대는 선거 결과를 주시하고 있습니다.\n"
    generated = pipeline.generate_text(korean)
    assert [c.text for c in generated.captions] == ["국가안보회의가 오늘 오후 소집됐습니다.", "청와대는 선거 결과를 주시하고 있습니다."]
    assert all(c.end_ms > c.start_ms for c in generated.captions)
    assert all(s.end_ms - s.start_ms > 2000 for t in generated.turns for s in t.sentences)  # Hangul is said too


def test_japanese_and_chinese_sentences_end_at_full_width_marks_without_a_space() -> None:
    generated = pipeline.generate_text("本日午後、国家安全保障会議が開かれました。議論は長く続きました。次は何でしょうか？\n")
    assert [c.text for c in generated.captions] == ["本日午後、国家安全保障会議が開かれました。", "議論は長く続きました。",
                                                    "次は何でしょうか？"]
    assert all(c.end_ms - c.start_ms >= 1000 for c in generated.captions)


@pytest.mark.parametrize("profile", ["netflix", "bbc", "dcmp"])
def test_generated_cues_keep_the_profile_line_limits(profile: str) -> None:
    limit = profiles.get(profile).chars_per_line
    generated = _seed(profile)
    assert all(len(line.lstrip("-")) <= limit for c in generated.captions for line in c.lines)
    labelled = pipeline.document(generated, "srt", "label")  # the SRT label kept its room
    assert all(len(line.lstrip("-")) <= limit for c in labelled.cues for line in c.text.split("\n"))


@pytest.mark.parametrize("profile", ["netflix", "bbc", "dcmp"])
@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_generated_files_pass_our_own_validate_for_their_profile(profile: str, fmt: str) -> None:
    from subtitler.checks import core as checks

    generated = _seed(profile)
    doc = formats.read(formats.write(pipeline.document(generated, fmt)).encode(), f"seed.{fmt}")
    assert [f for f in checks.check(doc, profiles.get(profile)) if f.severity.value == "error"] == []
    # reading speed as a viewer reads the words (an SRT label adds a name to read: left out here)
    plain = formats.read(formats.write(pipeline.document(generated, fmt, "none")).encode(), f"seed.{fmt}")
    too_fast = {f.cue for f in checks.check(plain, profiles.get(profile)) if f.code == "W304"}
    speech_fast = {f.cue for f in generated.findings if f.code == "W410"}  # the speech itself is that fast
    assert too_fast <= speech_fast


def test_generate_refuses_a_subtitle_file_given_as_a_transcript(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text("1\n00:00:01,000 --> 00:00:02,000\nGood evening.\n")
    result = runner.invoke(app, ["generate", str(source)])
    assert result.exit_code == 1
    assert f"subtitler: error: {source}: this is a subtitle file (SRT or WebVTT), not a transcript" in result.output


def test_warnings_go_to_stderr_a_few_of_each_code(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", SEED, "-f", "json", "--sync", "5=00:00:40.000", "--sync", "12=90s"])
    assert result.exit_code == 0
    assert f"subtitler: {SEED}:5: W410 reading speed" in result.stderr
    assert result.stderr.count("W410 reading speed") == 5 and "(--to json lists every one)" in result.stderr
    assert len([f for f in json.loads(result.stdout)["findings"] if f["code"] == "W410"]) > 5


@pytest.mark.parametrize("args", [["--wpm", "100", "--syllable-rate", "4"], ["--audio-offset", "4s"],
                                  ["--audio", "story.wav", "--start", "10s"], ["--audio", "story.wav", "--sync", "3=10s"]])
def test_options_that_contradict_or_need_another_are_usage_errors(args: list[str]) -> None:
    assert runner.invoke(app, ["generate", SEED, *args]).exit_code == 2
