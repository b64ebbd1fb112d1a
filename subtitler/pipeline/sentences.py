"""Sentences of spoken text, and the conservative repair of transcription glitches.

A period is a sentence end unless it closes a known abbreviation, an initial or
a number; a period followed by a lower-case word is a glitch ("this afternoon.
to discuss") and is removed. Two words run together where a space was lost
("Nowthe government") are split only when both halves are common function
words. Each repair is a Finding with its line, so nothing changes unseen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from subtitler import rules
from subtitler.model import Finding

#: Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sen rep gov gen lt col sgt capt cmdr adm pres st jr sr rev hon sec amb atty supt
co corp inc ltd bros dept univ assn est approx vs etc al fig no nos vol ch pp ft mt
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
u.s u.k u.n e.u d.c l.a n.y a.m p.m e.g i.e
""".split())

_SENTENCE_END = re.compile(
    r"""(?<=[.!?…])["'”’)\]]*      # the end mark and closing quotes or brackets
        (?=\s+["'“‘(\[]*[^\s])      # then white space and the next sentence
      | (?<=[。！？])[」』）"”’]*      # or a full-width end mark (Chinese, Japanese): no space after it
        (?=\s*[^\s」』）"”’])
    """, re.VERBOSE)
_WORD_BEFORE = re.compile(r"([\w.'’-]+)[.!?…][\"'”’)\]]*$")
_STRAY_PERIOD = re.compile(r"(?<=[a-z,])\.(?=\s+[a-z])")
_RUN_TOGETHER = re.compile(r"\b([A-Za-z]+)\b")
#: Words that a lost space glues together ("Nowthe"): both halves must be in this list.
_GLUE_HEADS = frozenset("now and but so then in on at of for with to by from is was that this as or if when".split())
_GLUE_TAILS = frozenset("the and of to in".split())


@dataclass(frozen=True, slots=True)
class Repaired:
    """Text after repairs, and the findings that list them."""

    text: str
    findings: tuple[Finding, ...]


def repair(text: str, line: int) -> Repaired:
    """Remove stray periods and split words run together, reporting each change.

    >>> repair("It met this afternoon. to discuss it. Nowthe plan", 3).text
    'It met this afternoon to discuss it. Now the plan'
    """
    findings: list[Finding] = []

    def period(match: re.Match[str]) -> str:
        before = text[max(0, match.start() - 20):match.start()].split()[-1:]
        word = before[0].lower().rstrip(".") if before else ""
        if word in ABBREVIATIONS or len(word) == 1:
            return match.group()
        findings.append(rules.make("I401", line, match.start() + 1,
                                   f"removed a stray period after {before[0] if before else ''!r}"))
        return ""

    fixed = _STRAY_PERIOD.sub(period, text)

    def glue(match: re.Match[str]) -> str:
        word = match.group(1)
        lower = word.lower()
        for tail in _GLUE_TAILS:
            head = lower[: -len(tail)]
            if lower.endswith(tail) and head in _GLUE_HEADS:
                split = word[: len(head)] + " " + word[len(head):]
                findings.append(rules.make("I402", line, match.start() + 1, f"separated {word!r} into {split!r}"))
                return split
        return word

    fixed = _RUN_TOGETHER.sub(glue, fixed)
    return Repaired(fixed, tuple(findings))


def split(text: str) -> list[str]:
    """Split a paragraph into sentences.

    >>> split("Mr. Kim met the U.S. envoy at 3 p.m. on Friday. What now? He left.")
    ['Mr. Kim met the U.S. envoy at 3 p.m. on Friday.', 'What now?', 'He left.']
    """
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if not _is_boundary(text, end):
            continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def _is_boundary(text: str, end: int) -> bool:
    """Whether the end mark just before ``end`` really ends a sentence."""
    head = text[:end].rstrip("\"'”’)]")
    following = text[end:].lstrip()
    nxt = following.lstrip("\"'“‘([")[:1]
    if head.endswith(("?", "!", "…", "。", "！", "？")):
        return True
    match = _WORD_BEFORE.search(head)
    word = match.group(1).lower() if match else ""
    if word in ABBREVIATIONS:
        # "in the U.S. The talks" ends a sentence; "U.S. officials" does not
        return nxt.isupper() and word in ("u.s", "u.k", "u.n", "e.u", "d.c", "a.m", "p.m", "etc") and \
            following.split(" ", 1)[0].lstrip("\"'“‘([") not in _NAME_STARTS
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "John F. Kennedy"
    if "." in word and len(word) <= 6:
        return False  # an abbreviation with inner periods not in the list ("Ph.D.")
    return not nxt.islower()


#: Words that follow an abbreviation without starting a sentence ("the U.S. Senate").
_NAME_STARTS = frozenset("Senate House Congress Army Navy Air Embassy Secretary President Attorney Government "
                         "Supreme Court Treasury Department Capitol Marines Open Ambassador".split())
