"""Timed sentences to caption cues that meet a profile.

A sentence becomes one cue when it fits, else several, cut where the language
allows (:mod:`subtitler.pipeline.linebreak`) and where the cue lengths and durations are
best; a cue's times come from the times of its words. Then the cues are held
to the profile: minimum duration (extended into free time), minimum gaps and
chaining, one speaker per cue except a dialogue-dash cue when a short reply
follows a question. Every word of the text is in the cues, in order; when
speech is faster than the reading speed allows, the words stay (verbatim) and a
warning says so.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import replace
from fractions import Fraction

from subtitler import rules
from subtitler.model import Finding, TimedWords, Turn
from subtitler.pipeline import breakcosts
from subtitler.pipeline.linebreak import best_split, break_cost, rule_cost, two_lines, width
from subtitler.pipeline.result import Caption
from subtitler.profiles import DEFAULT_FPS, Profile, gap_rule

#: The time a cue may stay up after its last word (Netflix: out-time up to half a second past speech).
LINGER_MS = 300
#: A reply this short may share a dialogue-dash cue with the question before it.
SHORT_REPLY = 24
#: The cost of an empty piece of a sentence cut into cues, falling with the square of how full it
#: is: two half-full cues cost less than a sliver beside a full one ("We want to take you back" and
#: then 82 characters), where a cost linear in the fill would find them alike.
FILL = 8.0
#: What a cue costs whose only line break splits a noun phrase or a name: about two cues more.
NEVER_COST = 20.0
#: Two cues of one speaker this close in time may be joined when one is too short to read alone.
JOIN_PAUSE_MS = 1200


def pieces(words: list[tuple[str, int, int]], profile: Profile,
           table: dict[str, float] | None = None) -> list[list[tuple[str, int, int]]]:
    """Cut one sentence's timed words into cue-sized pieces at the best places (dynamic programming).

    ``table``: break-cost weights other than the committed ones (for cross-validation).
    """
    texts = [w for w, _, _ in words]
    sizes = [width(t) for t in texts]
    # costs[k] is the cost of a break before word k (costs[0] unused): worked out once a sentence
    costs = [0.0, *(break_cost(texts, k, table) for k in range(1, len(texts)))]
    # forbidden[k]: a line break before word k splits a noun phrase or a name (breakcosts.NEVER)
    forbidden = [False, *(breakcosts.never(texts, k, rule_cost(texts, k)) for k in range(1, len(texts)))]
    n = len(words)
    limit = profile.chars_per_line
    max_ms = profile.max_duration_ms or 10**9
    best: list[tuple[float, int]] = [(0.0, 0)] + [(float("inf"), 0)] * n
    for end in range(1, n + 1):
        chars = -1
        for start in range(end - 1, -1, -1):
            chars += sizes[start] + 1
            if chars > limit * profile.lines_per_cue + 5 and end - start > 1:
                break
            inside = 0.0  # the cost of the line break inside the cue
            if profile.lines_per_cue >= 2 and end - start > 1:
                split = best_split(texts[start:end], limit, sizes[start:end], costs[start + 1:end], table=table)
                if split is None:
                    continue
                inside = split[0]
                if split[1] < end - start and forbidden[start + split[1]]:
                    inside += NEVER_COST  # another cut of the sentence is better than a cue that shows it
            if profile.lines_per_cue < 2 and chars > limit and end - start > 1:
                continue
            duration = words[end - 1][2] - words[start][1]
            cost = best[start][0] + 10.0 + inside  # every cue costs: fewer, fuller cues read better
            cost += 0.0 if end == n else costs[end] * 2.0
            if end < n and forbidden[end]:
                cost += NEVER_COST  # a cue break inside a noun phrase or a name is no better than a line break there
            if duration > max_ms:  # over the profile's maximum: only when one word takes that long
                cost += (1000.0 if end - start > 1 else 50.0) + (duration - max_ms) / 100
            if duration < profile.min_duration_ms and n > 1:
                cost += 5.0 + (profile.min_duration_ms - duration) / 100  # a cue under the minimum is a profile warning
            if end != n or start != 0:  # one of several pieces: full and even, no sliver beside a full cue
                cost += FILL * (1 - min(chars / (limit * profile.lines_per_cue), 1.0)) ** 2
            if cost < best[end][0]:
                best[end] = (cost, start)
    out = []
    end = n
    while end > 0:
        start = best[end][1]
        out.append(words[start:end])
        end = start
    return out[::-1]


def captions(
    turns: tuple[Turn, ...], profile: Profile, fps: Fraction = DEFAULT_FPS, labels: dict[str, str] | None = None,
) -> tuple[list[Caption], list[Finding]]:
    """Cues for timed turns under ``profile``, and warnings about what could not meet it.

    ``labels``: a speaker marker by speaker id (``KIM MIN-JI:``, ``>>``), written before the
    first cue of each turn where the speaker changes: that cue's first line leaves room for
    it and its time counts it. None for the styles that write no marker on the line (WebVTT
    voice spans, ``none``, ``dash``).

    Raises nothing: a word longer than a line still gets its own cue, and is reported.
    """
    cues, _, findings = fit(turns, profile, fps, labels)
    return cues, findings


def fit(
    turns: tuple[Turn, ...], profile: Profile, fps: Fraction = DEFAULT_FPS, labels: dict[str, str] | None = None,
    elastic: bool = False,
) -> tuple[list[Caption], tuple[Turn, ...], list[Finding]]:
    """Cues for timed turns, as :func:`captions`; with ``elastic``, time made for reading them.

    ``elastic`` says the times are the tool's own estimate: a cue that the profile
    says is too short to read (its minimum duration, its reading speed with the
    label's characters) then gets the time it needs, and every later cue and
    sentence moves later by what it took, so that the output meets the profile.
    The turns are returned with the same times as the cues.
    """
    out: list[Caption] = []
    findings: list[Finding] = []
    previous = None
    solo: dict[str, tuple[str]] = {}
    for turn in turns:
        # the marker is written where the speaker changes (render.document), so room is kept there alone
        label = (labels or {}).get(turn.speaker, "") if turn.speaker != previous else ""
        previous = turn.speaker
        alone = solo.setdefault(turn.speaker, (turn.speaker,))  # one tuple a speaker, not one a cue
        for sentence in turn.sentences:
            if not sentence.words:
                continue
            words = list(sentence.words)
            if label:  # the marker leads the turn's first line, as the SRT output shows it: one word with the first
                first = words[0]
                words[0] = (f"{label} {first[0]}", first[1], first[2])
            shown = label
            for piece in pieces(words, profile):
                texts = [w for w, _, _ in piece]
                lines = two_lines(texts, profile.chars_per_line) if profile.lines_per_cue >= 2 else None
                if label:  # the room is kept; the marker itself is the writer's to put
                    texts[0] = first[0]
                    piece = [first, *piece[1:]]
                    lines = None if lines is None else [lines[0][len(label) + 1:], *lines[1:]]
                    label = ""
                if lines is None:
                    lines = [" ".join(texts)]
                    if len(texts) == 1:
                        message = f"word {texts[0]!r} is longer than {profile.chars_per_line} characters"
                        findings.append(rules.make("W411", sentence.line, 0, message))
                out.append(Caption(piece[0][1], piece[-1][2], tuple(lines), alone, sentence.line,
                                   texts[-1].rstrip("\"'”’)").endswith("?"), shown))
                shown = ""
    out = _join_short(out, profile)
    out = _dialogue(out, profile)
    if elastic:
        out, delays = _make_room(out, profile, fps)
        turns = _delayed(turns, delays)
    out = _hold_to_profile(out, profile, fps)
    findings.extend(_reading_speed(out, profile, "the speech is that fast" if elastic else
                                   "the times given (`duration_ms`, `sync` or `audio`) leave it that fast"))
    return out, turns, findings


def needed_ms(cue: Caption, profile: Profile) -> int:
    """How long a cue must show to be read under ``profile``: its minimum, and its reading speed.

    The label an SRT cue starts with counts, as a validator counts it.
    """
    words = len(cue.text.split()) + len(cue.label.split())
    least = profile.min_duration(words)
    if profile.max_cps is not None:
        chars = sum(width(line) for line in cue.lines) + (width(cue.label) + 1 if cue.label else 0)
        least = max(least, math.ceil(chars * 1000 / profile.max_cps) + 1)
    elif profile.max_wpm is not None:
        least = max(least, math.ceil(words * 60_000 / profile.max_wpm) + 1)
    return least


def _make_room(cues: list[Caption], profile: Profile, fps: Fraction) -> tuple[list[Caption], list[tuple[int, int]]]:
    """Cues moved later where the one before needs more time than the speech leaves it.

    Returns the cues and the delays: ``(time, delay)`` pairs, each the delay of
    everything from that (original) time on.
    """
    gap = max(profile.min_gap(fps), profile.min_gap_ms)
    chain_to = gap_rule(profile, fps).chain_to
    longest = profile.max_duration_ms
    delay = 0
    delays: list[tuple[int, int]] = []
    out: list[Caption] = []
    for index, cue in enumerate(cues):
        start = cue.start_ms + delay
        least = start + needed_ms(cue, profile)  # the speech itself may end later, or touch the next cue
        if longest:
            least = min(least, start + longest)
        end = max(cue.end_ms + delay, least)
        out.append(replace(cue, start_ms=start, end_ms=end))
        if index + 1 < len(cues):
            following = cues[index + 1].start_ms + delay
            wanted = following - (least + gap)
            if longest and following - gap - start > longest and following - min(end + LINGER_MS, start + longest) \
                    <= chain_to:  # chaining would hold the cue past the maximum: leave a gap that needs none
                wanted = following - (min(end + LINGER_MS, start + longest) + chain_to + 1)
            if wanted < 0:
                delay -= wanted
                delays.append((cues[index + 1].start_ms, delay))
    return out, delays


def _delayed(turns: tuple[Turn, ...], delays: list[tuple[int, int]]) -> tuple[Turn, ...]:
    """The turns with every time moved by the delay in force at it."""
    if not delays:
        return turns
    starts = [at for at, _ in delays]

    def moved(ms: int) -> int:
        k = bisect.bisect_right(starts, ms)
        return ms + (delays[k - 1][1] if k else 0)

    out = []
    for turn in turns:
        sentences = tuple(replace(s, start_ms=moved(s.start_ms), end_ms=moved(s.end_ms),
                                  words=s.words.retimed(moved) if isinstance(s.words, TimedWords)
                                  else tuple((w, moved(a), moved(b)) for w, a, b in s.words))
                          for s in turn.sentences)
        out.append(replace(turn, sentences=sentences))
    return tuple(out)


def _too_short(cue: Caption, profile: Profile) -> bool:
    """Whether a cue shown for its speech (and the linger after it) is under what the profile needs to read it."""
    return needed_ms(cue, profile) > cue.end_ms - cue.start_ms + LINGER_MS


def _joined(first: Caption, second: Caption, profile: Profile) -> Caption | None:
    """``first`` and ``second`` (one speaker, in order) as one cue, or None when that does not fit the profile."""
    if len(first.speakers) > 1 or len(second.speakers) > 1 or first.speaker != second.speaker:
        return None
    if second.start_ms - first.end_ms > JOIN_PAUSE_MS or second.label:
        return None
    if profile.max_duration_ms and second.end_ms - first.start_ms > profile.max_duration_ms:
        return None
    words = f"{first.text} {second.text}".split()
    if first.label:
        words[0] = f"{first.label} {words[0]}"
    if profile.lines_per_cue >= 2:
        lines = two_lines(words, profile.chars_per_line)
    else:
        lines = [" ".join(words)] if width(" ".join(words)) <= profile.chars_per_line else None
    if lines is None:
        return None
    if first.label:
        lines = [lines[0][len(first.label) + 1:], *lines[1:]]
    return Caption(first.start_ms, second.end_ms, tuple(lines), first.speakers, first.line, second.question,
                   first.label)


def _join_short(cues: list[Caption], profile: Profile) -> list[Caption]:
    """A cue too short to read alone joined to a neighbour of the same speaker where the two fit one cue.

    The closer neighbour in time is tried first. A cue that no neighbour can take stays, and
    gets its time later (the minimum duration, or the elastic estimate).
    """
    out = list(cues)
    index = 0
    while index < len(out):
        cue = out[index]
        if not _too_short(cue, profile):
            index += 1
            continue
        options = []
        if index > 0:
            options.append((cue.start_ms - out[index - 1].end_ms, index - 1))
        if index + 1 < len(out):
            options.append((out[index + 1].start_ms - cue.end_ms, index))
        for _, at in sorted(options):
            merged = _joined(out[at], out[at + 1], profile)
            if merged is not None:
                out[at:at + 2] = [merged]
                index = at  # the joined cue may still be short: look again
                break
        else:
            index += 1
    return out


def _dialogue(cues: list[Caption], profile: Profile) -> list[Caption]:
    """Join a question and a short reply by another speaker (a whole sentence) into one dialogue-dash cue."""
    out: list[Caption] = []
    for cue in cues:
        if out:
            prev = out[-1]
            joinable = (prev.question and len(prev.speakers) == 1 and cue.speaker != prev.speaker
                        and len(prev.lines) == 1 and len(cue.lines) == 1 and width(cue.lines[0]) <= SHORT_REPLY
                        and cue.lines[0].rstrip("\"'”’)").endswith((".", "?", "!"))  # a whole reply, not a piece
                        and width(prev.lines[0]) + 1 <= profile.chars_per_line and profile.lines_per_cue >= 2)
            if joinable:
                out[-1] = Caption(prev.start_ms, cue.end_ms, (f"-{prev.lines[0]}", f"-{cue.lines[0]}"),
                                  (prev.speaker, cue.speaker), prev.line)
                continue
        out.append(cue)
    return out


def _hold_to_profile(cues: list[Caption], profile: Profile, fps: Fraction) -> list[Caption]:
    """Linger, minimum durations, gaps and chaining; never move a start time."""
    min_gap = profile.min_gap(fps)
    chain_to = gap_rule(profile, fps).chain_to  # as validate judges it: the gap rounded to frames
    out: list[Caption] = []
    for index, cue in enumerate(cues):
        nxt = cues[index + 1].start_ms if index + 1 < len(cues) else None
        words = len(cue.text.split())
        wanted = max(cue.end_ms + LINGER_MS, cue.start_ms + profile.min_duration(words))
        if profile.max_duration_ms:
            wanted = min(wanted, max(cue.end_ms, cue.start_ms + profile.max_duration_ms))
        end = wanted
        if nxt is not None:
            latest = nxt - min_gap
            end = min(end, latest)
            gap = nxt - end
            if gap <= chain_to:
                end = latest  # chain: close a short gap to the minimum
            if profile.min_gap_ms and 0 < nxt - end < profile.min_gap_ms:
                end = nxt  # BBC: no gap, or at least a second
        end = max(end, cue.start_ms + 1)
        out.append(replace(cue, end_ms=end))
    return out


def reading_speed(cue: Caption, profile: Profile) -> float:
    """Characters a second (spaces and punctuation counted) or words a minute, as the profile measures."""
    seconds = max(cue.end_ms - cue.start_ms, 1) / 1000
    if profile.max_cps is not None:
        return sum(width(line) for line in cue.lines) / seconds
    return len(cue.text.split()) / seconds * 60


def _reading_speed(cues: list[Caption], profile: Profile, cause: str) -> list[Finding]:
    limit = profile.max_cps if profile.max_cps is not None else profile.max_wpm
    unit = "cps" if profile.max_cps is not None else "wpm"
    out = []
    for index, cue in enumerate(cues):
        speed = reading_speed(cue, profile)
        if limit is not None and speed > limit + 0.05:
            out.append(rules.make("W410", cue.line, 0,
                                  f"reading speed {speed:.1f} {unit} > {limit:g} {unit}: {cause}",
                                  index))
    return out
