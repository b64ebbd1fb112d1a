"""Text rules: what a viewer reads, how long it takes, and how cues are numbered and marked.

Characters are counted as a viewer sees them: grapheme clusters (``regex``
``\\X``), with tags (and SRT ``{\\an8}`` overrides) left out and WebVTT
character references decoded. Counting clusters costs far more than ``len``,
and a cluster is never more than one code point, so a line is counted exactly
only when its ``len`` is over the limit; ASCII text is counted by ``len``.

The rules run over the whole document at once: the cue texts are joined with a
separator none of them holds, tags are removed and long lines found by regular
expressions over that one string, and counts are taken with ``map``. Python
code then runs per finding, not per cue, which keeps a 100,000-cue file cheap.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
from operator import (
    add,
    and_,
    attrgetter,
    contains,
    eq,
    ge,
    itemgetter,
    lt,
    methodcaller,
    mod,
    not_,
    or_,
    sub,
)

import regex  # type: ignore[import-untyped, unused-ignore]  # no stubs in the dev set (types-regex)

from subtitler.checks import tags as checks_tags
from subtitler.checks.common import finding, trailing_empty
from subtitler.formats.cuetext import plain, unescape
from subtitler.formats.grammar import MAX_DIGITS
from subtitler.formats.speakermarks import srt_marker
from subtitler.model import Document, Finding
from subtitler.profiles import Profile

_GRAPHEME = regex.compile(r"\X")
#: SubStation override blocks that SRT players honour and hide ({\an8}, {\i1}).
SRT_OVERRIDE = r"\{{\\[^{{}}{sep}]*\}}"
#: A character reference in WebVTT text.
_REFERENCE = re.compile(r"(&[#\w]+;?)")
#: Separators for joining cue texts: the first that no text holds is used.
_SEPARATORS = "\x00\x01\x02\x03\ufdd0\ufdd1"
#: Speaker marker styles that do not mix (a dialogue dash goes with any of them).
_STYLE_NAMES = {"voice": "<v> voice spans", "label": "NAME: labels", "chevron": "'>>' chevrons"}
_TEXT = attrgetter("text")
_START = attrgetter("start_ms")
_LINE = attrgetter("line")
_END = attrgetter("end_ms")
_NEWLINES = methodcaller("count", "\n")
_FIRST = itemgetter(slice(0, 1))

_Add = Callable[[Finding], None]


def graphemes(text: str) -> int:
    """How many characters a viewer sees in ``text``: grapheme clusters.

    >>> graphemes("cafe\\u0301"), len("cafe\\u0301"), graphemes("👍🏽 ok")
    (4, 5, 4)
    """
    if text.isascii():
        return len(text)
    return len(_GRAPHEME.findall(text))


@lru_cache(maxsize=16)
def _hidden(vtt: bool, sep: str = "") -> re.Pattern[str]:
    """What a viewer does not see: tags (and SRT overrides), never running across ``sep``."""
    escaped = re.escape(sep) if sep else ""
    tags = (checks_tags.VTT_TAG if vtt else checks_tags.SRT_TAG).format(sep=escaped)
    return re.compile(tags if vtt else f"{tags}|{SRT_OVERRIDE.format(sep=escaped)}")


def visible(text: str, vtt: bool) -> str:
    """The text a viewer reads: tags removed (and references decoded for WebVTT).

    >>> visible("<i>Tom &amp; Jerry</i>", True), visible("{\\\\an8}<font color=red>Hi</font> <3", False)
    ('Tom & Jerry', 'Hi <3')
    """
    if vtt:
        return plain(text) if ("<" in text or "&" in text) else text
    if "<" in text or "{" in text:
        text = _hidden(False).sub("", text)
    return text


def _visible_joined(joined: str, vtt: bool, sep: str, tags: list[str]) -> str:
    """:func:`visible` of every text at once (the texts joined with ``sep``; ``tags``: the distinct tags in them)."""
    if tags and len(tags) <= 64 and sum(map(joined.count, tags)) == joined.count("<"):
        # every '<' starts one of these tags, so removing each distinct tag's text removes exactly
        # the tags: a few str.replace passes instead of a regular expression over the whole text
        for tag in tags:
            joined = joined.replace(tag, "")
        if not vtt and "{" in joined:
            joined = _compiled(SRT_OVERRIDE.format(sep=re.escape(sep))).sub("", joined)
    elif "<" in joined or (not vtt and "{" in joined):
        joined = _hidden(vtt, sep).sub("", joined)
    if vtt and "&" in joined:
        joined = unescape(joined)  # a reference never spans the separator: it is not a name character
    return joined


@lru_cache(maxsize=16)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def text_findings(doc: Document, profile: Profile) -> list[Finding]:
    """Text findings of a document under ``profile``."""
    cues = doc.cues
    if not cues:
        return []
    out: list[Finding] = []
    add = out.append
    vtt = doc.format == "vtt"
    texts = list(map(_TEXT, cues))
    sep = next((c for c in _SEPARATORS if c not in texts[0]), "\x00")
    joined = sep.join(texts)
    if joined.count(sep) != len(texts) - 1:  # some text holds the separator: find one that none holds
        sep = next(c for c in map(chr, count(0xE000)) if c not in joined)
        joined = sep.join(texts)
    tags: list[str] = []
    if "<" in joined:
        tags = checks_tags.tag_findings(cues, texts, vtt, add)
    seen_joined = _visible_joined(joined, vtt, sep, tags)
    seen = seen_joined.split(sep)
    lengths = list(map(len, seen))
    newlines = list(map(_NEWLINES, seen))
    durations = list(map(int.__sub__, map(_END, cues), map(_START, cues)))
    last = trailing_empty(doc)
    indexes = range(len(seen))
    for i in sorted({*compress(indexes, map(not_, lengths)), *compress(indexes, map(str.isspace, seen))}):
        if i < last:
            add(finding("W301", cues[i].line, 1, "cue has no text", i))
    max_lines = profile.lines_per_cue
    for i in compress(range(len(seen)), map(ge, newlines, repeat(max_lines))):
        add(finding("W303", cues[i].line + 1 + max_lines, 1, f"{newlines[i] + 1} lines > {max_lines} per cue", i))
    _long_lines(doc, texts, joined, seen_joined, newlines, sep, tags, profile.chars_per_line, vtt, out)
    _reading_speed(doc, seen, lengths, newlines, durations, profile, out)
    if "-->" in joined:
        for i, text in enumerate(texts):
            if "-->" in text:
                offset = text.index("-->")
                add(finding("E307", cues[i].line + 1 + text.count("\n", 0, offset),
                            offset - text.rfind("\n", 0, offset), "'-->' in cue text", i))
    _speaker_styles(doc, texts, joined, seen, vtt, add)
    if not vtt:
        out += index_findings(doc)
    return out


def _long_lines(doc: Document, texts: list[str], joined: str, seen_joined: str, newlines: list[int], sep: str,
                tags: list[str], cpl: int, vtt: bool, out: list[Finding]) -> None:
    """W302: the lines longer than ``cpl``, found among all lines of all cues at once."""
    lines = seen_joined.replace(sep, "\n").split("\n")
    long = list(compress(range(len(lines)), map(lt, repeat(cpl), map(len, lines))))
    if not long:
        return
    if not all(map(str.isascii, map(lines.__getitem__, long))):  # count clusters where len() may be too many
        long = [at for at in long if lines[at].isascii() or graphemes(lines[at]) > cpl]
    counts = [len(line) if line.isascii() else graphemes(line) for line in map(lines.__getitem__, long)]
    first = list(accumulate(map(add, newlines, repeat(1)), initial=0))  # each cue's first line
    cues = list(map(sub, map(bisect_right, repeat(first), long), repeat(1)))
    rows = list(map(sub, long, map(first.__getitem__, cues)))
    raw_lines = joined.replace(sep, "\n").split("\n")
    # removing tags keeps the lines unless a tag (or an SRT override) holds a line break or a
    # WebVTT reference decodes to one: only then are the lines compared cue by cue
    unchanged = not any("\n" in tag for tag in tags) and ("&" if vtt else "{") not in joined
    if len(raw_lines) == len(lines) and (unchanged or all(map(eq, map(_NEWLINES, texts), newlines))):
        # raw and visible lines correspond; a line the same in both has no tags: the column is cpl + 1
        same = map(eq, map(raw_lines.__getitem__, long), map(lines.__getitem__, long))
        columns = [cpl + 1 if s and raw_lines[at].isascii() else column_past(raw_lines[at], cpl, vtt)
                   for at, s in zip(long, same)]
    else:  # a tag held a line break, or a reference made one: line by line
        columns = [_column_in_cue(texts[k], row, cpl, vtt) for k, row in zip(cues, rows)]
    numbers = map(add, map(_cue_lines(doc).__getitem__, cues), map(add, rows, repeat(1)))
    messages = map(mod, repeat(f"%d characters > {cpl} per line"), counts)
    out.extend(map(finding, repeat("W302"), numbers, columns, messages, cues))


def _column_in_cue(text: str, row: int, cpl: int, vtt: bool) -> int:
    raw = text.split("\n")
    return column_past(raw[row], cpl, vtt) if row < len(raw) else 1


def _cue_lines(doc: Document) -> list[int]:
    return list(map(_LINE, doc.cues))


def _reading_speed(doc: Document, seen: list[str], lengths: list[int], newlines: list[int], durations: list[int],
                   profile: Profile, out: list[Finding]) -> None:
    """W304: characters per second (line breaks not counted), or words per minute."""
    numbers = _cue_lines(doc)
    limit = profile.reading_limit()
    if profile.max_cps is not None:
        fails = profile.max_cps + 0.05  # the speed that rounds to 0.1 above the limit: reported is what fails
        text = f"reading speed %.1f cps > {limit} (%d characters in %d ms)"
        # the length without line breaks is an upper bound of the clusters, exact for ASCII
        chars = list(map(sub, lengths, newlines))
        over = [i for i, c, t in zip(count(), chars, durations) if t > 0 and c * 1000 >= fails * t]
        found = [finding("W304", numbers[i], 1, text % (c * 1000 / t, c, t), i) for i in over
                 if (c := chars[i] if seen[i].isascii() else graphemes(seen[i].replace("\n", ""))) * 1000
                 >= fails * (t := durations[i])]
    else:
        fails = (profile.max_wpm or 0.0) + 0.5
        text = f"reading speed %.0f wpm > {limit} (%d words in %d ms)"
        found = [finding("W304", numbers[i], 1, text % (w * 60_000 / t, w, t), i)
                 for i, w, t in zip(count(), map(len, map(str.split, seen)), durations)
                 if t > 0 and w * 60_000 >= fails * t]
    out += found


def column_past(raw: str, limit: int, vtt: bool) -> int:
    """1-based column in a raw text line of the first visible character past ``limit``.

    >>> column_past("<i>abcdef</i>", 4, True), column_past("e\\u0301e\\u0301e\\u0301", 2, False)
    (8, 5)
    """
    pattern = _hidden(vtt)
    if raw.isascii() and not (vtt and "&" in raw):
        if "<" not in raw and "{" not in raw:
            return limit + 1
        count_ = pos = 0  # ASCII without references: one character per column outside tags
        for match in pattern.finditer(raw):
            if count_ + match.start() - pos > limit:
                break
            count_ += match.start() - pos
            pos = match.end()
        return pos + limit - count_ + 1 if pos + limit - count_ < len(raw) else len(raw) + 1
    # map each visible character to where it stands in the raw line
    where: list[int] = []
    chars: list[str] = []
    pos = 0
    for found in [*pattern.finditer(raw), None]:
        stop = found.start() if found is not None else len(raw)
        piece = raw[pos:stop]
        if vtt and "&" in piece:
            for k, part in enumerate(_REFERENCE.split(piece)):
                if k % 2 and plain(part) != part:
                    chars.append(plain(part))
                    where.append(pos)
                else:
                    chars.extend(part)
                    where.extend(range(pos, pos + len(part)))
                pos += len(part)
        else:
            chars.extend(piece)
            where.extend(range(pos, stop))
        pos = found.end() if found is not None else stop
    starts = [m.start() for m in _GRAPHEME.finditer("".join(chars))]
    if len(starts) <= limit:
        return len(raw) + 1
    # the visible offset of cluster ``limit``; a decoded reference is one entry in ``where``
    offset = 0
    for k, piece in enumerate(chars):
        if offset >= starts[limit]:
            return where[k] + 1
        offset += len(piece)
    return len(raw) + 1


def _speaker_styles(doc: Document, texts: list[str], joined: str, seen: list[str], vtt: bool, add: _Add) -> None:
    """W311: voice spans, NAME: labels and '>>' chevrons in one file."""
    styles: dict[str, list[int]] = {}
    voices: set[int] = set()
    if vtt and "<v" in joined:
        voices = set(compress(range(len(texts)), map(contains, texts, repeat("<v"))))
        if voices:
            styles["voice"] = sorted(voices)
    # a label needs an upper-case first letter and a colon; a chevron starts with '>>'
    upper = map(str.isupper, map(_FIRST, seen))
    labels = map(and_, upper, map(contains, seen, repeat(":")))
    chevrons = map(methodcaller("startswith", ">>"), seen)
    for k in compress(range(len(seen)), map(or_, labels, chevrons)):
        if k in voices:
            continue
        kind = srt_marker(seen[k])[0]
        if kind == "label" or kind == "chevron":
            styles.setdefault(kind, []).append(k)
    if len(styles) > 1:
        _mixed_styles(doc, styles, add)


def _mixed_styles(doc: Document, styles: dict[str, list[int]], add: _Add) -> None:
    main = max(styles, key=lambda k: (len(styles[k]), -styles[k][0]))
    first = doc.cues[styles[main][0]]
    for kind, where in styles.items():
        if kind == main:
            continue
        cue = doc.cues[where[0]]
        count_, others = len(where), len(styles[main])
        add(finding("W311", cue.line + 1, 1,
                    f"speaker marked with {_STYLE_NAMES[kind]} ({count_} cue{'s' if count_ != 1 else ''}, "
                    f"first here) while {others} cue{'s use' if others != 1 else ' uses'} {_STYLE_NAMES[main]} "
                    f"(first at line {first.line + 1})", where[0]))


def index_findings(doc: Document) -> list[Finding]:
    """SRT numbering: numbers out of sequence (W308) and numbers used twice (W309)."""
    cues = doc.cues
    if all(cue.id == number for cue, number in zip(cues, map(str, count(1)))):
        return []
    out: list[Finding] = []
    seen: dict[int, int] = {}
    previous = 0
    for i, cue in enumerate(cues):
        digits = cue.id.strip().lstrip("#").rstrip(".):").strip()
        if not digits.isdigit() or not digits.isascii():
            previous += 1  # no usable number (reported by the reader): take it as the expected one
            continue
        line = cue.line - 1
        if len(digits) > MAX_DIGITS:  # no cue count comes near it, and int() refuses thousands of digits
            out.append(finding("W308", line, 1, f"cue number of {len(digits)} digits", i))
            previous += 1
            continue
        number = int(digits)
        if number in seen:
            out.append(finding("W309", line, 1, f"cue number {number} again (first at line {seen[number]})", i))
        elif number != previous + 1:
            message = (f"first cue number is {number} (expected 1)" if i == 0
                       else f"cue number {number} after {previous} (expected {previous + 1})")
            out.append(finding("W308", line, 1, message, i))
        seen.setdefault(number, line)
        previous = number
    return out

