"""CEA-608 captions on the line-21 data channel: the character sets, the control codes, what a pop-on caption loads.

What SCC files carry (:mod:`subtitler.formats.scc`) is 608 data: 16-bit words,
each byte with odd parity, of characters from the basic, special and extended
sets, control codes (resume caption loading, erase, end of caption, mid-row
codes for italics) and preamble address codes that place a row on the screen.
This module holds those tables and turns cue text into the words that load it:
:func:`fit` makes text fit 608 (its characters, 4 rows of 32 columns), and
:func:`caption_units` gives the words of one pop-on caption.
"""

from __future__ import annotations

import re

from subtitler import rules
from subtitler.model import Finding

ROWS = 4
COLUMNS = 32
#: The screen rows a caption of 1 to 4 rows takes: the bottom ones.
BOTTOM = 15

# -- the 608 character sets ---------------------------------------------------------------
#: Basic characters that differ from ASCII (CEA-608 Table 50).
_BASIC_OWN = {0x2A: "á", 0x5C: "é", 0x5E: "í", 0x5F: "ó", 0x60: "ú", 0x7B: "ç", 0x7C: "÷", 0x7D: "Ñ", 0x7E: "ñ",
              0x7F: "█"}
BASIC = {code: _BASIC_OWN.get(code, chr(code)) for code in range(0x20, 0x80)}
#: Special characters: 0x11 then 0x30-0x3F (0x39 is the transparent space).
SPECIAL = dict(zip(range(0x30, 0x40), "®°½¿™¢£♪à\u00a0èâêîôû"))
#: Extended characters: 0x12 or 0x13 then 0x20-0x3F; each replaces the basic character sent before it.
EXTENDED_12 = dict(zip(range(0x20, 0x40), "ÁÉÓÚÜü‘¡*'—©℠•“”ÀÂÇÈÊËëÎÏïÔÙùÛ«»"))
EXTENDED_13 = dict(zip(range(0x20, 0x40), "ÃãÍÌìÒòÕõ{}\\^_|~ÄäÖöß¥¤│ÅåØø┌┐└┘"))
#: The basic character an extended one falls back to on a decoder without the extended sets.
_FALLBACK = {"Á": "A", "É": "E", "Ó": "O", "Ú": "U", "Ü": "U", "ü": "u", "‘": "'", "¡": "!", "*": "'", "'": "'",
             "—": "-", "©": "c", "℠": "s", "•": ".", "“": '"', "”": '"', "À": "A", "Â": "A", "Ç": "C", "È": "E",
             "Ê": "E", "Ë": "E", "ë": "e", "Î": "I", "Ï": "I", "ï": "i", "Ô": "O", "Ù": "U", "ù": "u", "Û": "U",
             "«": '"', "»": '"', "Ã": "A", "ã": "a", "Í": "I", "Ì": "I", "ì": "i", "Ò": "O", "ò": "o", "Õ": "O",
             "õ": "o", "{": "(", "}": ")", "\\": "/", "^": "'", "_": "-", "|": "!", "~": "-", "Ä": "A", "ä": "a",
             "Ö": "O", "ö": "o", "ß": "s", "¥": "Y", "¤": "o", "│": "!", "Å": "A", "å": "a", "Ø": "O", "ø": "o",
             "┌": "+", "┐": "+", "└": "+", "┘": "+"}
#: Characters 608 does not have, written as ones it has (no finding: they look the same).
_SAME = {"’": "'", "\u2011": "-", "\u2010": "-"}
#: Characters 608 does not have, written as the nearest it has (a W813 finding each).
_NEAREST = {"–": "-", "…": "...", "`": "'", "\t": " ", "€": "EUR", "„": '"', "‚": "'", "×": "x"}

_ENCODE: dict[str, tuple[int, ...]] = {}
for _code, _char in BASIC.items():
    _ENCODE.setdefault(_char, (_code,))
for _code, _char in SPECIAL.items():
    _ENCODE.setdefault(_char, (0x11, _code))
for _first, _table in ((0x12, EXTENDED_12), (0x13, EXTENDED_13)):
    for _code, _char in _table.items():
        _ENCODE.setdefault(_char, (_first, _code))
_ENCODE["'"] = (0x27,)


def holds(char: str) -> bool:
    """Whether CEA-608 has the character."""
    return char in _ENCODE


def parity(byte: int) -> int:
    """The 7-bit value with bit 7 set so that the byte has an odd number of ones."""
    return byte | (0x80 if bin(byte).count("1") % 2 == 0 else 0)


def _word(first: int, second: int) -> str:
    return f"{parity(first):02x}{parity(second):02x}"


# Control codes of channel 1 (first byte 0x14; 0x17 for tab offsets).
RCL, EDM, ENM, EOC = _word(0x14, 0x20), _word(0x14, 0x2C), _word(0x14, 0x2E), _word(0x14, 0x2F)
#: PAC first byte and second-byte base for each row (CEA-608 Table 53).
_PAC_ROWS = {1: (0x11, 0x40), 2: (0x11, 0x60), 3: (0x12, 0x40), 4: (0x12, 0x60), 5: (0x15, 0x40), 6: (0x15, 0x60),
             7: (0x16, 0x40), 8: (0x16, 0x60), 9: (0x17, 0x40), 10: (0x17, 0x60), 11: (0x10, 0x40), 12: (0x13, 0x40),
             13: (0x13, 0x60), 14: (0x14, 0x40), 15: (0x14, 0x60)}
ROW_OF = {(first, base): row for row, (first, base) in _PAC_ROWS.items()}


