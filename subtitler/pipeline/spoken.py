"""What is said, for counting syllables: numbers, acronyms and symbols as they are spoken.

The caption text is never changed; these words only decide how long a
sentence takes to say ("2020" is "twenty twenty", "NSC" is three letters,
"$1.5 billion" is "one point five billion dollars").
"""

from __future__ import annotations

import re
from functools import lru_cache

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
#: Acronyms said as a word, not letter by letter.
SAID_AS_WORDS = frozenset("NASA NATO UNESCO UNICEF OPEC FEMA NAFTA COVID AIDS ISIS ASEAN OSHA NOAA "
                          "SWAT GIF JPEG DACA CAFTA SARS MERS NIMBY RADAR LASER SCUBA".split())
#: Letters that take more than one syllable to say.
_LETTER_SYLLABLES = {"w": 3}
# Numbers with their signs and suffixes, words of letters of any script (accented Latin,
# Hangul, kana, Cyrillic …) with inner periods and apostrophes, and the symbols said aloud.
_TOKEN = re.compile(r"[$€£]?\d[\d,]*(?:\.\d+)?(?:%|st|nd|rd|th|bn|s|m|k)?|[^\W\d_]+(?:[.'’][^\W\d_]+)*\.?|[&%$€£@]")
#: Currency signs and what one says after the amount.
_CURRENCIES = {"$": "dollars", "€": "euros", "£": "pounds"}
#: Scale letters after an amount of money ("€5m", "$2bn", "£40k").
_MONEY_SCALES = {"k": "thousand", "m": "million", "bn": "billion"}
#: Ordinal forms of the number words that do not just take "th".
_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
             "twelve": "twelfth"}
#: Abbreviations one says in full.
_SAID_IN_FULL = {"dr.": "doctor", "mr.": "mister", "mrs.": "missus", "st.": "saint", "gen.": "general",
                 "sen.": "senator", "rep.": "representative", "gov.": "governor", "prof.": "professor",
                 "lt.": "lieutenant", "col.": "colonel", "sgt.": "sergeant", "capt.": "captain", "jr.": "junior",
                 "vs.": "versus"}
