"""The repair of transcription glitches, each only with evidence and each reported.

Two glitches are repaired, and nothing else in the words ever changes:

- **A stray period** inside a sentence ("this afternoon. to discuss"): removed only when the
  word after it cannot start a sentence, which needs a text that starts its sentences with
  capitals (a lower-case caption dump starts every sentence in lower case, so it gets no
  period repairs);
- **A lost space** ("Nowthe"): a token is split only when it is not a word of the English word
  list and both of its parts are, one of them a function word (``into``, ``within``, ``cannot``
  are words, so they are never split; "founderstalk" has no function word, a product name). A
  token that recurs in the document is a word of that document ("shipit"), never a glitch.

The word list is wordfreq's English list (its Zipf scale: 3 is once per million words).
Each repair is a Finding with its line and column, which ``generate`` shows on stderr.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from wordfreq import top_n_list, zipf_frequency

from subtitler import rules
from subtitler.model import Finding
from subtitler.pipeline.sentences import ABBREVIATIONS

#: Zipf frequency from which a part of a split token counts as a common word (once per million words).
PART_ZIPF = 3.0
#: How many of the most frequent words count as function words for glue such as "withthe".
FUNCTION_WORDS = 100
#: Below this Zipf frequency a token made of two function words is web-text glue, not a word
#: ("withthe" 2.0, "inthe" 2.6, "forthe" 2.5 are in the list; the rarest real compound of two
#: such words, "whereas", is 4.5).
GLUE_ZIPF = 2.7
#: Above this share of lower-case sentence starts the text does not mark sentences by case
#: (a caption dump), so a lower-case word after a period is no evidence of a stray period.
LOWER_START_SHARE = 0.2

_STRAY_PERIOD = re.compile(r"(?<=[a-z,])\.(?=\s+[a-z])")
_AFTER_PERIOD = re.compile(r"[a-z,]\.\s+([A-Za-z])")
_TOKEN = re.compile(r"(?<![\w'’-])([A-Za-z]+)(?![\w'’-])")


@dataclass(frozen=True, slots=True)
class Repaired:
    """Text after repairs, and the findings that list them."""

    text: str
    findings: tuple[Finding, ...]


def capitalises_sentences(text: str) -> bool:
    """Whether a text starts its sentences with capitals (so a lower-case start is a glitch).

    >>> capitalises_sentences("It rained. Then it stopped. We left. We ate. We slept. to go")
    True
    >>> capitalises_sentences("it rained. then it stopped. we left")
    False
    """
    starts = [m.group(1) for m in _AFTER_PERIOD.finditer(text)]
    if not starts:
        return True
    return sum(1 for s in starts if s.islower()) / len(starts) <= LOWER_START_SHARE


@cache
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


@cache
def _function_words() -> frozenset[str]:
    return frozenset(top_n_list("en", FUNCTION_WORDS))


def split_point(token: str) -> int | None:
    """Where a run-together token splits into two words, or None when it is a word or not two.

    A capitalised token splits only after a function word ("Nowthe"), not into a name's parts.

    >>> split_point("Nowthe"), split_point("into"), split_point("within"), split_point("withthe")
    (3, None, None, 4)
    >>> split_point("founderstalk"), split_point("Lakesha")
    (None, None)
    """
    lower = token.lower()
    function = _function_words()
    zipf = _zipf(lower)
    best: tuple[float, int] | None = None
    for cut in range(1, len(lower)):
        head, tail = lower[:cut], lower[cut:]
        if min(len(head), len(tail)) < 2 and head != "a" and tail != "a":
            continue
        low = min(_zipf(head), _zipf(tail))
        if token[0].isupper() and head not in function:
            continue
        if zipf == 0 and low >= PART_ZIPF and (head in function or tail in function):
            pass  # not in the word list at all, and both parts are common words
        elif zipf < GLUE_ZIPF and {head, tail} <= function:
            pass  # two function words glued ("withthe"): the list holds the glue from web text
        else:
            continue
        if best is None or low > best[0]:
            best = (low, cut)
    return best[1] if best else None


def recurring(text: str) -> frozenset[str]:
    """The tokens (lower case) that occur more than once in a document: its own words.

    >>> sorted(recurring("Shipit is out. We love shipit. Nowthe end."))
    ['shipit']
    """
    counts: dict[str, int] = {}
    for match in _TOKEN.finditer(text):
        word = match.group(1).lower()
        counts[word] = counts.get(word, 0) + 1
    return frozenset(w for w, n in counts.items() if n > 1)


def _starts_sentence(text: str, at: int) -> bool:
    """Whether position ``at`` starts the text or follows an end mark and white space.

    Read backwards from ``at``: a search of the whole text before each token made a
    transcript of one long line quadratic.

    >>> _starts_sentence("It ended. Nowthe", 10), _starts_sentence("the Nowthe", 4)
    (True, False)
    """
    if at == 0:
        return True
    i = at
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i < at and i > 0 and text[i - 1] in ".!?…"


def repair(text: str, line: int, periods: bool = True, known: frozenset[str] = frozenset()) -> Repaired:
    """Remove stray periods and split words run together, reporting each change.

    Args:
        text: one line of speech.
        line: its line number, for the findings.
        periods: whether the document starts its sentences with capitals
            (:func:`capitalises_sentences`); without that no period is removed.
        known: tokens that are words of the document (:func:`recurring`), never split.

    >>> repair("It met this afternoon. to discuss it. Nowthe plan went into effect", 3).text
    'It met this afternoon to discuss it. Now the plan went into effect'
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

    fixed = _STRAY_PERIOD.sub(period, text) if periods else text

    def glue(match: re.Match[str]) -> str:
        word = match.group(1)
        if word.isupper() and len(word) > 1:
            return word  # an acronym or a label
        if word[0].isupper() and not _starts_sentence(fixed, match.start()):
            return word  # a capital inside a sentence: a name, which no word list knows
        cut = None if word.lower() in known else split_point(word)
        if cut is None:
            return word
        split = word[:cut] + " " + word[cut:]
        findings.append(rules.make("I402", line, match.start() + 1, f"separated {word!r} into {split!r}"))
        return split

    fixed = _TOKEN.sub(glue, fixed)
    return Repaired(fixed, tuple(findings))
