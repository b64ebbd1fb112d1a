"""Speaker labels, read by evidence from the whole document, never by a single colon.

Transcript pages mark speakers in many conventions::

    BIANNA GOLODRYGA, CNN ANCHOR: …      then   GOLODRYGA: …
    Mr. BILL MOYERS (Author, "The Show"): …      NAME [HOST]: …    NAME (CO-HOST): …
    ANCHOR: JUDY WOODRUFF: …                     CHUCK TODD:This … (glued to the speech)
    **Full Name:** …                             Full Name: … (recurring, at paragraph starts)
    Name: (00:22) …                              00:01:12 (Name/Title) …
    [HOST] …      Q: …   A: …   Q  … (a bare Q)  CH: … (initials)     >> …
    NAME, Title that wraps                       a label alone on its line,
    over two lines: …                            speech on the next

and, in pages copied as one run of text, labels in mid-line after a sentence end.
A shape counts as a label only with evidence from the document: it recurs, it carries a
title, or its name is the surname of a full label seen elsewhere. Metadata keys of database
headers (``BYLINE:``, ``SECTION:``, ``LOAD-DATE:`` …) are not speakers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import regex

#: Words that name a role, not a person, when they open a line as a label.
ROLE_LABELS = frozenset("operator interviewer interviewee host co-host anchor co-anchor reporter correspondent "
                        "moderator narrator announcer presenter question answer q a caller guest man woman male "
                        "female speaker voice panelist audience participant unidentified".split())
#: Keys of database and page headers ("BYLINE: Jane Roe"), which are metadata, not speakers.
METADATA_KEYS = frozenset("""byline highlight section length subjects subject producer producers load-date
guests guest show date time title transcript tags source url language publication-type document-type type
copyright dateline network body isbn topic topics keywords category categories aired program programme
location graphic graphics e&oe updated posted published note editor's-note rush-transcript page
release-date next-up
""".split())
#: Honorifics that open a label in mixed case ("Mr. BILL MOYERS").
_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sen|Rep|Gov|Gen|Rev|Hon|Senator|President|Secretary|Governor)\.?"
_UPPER_TOKEN = r"(?:Mc|Mac)?\p{Lu}[\p{Lu}\p{M}'’.\-]*"
_UPPER_NAME = rf"(?:{_HONORIFIC}\s+)?{_UPPER_TOKEN}(?:[ \u00a0]{_UPPER_TOKEN}){{0,5}}"
_MIXED_TOKEN = r"\p{Lu}[\p{L}\p{M}'’.\-]*"
_MIXED_NAME = rf"{_MIXED_TOKEN}(?:[ \u00a0](?:{_MIXED_TOKEN}|\d{{1,2}}|de|da|van|von|der|del|la|le|bin|al)){{0,4}}"
# what may follow a name before the colon: (voice-over), (D-IL), [HOST], (Author, "Show"), ", TITLE",
# and a title in capitals after a party tag: (R-AZ) HOUSE SPEAKER
_PARTY_TITLE = r"[ \u00a0]*\([DRI](?:-\p{Lu}{2})?\)[ \u00a0]+\p{Lu}[\p{Lu}\d .'’\-]{1,80}?(?=[ \u00a0]*[:(,])"
_TAIL = (rf"(?P<tail>(?:{_PARTY_TITLE}|[ \u00a0]*\((?:[^()\n]|\([^()\n]*\)){{1,120}}\)|[ \u00a0]*\[[^\[\]\n]{{1,60}}\]|"
         r",[^:\n]{1,140}?)*)")
_STAMP = r"\(?\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]?\)?"
#: An all-capital label: the name, its tail, the colon, an optional stamp, then the speech.
UPPER = regex.compile(rf"(?P<name>{_UPPER_NAME}){_TAIL}[ \u00a0]*:(?P<stamp>[ \u00a0]*{_STAMP})?"
                      rf"(?:[ \u00a0\t]+|$|(?P<glued>(?=\p{{Lu}}\p{{Ll}})))")
#: A mixed-case label ("Full Name:", "Name, Title:") at a paragraph start.
MIXED = regex.compile(rf"(?P<name>{_MIXED_NAME})(?P<tail>,[^:\n]{{1,80}}?|[ \u00a0]*\([^()\n]{{1,80}}\))?"
                      rf":(?P<stamp>[ \u00a0]*{_STAMP})?(?:[ \u00a0\t]+|$)")
#: A markdown bold label: "**Full Name:**" or "**Full Name**:".
BOLD = regex.compile(r"\*\*(?P<name>[^*:\n]{1,80}?)(?P<tail>,[^*:\n]{1,80})?(?::\*\*|\*\*:)[ \u00a0\t]*")
#: A bracketed label of dataset dumps: "[Full Name, Title:]", or a bracketed role: "[HOST]".
BRACKET = regex.compile(r"\[(?P<name>\p{Lu}[^\]\d:,\n]{0,40})(?P<tail>,[^\]:\n]{1,80})?:?\][ \u00a0\t]*(?=\S|$)")
_BRACKET_INLINE = regex.compile(r"\[(?P<name>\p{Lu}[^\]\d:,\n]{0,40})(?P<tail>,[^\]:\n]{1,80})?:\][ \u00a0\t]*")
#: A time stamp, then the speaker in parentheses: "00:01:12 (Name/Title)".
STAMPED = regex.compile(r"(?P<stamp>\[?\d{1,2}:\d{2}(?::\d{2})?\]?)[ \u00a0\t]+\((?P<name>\p{Lu}[^()/\n]{0,50})"
                        r"(?:/(?P<tail>[^()\n]{1,60}))?\)[ \u00a0\t]*:?[ \u00a0\t]*")
#: Interview questions and answers: "Q:", "A:", "Q." or a bare "Q" set off by wide space.
QA = regex.compile(r"(?P<name>Q|A)(?:[:.][ \u00a0\t]*|[ \u00a0\t]{2,}|\t|\u00a0[ \u00a0]*|$)")
#: An all-capital full name alone on its line, a label when the document repeats the shape.
ALONE = regex.compile(rf"(?P<name>{_UPPER_TOKEN}(?:[ \u00a0]{_UPPER_TOKEN}){{1,3}})")
CHEVRON = regex.compile(r">>(?!>)[ \u00a0]*")
STORY = regex.compile(r">>>[ \u00a0]*")
# Where a label may start inside a line: after a sentence end, a closing bracket or a chevron.
_RUN_ON = regex.compile(r"(?:(?<=[.?!…\"”’)\]])|(?<=--))[ \u00a0]+(?=(?:Mc|Mac)?\p{Lu}|Mr|Ms|Dr|Sen|Rep|Gov)")
# Where a full, titled label may start inside a line without a sentence end: after a comma, a digit or a
# lower-case word ("… right now, JANE ROE, VOTER: …", "date 2024-01-02 JANE ROE, HOST: …").
_RUN_ON_WEAK = regex.compile(r"(?<=[,;\d\p{Ll}])[ \u00a0]+(?=(?:Mc|Mac)?\p{Lu}\p{Lu})")
# A clip's end ("(END VIDEO CLIP)", "(END VIDEOTAPE)"), after which the next voice is labelled ("ROE: …").
_CLIP_END = regex.compile(r"\(END[ \u00a0][A-Z \u00a0\-]{3,30}\)[ \u00a0]*$")
# Directions inside a label's tail, which are not its title.
_DIRECTION = regex.compile(r"\b(?:voice[- ]?over|v/?o|on[- ]camera|through (?:a )?translator|via translator|"
                           r"on the phone|by phone|via telephone|off[- ]camera|sot|begin|end)\b", regex.IGNORECASE)
# A degree or post-nominal after a name ("Jane Roe, PhD", "Psy.D"), which is no title: it gives no role.
_DEGREE = regex.compile(r"^(?:Ph\.?[ ]?D|Psy\.?[ ]?D|M\.?D|D\.?O|J\.?D|M\.?B\.?A|R\.?N|Esq|B\.?A|M\.?A|M\.?S|B\.?S|"
                        r"LCSW|CPA|DDS|DMD)\.?$", regex.IGNORECASE)
#: How often a bare all-capital label must recur in mid-line to count without a title ("OFFICER:").
RECURRING_INLINE = 3
_PARTY = regex.compile(r"^\(?[DRI](?:-[A-Za-z.]+)?\)?$|^\(?(?:D|R|I)-\w{2,}\.?\)?$")


@dataclass(frozen=True, slots=True)
class Label:
    """A speaker label as written: the name, an optional title, and the style.

    ``style`` is name, bold, bracket, question (``Q``/``A``), chevron or role (a role word
    such as ``ANCHOR:`` with no name). ``house`` is whether the title names the outlet that
    the document's own staff titles name (None when the document names none; see :func:`house`).
    """

    name: str
    title: str | None
    style: str
    house: bool | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """A label read at ``start`` of a line; the speech follows from ``end``."""

    start: int
    end: int
    label: Label
    stamp: str | None = None


def _tail_title(tail: str | None) -> str | None:
    """The title of a label's tail, without directions and party tags."""
    if not tail:
        return None
    parts = [p.strip(" ,\u00a0") for p in regex.split(r"[()\[\]]|,(?![^(]*\))", tail)]
    kept = [p for p in parts if p and not _DIRECTION.search(p) and not _PARTY.match(p) and not _DEGREE.match(p)]
    return ", ".join(kept) or None


