"""preview: what a review page shows, as data: speaker lanes, cue bars, reading speed, findings, speakers.

A caption producer checks who speaks when, how fast the captions read and what
validate found. This module builds that picture from either source; rendering
it as HTML is :mod:`subtitler.preview.html`'s job.

- :func:`from_generated`: the cues generate made from a transcript. Findings
  are generate's own (repairs, left-out lines) and those of
  :func:`subtitler.checks.core.check` on the WebVTT generate writes; every finding's
  line is a line of the transcript (a validate finding takes the line its cue
  starts on), since the transcript is the file the producer has.
- :func:`from_document`: an SRT or WebVTT file as read, with every finding of
  :func:`subtitler.checks.core.check` at its line in that file.
- :func:`build`: one :class:`Section` per input, transcripts told from subtitle files by :func:`is_subtitle`.

Reading speed is measured as the checks measure it (W304): characters a viewer
sees (grapheme clusters, tags removed, line breaks not counted) per second, or
words per minute for profiles that count words.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from subtitler import formats
from subtitler.checks import core as checks
from subtitler.formats.convert import convert
from subtitler.formats.cuetext import plain
from subtitler.formats.speakermarks import COLOURS, display_name, strip_marker
from subtitler.model import Document, Finding
from subtitler.pipeline import Generated, document, generate_bytes
from subtitler.pipeline import Options as GenerateOptions
from subtitler.pipeline.linebreak import width
from subtitler.profiles import DEFAULT_FPS, Profile

#: The lane of cues that name no speaker.
NO_SPEAKER = "(no speaker)"
#: Extensions that mark a subtitle file; anything else is sniffed.
SUBTITLE_EXTENSIONS = frozenset((".srt", ".vtt", ".webvtt"))
# A voice colour in a WebVTT STYLE block, as generate writes it: ::cue(v[voice="Name"]) { color: white; }
_VOICE_COLOUR = re.compile(r'::cue\(\s*v\[voice="((?:[^"\\]|\\.)*)"\]\s*\)\s*\{[^}]*?\bcolor\s*:\s*([^;}]+)')
# Colours a page may use as they are: a name, hex, or rgb()/rgba() (anything else falls back to ours).
_SAFE_COLOUR = re.compile(r"[a-zA-Z]{3,20}|#[0-9a-fA-F]{3,8}|rgba?\(\s*[0-9.,%\s]{5,40}\)")


@dataclass(frozen=True)
class Lane:
    """One speaker's row on the timeline.

    Attributes:
        name: the speaker's name as shown (or :data:`NO_SPEAKER`).
        colour: a CSS colour: the file's STYLE colour for the voice, else the BBC order.
        role: anchor, correspondent, guest, unknown ('' when the input does not say).
    """

    name: str
    colour: str
    role: str = ""


@dataclass(frozen=True)
class Bar:
    """One cue: its place on the timeline, its text and its reading speed.

    Attributes:
        index: 0-based cue index.
        start_ms, end_ms: display times.
        lane: index of the cue's (first) speaker in :attr:`Section.lanes`.
        text: the cue text as written, without the speaker marker (untrusted: escape it).
        line: the line to look at: the cue's timing line, or its transcript line.
        chars: characters a viewer reads (line breaks not counted).
        words: words a viewer reads.
        cps: characters per second (0 for a cue without duration).
        wpm: words per minute (0 for a cue without duration).
        over: whether the reading speed is over the profile's limit.
        findings: indexes in :attr:`Section.findings` of the findings about this cue.
        check: the speaker model's confidence in the turn this cue opens, when it is under
            :data:`subtitler.model.CHECK_BELOW` (a producer checks who speaks here); else None.
    """

    index: int
    start_ms: int
    end_ms: int
    lane: int
    text: str
    line: int
    chars: int
    words: int
    cps: float
    wpm: float
    over: bool
    findings: tuple[int, ...] = ()
    check: float | None = None


@dataclass(frozen=True)
class Check:
    """A turn the speaker model is unsure of, for the producer to check.

    Attributes:
        line: the transcript line the turn starts on.
        lane: index of its speaker in :attr:`Section.lanes`.
        confidence: the model's probability that this speaker starts here (0 to 1).
        cue: the index of the cue the turn opens (None when no cue shows it).
        text: the turn's first words (untrusted: escape it).
    """

    line: int
    lane: int
    confidence: float
    cue: int | None
    text: str


@dataclass(frozen=True)
class Item:
    """A finding placed in the report.

    Attributes:
        code, severity, line, column, message: as the finding has them (severity as text).
        cue: the index of the cue it concerns, when one does (it is marked on the timeline).
    """

    code: str
    severity: str
    line: int
    column: int
    message: str
    cue: int | None


@dataclass(frozen=True)
class SpeakerStats:
    """One speaker's share of the programme.

    Attributes:
        lane: index in :attr:`Section.lanes`.
        talk_ms: the time their turns span (a turn: consecutive cues, or generate's turns).
        share: ``talk_ms`` over everyone's (0 to 1).
        turns: how many turns they have.
        words: how many words they say.
        wpm: words per minute of talk time (0 when they have none).
    """

    lane: int
    talk_ms: int
    share: float
    turns: int
    words: int
    wpm: float


@dataclass(frozen=True)
class Section:
    """The picture of one input.

    Attributes:
        name: the input as named on the command line.
        kind: ``transcript``, ``srt`` or ``vtt``.
        lanes, bars, findings, speakers: what the page shows.
        duration_ms: the end of the last cue (at least 1).
        unit: ``cps`` or ``wpm``: what the profile limits.
        limit: the profile's reading-speed limit in ``unit``.
        vtt: the cues as WebVTT, for a media player's track.
        checks: the turns the speaker model is unsure of (a transcript's; none for a subtitle file).
    """

    name: str
    kind: str
    lanes: tuple[Lane, ...]
    bars: tuple[Bar, ...]
    findings: tuple[Item, ...]
    speakers: tuple[SpeakerStats, ...]
    duration_ms: int
    unit: str
    limit: float
    vtt: str
    checks: tuple[Check, ...] = ()

    def speed(self, bar: Bar) -> float:
        """A bar's reading speed in the profile's unit."""
        return bar.cps if self.unit == "cps" else bar.wpm

    @property
    def over(self) -> int:
        """How many cues read faster than the limit."""
        return sum(1 for bar in self.bars if bar.over)


@dataclass(frozen=True)
class Report:
    """Every section of a review page, and the profile it was judged by."""

    profile: str
    sections: tuple[Section, ...]


def measure(lines: Sequence[str], start_ms: int, end_ms: int, profile: Profile) -> tuple[int, int, float, float, bool]:
    """Characters, words, cps, wpm and whether that is over the profile's limit, for the lines a viewer reads.

    The thresholds are those of the W304 check: what rounds to one decimal above
    the limit (cps) or to a whole word above it (wpm).

    >>> from subtitler.profiles import get
    >>> measure(["Hello there,", "Kim Min-ji."], 0, 1000, get("netflix"))
    (23, 4, 23.0, 240.0, True)
    """
    chars = sum(width(line) for line in lines)
    words = sum(len(line.split()) for line in lines)
    duration = end_ms - start_ms
    if duration <= 0:
        return chars, words, 0.0, 0.0, False
    cps, wpm = chars * 1000 / duration, words * 60_000 / duration
    if profile.max_cps is not None:
        over = chars * 1000 >= (profile.max_cps + 0.05) * duration
    else:
        over = words * 60_000 >= ((profile.max_wpm or 0.0) + 0.5) * duration
    return chars, words, cps, wpm, over


def safe_colour(text: str, fallback: str) -> str:
    """``text`` when it is a plain CSS colour, else ``fallback`` (STYLE blocks are untrusted input).

    >>> safe_colour(" #ff0 ", "white"), safe_colour("red;background:url(x)", "white")
    ('#ff0', 'white')
    """
    text = text.strip()
    return text if _SAFE_COLOUR.fullmatch(text) else fallback


def _unit(profile: Profile) -> tuple[str, float]:
    if profile.max_cps is not None:
        return "cps", profile.max_cps
    return "wpm", profile.max_wpm or 0.0


def _item(finding: Finding, line: int, column: int, cue: int | None) -> Item:
    return Item(finding.code, finding.severity.value, line, column, finding.message, cue)


def _attach(bars: list[Bar], items: list[Item]) -> tuple[tuple[Bar, ...], tuple[Item, ...]]:
    """Sort the findings by line and give each bar the indexes of its own."""
    items.sort(key=lambda item: (item.line, item.column))
    per_cue: dict[int, list[int]] = {}
    for number, item in enumerate(items):
        if item.cue is not None:
            per_cue.setdefault(item.cue, []).append(number)
    if per_cue:
        bars = [replace(b, findings=tuple(per_cue.get(b.index, ()))) for b in bars]
    return tuple(bars), tuple(items)


def _stats(turns: Sequence[tuple[int, int, int]], lane_count: int, words_by_lane: Sequence[int]) -> tuple[
        SpeakerStats, ...]:
    """Speaker summary from turns given as (lane, start_ms, end_ms)."""
    talk = [0] * lane_count
    count = [0] * lane_count
    for lane, start, end in turns:
        talk[lane] += max(end - start, 0)
        count[lane] += 1
    total = sum(talk)
    return tuple(
        SpeakerStats(lane, talk[lane], talk[lane] / total if total else 0.0, count[lane], words_by_lane[lane],
                     words_by_lane[lane] * 60_000 / talk[lane] if talk[lane] else 0.0)
        for lane in range(lane_count)
    )


def from_generated(generated: Generated, name: str, fps: Fraction = DEFAULT_FPS) -> Section:
    """The picture of what generate made from a transcript.

    Args:
        generated: the result of :func:`subtitler.pipeline.generate.generate_bytes`.
        name: the transcript's name, as shown.
        fps: the programme's frame rate, for the gap checks.
    """
    profile = generated.profile
    lane_of = {s.id: i for i, s in enumerate(generated.speakers)}
    lanes = tuple(Lane(display_name(s), COLOURS[i % len(COLOURS)], s.role) for i, s in enumerate(generated.speakers))
    bars = []
    first_cue_of_line: dict[int, int] = {}
    for index, caption in enumerate(generated.captions):
        chars, words, cps, wpm, over = measure(caption.lines, caption.start_ms, caption.end_ms, profile)
        bars.append(Bar(index, caption.start_ms, caption.end_ms, lane_of[caption.speaker], "\n".join(caption.lines),
                        caption.line, chars, words, cps, wpm, over))
        first_cue_of_line.setdefault(caption.line, index)
    # generate's findings carry a transcript line: mark each at the first cue made from that line
    items = [_item(f, f.line, f.column, first_cue_of_line.get(f.line)) for f in generated.findings]
    vtt = formats.write(document(generated, "vtt"))
    written = formats.read(vtt.encode("utf-8"), f"{name}.vtt", "vtt")
    for finding in checks.check(written, profile, fps):
        cue = finding.cue if finding.cue is not None and finding.cue < len(bars) else None
        line = bars[cue].line if cue is not None else 0
        items.append(_item(finding, line, 0, cue))
    said = [0] * len(lanes)
    turns = []
    for turn in generated.turns:
        lane = lane_of[turn.speaker]
        said[lane] += len(turn.text.split())
        turns.append((lane, turn.start_ms, turn.end_ms))
    unsure = _checks(generated, lane_of)
    for check in unsure:
        if check.cue is not None:
            bars[check.cue] = replace(bars[check.cue], check=check.confidence)
    unit, limit = _unit(profile)
    placed, findings = _attach(bars, items)
    duration = max((b.end_ms for b in placed), default=0)
    return Section(name, "transcript", lanes, placed, findings, _stats(turns, len(lanes), said),
                   max(duration, 1), unit, limit, vtt, unsure)


#: How many characters of an unsure turn's text its entry in the list shows.
CHECK_TEXT = 80


def _checks(generated: Generated, lane_of: dict[str, int]) -> tuple[Check, ...]:
    """The unsure turns, each at the first cue of its speaker from its start on (the cue that shows it)."""
    starts = [c.start_ms for c in generated.captions]
    out: list[Check] = []
    for turn in generated.turns:
        if not turn.unsure or turn.confidence is None:
            continue
        cue = None
        for index in range(bisect.bisect_left(starts, turn.start_ms), len(starts)):
            if generated.captions[index].speaker == turn.speaker:
                cue = index
                break
        text = turn.text if len(turn.text) <= CHECK_TEXT else turn.text[:CHECK_TEXT - 1].rstrip() + "…"
        out.append(Check(turn.line, lane_of[turn.speaker], turn.confidence, cue, text))
    return tuple(out)


def _style_colours(doc: Document) -> dict[str, str]:
    """Voice colours from a WebVTT file's STYLE blocks (the last rule for a voice wins, as in CSS)."""
    found: dict[str, str] = {}
    for block in doc.blocks:
        if block.kind == "style":
            for match in _VOICE_COLOUR.finditer(block.text):
                voice = re.sub(r"\\(.)", r"\1", match[1])
                found[voice] = match[2].strip()
    return found


def from_document(doc: Document, name: str, profile: Profile, fps: Fraction = DEFAULT_FPS) -> Section:
    """The picture of an SRT or WebVTT file as read.

    Lanes come in order of first appearance; a cue with no speaker goes to the
    :data:`NO_SPEAKER` lane. A turn is a run of consecutive cues by one speaker.

    Args:
        doc: the document (see :func:`subtitler.fileio.load`).
        name: the file's name, as shown.
        profile: the caption profile to judge it by.
        fps: the programme's frame rate, for the gap checks.
    """
    styled = _style_colours(doc) if doc.format == "vtt" else {}
    lane_of: dict[str, int] = {}
    lanes: list[Lane] = []
    bars: list[Bar] = []
    words = []
    turns: list[tuple[int, int, int]] = []
    for index, cue in enumerate(doc.cues):
        who = cue.speaker or NO_SPEAKER
        lane = lane_of.get(who)
        if lane is None:
            lane = lane_of[who] = len(lanes)
            default = COLOURS[lane % len(COLOURS)]
            lanes.append(Lane(who, safe_colour(styled[who], default) if who in styled else default))
            words.append(0)
        seen = plain(cue.text).split("\n") if cue.text else []
        chars, count, cps, wpm, over = measure(seen, cue.start_ms, cue.end_ms, profile)
        bars.append(Bar(index, cue.start_ms, cue.end_ms, lane, strip_marker(cue.text), cue.line, chars, count, cps,
                        wpm, over))
        words[lane] += len(plain(strip_marker(cue.text)).split())
        if turns and turns[-1][0] == lane:
            turns[-1] = (lane, turns[-1][1], max(turns[-1][2], cue.end_ms))
        else:
            turns.append((lane, cue.start_ms, cue.end_ms))
    starts = [cue.line for cue in doc.cues]
    items = []
    for finding in checks.check(doc, profile, fps):
        cue_index = finding.cue
        if cue_index is None and finding.line > 0 and starts:
            # a reader finding has a line only: the cue whose block holds it (an index line counts as its cue's)
            at = bisect.bisect_right(starts, finding.line + 1) - 1
            cue_index = at if at >= 0 else None
        if cue_index is not None and not 0 <= cue_index < len(bars):
            cue_index = None
        items.append(_item(finding, finding.line, finding.column, cue_index))
    vtt_doc = doc if doc.format == "vtt" else convert(doc, "vtt")[0]
    unit, limit = _unit(profile)
    placed, findings = _attach(bars, items)
    duration = max((b.end_ms for b in placed), default=0)
    return Section(name, doc.format, tuple(lanes), placed, findings, _stats(turns, len(lanes), words),
                   max(duration, 1), unit, limit, formats.write(vtt_doc))


def is_subtitle(path: str, data: bytes) -> bool:
    """Whether an input is an SRT or WebVTT file rather than a transcript.

    By extension (.srt, .vtt, .webvtt), else by content: a WebVTT signature or a timing line near the start.

    >>> is_subtitle("story.txt", b"Good evening.")
    False
    >>> is_subtitle("-", b"1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n")
    True
    """
    return os.path.splitext(path)[1].lower() in SUBTITLE_EXTENSIONS or formats.looks_like_subtitles(data)


def section(path: str, data: bytes, profile: Profile, fps: Fraction = DEFAULT_FPS) -> Section:
    """The picture of one input: a subtitle file as read, or a transcript generated in memory.

    Raises:
        SubtitlerError: not text, not a subtitle file, or a transcript with no speech.
    """
    source = None if path == "-" else path
    if is_subtitle(path, data):
        return from_document(formats.read(data, source), path, profile, fps)
    return from_generated(generate_bytes(data, GenerateOptions(profile=profile, fps=fps), source), path, fps)


def build(inputs: Sequence[tuple[str, bytes]], profile: Profile, fps: Fraction = DEFAULT_FPS) -> Report:
    """The report of several inputs, one section each, in the order given.

    Args:
        inputs: (name, bytes) of each input; a name ``-`` is standard input.
        profile: the caption profile (also the one transcripts are generated for).
        fps: the programme's frame rate.

    Raises:
        SubtitlerError: an input that is neither a subtitle file nor a transcript with speech.
    """
    return Report(profile.name, tuple(section(path, data, profile, fps) for path, data in inputs))
