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
from array import array
from collections.abc import Callable, Sequence
from functools import lru_cache

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
_GROUP = re.Match.group

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
    judged = _JUDGED[vtt]
    if len(judged) > _KEEP:
        judged.clear()
    distinct: dict[str, str] = {}
    keep = distinct.setdefault  # one string per distinct tag: a cue of a million "<b>" holds one
    for i, text in enumerate(texts):
        if "<" not in text:
            continue
        found = tuple(keep(t, t) for t in map(_GROUP, pattern.finditer(text)))
        if not found:
            continue
        key = "".join(found)
        verdict = judged.get(key)
        if verdict is None:
            verdict = judged[key] = judge(found, vtt)
        if verdict:
            _report(cues[i], i, pattern, verdict, add)
    return list(distinct)


def _report(cue: Cue, i: int, pattern: re.Pattern[str], problems: tuple[TagProblem, ...],
            add: Callable[[Finding], None]) -> None:
    text = cue.text
    wanted = iter(problems)
    k, code, message = next(wanted)
    row, row_start, counted = 0, 0, 0  # problems come in text order: lines are counted once
    for n, match in enumerate(pattern.finditer(text)):
        while n == k:
            offset = match.start()
            newlines = text.count("\n", counted, offset)
            if newlines:
                row, row_start = row + newlines, text.rfind("\n", counted, offset) + 1
            counted = offset
            add(finding(code, cue.line + 1 + row, offset - row_start + 1, message, i))
            nxt = next(wanted, None)
            if nxt is None:
                return
            k, code, message = nxt


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
    problems: list[TagProblem] = []  # in tag order; past MAX_PER_CUE only counted
    total = 0
    stack = _Open(tags, (lambda tag: _vtt_tag(tag)[1]) if vtt else _srt_name)
    unknown: set[str] = set()
    for k, tag in enumerate(tags):
        if vtt:
            kind, name, annotation = _vtt_tag(tag)
            if kind == "timestamp":
                continue
            known = kind != "bad" and name in VTT_TAGS
        else:
            kind = "end" if tag[1] == "/" else "start"
            name = _srt_name(tag)
            annotation = None
            known = name in SRT_TAGS
        problem: tuple[str, str] | None = None
        if not known:
            if not (kind == "end" and name in unknown):
                problem = "W305", _unknown_message(tag, kind, name, vtt)
            unknown.add(name)
        elif kind == "start":
            if vtt and name == "v" and not annotation:
                problem = "W310", f"{_short(tag)} names no speaker"
            stack.push(name, k)
        else:
            if vtt and name == "ruby" and stack.top() == "rt":
                stack.pop()  # </ruby> closes an open <rt> too (the spec's tree builder does)
            closing = stack.close(name)
            if closing:
                problem = "W306", closing
        if problem is not None:
            total += 1
            if len(problems) <= MAX_PER_CUE:
                problems.append((k, *problem))

    def counts(name: str) -> bool:
        return not vtt or name not in ("v", "rt")  # WebVTT lets a voice, and ruby text before </ruby>, stay open

    # tags never closed, merged in tag order with the rest; the first MAX_PER_CUE + 1 kept
    unclosed = [(k, "W306", f"<{name}> is never closed") for name, k in stack.first_open(MAX_PER_CUE + 1, counts)]
    total += stack.count_open(counts)
    merged = sorted(problems + unclosed)[:MAX_PER_CUE + 1]
    if total > MAX_PER_CUE + 1:
        k, code, _ = merged[MAX_PER_CUE]
        merged[MAX_PER_CUE] = (k, code, f"{total - MAX_PER_CUE} more tag problems in this cue "
                                        f"(the first {MAX_PER_CUE} are reported)")
    return tuple(merged)


@lru_cache(maxsize=4096)
def _srt_name(tag: str) -> str:
    return _TAG_NAME.search(tag).group().lower()  # type: ignore[union-attr]


def _unknown_message(tag: str, kind: str, name: str, vtt: bool) -> str:
    if not vtt:
        return f"{_short(tag)} is not an SRT tag (i, b, u, s, font)"
    what = "not a timestamp" if kind == "bad" else "not a WebVTT tag" if name else "not a tag"
    return f"{_short(tag)} is {what}" + ("; write '&lt;' for '<'" if not name else "")


class _Open:
    """The stack of open tags, with what a tag closing out of order needs in constant time.

    A close of a tag open deeper than the top marks it closed where it is; marks leave the
    stack when they come to its top, so that no close rescans the stack.
    """

    def __init__(self, tags: tuple[str, ...], name_of: Callable[[str], str]) -> None:
        # arrays of tag numbers, not lists of names or ints: a million open tags cost 4 bytes each
        self.tags = tags
        self.name_of = name_of
        self.places = array("i")
        self.closed = bytearray()
        self.where: dict[str, array[int]] = {}  # each name's stack positions still open

    def push(self, name: str, k: int) -> None:
        at = self.where.get(name)
        if at is None:
            at = self.where[name] = array("i")
        at.append(len(self.places))
        self.places.append(k)
        self.closed.append(0)

    def top(self) -> str | None:
        return self.name_of(self.tags[self.places[-1]]) if self.places else None

    def pop(self) -> None:
        self.where[self.name_of(self.tags[self.places[-1]])].pop()
        self.places.pop()
        self.closed.pop()
        while self.closed and self.closed[-1]:
            self.places.pop()
            self.closed.pop()

    def close(self, name: str) -> str:
        """Close ``name``; what is wrong with doing so ('' when nothing)."""
        inner = self.top()
        if inner == name:
            self.pop()
            return ""
        open_at = self.where.get(name)
        if not open_at:
            return f"</{name}> closes no open tag"
        self.closed[open_at.pop()] = 1
        return f"</{name}> closes <{name}> while <{inner}> inside it is still open"

    def first_open(self, most: int, counts: Callable[[str], bool]) -> list[tuple[str, int]]:
        """The first ``most`` tags still open (in tag order) of the names ``counts`` takes."""
        out: list[tuple[str, int]] = []
        for k, closed in zip(self.places, self.closed, strict=True):
            name = self.name_of(self.tags[k])
            if not closed and counts(name):
                out.append((name, k))
                if len(out) == most:
                    break
        return out

    def count_open(self, counts: Callable[[str], bool]) -> int:
        return sum(len(at) for name, at in self.where.items() if counts(name))


def _short(tag: str) -> str:
    tag = tag.replace("\n", " ")
    return repr(tag if len(tag) <= 30 else tag[:27] + "...")
