"""Where a caption may break: between cues and between the two lines of a cue.

Netflix and BBC agree (GUIDELINES.md, "Line breaking"): break after punctuation,
before a conjunction or a preposition; never between an article or adjective
and its noun, inside a name, between a pronoun and its verb, or between an
auxiliary or negation and its verb; prefer a bottom-heavy pair of lines.
"""

from __future__ import annotations

import regex

from subtitler.pipeline import breakcosts

# The guideline rules' word classes: the learned costs' (one list of English function words), with
# the differences these rules were written for: "that", "after", "before" and "until" also start
# a clause, "since" and "to" are also prepositions, "who" counts with the subject pronouns, and
# object pronouns and contracted auxiliaries are left to the learned costs.
ARTICLES = breakcosts.ARTICLES
CONJUNCTIONS = breakcosts.CONJUNCTIONS | {"that", "after", "before", "until"}
PREPOSITIONS = breakcosts.PREPOSITIONS | {"since", "to"}
PRONOUNS = (breakcosts.PRONOUNS - {"me", "him", "us", "them"}) | {"who"}
AUXILIARIES = frozenset(w for w in breakcosts.AUXILIARIES if "'" not in w)
_TRAILING = "\"'”’)]"
#: Words that end with a full stop without ending a sentence (besides dotted ones such as "U.S.").
ABBREVIATIONS = breakcosts.ABBREVIATIONS


_GRAPHEME = regex.compile(r"\X")


def width(text: str) -> int:
    """Characters as a reader sees them (grapheme clusters).

    >>> width("Kim Min-ji"), width("e\\u0301")
    (10, 1)
    """
    if text.isascii():  # one code point is one grapheme: skip the regex
        return len(text)
    return len(_GRAPHEME.findall(text))


def _bare(word: str) -> str:
    return word.strip("\"'“”‘’()[]").lower().rstrip(".,;:!?")


def _capitalised(word: str) -> bool:
    core = word.strip("\"'“”‘’()[]")
    return bool(core) and core[0].isupper()


def sentence_end(word: str) -> bool:
    """Whether a word ends a sentence: a full stop (not of an abbreviation such as "Dr." or "U.S."), ? or !.

    >>> sentence_end("Seoul."), sentence_end("Dr."), sentence_end("U.S."), sentence_end("why?")
    (True, False, False, True)
    """
    last = word.rstrip(_TRAILING)
    if last.endswith(("?", "!", "...", "…")):
        return True
    if not last.endswith("."):
        return False
    return not ("." in last[:-1] or _bare(word) in ABBREVIATIONS)


def rule_cost(words: list[str], k: int) -> float:
    """The guideline rules' cost of breaking between ``words[k-1]`` and ``words[k]`` (lower is better).

    >>> rule_cost("He met Kim Min-ji in Seoul".split(), 3) > rule_cost("He met Kim Min-ji in Seoul".split(), 4)
    True
    """
    left, right = words[k - 1], words[k]
    last = left.rstrip(_TRAILING)
    a, b = _bare(left), _bare(right)
    abbreviation = last.endswith(".") and ("." in last[:-1] or a in ABBREVIATIONS)  # "U.S.", "Dr."
    if last.endswith((".", "?", "!")) and not abbreviation:
        return 0.0
    if last.endswith((",", ";", ":")) or left in ("--", "—", "–") or right in ("--", "—", "–"):
        return 1.0
    if a in ARTICLES or a in ("mr", "mrs", "ms", "dr"):
        return 9.0  # article or determiner and its noun
    if _capitalised(left) and _capitalised(right) and k > 1:
        # inside a name; worst between its last two words, the given and family name
        # ("Foreign Minister | Kang Kyung-wha" rather than "Foreign Minister Kang | Kyung-wha")
        last_of_run = k + 1 == len(words) or not _capitalised(words[k + 1])
        return 9.5 if last_of_run else 8.0
    if a in PRONOUNS and b not in CONJUNCTIONS and b not in PREPOSITIONS:
        return 6.0  # pronoun and its verb
    if a in AUXILIARIES or a == "to":
        return 6.0  # auxiliary or negation and its verb, infinitive marker and verb
    if a in PREPOSITIONS:
        return 5.0  # a preposition and its object
    if breakcosts.word_class(left, k == 1) == "adjective" and b not in breakcosts.FUNCTION_WORDS \
            and not _capitalised(right):
        return 8.0  # an adjective and its noun ("presidential / office")
    if b in CONJUNCTIONS:
        return 2.0
    if b in PREPOSITIONS:
        return 2.5
    return 4.0


def break_cost(words: list[str], k: int, table: dict[str, float] | None = None) -> float:
    """The cost of breaking before ``words[k]``: the rules weighed with where captioners break (:mod:`.breakcosts`).

    >>> words = "He met our Pentagon correspondent in Seoul".split()
    >>> break_cost(words, 5) < break_cost(words, 4)  # not "our Pentagon / correspondent"
    True
    """
    return breakcosts.gap_cost(words, k, rule_cost(words, k), table)


def two_lines(words: list[str], limit: int, widths: list[int] | None = None,
              costs: list[float] | None = None) -> list[str] | None:
    """The best way to show ``words`` in one or two lines of at most ``limit`` characters, or None.

    One line when it fits; else the break with the best linguistic cost and
    shape (:mod:`.breakcosts`). ``widths`` (each word's width) and ``costs``
    (``costs[k - 1]`` is the cost of a break before word ``k``) save working
    them out again when the caller has them.

    >>> two_lines("The National Security Council convened a session this afternoon".split(), 42)
    ['The National Security Council', 'convened a session this afternoon']
    """
    split = best_split(words, limit, widths, costs)
    if split is None:
        return None
    k = split[1]
    return [" ".join(words[:k]), " ".join(words[k:])] if k < len(words) else [" ".join(words)]


def best_split(words: list[str], limit: int, widths: list[int] | None = None,
               costs: list[float] | None = None, force: bool = False,
               table: dict[str, float] | None = None) -> tuple[float, int] | None:
    """(cost, k) of the best break of ``words`` into two lines before word ``k``; (0, len(words))
    when one line fits (unless ``force``: two lines even then); None when no break fits.

    The cost is the break's own (``costs`` or :func:`break_cost`) and the shape of the
    two lines; other arguments as for :func:`two_lines`.
    """
    sizes = widths if widths is not None else [width(w) for w in words]
    total = sum(sizes) + len(sizes) - 1
    if total <= limit and not force:
        return 0.0, len(words)
    wb, wb2, wf, wf2, wt, wtb = breakcosts.shape_weights(table)
    lone_top, lone_bottom = breakcosts.lone_weights(table)
    best: tuple[float, int] | None = None
    top = -1
    for k in range(1, len(words)):
        top += sizes[k - 1] + 1
        bottom = total - top - 1
        if top > limit:
            break
        if bottom > limit:
            continue
        linguistic = costs[k - 1] if costs is not None else break_cost(words, k, table)
        uneven, fill = abs(top - bottom) / limit, top / limit  # breakcosts.shape_cost, inline: the hot loop
        cost = linguistic + wb * uneven + wb2 * uneven * uneven + wf * fill + wf2 * fill * fill
        if top > bottom:
            cost += wt + wtb * uneven
        if k == 1:
            cost += lone_top
        if k == len(words) - 1:
            cost += lone_bottom
        if total <= limit:  # two lines asked for where one would do: a reason to break counts more
            cost += breakcosts.short_cost(words, k, rule_cost(words, k), table)
        if best is None or cost < best[0]:
            best = (cost, k)
    return best
