"""The review page of :mod:`subtitler.preview.page` as one self-contained HTML file.

Inline CSS, JavaScript and SVG, and no request of any kind: it opens from disk.
The page is rendered by jinja2 with autoescaping on, because cue text, speaker
names and file names are untrusted input; the data the script needs is
embedded as JSON with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the
script writes text with ``textContent`` only. A Content-Security-Policy lets
nothing run but the page's own script (allowed by its hash) and fetch nothing
but the media file named with ``--media``.

The templates live in ``subtitler/preview/templates``: ``preview.html.j2`` (the page),
``preview.css`` and ``preview.js`` (inlined as they are).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import urllib.parse
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from subtitler.errors import SubtitlerError
from subtitler.model import CHECK_BELOW
from subtitler.preview.page import Bar, Report, Section
from subtitler.timecode import format_vtt

#: Height of one speaker lane on the timeline, in CSS pixels.
LANE_PX = 22
#: Height of a bar within its lane.
BAR_PX = 16
#: Height of the reading-speed chart.
CHART_PX = 120
#: How much programme time one screen width of the timeline shows at first (5 minutes).
VIEW_MS = 300_000
#: The widest the timeline starts (times the screen): wider tracks pass the browser's layout limit.
MAX_ZOOM = 2000.0
#: Cue rows and findings come in chunks this long, each skipped by the browser while out of view.
CHUNK_ROWS = 100
#: The chart's top is at most this many times the limit: one broken cue must not flatten the rest.
CHART_CAP = 3.0

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> markupsafe.Markup:
    """JSON safe inside a ``<script type="application/json">`` element.

    ``<``, ``>`` and ``&`` are escaped so that no text can close the element or
    open a comment; U+2028 and U+2029 for older JavaScript parsers.

    >>> str(script_json({"t": "</script><b>&"}))
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return markupsafe.Markup(text)  # escaped above for this context


def media_url(media: str, report: str | None) -> str:
    """The URL of a local media file, relative to the report's folder.

    Args:
        media: the media file's path.
        report: the report's path (None or ``-``: standard output, so the current folder).

    Raises:
        SubtitlerError: the media file does not exist.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp(); clip = os.path.join(folder, "clip 1.mp4"); _ = open(clip, "w")
    >>> media_url(clip, os.path.join(folder, "out", "report.html"))
    '../clip%201.mp4'
    """
    if not os.path.isfile(media):
        raise SubtitlerError("no such media file", path=media)
    base = os.getcwd() if report in (None, "-") else os.path.dirname(os.path.abspath(str(report)))
    target = os.path.abspath(media)
    try:
        relative = os.path.relpath(target, base)
    except ValueError:  # another drive (Windows): no relative path exists
        return Path(target).as_uri()
    # quoted: a ':' in a file name must not read as a URL scheme
    return urllib.parse.quote(relative.replace(os.sep, "/"))


def vtt_data_url(vtt: str) -> str:
    """A WebVTT text as a ``data:`` URL, for a ``<track>`` that needs no request."""
    return "data:text/vtt;charset=utf-8;base64," + base64.b64encode(vtt.encode("utf-8")).decode("ascii")


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("subtitler.preview", "templates"),
        autoescape=True,  # cue text is untrusted: everything is escaped unless marked safe
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _asset(name: str) -> str:
    env = _environment()
    assert env.loader is not None
    return env.loader.get_source(env, name)[0]


def clock(ms: int) -> str:
    """A time as the page shows it: ``MM:SS.mmm``, with hours when there are any.

    >>> clock(61_500), clock(3_661_000)
    ('01:01.500', '01:01:01.000')
    """
    return format_vtt(ms, hours=False)


def talk(ms: int) -> str:
    """A talk time as minutes and seconds.

    >>> talk(75_400), talk(3_600_000)
    ('1:15', '60:00')
    """
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _chart(section: Section) -> dict[str, Any]:
    """The reading-speed chart: one horizontal stroke per cue at its speed, over the limit apart."""
    speeds = [section.speed(bar) for bar in section.bars]
    top = max(section.limit * 1.25, min(max(speeds, default=0.0) * 1.05, section.limit * CHART_CAP), 1.0)
    ok: list[str] = []
    over: list[str] = []
    for bar, speed in zip(section.bars, speeds):
        y = top - min(speed, top)
        (over if bar.over else ok).append(f"M{bar.start_ms} {y:.2f}H{bar.end_ms}")
    return {"top": top, "ok": "".join(ok), "over": "".join(over), "limit_y": f"{top - section.limit:.2f}",
            "limit_pct": f"{section.limit / top * 100:.1f}"}


def _view(section: Section, index: int, media: bool) -> dict[str, Any]:
    """What the template needs of one section, worked out here rather than in template logic."""
    by_lane: list[list[Bar]] = [[] for _ in section.lanes]
    for bar in section.bars:
        by_lane[bar.lane].append(bar)
    severities = {"error": 0, "warning": 0, "info": 0}
    for item in section.findings:
        severities[item.severity] = severities.get(item.severity, 0) + 1
    rank = {"error": 0, "warning": 1, "info": 2}
    marked = [bar for bar in section.bars if bar.findings]
    # per cue with findings: the worst severity (its mark's colour) and the codes, as one text for the table
    codes = {bar.index: (min((section.findings[n].severity for n in bar.findings), key=lambda v: rank.get(v, 3)),
                         " ".join(section.findings[n].code for n in bar.findings)) for bar in marked}
    return {
        "id": f"s{index}",
        "section": section,
        "groups": [(section.lanes[lane], bars) for lane, bars in enumerate(by_lane)],
        "marked": marked,
        "codes": codes,
        "severities": severities,
        "chart": _chart(section),
        "height": max(len(section.lanes), 1) * LANE_PX,
        "zoom": min(max(1.0, section.duration_ms / VIEW_MS), MAX_ZOOM),
        "track": vtt_data_url(section.vtt) if media else "",
    }


def _data(report: Report) -> dict[str, Any]:
    """What the script needs: each cue's times, lane and findings, for seeking, selecting and tooltips.

    Text stays in the page, escaped by the template; the script reads it back with ``textContent``.
    """
    return {"sections": [{"duration": s.duration_ms,
                          "cues": [[b.start_ms, b.end_ms, b.lane, *b.findings] for b in s.bars]}
                         for s in report.sections]}


def render(report: Report, media: str | None = None, title: str | None = None) -> str:
    """The report as one HTML page.

    Args:
        report: from :func:`subtitler.preview.page.build`.
        media: the URL of a video or audio file to play the cues over (see
            :func:`media_url`); each section's cues become a WebVTT track of it.
        title: the page's title (default: the inputs' names).
    """
    script = _asset("preview.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    template = _environment().get_template("preview.html.j2")
    return template.render(
        report=report,
        title=title or ", ".join(s.name for s in report.sections) or "subtitler preview",
        views=[_view(s, i, media is not None) for i, s in enumerate(report.sections)],
        media=media,
        cue_count=sum(len(s.bars) for s in report.sections),
        css=markupsafe.Markup(_asset("preview.css")),  # our own file, not input
        script=markupsafe.Markup(script),  # our own file, not input
        script_hash=f"sha256-{digest}",
        data=script_json(_data(report)),
        clock=clock,
        talk=talk,
        check_below=CHECK_BELOW,
        lane_px=LANE_PX,
        chunk_rows=CHUNK_ROWS,
        bar_px=BAR_PX,
        chart_px=CHART_PX,
    )
