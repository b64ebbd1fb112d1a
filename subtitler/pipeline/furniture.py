"""What on a transcript page is not speech: chrome, headers, metadata, directions, stamps.

A line is speech unless the evidence says otherwise. Each rule here names a kind of
line that is never spoken, with the pages it was seen on; :mod:`.transcript` lists every
line it leaves out in ``dropped`` with the reason given here.
"""

from __future__ import annotations

import re

from subtitler.pipeline.labels import UPPER, is_metadata

# Lines of transcript pages that are never speech (each seen on news transcript sites); an HTML
# tag of page layout is chrome, a tag of the text's own (<s>, <em>) is not.
_FURNITURE = re.compile(
    r"""^(?:return\ to\ transcripts|this\ is\ a\ rush\ transcript|source\ link$|
         .*made\ available\ thanks\ to|aired\ \w+\ \d|copyright\b|©|all\ rights\ reserved|
         transcript$|download$|print$|share$|read\ more$|show\ transcripts?$|
         https?://|www\.|<(?:iframe|script|style|div|img|a\s|!--|/?(?:p|br|span|table|tr|td)\b)|
         e&oe\b|\d+\ of\ \d+\ documents$|page\ \d+$|end$|end\s+\d)""",
    re.IGNORECASE | re.VERBOSE,
)
# Calls to action, furniture only on a short line: a host may say "subscribe and ..." in passing.
_CALL_TO_ACTION = re.compile(r"^(?:subscribe\b|email\ the\ show|join\ the\ .*group|listen\ to\ our\ playlist|"
                             r"find\ and\ support\ your\ local|click\ here)", re.IGNORECASE | re.VERBOSE)
#: Most words a call-to-action line of page chrome has ("Subscribe to the newsletter").
CHROME_WORDS = 8

#: List bullets: caption pages put every spoken line after one, so a bullet alone is no evidence.
BULLET = re.compile(r"^\s*[•·▪●◦‣∙]\s*")
_TIME_STAMP = re.compile(r"^\s*[\[(]?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]\.?M\.?(?:\s+[A-Z]{2,4})?)?\s*[\])]?\s*$",
                         re.IGNORECASE)
#: Time stamps inside speech: "[10:30:58]", "(00:22)", "\[12:34\]", and bare "00:01:12" (with seconds:
#: a clock time a speaker says has no seconds).
INLINE_TIME = re.compile(r"\\?\[\s*\d{1,2}:\d{2}(?::\d{2})?\s*\\?\]|\(\s*\d{1,2}:\d{2}(?::\d{2})?\s*\)|"
                         r"(?<![\w:])\d{1,2}:\d{2}:\d{2}(?![\w:])")
# A whole line in parentheses or brackets, upper case: (COMMERCIAL BREAK), [APPLAUSE].
_DIRECTION = re.compile(r"^\s*[(\[][^()\[\]]*[)\]]\s*$")
#: Inline directions and transcriber notes: (BREAK), (ph), (inaudible), (LAUGHTER).
INLINE_NOTE = re.compile(r"\s*\((?:[A-Z][A-Z ,.'-]{2,}|ph|sic|inaudible|unintelligible|crosstalk)\)", re.IGNORECASE)
_FRONT_MATTER_KEY = re.compile(r"^[a-z_][\w-]*:(?:\s|$)")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")
# Marks of speech that headings lack: a cut-off end ("I don't want to -"), a sentence end inside.
_CUT_OFF = re.compile(r"[-—–,]\s*$|\.\.\.|…|\\?\]\s*$")
_INNER_END = re.compile(r"[.!?][\"'”’)]*\s+\S")
# Persons speaking or spoken to, which headings do not have: "you said", "Mr. Vice President".
_ADDRESSED = re.compile(r"\b(?:I|I'm|I’m|you|you're|we|we're|me|us|my|your|our)\b|^(?:Mr|Mrs|Ms|Madam)\b",
                        re.IGNORECASE)


def reason(line: str) -> str | None:
    """Why a whole line is not speech, or None when it may be speech."""
    stripped = BULLET.sub("", line).strip().strip("*").strip()
    if not stripped:
        return "page furniture" if line.strip() else None
    if _TIME_STAMP.match(stripped):
        return "time stamp"
    if _DIRECTION.match(stripped) and not re.search(r"[a-z]{3}", stripped.strip("()[]")):
        return "stage direction"
    if _FURNITURE.match(stripped) or (_CALL_TO_ACTION.match(stripped) and len(stripped.split()) <= CHROME_WORDS):
        return "page furniture"
    match = UPPER.match(stripped)
    if match and is_metadata(match["name"]) and not match["tail"]:
        return "header metadata"
    return None


def front_matter(lines: list[str]) -> set[int]:
    """The indices of a YAML front-matter block (``---`` … ``---``) at the top, if there is one."""
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None or lines[first].strip() != "---":
        return set()
    for index in range(first + 1, min(len(lines), first + 60)):
        if lines[index].strip() == "---":
            return set(range(first, index + 1))
        if lines[index].strip() and not _FRONT_MATTER_KEY.match(lines[index]) and not lines[index].startswith(" "):
            return set()
    return set()


def is_heading(text: str, speech_started: bool) -> bool:
    """Whether an unlabelled paragraph is a page heading: short, no sentence punctuation.

    A line that starts in lower case continues speech. Before the speech any short
    unpunctuated line is a heading; after it only a headline in
    title case ("Fire Crews Reach The Ridge"), not a short reply ("Thank you, Karine",
    "Senator Roe. Okay").
    """
    words = text.split()
    titled = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha()) / max(1, len(words))
    if text[:1].islower() or _TERMINAL.search(text) or _CUT_OFF.search(text) or _ADDRESSED.search(text) or (
            _INNER_END.search(text) and titled < 0.6):
        return False
    if not speech_started:
        return len(words) <= 16 or titled >= 0.6
    if _INNER_END.search(text):  # two sentences ("President Roe. Okay"): a reply, not a headline
        return False
    return titled >= 0.75 and 3 <= len(words) <= 20 and not re.search(r",|\b(?:I|you|we)\b", text)
