"""The broadcast formats on the command line: convert, generate and shift with TTML, SCC and programme timecode."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import subtitler
from subtitler.cli import app
from subtitler.formats.speakermarks import strip_marker
from tests.conftest import ROOT, write

runner = CliRunner()
SEED = str(ROOT / "fixtures" / "transcripts" / "arirang-blue-house.txt")
SRT = "1\n00:00:05,005 --> 00:00:07,007\nKIM: Good evening.\n\n2\n00:00:08,008 --> 00:00:10,010\nLEE: Thank you.\n"


def test_convert_writes_scc_from_a_programme_start_and_reads_it_back_from_there(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    scc = tmp_path / "out.scc"
    result = runner.invoke(app, ["convert", source, "-o", str(scc), "--tc-start", "01:00:00;00"])
    assert result.exit_code == 0, result.output
    lines = scc.read_text().splitlines()
    assert lines[0] == "Scenarist_SCC V1.0" and any(line.startswith("01:00:05;00\t942f 942f") for line in lines)
    back = runner.invoke(app, ["convert", str(scc), "--to", "srt", "--tc-start", "01:00:00;00"])
    assert back.exit_code == 0, back.output
    assert back.stdout == ("1\n00:00:05,005 --> 00:00:07,007\n>> Good evening.\n\n"
                           "2\n00:00:08,008 --> 00:00:10,010\n>> Thank you.\n\n")


def test_shift_by_a_drop_frame_second_moves_an_scc_file_thirty_frames(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    scc = tmp_path / "in.scc"
    assert runner.invoke(app, ["convert", source, "-o", str(scc)]).exit_code == 0
    later = tmp_path / "later.scc"
    result = runner.invoke(app, ["shift", str(scc), "--by", "00:00:01;00", "-o", str(later)])
    assert result.exit_code == 0, result.output
    before, after = subtitler.load(str(scc)), subtitler.load(str(later))
    assert [(c.start_ms + 1001, c.end_ms + 1001, c.text) for c in before.cues] == \
        [(c.start_ms, c.end_ms, c.text) for c in after.cues]


def test_generate_writes_ebu_tt_d_with_agents_and_scc_with_chevrons(tmp_path: Path) -> None:
    ttml, scc = tmp_path / "seed.ttml", tmp_path / "seed.scc"
    result = runner.invoke(app, ["generate", SEED, "-o", str(ttml), "-o", str(scc), "--ttml-profile", "ebu-tt-d",
                                 "--speakers", "rules", "--tc-start", "10:00:00;00"])
    assert result.exit_code == 0, result.output
    text = ttml.read_text()
    # drop-frame 10:00:00;00 is 35,999.964 s of video: the first cue starts there
    assert "urn:ebu:tt:distribution:2018-04" in text and 'begin="09:59:59.964"' in text
    assert '<ttm:name type="full">Kim Min-ji</ttm:name>' in text
    doc = subtitler.load(str(ttml))
    assert {c.speaker for c in doc.cues} == {"Conn-young", "Kim Min-ji"}
    cues = subtitler.load(str(scc)).cues
    assert sum(c.text.startswith(">>") for c in cues) == 1 + sum(
        a.speaker != b.speaker for a, b in zip(doc.cues, doc.cues[1:]))
    assert " ".join(strip_marker(c.text) for c in cues).replace("’", "'").split() == \
        " ".join(c.text for c in doc.cues).replace("’", "'").split()


def test_a_ttml_profile_other_than_imsc_or_ebu_tt_d_is_a_usage_error(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    result = runner.invoke(app, ["convert", source, "--to", "ttml", "--ttml-profile", "sdp-us"])
    assert result.exit_code == 2 and "--ttml-profile sdp-us" in result.output


def test_validate_reads_ttml_and_scc_and_reports_with_lines(tmp_path: Path) -> None:
    source = write(tmp_path, "bad.scc", "Scenarist_SCC V1.0\n\n00:00:01;00\t9420 zz 942f 942f\n")
    result = runner.invoke(app, ["validate", source])
    assert result.exit_code == 0 and f"{source}:3:18: W814" in result.output  # warnings only


def test_the_language_of_ttml_written_is_said_with_lang_and_checked(tmp_path: Path) -> None:
    source = write(tmp_path, "in.srt", SRT)
    result = runner.invoke(app, ["convert", source, "--to", "ttml", "--lang", "ko-KR"])
    assert result.exit_code == 0 and 'xml:lang="ko-KR"' in result.stdout
    bad = runner.invoke(app, ["convert", source, "--to", "ttml", "--lang", "not a tag"])
    assert bad.exit_code == 2 and "--lang 'not a tag'" in bad.output


def test_generate_says_what_fitting_the_cues_to_scc_changed(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", SEED, "-o", str(tmp_path / "seed.scc")])
    assert result.exit_code == 0
    assert "W815 caption 1 shows" in result.stderr and "--tc-start" in result.stderr
    assert "I817" in result.stderr and "--profile dcmp" in result.stderr
