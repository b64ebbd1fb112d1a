"""Timing rules: order, overlaps, durations, gaps and chaining, the SRT time limit.

A gap is measured in frames at the programme's frame rate, rounded to the
nearest frame: timestamps in files are whole milliseconds, so a real 2-frame gap
at 29.97 fps reads as 66 or 67 ms, and rounding keeps both on the right side.
"""

from __future__ import annotations

from fractions import Fraction

from subtitler.checks.common import cue_name, finding, stamp, timing_columns
from subtitler.model import Cue, Document, Finding
from subtitler.profiles import Profile, gap_rule
from subtitler.timecode import SRT_MAX_MS

#: Above any real duration: stands for "no maximum" in the hot loop.
_NO_LIMIT = 1 << 62


def _words(text: str, vtt: bool) -> int:
    from subtitler.checks.text import visible

    return len(visible(text, vtt).split())


def timing_findings(doc: Document, profile: Profile, fps: Fraction) -> list[Finding]:
    """Timing findings of a document under ``profile`` at ``fps``.

    Each pair of neighbouring cues is judged once, on the later cue: out of
    order (E202), overlapping the cue above (E203), overlapping an earlier
    cue still showing (E204), else the gap (W207, W208). Durations (E201, W205,
    W206) and the SRT limit (E209) are judged per cue.
    """
    out: list[Finding] = []
    add = out.append
    cues = doc.cues
    vtt = doc.format == "vtt"
    srt_limit = SRT_MAX_MS if doc.format == "srt" else _NO_LIMIT
    min_dur = profile.min_duration_ms
    per_word = profile.min_ms_per_word
    max_dur = profile.max_duration_ms or _NO_LIMIT
    rule = gap_rule(profile, fps)
    short_below, short_from = rule.short_below, rule.short_from
    chain_from, chain_to = rule.chain_from, rule.chain_to
    prev_start = prev_end = latest_end = -_NO_LIMIT
    latest = -1
    for i, cue in enumerate(cues):
        start = cue.start_ms
        end = cue.end_ms
        dur = end - start
        if dur <= 0:
            col = timing_columns(doc, cue)[1]
            what = "ends when it starts" if dur == 0 else f"ends {-dur} ms before it starts"
            add(finding("E201", cue.line, col, f"{what} ({stamp(doc, start)} --> {stamp(doc, end)})", i))
        else:
            # words only when they could matter: a cue has at most (characters + 1) / 2 of them
            if dur < min_dur or (per_word and dur < per_word * ((len(cue.text) + 1) // 2)):
                words = _words(cue.text, vtt) if per_word else 0
                least = max(min_dur, per_word * words)
                if dur < least:
                    why = f" ({per_word} ms per word x {words})" if per_word and least > min_dur else ""
                    add(finding("W205", cue.line, timing_columns(doc, cue)[0],
                                f"duration {dur} ms < {least} ms minimum{why}", i))
            if dur > max_dur:
                add(finding("W206", cue.line, timing_columns(doc, cue)[0],
                            f"duration {dur} ms > {max_dur} ms maximum", i))
        if start < prev_start:
            add(_order(doc, cue, i, cues[i - 1]))
        elif start < prev_end:
            add(_overlap("E203", doc, cue, i, cues[i - 1], i - 1))
        elif start < latest_end:
            add(_overlap("E204", doc, cue, i, cues[latest], latest))
        elif i:
            gap = start - latest_end
            if short_from <= gap < short_below:
                add(_gap("W207", doc, cue, i, cues[latest], latest, gap, fps, rule.text))
            elif chain_from <= gap <= chain_to:
                add(_gap("W208", doc, cue, i, cues[latest], latest, gap, fps, rule.text))
        if end > latest_end:
            latest_end, latest = end, i
        prev_start, prev_end = start, end
        if end > srt_limit or start > srt_limit:
            over = start if start > srt_limit else end
            col = timing_columns(doc, cue)[0 if over == start else 1]
            add(finding("E209", cue.line, col, f"{stamp(doc, over)} is past 99:59:59,999, the SRT maximum", i))
    return out


def _where(doc: Document, cue: Cue, index: int) -> str:
    return f"{cue_name(cue, index)} (line {cue.line})" if cue.line else cue_name(cue, index)


def _order(doc: Document, cue: Cue, i: int, prev: Cue) -> Finding:
    message = (f"starts at {stamp(doc, cue.start_ms)}, before {_where(doc, prev, i - 1)} "
               f"above it at {stamp(doc, prev.start_ms)}")
    return finding("E202", cue.line, timing_columns(doc, cue)[0], message, i)


def _overlap(code: str, doc: Document, cue: Cue, i: int, other: Cue, j: int) -> Finding:
    by = min(other.end_ms, cue.end_ms) - cue.start_ms
    message = (f"overlaps {_where(doc, other, j)} by {by} ms: starts at {stamp(doc, cue.start_ms)}, "
               f"before it ends at {stamp(doc, other.end_ms)}")
    return finding(code, cue.line, timing_columns(doc, cue)[0], message, i)


def _gap(code: str, doc: Document, cue: Cue, i: int, other: Cue, j: int, gap: int, fps: Fraction,
         limit: str) -> Finding:
    if code == "W207":
        if "frames" in limit:
            frames = round(gap * float(fps) / 1000)
            plural = "s" if frames != 1 else ""
            message = f"gap {gap} ms ({frames} frame{plural}) after {_where(doc, other, j)} < {limit}"
        else:
            message = f"gap {gap} ms after {_where(doc, other, j)} < {limit}"
    else:
        frames = round(gap * float(fps) / 1000)
        message = f"gap {gap} ms ({frames} frames) after {_where(doc, other, j)} should be closed to {limit}"
    return finding(code, cue.line, timing_columns(doc, cue)[0], message, i)