def pac(row: int, indent: int) -> str:
    """The preamble address code putting the cursor on ``row`` (1-15) at column ``indent`` (a multiple of 4), white."""
    first, base = _PAC_ROWS[row]
    return _word(first, base + 0x10 + (indent // 4) * 2)


#: Mid-row codes (0x11 0x20-0x2F): white, and white italics; each takes a column, shown as a space.
PLAIN, ITALIC = _word(0x11, 0x20), _word(0x11, 0x2E)
_TOKENS = re.compile(r"</?i>|[^<]+|<", re.DOTALL)


def _cells(text: str) -> list[list[str]]:
    """The rows of a caption as cells: characters, and a mid-row code where italics start or end.

    A mid-row code takes a column: it takes the place of the space before the words it starts
    or ends when there is one, else a column of its own; italics that end inside a word (before
    its punctuation) end at the next space, so the word is not cut by a column.

    >>> [["|" if len(c) > 1 else c for c in row] for row in _cells("a <i>b\\nc</i> d")]
    [['a', '|', 'b'], ['|', 'c', '|', 'd']]
    """
    rows: list[list[str]] = [[]]
    wanted = shown = False
    for token in _TOKENS.findall(text):
        if token in ("<i>", "</i>"):
            wanted = token == "<i>"
            continue
        for char in token:
            row = rows[-1]
            if char == "\n":
                rows.append([])
                shown = False  # a preamble address code starts each row in plain white
                continue
            if wanted != shown and (wanted or char == " "):  # italics end at a space: 'no.' stays one word
                shown = wanted
                code = ITALIC if wanted else PLAIN
                if row and row[-1] == " ":
                    row[-1] = code
                elif char == " ":
                    row.append(code)
                    continue
                elif row or wanted:
                    row.append(code)
            row.append(char)
    return rows


def fit(text: str, line: int = 0, cue: int | None = None) -> tuple[str | None, list[Finding]]:
    """Cue text as CEA-608 can show it: 608 characters only, rows of 32, at most 4 (None if it cannot fit).

    Italics stay (a mid-row code each way); bold and underline go. A row over 32
    columns re-wraps the cue's words (I817, without italics); a character 608 lacks is
    replaced (W813).

    >>> text, notes = fit("Caf\\u00e9 \\u2013 <i>open</i>")
    >>> text, [(n.code, n.column, n.message) for n in notes]
    ('Café - <i>open</i>', [('W813', 6, "'–' (U+2013) is not in CEA-608: written as '-'")])
    """
    notes: list[Finding] = []
    out = []
    column = 0
    for token in _TOKENS.findall(re.sub(r"</?[bu]>", "", text)):
        if token in ("<i>", "</i>"):
            out.append(token)
            continue
        for char in token:
            column += 1
            if char == "\n" or char in _ENCODE:
                out.append(char)
            elif char in _SAME:
                out.append(_SAME[char])
            else:
                instead = _NEAREST.get(char, "?")
                out.append(instead)
                notes.append(rules.make("W813", line, column, f"{char!r} (U+{ord(char):04X}) is not in CEA-608: "
                                        f"written as {instead!r}", cue))
    lines = [" ".join(row.split()) for row in "".join(out).split("\n")]
    lines = [row for row in lines if re.sub(r"</?i>", "", row)]
    if any(len(cells) > COLUMNS for cells in _cells("\n".join(lines))):
        words = re.sub(r"</?i>", "", " ".join(lines)).split()
        lines = [""]
        for word in words:
            if len(word) > COLUMNS:
                return None, notes
            if lines[-1] and len(lines[-1]) + 1 + len(word) > COLUMNS:
                lines.append(word)
            else:
                lines[-1] = f"{lines[-1]} {word}".strip()
        italics = ", italics dropped" if "<i>" in text else ""
        notes.append(rules.make("I817", line, 0, f"a line over {COLUMNS} characters: re-wrapped into {len(lines)} "
                                f"rows{italics}", cue))
    if len(lines) > ROWS:
        return None, notes
    return "\n".join(lines), notes


def _row_words(row: list[str]) -> list[tuple[str, ...]]:
    """The words of one row's cells, as units: a pair of basic characters, a doubled special or extended
    character, or a doubled mid-row code."""
    units: list[tuple[str, ...]] = []
    pending: list[int] = []

    def flush() -> None:
        if pending:
            units.append((_word(pending[0], pending[1] if len(pending) > 1 else 0),))
            pending.clear()

    for char in row:
        if len(char) > 1:  # a mid-row code
            flush()
            units.append((char, char))
            continue
        codes = _ENCODE.get(char, _ENCODE["?"])
        if len(codes) == 1:
            pending.append(codes[0])
            if len(pending) == 2:
                flush()
        else:
            if codes[0] in (0x12, 0x13):  # an extended character replaces the basic one before it
                pending.append(_ENCODE.get(_FALLBACK.get(char, " "), (0x20,))[0])
            flush()
            units.append((_word(*codes), _word(*codes)))
    flush()
    return units


def caption_units(text: str) -> list[tuple[str, ...]]:
    """The units (words sent together) that load a pop-on caption of ``text``, from RCL to EOC."""
    rows = _cells(text) if text else []
    units: list[tuple[str, ...]] = [(RCL, RCL), (ENM, ENM)]
    first = BOTTOM - len(rows) + 1
    for number, row in enumerate(rows):
        column = max(COLUMNS - len(row), 0) // 2
        code = pac(first + number, column - column % 4)
        units.append((code, code))
        if column % 4:
            tab = _word(0x17, 0x20 + column % 4)
            units.append((tab, tab))
        units += _row_words(row)
    units.append((EOC, EOC))
    return units
