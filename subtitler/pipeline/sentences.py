"""Sentences of spoken text.

A period is a sentence end unless it closes a known abbreviation, an initial or
a number, or the next word starts in lower case. The repair of glitches
("this afternoon. to discuss", "Nowthe") is :mod:`subtitler.pipeline.repair`.
"""

from __future__ import annotations

import re

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
#: Characters around an end mark that decide whether it ends a sentence (the word before it, the one after).
_WINDOW = 120
_WORD_BEFORE = re.compile(r"([\w.'’-]+)[.!?…][\"'”’)\]]*$")


def split(text: str, cased: bool = True) -> list[str]:
    """Split a paragraph into sentences.

    ``cased`` says the text starts its sentences with capitals; in a text that does not
    (a lower-case caption dump) a period before a lower-case word ends a sentence too.

    >>> split("Mr. Kim met the U.S. envoy at 3 p.m. on Friday. What now? He left.")
    ['Mr. Kim met the U.S. envoy at 3 p.m. on Friday.', 'What now?', 'He left.']
    """
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if not _is_boundary(text, end, cased):
            continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def _is_boundary(text: str, end: int, cased: bool = True) -> bool:
    """Whether the end mark just before ``end`` really ends a sentence.

    Only a window around the mark is looked at: copying and searching the whole text
    before each mark made a transcript of one long line quadratic (9 s for 50 kB).
    """
    head = text[max(0, end - _WINDOW):end].rstrip("\"'”’)]")
    following = text[end:end + _WINDOW].lstrip()
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
    return not cased or not nxt.islower()


#: Words that follow an abbreviation without starting a sentence ("the U.S. Senate").
_NAME_STARTS = frozenset("Senate House Congress Army Navy Air Embassy Secretary President Attorney Government "
                         "Supreme Court Treasury Department Capitol Marines Open Ambassador".split())