def _label(match: regex.Match[str], style: str) -> Found:
    name = " ".join(match["name"].replace("\u00a0", " ").split()).rstrip(" .") if style != "bold" else \
        " ".join(match["name"].split())
    tail = match.groupdict().get("tail")
    stamp = match.groupdict().get("stamp")
    label = Label(name, _tail_title(tail), style)
    return Found(match.start(), match.end(), label, stamp.strip() if stamp else None)


def is_metadata(name: str) -> bool:
    """Whether a label-like key is a header key ("BYLINE", "LOAD-DATE"), not a speaker.

    >>> is_metadata("LOAD-DATE"), is_metadata("SUBJECTS"), is_metadata("BEN FORDHAM")
    (True, True, False)
    """
    return name.lower().replace(" ", "-") in METADATA_KEYS


def _plausible(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(name.split()) <= 7 and name not in ("I", "OK", "A")


def _key(name: str) -> str:
    """A name as compared: upper case, no honorific, no initials' periods."""
    words = regex.sub(rf"^{_HONORIFIC}\s+", "", name, flags=regex.IGNORECASE).upper().replace(".", "").split()
    return " ".join(words)


def surname(name: str) -> str:
    """The last word of a name, as compared ("Mr. BILL MOYERS" -> "MOYERS")."""
    key = _key(name)
    return key.split()[-1] if key else ""


@dataclass(frozen=True)
class Conventions:
    """What the document's evidence says labels look like in it."""

    upper: bool
    mixed: frozenset[str]
    bold: bool
    bracket: bool
    qa: bool
    chevron: bool
    stamped: bool
    run_on: bool
    names: frozenset[str]
    alone: frozenset[str] = frozenset()


    @property
    def labelled(self) -> bool:
        """Whether the document is labelled at all."""
        return self.upper or bool(self.mixed) or self.bold or self.bracket or self.qa or self.chevron or \
            self.stamped or bool(self.alone)


def _written_as_prose(name: str, text: str) -> bool:
    """Whether ``text`` also writes an all-capital label's name in mixed case ("moderated by Jane Roe")."""
    words = _key(name).split()
    pattern = r"\b" + r"[ \u00a0]+".join(regex.escape(w) for w in words) + r"\b"
    return any(not m.group().isupper() for m in regex.finditer(pattern, text, regex.IGNORECASE))


def _starts(line: str) -> str:
    """A line without its leading white space and list bullets."""
    return line.lstrip(" \t\u00a0•·▪●◦‣∙")


def conventions(lines: list[str]) -> Conventions:
    """Read which label conventions the document uses, from all its lines."""
    starts = [s for ln in lines if (s := _starts(ln).rstrip())]
    upper = [m for s in starts if (m := UPPER.match(s)) and _plausible(m["name"]) and not is_metadata(m["name"])]
    upper_names = Counter(_key(m["name"]) for m in upper)
    titled = sum(1 for m in upper if _tail_title(m["tail"]))
    recurring = sum(n for n in upper_names.values() if n >= 2)
    surnames = {surname(n) for n in upper_names if len(n.split()) >= 2}
    short = sum(1 for n in upper_names if len(n.split()) == 1 and n in surnames)
    # labels run together on long lines (pages copied as one run of text): full labels with titles
    inline = [m for s in starts for g in _RUN_ON.finditer(s)
              if (m := UPPER.match(s, g.end())) and _plausible(m["name"]) and not is_metadata(m["name"])
              and _tail_title(m["tail"]) and len(_key(m["name"]).split()) >= 2]
    # a bare label that recurs in mid-line after sentence ends ("... failures. OFFICER: Okay.")
    bare = Counter(_key(m["name"]) for s in starts for g in _RUN_ON.finditer(s)
                   if (m := UPPER.match(s, g.end())) and _plausible(m["name"]) and not is_metadata(m["name"])
                   and m["glued"] is None)
    recurring_inline = {k for k, n in bare.items() if n >= RECURRING_INLINE}
    titled += len(inline)
    upper_names.update(_key(m["name"]) for m in inline)
    surnames = {surname(n) for n in upper_names if len(n.split()) >= 2}
    upper += inline
    # a full name label that recurs, at line starts or after sentence ends ("... cuts. JANE ROE: Yes.")
    full_names = Counter(_key(m["name"]) for s in starts for g in [None, *_RUN_ON.finditer(s)]
                         if (m := UPPER.match(s, g.end() if g else 0)) and _plausible(m["name"])
                         and not is_metadata(m["name"]) and m["glued"] is None and len(_key(m["name"]).split()) >= 2)
    full_recurring = any(n >= 2 for n in full_names.values())
    # a full name label at a line start that the page also writes as a name ("hosted by Jane Roe")
    written = "\n".join(lines)
    named = sum(1 for m in upper if len(_key(m["name"]).split()) >= 2 and _written_as_prose(m["name"], written))
    # surname labels ("ROE:") of people the page names in prose by full name ("Jane Roe"), two of them at least
    named_surnames = {k for k in upper_names if len(k.split()) == 1 and not is_metadata(k) and regex.search(
        rf"\b\p{{Lu}}\p{{Ll}}+[ \u00a0]+{regex.escape(k.capitalize())}\b", written)}
    named += 1 if len(named_surnames) >= 2 else 0
    questions = sum(1 for s in starts if (q := QA.match(s)) and q["name"] == "Q" and q.end() > 1)
    # an upper label answering a "Q" is an interview: two label shapes that agree
    is_upper = (titled >= 1 and len(upper) >= 2) or recurring >= 2 or short >= 1 or named >= 1 or full_recurring or (
        len(upper) >= 2 and len(upper) >= 0.2 * len(starts)) or (len(upper) >= 1 and questions >= 1)
    bold = sum(1 for s in starts if BOLD.match(s)) >= 2
    bracket = sum(1 for s in starts if BRACKET.match(s)) + sum(  # "[Name, Title:]" in mid-line too
        1 for s in starts for m in _BRACKET_INLINE.finditer(s) if m.start() > 0) >= 2
    stamped = sum(1 for s in starts if STAMPED.match(s)) >= 2
    chevron = sum(1 for s in starts if CHEVRON.match(s) or STORY.match(s)) >= 2
    qa = (sum(1 for s in starts if QA.match(s) and not UPPER.match(s)) >= 2 and (
        is_upper or sum(1 for s in starts if s.startswith("Q")) >= 2)) or (is_upper and questions >= 1)
    mixed_matches = [m for s in starts if (m := MIXED.match(s)) and not is_metadata(m["name"])]
    mixed_names = [m["name"] for m in mixed_matches]
    stamped_names = {m["name"] for m in mixed_matches if m["stamp"]}  # "Name: (00:22)" is a label shape
    counts = Counter(mixed_names)
    roles = [n for n in counts if n.split()[0].lower() in ROLE_LABELS]
    mixed = frozenset(n for n in counts if (counts[n] >= 2 and sum(counts.values()) >= 3
                                              and sum(counts.values()) >= 0.3 * len(starts)) or n in roles)
    if mixed and not roles and len(set(mixed_names)) == len(mixed_names):
        mixed = frozenset()
    if roles and len(roles) == len(counts) and len(mixed_names) < 2:
        mixed = frozenset()
    if len(stamped_names) >= 2:
        mixed |= stamped_names
    # "Jane Roe:" once, then "Roe:": a surname label that matches a full label is the convention
    full_mixed = {surname(n): n for n in counts if 2 <= len(n.split()) <= 4}
    by_surname = {n for n in counts if len(n.split()) == 1 and _key(n) in full_mixed}
    if by_surname:
        mixed |= by_surname | {full_mixed[_key(n)] for n in by_surname}
    # "Kieran Gilbert, Host:" / "Matt Roe, Assistant Minister for Trade:": titled full names
    titled_mixed = {m["name"] for m in mixed_matches if m["tail"] and len(m["name"].split()) >= 2}
    if len(titled_mixed) >= 2 or any(ANCHOR_TITLE.search(m["tail"] or "") for m in mixed_matches):
        mixed |= titled_mixed
    shouting = sum(1 for c in "".join(starts) if c.isupper()) > 0.6 * max(1, sum(1 for c in "".join(starts)
                                                                               if c.isalpha()))
    names = frozenset(upper_names) | frozenset(surnames) | frozenset(_key(n) for n in mixed) | frozenset(
        surname(n) for n in mixed if len(n.split()) >= 2) | (frozenset(recurring_inline) if is_upper else frozenset())
    run_on = (is_upper and not shouting) or any(len(s) > 3000 for s in starts)
    # "JANE ROE" alone on its line, the speech after it: names that recur so, two of them at least
    alone = Counter(_key(s) for s in starts if ALONE.fullmatch(s) and not is_metadata(s))
    alone_names = frozenset(n for n, k in alone.items() if k >= 2) if len(alone) >= 2 and sum(
        alone.values()) >= 4 and not shouting else frozenset()  # an upper-case caption dump repeats short lines
    return Conventions(is_upper, mixed, bold, bracket, qa, chevron, stamped, run_on, names, alone_names)


def at_start(line: str, conv: Conventions) -> Found | None:
    """The label that opens ``line`` under the document's conventions, if any."""
    text = _starts(line)
    offset = len(line) - len(text)
    found = _at(text, conv)
    if found is None:
        return None
    return Found(found.start + offset, found.end + offset, found.label, found.stamp)


def _at(text: str, conv: Conventions) -> Found | None:
    if conv.bold and (m := BOLD.match(text)):
        return _label(m, "bold")
    if conv.stamped and (m := STAMPED.match(text)):
        return _label(m, "name")
    if conv.bracket and (m := BRACKET.match(text)):
        return _label(m, "bracket")
    if (conv.upper or conv.qa) and (m := QA.match(text)) and not (
            m["name"] == "A" and (u := UPPER.match(text)) and u["name"] != "A") \
            and (conv.qa or m.group().rstrip().endswith(":")):
        return _label(m, "question")
    if conv.upper and (m := UPPER.match(text)) and _plausible(m["name"]) and not is_metadata(m["name"]):
        if m["glued"] is not None and _key(m["name"]) not in conv.names:
            return None
        found = _label(m, "name")
        if found.label.name.lower() in ROLE_LABELS and not found.label.title:
            # "ANCHOR: JUDY WOODRUFF: Good evening": the role, then the name
            rest = text[found.end:]
            if (n := UPPER.match(rest)) and _plausible(n["name"]) and n["name"].lower() not in ROLE_LABELS:
                inner = _label(n, "name")
                title = inner.label.title or found.label.name
                return Found(found.start, found.end + inner.end, Label(inner.label.name, title, "name"),
                             inner.stamp)
        return found
    if conv.mixed and (m := MIXED.match(text)) and not is_metadata(m["name"]) and (
            m["name"] in conv.mixed or _key(m["name"]) in conv.names or (
            len(conv.mixed) >= 2 and 2 <= len(m["name"].split()) <= 4 and not m["tail"])):
        return _label(m, "name")  # once the convention is plain, a full name opening a line is one too
    if conv.alone and (m := ALONE.fullmatch(text.rstrip())) and _key(m["name"]) in conv.alone:
        return _label(m, "name")
    if conv.chevron and (m := STORY.match(text)):
        return Found(m.start(), m.end(), Label("", "story", "chevron"))
    if conv.chevron and (m := CHEVRON.match(text)):
        return Found(m.start(), m.end(), Label("", None, "chevron"))
    return None


def run_on(line: str, conv: Conventions) -> list[Found]:
    """Labels inside a line after a sentence end ("… tonight. COOPER: Thank you.").

    In a bracket-labelled dump, a bracketed label with its colon (``[Full Name, Title:]``,
    ``[Surname:]``) is one anywhere in the line.
    """
    found: list[Found] = []
    if conv.bracket:
        found += [_label(m, "bracket") for m in _BRACKET_INLINE.finditer(line) if m.start() > 0]
    if not conv.run_on:
        return found
    for gap in _RUN_ON.finditer(line):
        text = line[gap.end():]
        m = UPPER.match(text)
        if m is None or not _plausible(m["name"]) or is_metadata(m["name"]):
            continue
        key = _key(m["name"])
        if m["glued"] is not None and key not in conv.names:
            continue
        words = key.split()
        if key in conv.names or (m["tail"] and len(words) >= 2) or words[0].lower() in ROLE_LABELS or (
                _CLIP_END.search(line, 0, gap.start()) is not None and m["glued"] is None) or (
                len(words) <= 3 and surname(key) in conv.names) or (
                2 <= len(words) <= 3 and m["glued"] is None):  # a full name: the convention is read already
            label = _label(m, "name")
            found.append(Found(gap.end() + label.start, gap.end() + label.end, label.label, label.stamp))
    taken = {f.start for f in found}
    for gap in _RUN_ON_WEAK.finditer(line):  # a clip's voice after a comma: only a full name with a title
        m = UPPER.match(line, gap.end())
        if m is None or gap.end() in taken or not _plausible(m["name"]) or is_metadata(m["name"]) or m["glued"]:
            continue
        label = _label(m, "name")
        if label.label.title and len(_key(m["name"]).split()) >= 2 and m["tail"].startswith(","):
            found.append(Found(m.start(), m.end(), label.label, label.stamp))
    return sorted(found, key=lambda f: f.start)


def known_names(lines: list[str], conv: Conventions) -> Conventions:
    """Conventions with the names of every label read, so that surnames used later match."""
    names = set(conv.names)
    for line in lines:
        first = at_start(line, conv)
        for found in ([first] if first else []) + run_on(line, conv):
            if found.label.style == "name" and (found.label.title or len(_key(found.label.name).split()) >= 2):
                key = _key(found.label.name)
                names.add(key)
                names.add(surname(found.label.name))
    return Conventions(conv.upper, conv.mixed, conv.bold, conv.bracket, conv.qa, conv.chevron, conv.stamped,
                       conv.run_on, frozenset(names), conv.alone)


#: Title words of the programme's host, which make a label's title a staff title.
ANCHOR_TITLE = regex.compile(r"\b(?:anchor|co-anchor|host|co-host|moderator|presenter)\b", regex.IGNORECASE)

#: What moved to :mod:`.labelwho` (who a label names, and its role), still reachable from here.
_MOVED = frozenset("role house is_office office_holder initialled is_organisation OFFICES SHOW_NAMED "
                   "ORGANISATION_WORDS".split())


def __getattr__(name: str) -> Any:
    """``labels.role`` and the other names of :mod:`.labelwho`, for code that imports them from here."""
    if name in _MOVED:
        from subtitler.pipeline import labelwho
        return getattr(labelwho, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
