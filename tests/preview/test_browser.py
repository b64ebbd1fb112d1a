"""The preview page in a real browser (headless Debian Chromium): what it shows, what it runs, what it fetches."""

from __future__ import annotations

import shutil
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from subtitler import formats
from subtitler.cli import app
from subtitler.pipeline.generate import Options, generate_bytes
from subtitler.preview.page import from_generated
from tests.browser import chromium, serve
from tests.conftest import FIXTURES, ROOT

runner = CliRunner()
SEED = FIXTURES / "transcripts" / "arirang-blue-house.txt"
#: The seed's cues, as its golden WebVTT holds them (tests/test_generate.py keeps that file true).
SEED_CUES = (FIXTURES / "golden" / "arirang-blue-house.vtt").read_text(encoding="utf-8").count(" --> ")
ARTIFACTS = ROOT / "tests" / "artifacts"
XSS = ["<script>window.pwned=1</script>", '</svg><img src=x onerror="window.pwned=1">']
#: Schemes a page may use without a request leaving it.
LOCAL_SCHEMES = ("data:", "blob:", "about:")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def report(folder: Path, *args: str, name: str = "report.html") -> Path:
    out = folder / name
    result = runner.invoke(app, ["preview", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def watch(page: Any, allowed: str) -> tuple[list[str], list[str]]:
    """Record every request that is not ``allowed`` (a URL prefix) or local, and every script error."""
    strays: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((allowed, *LOCAL_SCHEMES)) else strays.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return strays, errors


def until(page: Any, expression: str, timeout: float = 30) -> Any:
    """Poll an expression (the page's Content-Security-Policy forbids Playwright's in-page wait_for_function)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {expression}")


def open_report(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready]", state="attached", timeout=30_000)


def test_the_seed_report_shows_its_speakers_every_cue_and_the_findings_with_no_request(
        browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generated = generate_bytes(SEED.read_bytes(), Options(), str(SEED))
    shutil.copy(SEED, tmp_path / SEED.name)
    monkeypatch.chdir(tmp_path)  # the page names the input as given: a short name for the screenshot
    out = report(tmp_path, SEED.name)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with serve(tmp_path) as base:
        strays, errors = watch(page, base)
        open_report(page, f"{base}/{out.name}")
        assert page.locator(".lane-name").all_inner_texts()[:2] == ["Conn-young", "Kim Min-ji"]
        assert page.locator(".lane-name").count() == len(generated.speakers)
        lanes = page.locator("svg.bars g.lane")
        assert [lanes.nth(k).evaluate("g => getComputedStyle(g).fill") for k in range(2)] == [
            "rgb(255, 255, 255)", "rgb(255, 255, 0)"]  # white and yellow, as in generate's STYLE block
        assert page.locator("svg.bars rect").count() == len(generated.captions) == SEED_CUES
        assert [lanes.nth(k).locator("rect").count() for k in range(len(generated.speakers))] == [
            sum(1 for c in generated.captions if c.speaker == s.id) for s in generated.speakers]
        findings = page.locator(".findings li").all_inner_texts()
        assert len(findings) == 5
        assert findings[0] == "line 1:59 I401 removed a stray period after 'afternoon' · cue 1"
        assert findings[3] == "line 24:1 I403 left out (page furniture): 'Source Link'"
        assert page.locator("svg.marks rect").count() == 2  # two cues carry findings
        assert page.locator(".cues .row:not(.head)").count() == SEED_CUES

        page.locator("svg.bars rect[data-i='7']").click()
        assert "sel" in (page.locator(".cues .row:not(.head)").nth(7).get_attribute("class") or "")
        page.locator(".findings li").nth(1).click()
        marked = from_generated(generated, SEED.name).findings[1].cue  # the cue the second finding concerns
        assert marked is not None and marked > 7
        assert "sel" in (page.locator(f"svg.bars rect[data-i='{marked}']").get_attribute("class") or "")
        page.locator("svg.bars rect[data-i='5']").hover()
        tip = page.locator("#tip")
        assert tip.is_visible()
        assert tip.locator(".body").inner_text() == "\n".join(generated.captions[5].lines)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "preview-seed.png"))
    page.close()
    assert strays == [] and errors == []


@pytest.mark.parametrize("policy", ["with", "without"])
def test_markup_in_cue_text_and_file_names_is_shown_as_text_and_runs_nothing(
        browser: Any, tmp_path: Path, policy: str) -> None:
    source = tmp_path / '<img src=x onerror="window.pwned=1">.srt'
    source.write_text("".join(f"{i + 1}\n00:00:0{i * 4},000 --> 00:00:0{i * 4 + 3},000\n{text}\n\n"
                              for i, text in enumerate(XSS)), encoding="utf-8")
    out = report(tmp_path, str(source))
    if policy == "without":  # the escaping alone must hold, not only the Content-Security-Policy
        page_text = out.read_text(encoding="utf-8")
        start = page_text.index('<meta http-equiv="Content-Security-Policy"')
        out.write_text(page_text[:start] + page_text[page_text.index(">", start) + 1:], encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with serve(tmp_path) as base:
        strays, errors = watch(page, base)
        open_report(page, f"{base}/{out.name}")
        for i in range(2):
            page.locator(f"svg.bars rect[data-i='{i}']").hover()
            assert page.locator("#tip .body").inner_text() == XSS[i]
            page.locator(".cues .row:not(.head)").nth(i).click()
        assert page.locator(".cues .row:not(.head) .text").all_inner_texts() == XSS
        assert str(source) in page.locator("h1").inner_text()
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert page.locator("img").count() == 0
        assert page.locator("script").count() == 2
    page.close()
    assert strays == [] and errors == []


def silence(path: Path, seconds: int) -> None:
    """A WAV file of silence (8 kHz, 8-bit mono): media any Chromium plays."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(b"\x80" * 8000 * seconds)


def test_with_media_the_player_carries_our_webvtt_and_clicking_a_cue_seeks_to_it(
        browser: Any, tmp_path: Path) -> None:
    silence(tmp_path / "clip.wav", 40)
    out = report(tmp_path, str(SEED), "--media", str(tmp_path / "clip.wav"))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    # from disk, as a producer opens it (Python's test server cannot serve byte ranges, so no seeking there)
    strays, errors = watch(page, tmp_path.as_uri() + "/")
    open_report(page, out.as_uri())
    until(page, "document.getElementById('player').readyState >= 1")
    cues = until(page, "(() => { const t = document.getElementById('player').textTracks[0];"
                       " return t.cues && t.cues.length ? [t.cues.length, t.cues[0].text] : null })()")
    assert cues == [SEED_CUES, "<v Conn-young>The National Security Council\nalso convened"]
    starts = [cue.start_ms / 1000 for cue in formats.read((FIXTURES / "golden" / "arirang-blue-house.vtt").read_bytes()).cues]
    page.locator(".cues .row:not(.head)").nth(4).click()
    assert until(page, "document.getElementById('player').currentTime") == pytest.approx(starts[4], abs=0.01)
    page.locator("svg.bars rect[data-i='7']").click()
    assert until(page, f"document.getElementById('player').currentTime > {starts[4] + 1} && "
                       "document.getElementById('player').currentTime") == pytest.approx(starts[7], abs=0.01)
    page.close()
    assert strays == [] and errors == []


def test_the_page_opens_from_disk(browser: Any, tmp_path: Path) -> None:
    out = report(tmp_path, str(SEED))
    page = browser.new_page()
    strays, errors = watch(page, out.as_uri())
    open_report(page, out.as_uri())
    speakers = len(generate_bytes(SEED.read_bytes(), Options(), str(SEED)).speakers)
    assert page.locator(".lane-name").count() == speakers and page.locator("svg.bars rect").count() == SEED_CUES
    page.close()
    assert strays == [] and errors == []


def test_selecting_a_cue_far_down_a_long_file_scrolls_its_row_and_bar_into_view(browser: Any, tmp_path: Path) -> None:
    source = tmp_path / "long.srt"
    source.write_text("".join(f"{i + 1}\n{_stamp(i * 3000)} --> {_stamp(i * 3000 + 2500)}\nCue {i}\n\n"
                              for i in range(600)), encoding="utf-8")
    out = report(tmp_path, str(source))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    open_report(page, out.as_uri())
    page.evaluate("window.subtitlerPreview.select(0, 555)")  # in a chunk the browser has not laid out yet
    inside = page.evaluate("""() => {
        const inView = (el, box) => { const a = box.getBoundingClientRect(), r = el.getBoundingClientRect();
                                      return r.top >= a.top && r.bottom <= a.bottom && r.left >= a.left && r.right <= a.right; };
        const row = document.querySelectorAll('.cues .row:not(.head)')[555];
        const bar = document.querySelector('svg.bars rect[data-i="555"]');
        return [inView(row, document.querySelector('.cues')), inView(bar, document.querySelector('.scroll')),
                row.classList.contains('sel'), row.children[5].textContent] }""")
    assert inside == [True, True, True, "Cue 555"]
    page.close()


def _stamp(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def test_a_turn_the_speaker_model_is_unsure_of_shows_a_check_badge_and_is_listed(browser: Any, tmp_path: Path) -> None:
    from dataclasses import replace

    from subtitler.preview import html as preview_html
    from subtitler.preview.page import Report

    generated = generate_bytes(SEED.read_bytes(), Options(), str(SEED))
    turns = tuple(replace(t, confidence=0.42 if k == 1 else 0.9) for k, t in enumerate(generated.turns))
    section = from_generated(replace(generated, turns=turns), SEED.name)
    out = tmp_path / "unsure.html"
    out.write_text(preview_html.render(Report("netflix", (section,))), encoding="utf-8")
    cue = section.checks[0].cue
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with serve(tmp_path) as base:
        strays, errors = watch(page, base)
        open_report(page, f"{base}/{out.name}")
        badge = page.locator(f".cues .row[data-i='{cue}'] .check")
        badge.scroll_into_view_if_needed()
        assert badge.is_visible() and badge.inner_text() == "check: 0.42"
        assert badge.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(255, 212, 59)"
        assert page.locator(".counts .checks-count").inner_text() == "1 turn to check"
        listed = page.locator("ol.checks li")
        assert listed.count() == 1 and listed.inner_text().startswith("check: 0.42 line ")
        listed.click()  # the list selects the turn's cue, as a finding does
        assert "sel" in (page.locator(f".cues .row[data-i='{cue}']").get_attribute("class") or "")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "preview-unsure.png"))
    page.close()
    assert strays == [] and errors == []
