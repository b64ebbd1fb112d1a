"""The learned cost of a break between two words: where professional captioners break.

A break between ``words[k-1]`` and ``words[k]`` is described by the named features
of :data:`FEATURES` (one table); its cost is the sum of their weights in
``breakcosts.json``, fitted by ``tools/train_breaks.py`` on human caption files
(held-out figures: ``make eval-breaks``). The guideline rules of
:func:`subtitler.pipeline.linebreak.rule_cost` are one feature among them, so the
fit weighs them against what captioners do. Pure Python: a table lookup a gap.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

#: Every feature a break is described by: name (or prefix) and what it says.
FEATURES: dict[str, str] = {
    "rule": "the guideline rules' cost of the break (linebreak.rule_cost: punctuation, articles, names, ...)",
    "punct:P": "the word before the break ends with punctuation P (. , : ; ? ! - ...)",
    "after:C": "the word before the break is of class C (article, preposition, conjunction, pronoun, auxiliary, "
               "subject+verb (there's, I'm), to, name, number, or a shape class of other words: adjective "
               "and noun by their endings, -ing, -ed, -ly, -s, short, word)",
    "before:C": "the word after the break is of class C",
    "pair:C>D": "the classes on both sides of the break",
    "after2:C": "the word two before the break is of class C ('of the / X' against 'X of / the')",
    "before2:C": "the word two after the break is of class C",
    "lw:W": "the word before the break is W, a function word or one of the FREQUENT most frequent English words",
    "rw:W": "the word after the break is W (as lw:W)",
    "name": "both words are capitalised and the first does not start the text (inside a name)",
    "open-phrase": "an article or possessive among the three words before the break, and a content word after "
                   "it: the break is inside its noun phrase ('the South Korea / government')",
    "adjective>noun": "a word with an adjective's ending before a lower-case content word ('presidential / office')",
    "weak-end": "the line (or cue) would end on an article, a preposition, a conjunction or 'to'",
    "common>common": "two lower-case content words (a compound or adjective and noun: 'news conference')",
    "balance": "line break: |top - bottom| / limit, how uneven the two lines are",
    "balance2": "line break: the square of balance (a little uneven is nothing, very uneven is much)",
    "top-longer": "line break: 1 when the top line is longer than the bottom (not bottom-heavy)",
    "top-longer-by": "line break: (top - bottom) / limit when the top line is the longer",
    "top-fill": "line break: top / limit, how full the top line is",
    "top-fill2": "line break: the square of top-fill",
    "lpos:P": "the word before the break is of class P: a closed class as after:C, a name, or the parts of speech a "
              "word list gives the word (N noun, V verb, J adjective, R adverb, combined: NV, JN, ...; Vf a "
              "word known only as an inflected verb such as 'began', 'says'), "
              "else its shape class",
    "rpos:P": "the word after the break is of class P (as lpos:P)",
    "ppos:P>Q": "the lpos: and rpos: classes together",
    "lpos2:P": "the word two before the break is of class P (as lpos:P)",
    "rpos2:P": "the word two after the break is of class P (as lpos:P)",
    "verb>particle": "a word that can be a verb before an adverb particle ('pointing / out', 'turn / around')",
    "phrasal-verb": "verb>particle with a particle seldom a preposition after a verb (up, out, off, back, away, "
                    "apart, aside, down): a fixed cost of the guideline (GUIDELINE), not fitted",
    "verb>object": "a word that can be a verb before an object pronoun ('get / you a ticket')",
    "ww:A>B": "the words on both sides of the break, when both are among the named words of lw:W",
    "tri:P>Q|R": "three classes (as lpos:P) about the break (the bar), two before it or two after it",
    "lone-top": "line break: the top line is one word",
    "lone-bottom": "line break: the bottom line is one word",
    "short:F": "line break of words that would fit one line: feature F (punct:P, pair:C>D) again, "
               "for a captioner breaks such a cue only for a reason",
}

ARTICLES = frozenset("a an the this that these those my your his her its our their some any no every each".split())
CONJUNCTIONS = frozenset("and but or nor so yet because although though while whereas if unless since when "
                         "where whether as than which who whom whose".split())
PREPOSITIONS = frozenset("about above across after against along among around at before behind below beneath "
                         "beside between beyond by despite during except for from in inside into like near of off "
                         "on onto out outside over past regarding through throughout toward towards under "
                         "underneath until up upon with within without".split())
PRONOUNS = frozenset("i you he she it we they me him us them there".split())
AUXILIARIES = frozenset("am is are was were be been being have has had do does did will would shall should can "
                        "could may might must not never don't can't won't isn't it's i'm you're we're they're "
                        "i've you've we've i'll you'll we'll didn't doesn't wasn't".split())
#: The function words a feature names one by one (the rest are named by class).
FUNCTION_WORDS = ARTICLES | CONJUNCTIONS | PREPOSITIONS | PRONOUNS | AUXILIARIES | frozenset(["to", "that"])
_ADJECTIVE = ("al", "ic", "ive", "ous", "ful", "less", "ary", "ible", "able", "ish", "ian", "ese")
_NOUN = ("tion", "sion", "ment", "ness", "ity", "ence", "ance", "ship", "ism", "ist", "ogy")
#: The classes of the words of a noun phrase after its article ("the South Korea government").
_NOUN_PHRASE = frozenset(("word", "-s", "short", "adjective", "noun", "name", "number"))
#: Fixed costs, not fitted: the guidelines' rules (GUIDELINES.md: never between an article or
#: adjective and its noun, never inside a name, never a verb and its particle; break after
#: punctuation). The captioners of the
#: training files break inside phrases now and then, so a fit alone would learn to break there too.
GUIDELINE = {"open-phrase": 5.0, "name": 5.0, "adjective>noun": 5.0, "weak-end": 1.5, "phrasal-verb": 3.0,
             "punct:.": -1.0, "punct:?": -1.0, "punct:!": -1.0}
#: The features of a break the guidelines say never to make: a cue is cut in two rather than show one.
NEVER = frozenset(("open-phrase", "name", "adjective>noun"))
#: A line that ends on one of these leaves its phrase open ("reflects on the / history").
_WEAK = frozenset(("article", "preposition", "conjunction", "to"))
#: Words that end with a full stop without ending a sentence (besides dotted ones such as "U.S.").
ABBREVIATIONS = frozenset("mr mrs ms dr st gen sen rep gov lt col sgt capt cmdr adm maj jr sr prof vs etc inc corp "
                          "co ltd no vol fig approx dept univ ave".split())
#: How many of the most frequent English words (wordfreq) the lw:/rw: features name.
FREQUENT = 400
_QUOTES = "\"'“”‘’()[]"
_SUBJECT_VERB = re.compile(r"^(?:i|you|he|she|it|we|they|there|that|here|what|who|where)'(?:s|re|m|ve|ll|d)$")


def bare(word: str) -> str:
    """The word in lower case without quotes, brackets or trailing punctuation."""
    return word.strip(_QUOTES).lower().rstrip(".,;:!?")


def capitalised(word: str) -> bool:
    core = word.strip(_QUOTES)
    return bool(core) and core[0].isupper()


def punctuation(word: str) -> str:
    """The punctuation a word ends with ('.', ',', ':', ';', '?', '!', '...', '-'), or ''."""
    core = word.rstrip("\"'”’)]")
    if core.endswith(("...", "…")):
        return "..."
    if core in ("--", "—", "–") or core.endswith(("--", "—")):
        return "-"
    if core.endswith(".") and ("." in core[:-1] or bare(core) in ABBREVIATIONS):
        return ""  # "U.S.", "Dr.": part of the phrase, not its end
    if core and core[-1] in ".,:;?!":
        return core[-1]
    return ""


@lru_cache(maxsize=1 << 16)
def word_class(word: str, first: bool) -> str:
    """The class of a word for the break features (see ``after:C`` in :data:`FEATURES`)."""
    b = bare(word).replace("’", "'")
    if _SUBJECT_VERB.match(b):
        return "subject+verb"  # "there's", "I'm", "you're": a clause starts
    if b in ARTICLES:
        return "article"
    if b == "to":
        return "to"
    if b in PREPOSITIONS:
        return "preposition"
    if b in CONJUNCTIONS or b == "that":
        return "conjunction"
    if b in PRONOUNS:
        return "pronoun"
    if b in AUXILIARIES:
        return "auxiliary"
    if b[:1].isdigit():
        return "number"
    if capitalised(word) and not first:
        return "name"
    if b.endswith(_ADJECTIVE) and len(b) > 5:
        return "adjective"  # "presidential", "economic", "dangerous": before their noun
    if b.endswith(_NOUN) and len(b) > 5:
        return "noun"
    if b.endswith("ing"):
        return "-ing"
    if b.endswith("ed"):
        return "-ed"
    if b.endswith("ly"):
        return "-ly"
    if b.endswith("s") and not b.endswith("ss"):
        return "-s"
    return "short" if len(b) <= 3 else "word"


#: Adverb particles of phrasal verbs ("point out", "turn around", "give up").
PARTICLES = frozenset("up out down off in on back away over around about through along aside apart".split())
#: The particles that after a verb are seldom the preposition of a phrase of their own ("give / up
#: the search", "figure / out why"; but "lived / in Paris"): the guideline's "never a verb and its particle".
_PARTICLES_ONLY = frozenset("up out off back away apart aside down".split())
#: Object pronouns: a verb's object, kept with it ("get you a ticket").
OBJECTS = frozenset("me you him her us them it".split())
_LEXICON: dict[str, str] | None = None
#: Numbers written in words ("four times further", "a thousand bucks").
NUMBERS = frozenset("one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
                    "hundred thousand million billion dozen half".split())
_GOING = frozenset("gonna wanna gotta".split())


def lexicon() -> dict[str, str]:
    """The parts of speech of common content words (``lexicon`` of ``breakcosts.json``): word -> "N", "NV", ..."""
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = {word: kind for kind, listed in _model().get("lexicon", {}).items() for word in listed.split()}
    return _LEXICON


def use_lexicon(table: dict[str, str]) -> None:
    """Use this word list instead of the committed one (for training, before there is one)."""
    global _LEXICON
    _LEXICON = dict(table)
    pos_class.cache_clear()


@lru_cache(maxsize=1 << 16)
def pos_class(word: str, first: bool) -> str:
    """The class of a word for the ``lpos:`` features: a closed class, a name, the word list's parts of
    speech, or the shape class of :func:`word_class`."""
    shape = word_class(word, first)
    if shape not in _OPEN:
        return shape
    b = bare(word).replace("’", "'")
    if b in NUMBERS:
        return "number"
    if b in _GOING:
        return "auxiliary"  # "gonna", "wanna", "gotta": the verb follows
    kind = lexicon().get(b)
    return shape if kind is None else kind


_OPEN = frozenset(("adjective", "noun", "-ing", "-ed", "-ly", "-s", "short", "word"))


def gap_features(words: list[str], k: int, rule: float) -> list[str]:
    """The indicator features of a break before ``words[k]`` (``rule`` is the rules' cost, weighted apart)."""
    left, right = words[k - 1], words[k]
    a, b = word_class(left, k == 1), word_class(right, False)
    mark = punctuation(left)
    out = [f"after:{a}", f"before:{b}", f"pair:{a}>{b}", f"punct:{mark}"]
    if k >= 2:
        out.append(f"after2:{word_class(words[k - 2], k == 2)}")
    if k + 1 < len(words):
        out.append(f"before2:{word_class(words[k + 1], False)}")
    lb, rb = bare(left), bare(right)
    named = frequent()
    if lb in named and not mark:
        out.append(f"lw:{lb}")
    if rb in named:
        out.append(f"rw:{rb}")
    if not mark and capitalised(left) and capitalised(right) and k > 1:
        out.append("name")
    if not mark and a in ("word", "-s", "-ing", "-ed", "short", "adjective", "noun") and \
            b in ("word", "-s", "short", "noun"):
        out.append("common>common")
    if not mark and _inside_noun_phrase(words, k, b):
        out.append("open-phrase")
    if not mark and a == "adjective" and b in _NOUN_PHRASE and not capitalised(right) and _may_be_noun(right):
        out.append("adjective>noun")
    if not mark and a in _WEAK:
        out.append("weak-end")
    p, q = pos_class(left, k == 1), pos_class(right, False)
    out += [f"lpos:{p}", f"rpos:{q}", f"ppos:{p}>{q}"]
    if k >= 2:
        out.append(f"lpos2:{pos_class(words[k - 2], k == 2)}")
    if k + 1 < len(words):
        out.append(f"rpos2:{pos_class(words[k + 1], False)}")
    if not mark and "V" in p:
        if rb in PARTICLES:
            out.append("verb>particle")
            if rb in _PARTICLES_ONLY:
                out.append("phrasal-verb")
        elif rb in OBJECTS:
            out.append("verb>object")
    if lb in named and rb in named:
        out.append(f"ww:{lb}{mark}>{rb}")
    if k >= 2:
        out.append(f"tri:{pos_class(words[k - 2], k == 2)}>{p}{mark}|{q}")
    if k + 1 < len(words):
        out.append(f"tri:{p}{mark}|{q}>{pos_class(words[k + 1], False)}")
    return out


def _inside_noun_phrase(words: list[str], k: int, right: str) -> bool:
    """Whether a break before ``words[k]`` (of class ``right``) falls between an article and its noun:
    an article up to three words back (a possessive up to two), only content words after it, a content
    word after the break."""
    if right not in _NOUN_PHRASE or not _may_be_noun(words[k]):
        return False
    for j in range(k - 1, max(-1, k - 4), -1):
        kind = word_class(words[j], j == 0)
        if kind == "article" or (j >= k - 2 and _possessive(words[j], kind)):
            return True
        if kind not in _NOUN_PHRASE or punctuation(words[j]):
            return False
    return False


def _possessive(word: str, kind: str) -> bool:
    """Whether a word is a possessive that opens a noun phrase as an article does ("South Korea's /
    presidential office", "the minister's / plan"); "it's", "there's" are a subject and a verb."""
    core = word.strip(_QUOTES).replace("’", "'")
    return kind != "subject+verb" and core.lower().endswith(("'s", "s'")) and len(core) > 3


def _may_be_noun(word: str) -> bool:
    """Whether a word may continue a noun phrase: all but a word the list knows only as an inflected
    verb ("the floodgates / began": "began" ends the phrase) or only as an adverb."""
    return lexicon().get(bare(word)) not in ("Vf", "R")


@cache
def frequent() -> frozenset[str]:
    """The words a feature names one by one: the function words and English's most frequent words."""
    from wordfreq import top_n_list

    return FUNCTION_WORDS | frozenset(top_n_list("en", FREQUENT))


def never(words: list[str], k: int, rule: float) -> bool:
    """Whether a break before ``words[k]`` is one the guidelines say never to make (:data:`NEVER`)."""
    return not NEVER.isdisjoint(gap_features(words, k, rule))


def with_guideline(fitted: dict[str, float]) -> dict[str, float]:
    """Fitted weights with the fixed :data:`GUIDELINE` costs added."""
    out = dict(fitted)
    for name, cost in GUIDELINE.items():
        out[name] = out.get(name, 0.0) + cost
    return out


@cache
def _model() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((Path(__file__).with_name("breakcosts.json")).read_text(encoding="utf-8"))
    return data


@cache
def weights() -> dict[str, float]:
    """The weights in use: the fitted ones (``breakcosts.json`` beside this module) and the guideline's."""
    return with_guideline({str(k): float(v) for k, v in _model()["weights"].items()})


def gap_cost(words: list[str], k: int, rule: float, table: dict[str, float] | None = None) -> float:
    """The cost of a break before ``words[k]`` (the shape terms of a line break apart)."""
    w = weights() if table is None else table
    return w.get("rule", 0.0) * rule + sum(w.get(f, 0.0) for f in gap_features(words, k, rule))


def shape_features(top: int, bottom: int, limit: int) -> dict[str, float]:
    """The shape features of a two-line cue: its top and bottom line widths under ``limit``."""
    uneven = abs(top - bottom) / limit
    fill = top / limit
    out = {"balance": uneven, "balance2": uneven * uneven, "top-fill": fill, "top-fill2": fill * fill}
    if top > bottom:
        out["top-longer"] = 1.0
        out["top-longer-by"] = uneven
    return out


def short_features(words: list[str], k: int, rule: float) -> list[str]:
    """The ``short:`` features of a break of words that would fit on one line."""
    return [f"short:{f}" for f in gap_features(words, k, rule) if f.startswith(("punct:", "pair:"))]


def shape_weights(table: dict[str, float] | None = None) -> tuple[float, float, float, float, float, float]:
    """The weights of :func:`shape_features` in its order, for a caller that scores many shapes."""
    w = weights() if table is None else table
    return (w.get("balance", 0.0), w.get("balance2", 0.0), w.get("top-fill", 0.0), w.get("top-fill2", 0.0),
            w.get("top-longer", 0.0), w.get("top-longer-by", 0.0))


def lone_features(k: int, n: int) -> dict[str, float]:
    """The features of a line of one word: a break before word ``k`` of ``n``."""
    out = {}
    if k == 1:
        out["lone-top"] = 1.0
    if k == n - 1:
        out["lone-bottom"] = 1.0
    return out


def lone_weights(table: dict[str, float] | None = None) -> tuple[float, float]:
    """The weights of :func:`lone_features`: a top line, a bottom line of one word."""
    w = weights() if table is None else table
    return w.get("lone-top", 0.0), w.get("lone-bottom", 0.0)


def shape_cost(top: int, bottom: int, limit: int, table: dict[str, float] | None = None) -> float:
    """The learned cost of a two-line cue's shape (:func:`shape_features`)."""
    w = weights() if table is None else table
    return sum(w.get(name, 0.0) * value for name, value in shape_features(top, bottom, limit).items())


def short_cost(words: list[str], k: int, rule: float, table: dict[str, float] | None = None) -> float:
    """The learned extra cost of a break of words that would fit on one line (:func:`short_features`)."""
    w = weights() if table is None else table
    return sum(w.get(f, 0.0) for f in short_features(words, k, rule))
