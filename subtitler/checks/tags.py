"""Tags in cue text: unknown tags (W305), unbalanced tags (W306), voices without a name (W310).

SRT has no tag grammar: players honour ``<i>``, ``<b>``, ``<u>``, ``<s>`` and
``<font …>`` and show or hide anything else. WebVTT tags are cut exactly as the
W3C cue text tokenizer cuts them (a ``<`` before a digit starts a timestamp tag
that runs to the next ``>``), so a finding is where a browser sees a tag.

Each distinct sequence of tags is judged once and the verdict kept: cues repeat
a few sequences (``<i>…</i>``, ``<v Kim>``), so most cues cost one lookup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import chain

from subtitler.checks.common import finding
from subtitler.formats.cuetext import VTT_TAGS, tokens
from subtitler.formats.vttsettings import collect_timestamp
from subtitler.model import Cue, Finding

#: What SRT players take for a tag (a '<' before anything else is shown as text).
SRT_TAG = r"</?[A-Za-z][^<>{sep}]*>"  # the name is read apart: a name run beside this one backtracks
#: A WebVTT tag as the cue text tokenizer cuts it: from '<' to '>' or the end of the text.
VTT_TAG = r"<[^>{sep}]*>?"
#: Tags SRT players know.
SRT_TAGS = frozenset({"i", "b", "u", "s", "font"})
_TAG_NAME = re.compile(r"[A-Za-z][\w-]*")

#: A problem with the tags of a cue: (which of its tags, code, message).
TagProblem = tuple[int, str, str]
#: Verdicts on the tag sequences already judged (SRT: False, WebVTT: True), keyed by the tags
#: joined; cleared when it grows past _KEEP, so a file of ever-new tags cannot fill memory.
_JUDGED: dict[bool, dict[str, tuple[TagProblem, ...]]] = {False: {}, True: {}}
_KEEP = 20_000


#: Tag problems reported one by one in a cue; past them one finding counts the rest, so
#: that a file of a million unclosed tags is not a million findings.
MAX_PER_CUE = 50


@lru_cache(maxsize=8)
def tag_pattern(vtt: bool, sep: str = "") -> re.Pattern[str]:
    """The tag pattern of a format; with ``sep``, tags do not run across that character."""
    return re.compile((VTT_TAG if vtt else SRT_TAG).format(sep=re.escape(sep) if sep else ""))


def tag_findings(cues: Sequence[Cue], texts: Sequence[str], vtt: bool, add: Callable[[Finding], None]) -> list[str]:
    """Report the tag problems of every cue; return the distinct tags found (for removing them).

    Args:
        cues: the cues.
        texts: their texts.
        vtt: WebVTT (else SRT) tag rules.
        add: where findings go.
    """
    pattern = tag_pattern(vtt)
    found = list(map(pattern.findall, texts))
    keys = list(map("".join, found))
    judged = _JUDGED[vtt]
    if len(judged) > _KEEP:
        judged.clear()
    get = judged.get
    for i, verdict in enumerate(map(get, keys)):
        if verdict is None:  # not judged before, or first seen earlier in this file
            key = keys[i]
            verdict = get(key)
            if verdict is None:
                verdict = judged[key] = judge(tuple(found[i]), vtt) if key else ()
        if verdict:
            _report(cues[i], i, pattern, verdict, add)
    return list(set(chain.from_iterable(found)))


def _report(cue: Cue, i: int, pattern: re.Pattern[str], problems: tuple[TagProblem, ...],
            add: Callable[[Finding], None]) -> None:
    text = cue.text
    offsets = [m.start() for m in pattern.finditer(text)]
    row, row_start, counted = 0, 0, 0  # problems come in text order: lines are counted once
    for n, (k, code, message) in enumerate(problems):
        offset = offsets[k]
        newlines = text.count("\n", counted, offset)
        if newlines:
            row, row_start = row + newlines, text.rfind("\n", counted, offset) + 1
        counted = offset
        if n == MAX_PER_CUE and len(problems) > MAX_PER_CUE + 1:
            more = f"{len(problems) - n} more tag problems in this cue (the first {n} are reported)"
            add(finding(code, cue.line + 1 + row, offset - row_start + 1, more, i))
            return
        add(finding(code, cue.line + 1 + row, offset - row_start + 1, message, i))


@lru_cache(maxsize=4096)
def _vtt_tag(tag: str) -> tuple[str, str, str | None]:
    """(kind, name, annotation) of one WebVTT tag; kind is start, end, timestamp or bad."""
    token = tokens(tag)[0]
    if token.kind == "timestamp":
        got = collect_timestamp(token.value, 0)
        return ("timestamp" if got is not None and got[1] == len(token.value) else "bad"), token.value, None
    return token.kind, token.value, token.annotation


def judge(tags: tuple[str, ...], vtt: bool) -> tuple[TagProblem, ...]:
    """What is wrong with one cue's sequence of tags.

    >>> judge(("<i>", "<blink>", "</b>"), False)
    ((0, 'W306', '<i> is never closed'), (1, 'W305', "'<blink>' is not an SRT tag (i, b, u, s, font)"), \
(2, 'W306', '</b> closes no open tag'))
    >>> judge(("<v Kim>", "<i>", "</i>"), True)
    ()
    """
    problems: list[TagProblem] = []
    stack: list[tuple[str, int]] = []
    unknown: set[str] = set()
    for k, tag in enumerate(tags):
        if vtt:
            kind, name, annotation = _vtt_tag(tag)
            if kind == "timestamp":
                continue
            known = kind != "bad" and name in VTT_TAGS
            what = "not a timestamp" if kind == "bad" else "not a WebVTT tag" if name else "not a tag"
            message = f"{_short(tag)} is {what}" + ("; write '&lt;' for '<'" if not name else "")
        else:
            kind = "end" if tag[1] == "/" else "start"
            name = _TAG_NAME.search(tag).group().lower()  # type: ignore[union-attr]
            annotation = None
            known = name in SRT_TAGS
            message = f"{_short(tag)} is not an SRT tag (i, b, u, s, font)"
        if not known:
            if not (kind == "end" and name in unknown):
                problems.append((k, "W305", message))
            unknown.add(name)
        elif kind == "start":
            if vtt and name == "v" and not annotation:
                problems.append((k, "W310", f"{_short(tag)} names no speaker"))
            stack.append((name, k))
        else:
            if vtt and name == "ruby" and stack and stack[-1][0] == "rt":
                stack.pop()  # </ruby> closes an open <rt> too (the spec's tree builder does)
            problem = _close(stack, name)
            if problem:
                problems.append((k, "W306", problem))
    for name, k in stack:
        if not vtt or name not in ("v", "rt"):  # WebVTT lets a voice, and ruby text before </ruby>, stay open
            problems.append((k, "W306", f"<{name}> is never closed"))
    problems.sort()
    return tuple(problems)


def _close(stack: list[tuple[str, int]], name: str) -> str:
    """Close ``name`` on the stack of open tags; what is wrong with doing so ('' when nothing)."""
    if stack and stack[-1][0] == name:
        stack.pop()
        return ""
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][0] == name:
            inner = stack[-1][0]
            del stack[k]
            return f"</{name}> closes <{name}> while <{inner}> inside it is still open"
    return f"</{name}> closes no open tag"


def _short(tag: str) -> str:
    tag = tag.replace("\n", " ")
    return repr(tag if len(tag) <= 30 else tag[:27] + "...")
