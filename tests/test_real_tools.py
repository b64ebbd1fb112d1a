"""Real consumers read what generate writes: Chromium's WebVTT parser and ffmpeg."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from subtitler import formats, pipeline, profiles
from subtitler.formats.speakermarks import display_name
from tests.browser import chromium, serve
from tests.conftest import ROOT, require_tool

SEED = ROOT / "fixtures" / "transcripts" / "arirang-blue-house.txt"

PAGE = """<!doctype html><meta charset="utf-8"><video id="v" muted></video>
<script>
const video = document.getElementById('v');
const track = document.createElement('track');
track.kind = 'subtitles'; track.src = 'captions.vtt'; track.default = true;
video.appendChild(track);
window.result = new Promise((resolve) => {
  track.addEventListener('load', () => {
    const cues = Array.from(track.track.cues).map((c) => ({
      start: c.startTime, end: c.endTime, text: c.text,
      voices: Array.from(c.getCueAsHTML().querySelectorAll('span[title]')).map((s) => s.title),
    }));
    resolve({ok: true, cues});
  });
  track.addEventListener('error', () => resolve({ok: false}));
  track.track.mode = 'hidden';
});
</script>"""


def _generated(tmp_path: Path, profile: str = "netflix", colours: bool = True) -> tuple[pipeline.Generated, Path, Path]:
    generated = pipeline.generate_bytes(SEED.read_bytes(), pipeline.Options(profile=profiles.get(profile)), str(SEED))
    vtt = tmp_path / "captions.vtt"
    srt = tmp_path / "captions.srt"
    vtt.write_text(formats.write(pipeline.document(generated, "vtt", colours=colours)), encoding="utf-8")
    srt.write_text(formats.write(pipeline.document(generated, "srt")), encoding="utf-8")
    return generated, vtt, srt


def test_chromium_reads_our_webvtt_with_the_same_cues_texts_and_voices(tmp_path: Path) -> None:
    generated, vtt, _ = _generated(tmp_path)
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    ours = formats.read(vtt.read_bytes(), str(vtt))
    with chromium() as browser, serve(tmp_path) as url:
        page = browser.new_page()
        page.goto(f"{url}/index.html")
        result = page.evaluate("window.result")
    assert result["ok"], "Chromium fired 'error' on our WebVTT"
    cues = result["cues"]
    assert len(cues) == len(ours.cues) == len(generated.captions)
    assert [c["text"] for c in cues] == [c.text for c in ours.cues]
    assert [round(c["start"] * 1000) for c in cues] == [c.start_ms for c in ours.cues]
    names = {s.id: display_name(s) for s in generated.speakers}
    assert [c["voices"] for c in cues] == [[names[s] for s in cap.speakers] for cap in generated.captions]


def _ffmpeg_events(path: Path) -> list[str]:
    ffmpeg = require_tool("ffmpeg", "ffmpeg must read the SRT and WebVTT we write")
    done = subprocess.run([ffmpeg, "-v", "error", "-i", str(path), "-f", "srt", "-"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return re.findall(r"^\d\d:\d\d:\d\d,\d\d\d --> .*$", done.stdout, re.M)


def test_ffmpeg_reads_our_srt_and_webvtt_without_an_error(tmp_path: Path) -> None:
    generated, vtt, srt = _generated(tmp_path)
    assert len(_ffmpeg_events(srt)) == len(generated.cues("label"))  # the SRT's cues keep room for labels
    _ffmpeg_events(vtt)  # no error; ffmpeg before 6.1 stops reading at the STYLE block, hence --no-colours
    generated, vtt, srt = _generated(tmp_path, colours=False)
    assert len(_ffmpeg_events(vtt)) == len(generated.captions)


def test_ffmpeg_reads_every_profile(tmp_path: Path) -> None:
    for profile in ("bbc", "dcmp"):
        generated, _, srt = _generated(tmp_path, profile)
        assert len(_ffmpeg_events(srt)) == len(generated.cues("label"))