# Scripts where each character is one syllable: Hangul syllables, kana, CJK ideographs.
_SYLLABIC = re.compile(r"[\uac00-\ud7a3\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_OTHER_VOWELS = re.compile(r"[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœаеёиоуыэюяαεηιουω]+", re.IGNORECASE)
#: Vowel groups. A y is a vowel after a consonant or before a consonant, a consonant between vowels
#: or before one at the start: "you", "royal", "beyond", but "trying", "lawyer", "they".
_VOWELS = re.compile(r"(?:[aeiou]|(?<=[b-df-hj-np-tv-xz])y|y(?![aeiou]))+")
#: Final e that is said: "-le" after a consonant ("table"), "-ue" ("issue", not "league"), ee, ye, oe.
_SAID_E = re.compile(r"(?:[^aeiouy]le|(?<![gq])ue|ee|ye|oe)$")
#: "-ed" and "-es" that are said: after t/d ("wanted"), after sibilants ("passes"), after a syllabic l
#: ("particles", not "called"), and where the vowel before is its own syllable ("studied", "issues").
_SAID_ED_ES = re.compile(r"(?:[td]ed|(?:s|z|ch|sh|g|c|x)es|[^aeiouylr]l(?:ed|es)|[iu](?:ed|es))$")
#: A silent e inside a word, before a suffix: "completely", "movement", "something", "someone".
_SILENT_E = re.compile(r"(?<=[aeiouy][^aeiouy])e(?=(?:ly|ments?|ful|less|ness|thing|times|ways?|one)$)")
#: Two vowels said apart: "India", "radium", "curiosity", "theory", "actual", "science", "-ism",
#: and a vowel before "-ing" ("being", "going", "trying").
_HIATUS = re.compile(r"(?<![cstgxn])(?<!ll)i(?=a)(?!age)|i(?=u)|(?<=[bdprmv])i(?=o)|(?<!g)e(?=o)|(?<![qg])u(?=a)"
                     r"|(?<=sc)i(?=e)|(?<=i)(?=sms?$)|(?:[aeiou]|(?<=[^aeiou])y)(?=ing$)")
#: "-n't" after a consonant is a syllable of its own: "wasn't", "didn't" (not "don't").
_SYLLABIC_NT = re.compile(r"[^aeiouy]n't$")
#: Endings after which a possessive 's is a syllable: "the boss's".
_SIBILANTS = ("s", "z", "x", "ch", "sh", "ce", "ge")
#: Words the vowel-group rules miscount (checked against the CMU Pronouncing Dictionary).
_EXCEPTIONS = {
    "the": 1, "every": 3, "evening": 2, "business": 2, "people": 2, "area": 3, "areas": 3, "idea": 3,
    "ideas": 3, "being": 2, "really": 2, "science": 2, "quiet": 2, "poem": 2, "create": 2, "created": 3,
    "creates": 2, "creating": 3, "creation": 3, "korea": 3, "korean": 3, "seoul": 1, "iraq": 2, "iran": 2,
    "via": 2, "media": 3, "radio": 3, "video": 3, "biden": 2, "obama": 3, "trump": 1, "european": 4,
    "hour": 1, "hours": 1, "fire": 1, "our": 1, "naive": 2, "going": 2, "doing": 2, "saying": 2, "trying": 2,
    "playing": 2, "staying": 2, "dying": 2, "lying": 2, "actually": 4, "usually": 4, "annual": 3,
    "previous": 3, "serious": 3, "hundred": 2, "nineteen": 2, "ninety": 2, "maybe": 2, "nuclear": 3,
    "nucleus": 3, "nuclei": 3, "denuclearization": 7, "element": 3, "elements": 3,
}


def number_words(value: int) -> str:
    """An integer as words.

    >>> number_words(1_234_005)
    'one million two hundred thirty four thousand five'
    """
    if value < 0:
        return "minus " + number_words(-value)
    if value < 20:
        return _ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return _TENS[tens] + ("" if not ones else " " + _ONES[ones])
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        return _ONES[hundreds] + " hundred" + ("" if not rest else " " + number_words(rest))
    for scale, name in _SCALES:
        if value >= scale:
            head, rest = divmod(value, scale)
            return number_words(head) + " " + name + ("" if not rest else " " + number_words(rest))
    return str(value)


def _number_token(token: str) -> str:
    """A number as said: "2020" is "twenty twenty", "21st" "twenty first", "1990s" "nineteen nineties",
    "$1.5" "one point five dollars", "€5m" "five million euros"."""
    currency = _CURRENCIES.get(token[0])
    body = token[1:] if currency else token
    suffix = re.search(r"(%|st|nd|rd|th|bn|s|m|k)$", body)
    ending = suffix.group(1) if suffix else ""
    if suffix:
        body = body[:suffix.start()]
    body = body.replace(",", "")
    whole, _, fraction = body.partition(".")
    if not whole.isdigit():
        return token
    value = int(whole)
    year = not fraction and not currency and len(whole) == 4 and 1100 <= value <= 2099
    if year and value % 100 == 0 and ending == "s":
        words = number_words(value // 100) + " hundred"  # "the 1900s"
    elif year and value % 1000 >= 10:
        words = number_words(value // 100) + " " + (number_words(value % 100) if value % 100 >= 10
                                                     else "oh " + number_words(value % 100))
    else:
        words = number_words(value)
    if fraction:
        words += " point " + " ".join(_ONES[int(d)] for d in fraction)
    if ending in ("st", "nd", "rd", "th"):
        head, _, last = words.rpartition(" ")
        last = _ORDINALS.get(last, last[:-1] + "ieth" if last.endswith("y") else last + "th")
        words = f"{head} {last}".lstrip()
    elif ending == "s":  # a decade or a plural: "nineties", "hundreds"
        words = words[:-1] + "ies" if words.endswith("y") else words + "s"
    elif ending in _MONEY_SCALES and currency:
        words += " " + _MONEY_SCALES[ending]
    elif ending in ("m", "k", "bn"):
        words += " " + {"m": "m", "k": "k", "bn": "b n"}[ending]  # units read as letters
    if currency:
        words += " " + currency
    if ending == "%":
        words += " percent"
    return words


def spoken_words(text: str) -> list[str]:
    """The words one says to read ``text`` aloud.

    >>> spoken_words("The U.S. and NSC met in 2020 over $1.5 billion.")  # doctest: +NORMALIZE_WHITESPACE
    ['the', 'u', 's', 'and', 'n', 's', 'c', 'met', 'in', 'twenty', 'twenty', 'over', 'one', 'point', 'five',
     'billion', 'dollars']
    """
    out: list[str] = []
    tokens = _TOKEN.findall(text)
    for index, token in enumerate(tokens):
        if token[0].isdigit() or token[0] in _CURRENCIES:
            words = _number_token(token).split()
            following = tokens[index + 1].lower().rstrip(".") if index + 1 < len(tokens) else ""
            if words[-1] in _CURRENCIES.values() and following in ("million", "billion", "trillion", "thousand"):
                tokens[index + 1] = f"{following} {words[-1]}"  # "$1.5 billion": the dollars come after the scale
                words = words[:-1]
            out.extend(words)
        elif token in ("&",):
            out.append("and")
        elif token == "%":
            out.append("percent")
        elif token in _CURRENCIES or token == "@":
            out.append(_CURRENCIES.get(token, "at"))
        elif token.endswith(tuple(f" {name}" for name in _CURRENCIES.values())):
            out.extend(token.split())
        elif token.lower() in _SAID_IN_FULL:
            out.append(_SAID_IN_FULL[token.lower()])
        else:
            out.extend(_word_parts(token))
    return out


def _word_parts(token: str) -> list[str]:
    if not token.isascii():
        return [token.lower()]  # a word of another script: counted as it stands
    bare = token.rstrip(".")
    if "." in bare and all(len(p) == 1 for p in bare.split(".")):
        return [p.lower() for p in bare.split(".")]  # U.S., D.C.: letters
    owner = bare[-2:] in ("'s", "’s") and bare[:-2].isupper()
    if owner:  # "CNN's": the letters, the last one with its 's
        bare = bare[:-2]
    letters = bare.replace("'", "").replace("’", "")
    if letters.isupper() and 1 < len(letters) <= 6 and letters not in SAID_AS_WORDS and \
            (len(letters) <= 4 or not _VOWELS.search(letters.lower())):
        said = [c.lower() for c in letters]
        return [*said[:-1], said[-1] + "'s"] if owner else said
    if owner:
        bare += "'s"
    return [part.lower() for part in re.split(r"[-–]", bare) if part]


@lru_cache(maxsize=65_536)
def word_syllables(word: str) -> int:
    """Syllables in one spoken word (a letter said alone counts as said).

    >>> [word_syllables(w) for w in ("the", "minister", "tuesday", "w", "kyung", "make")]
    [1, 3, 2, 3, 1, 1]
    >>> [word_syllables(w) for w in ("whole", "particles", "married", "issues", "wasn't", "completely", "uranium")]
    [1, 3, 2, 2, 2, 3, 4]
    """
    w = word.lower().strip("'’").replace("’", "'")
    if not w:
        return 0
    if not w.isascii():
        return _other_script_syllables(w)
    if len(w) == 1:
        return _LETTER_SYLLABLES.get(w, 1)
    if w in _EXCEPTIONS:
        return _EXCEPTIONS[w]
    stem = w[:-2] if w.endswith("'s") else w
    count = len(_VOWELS.findall(stem))
    if stem != w and stem.endswith(_SIBILANTS):
        count += 1  # "the boss's": the 's is said as a syllable
    if stem.endswith("e") and count > 1 and not _SAID_E.search(stem):
        count -= 1  # a silent final e: "make", "whole"
    elif stem.endswith(("ed", "es")) and count > 1 and not _SAID_ED_ES.search(stem):
        count -= 1  # "-ed" and "-es" said without a vowel: "walked", "makes"
    count -= len(_SILENT_E.findall(stem))
    count += len(_HIATUS.findall(stem))
    if _SYLLABIC_NT.search(stem):
        count += 1  # "wasn't", "didn't"
    return max(1, count)


def _other_script_syllables(word: str) -> int:
    """Syllables of a word not in plain ASCII: one a character in Hangul, kana and CJK;
    vowel groups where the script has vowels; else about one in three letters."""
    syllabic = len(_SYLLABIC.findall(word))
    if syllabic:
        return syllabic
    vowels = len(_OTHER_VOWELS.findall(word))
    return max(1, vowels or round(len(word) / 3))


def syllables(text: str) -> int:
    """Syllables it takes to say ``text``.

    >>> syllables("Kang Kyung-wha met Mike Pompeo in 2020.")
    13
    """
    return sum(word_syllables(w) for w in spoken_words(text))
