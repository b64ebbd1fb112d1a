"""What the aligner listens for: dictionary words for caption words, and pronunciations for the rest.

A caption word becomes the words one says (:func:`subtitler.pipeline.spoken.spoken_words`:
"2020" is "twenty twenty", "NSC" is three letters, "Conn-young" is "conn young"),
each looked up in the pronunciation dictionary that ships with the acoustic model
(CMUdict, ARPAbet phones). A word it lacks ("Arirang", a typo such as "Nowthe")
gets a pronunciation: espeak-ng's IPA mapped onto the dictionary's phone set when
espeak-ng is installed, letter-to-sound rules otherwise. The mapping matters:
measured on the seed, alignment with espeak-ng's phones is several times closer to
the truth than with a crude spelling-based guess (docs/align.md).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterable

from subtitler.pipeline.spoken import spoken_words

#: The phones of the acoustic model (CMUdict's ARPAbet without stress marks).
PHONES = frozenset("AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH "
                   "UH UW V W Y Z ZH".split())

#: espeak-ng's IPA for English (en-us and en-gb voices) to ARPAbet, longest symbols first.
#: Flaps and glottal stops are written T, as CMUdict writes "water" and "button".
IPA = sorted({
    "aɪə": "AY ER", "aʊə": "AW ER", "aɪ": "AY", "aʊ": "AW", "eɪ": "EY", "oʊ": "OW", "əʊ": "OW", "ɔɪ": "OY",
    "ɪə": "IH R", "eə": "EH R", "ʊə": "UH R", "ɛə": "EH R", "tʃ": "CH", "dʒ": "JH", "n̩": "AH N", "l̩": "AH L",
    "m̩": "AH M", "ɑː": "AA", "ɑ": "AA", "ɒ": "AA", "æ": "AE", "a": "AE", "ʌ": "AH", "ə": "AH", "ɐ": "AH",
    "ɔː": "AO", "ɔ": "AO", "ɛ": "EH", "e": "EH", "ɜː": "ER", "ɜ": "ER", "ɚ": "ER", "ɝ": "ER", "ɪ": "IH",
    "ᵻ": "IH", "iː": "IY", "i": "IY", "o": "OW", "ʊ": "UH", "uː": "UW", "u": "UW", "b": "B", "d": "D",
    "ð": "DH", "f": "F", "ɡ": "G", "g": "G", "h": "HH", "k": "K", "l": "L", "ɫ": "L", "m": "M", "n": "N",
    "ŋ": "NG", "p": "P", "ɹ": "R", "r": "R", "ɾ": "T", "ʔ": "T", "s": "S", "ʃ": "SH", "t": "T", "θ": "TH",
    "v": "V", "w": "W", "ʍ": "W", "j": "Y", "z": "Z", "ʒ": "ZH", "x": "K", "ç": "HH", "ɬ": "L",
}.items(), key=lambda kv: -len(kv[0]))

#: Letter-to-sound rules for when espeak-ng is missing: (letters, phones), longest first.
#: English spellings, plus the romanised Korean, Chinese and Japanese of names in world news.
_LETTERS = sorted({
    "tch": "CH", "sch": "S K", "yeo": "Y AH", "eau": "OW", "igh": "AY", "ough": "AO", "augh": "AO",
    "wh": "W", "ch": "CH", "sh": "SH", "th": "TH", "ph": "F", "gh": "G", "ck": "K", "ng": "NG", "qu": "K W",
    "zh": "JH", "kh": "K", "dh": "D", "ee": "IY", "ea": "IY", "oo": "UW", "ai": "EY", "ay": "EY", "ei": "EY",
    "ey": "EY", "oa": "OW", "ow": "OW", "ou": "AW", "oi": "OY", "oy": "OY", "au": "AO", "aw": "AO", "eo": "AH",
    "eu": "UH", "ae": "EH", "ui": "W IY", "ie": "IY", "ya": "Y AA", "yu": "Y UW", "yo": "Y OW", "wa": "W AA",
    "wo": "W AO", "we": "W EH", "ar": "AA R", "or": "AO R", "er": "ER", "ir": "ER", "ur": "ER",
    "a": "AE", "b": "B", "c": "K", "d": "D", "e": "EH", "f": "F", "g": "G", "h": "HH", "i": "IH", "j": "JH",
    "k": "K", "l": "L", "m": "M", "n": "N", "o": "AA", "p": "P", "q": "K", "r": "R", "s": "S", "t": "T",
    "u": "AH", "v": "V", "w": "W", "x": "K S", "y": "IY", "z": "Z",
}.items(), key=lambda kv: -len(kv[0]))

_R_VOWELS = frozenset(("ar", "or", "er", "ir", "ur"))
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_EDGE = re.compile(r"^[^a-z0-9']+|[^a-z0-9']+$")
_KEY = re.compile(r"^[a-z0-9']*[a-z0-9][a-z0-9']*$")
_STRESS = re.compile(r"[ˈˌːˑ\u200d\u0329-\u032f\u0300-\u0328\u0330-\u036f.|‖-]")
#: How long one espeak-ng call may take, in seconds (it takes milliseconds).
ESPEAK_TIMEOUT = 60


def dictionary_words(caption_word: str) -> list[str]:
    """The dictionary words one says for a caption word (none for a dash or a symbol said as nothing).

    >>> dictionary_words("Conn-young,")
    ['conn', 'young']
    >>> dictionary_words("nation’s")
    ["nation's"]
    >>> dictionary_words("NSC")
    ['n', 's', 'c']
    >>> dictionary_words("2020.")
    ['twenty', 'twenty']
    """
    # Accents off first ("Pompéo" is said as "Pompeo"); a word in another script has nothing left to say.
    plain = unicodedata.normalize("NFKD", caption_word.translate(_APOSTROPHES)).encode("ascii", "ignore").decode()
    out = []
    for said in spoken_words(plain):
        key = _EDGE.sub("", said.lower()).strip("'")
        if key and _KEY.match(key):
            out.append(key)
    return out


def ipa_phones(ipa: str) -> list[str]:
    """espeak-ng IPA as ARPAbet phones; symbols with no English phone are left out.

    >>> ipa_phones("kˈɑːnjˈʌŋ")
    ['K', 'AA', 'N', 'Y', 'AH', 'NG']
    >>> ipa_phones("bˈʌʔn̩")
    ['B', 'AH', 'T', 'AH', 'N']
    """
    text = _STRESS.sub("", unicodedata.normalize("NFC", ipa).replace("n̩", "N1").replace("l̩", "L1")
                       .replace("m̩", "M1")).replace("N1", "n̩").replace("L1", "l̩").replace("M1", "m̩")
    out: list[str] = []
    at = 0
    while at < len(text):
        for symbol, phones in IPA:
            if text.startswith(symbol, at):
                out.extend(phones.split())
                at += len(symbol)
                break
        else:
            at += 1  # a symbol English does not use (tone, a rare diacritic): nothing to say for it
    return out


def letter_phones(word: str) -> list[str]:
    """Phones guessed from spelling, for when espeak-ng is not installed.

    >>> letter_phones("arirang")
    ['AE', 'R', 'IH', 'R', 'AE', 'NG']
    >>> letter_phones("ji")
    ['JH', 'IH']
    """
    letters = re.sub(r"[^a-z]", "", word.lower())
    if len(letters) > 3 and letters.endswith("e") and letters[-2] not in "aeiouy":
        letters = letters[:-1]  # a silent final e ("make")
    out: list[str] = []
    at = 0
    while at < len(letters):
        if at + 1 < len(letters) and letters[at] == letters[at + 1] and letters[at] not in "aeiou":
            at += 1  # a double consonant is one sound
            continue
        if letters[at] == "c" and letters[at + 1:at + 2] in ("e", "i", "y"):
            out.append("S")
            at += 1
            continue
        if letters[at] == "y" and at == 0:
            out.append("Y")
            at += 1
            continue
        for symbol, phones in _LETTERS:
            if symbol in _R_VOWELS and letters[at + 2:at + 3] in ("a", "e", "i", "o", "u", "y"):
                continue  # "ar" in "arirang" is not r-coloured: the r starts the next syllable
            if symbol == "a" and at == len(letters) - 1:
                phones = "AA"  # a final a is open in names: "Kyung-wha", "Yuna"
            if letters.startswith(symbol, at):
                out.extend(phones.split())
                at += len(symbol)
                break
    return out


def espeak_phones(words: list[str], voice: str = "en-us") -> dict[str, list[str]] | None:
    """ARPAbet phones of each word from espeak-ng, or None when espeak-ng is not installed.

    One process for all the words: one word a line in, one IPA line out.
    """
    program = shutil.which("espeak-ng") or shutil.which("espeak")
    if program is None or not words:
        return None if program is None else {}
    try:
        done = subprocess.run([program, "-q", "--ipa", "-v", voice], input="\n".join(words) + "\n",
                              capture_output=True, text=True, timeout=ESPEAK_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or len(lines) != len(words):
        # espeak-ng joined or split a line: ask again one word at a time
        if len(words) == 1:
            return {words[0]: ipa_phones(lines[0])} if len(lines) == 1 else None
        out: dict[str, list[str]] = {}
        for word in words:
            one = espeak_phones([word], voice)
            if one:
                out.update(one)
        return out
    return {word: ipa_phones(line) for word, line in zip(words, lines)}


class Lexicon:
    """Pronunciations of the words to align: the dictionary's, and made ones for the rest.

    Attributes:
        lookup: the dictionary (word → phones, or None when it lacks the word).
        use_espeak: ask espeak-ng when it is installed (else always letter-to-sound).
        made: pronunciations made for words the dictionary lacks, by word.
        how: 'espeak-ng' or 'letters': how the made ones were made.
    """

    def __init__(self, lookup: Callable[[str], str | None], use_espeak: bool = True) -> None:
        self.lookup = lookup
        self.use_espeak = use_espeak
        self.made: dict[str, str] = {}
        self.how = ""

    def missing(self, words: Iterable[str]) -> list[str]:
        """The words, in first-seen order, that neither the dictionary nor :attr:`made` has."""
        seen: dict[str, None] = {}
        for word in words:
            if word not in seen and word not in self.made and not self.lookup(word):
                seen[word] = None
        return list(seen)

    def complete(self, words: Iterable[str]) -> dict[str, str]:
        """Make pronunciations for every word the dictionary lacks; return the new ones (word → phones)."""
        missing = self.missing(words)
        if not missing:
            return {}
        from_espeak = espeak_phones(missing) if self.use_espeak else None
        self.how = "espeak-ng" if from_espeak is not None else "letters"
        new = {}
        for word in missing:
            phones = [p for p in (from_espeak or {}).get(word) or letter_phones(word) if p in PHONES]
            new[word] = " ".join(phones or ["AH"])  # a word must have a phone; a digit-only oddity gets a schwa
        self.made.update(new)
        return new
