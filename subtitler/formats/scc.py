"""Scenarist SCC: CEA-608 pop-on captions on channel 1, written and read.

An SCC file is lines of a 29.97 fps timecode and 16-bit words, one word a video
frame from that timecode on; each byte has odd parity. What is written:

- each caption: RCL (resume caption loading), ENM (erase the memory being
  loaded), for each row a preamble address code (PAC) placing it on the bottom
  rows (at most 4 rows, 12 to 15) with tab offsets to centre it, its characters,
  then EOC (end of caption: the loaded memory is shown). Every control code is
  sent twice, as 608 requires, in consecutive frames;
- the words are sent so that EOC falls on the caption's first frame: loading starts
  as many frames before as there are words, and never before the last word of the
  previous caption (else the caption shows late, reported as W815); EDM (erase
  displayed memory) at the caption's end frame when the next caption does not
  replace it at once;
- ``>>`` starts a caption whose speaker differs from the one before (added by
  :mod:`subtitler.formats.broadcast` on conversion);
- characters outside 608's basic, special and extended sets are replaced
  (W813), and lines over 32 characters re-wrapped (I817), by :func:`fit`.

The reader decodes the words (channel 1; pop-on, and roll-up or paint-on as
whole captions) into cues with times and text.
"""

from __future__ import annotations

import re
from fractions import Fraction

from subtitler import rules
from subtitler.model import DEFAULT_SETTINGS, Cue, Document, Finding, make_cue
from subtitler.smpte import format_smpte, label_to_frames, ms_to_frame
from subtitler.timecode import frames_to_ms

FPS = Fraction(30000, 1001)
ROWS = 4
COLUMNS = 32
SIGNATURE = "Scenarist_SCC V1.0"
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
_ROW_OF = {(first, base): row for row, (first, base) in _PAC_ROWS.items()}


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


def write(doc: Document) -> str:
    """The document as an SCC file (29.97 drop-frame timecode from ``doc.setting("tc_start_ms")``)."""
    offset = int(doc.setting("tc_start_ms", "0"))
    slots: dict[int, str] = {}
    last = -1  # the last frame holding a loading word of the caption before
    cues = [c for c in doc.cues if c.text.strip()]

    def free(at: int, size: int) -> bool:
        return at > last and all(f not in slots for f in range(at, at + size))

    for index, cue in enumerate(cues):
        show = ms_to_frame(cue.start_ms + offset, FPS)
        units = caption_units(cue.text)
        # backwards from the EOC, whose first word is on the frame the caption shows at, around an EDM placed
        placed: list[tuple[int, tuple[str, ...]]] = []
        frame = show + 2
        for unit in reversed(units):
            frame -= len(unit)
            while frame > last and not free(frame, len(unit)):
                frame -= 1
            placed.append((frame, unit))
        if not free(show, 2) or placed[-1][0] <= last:
            # no room after the caption before: everything as soon as it can go, and the caption shows late
            placed, frame = [], last + 1
            for unit in units:
                while not free(frame, len(unit)):
                    frame += 1
                placed.append((frame, unit))
                frame += len(unit)
        for at, unit in placed:
            for k, word in enumerate(unit):
                slots[at + k] = word
        eoc = next(at for at, unit in placed if unit[0] == EOC)
        last = max(at + len(unit) - 1 for at, unit in placed)
        end = max(ms_to_frame(cue.end_ms + offset, FPS), eoc + 2)
        following = ms_to_frame(cues[index + 1].start_ms + offset, FPS) if index + 1 < len(cues) else None
        if following is None or end + 1 < following:  # the next caption does not replace this one at once
            while end in slots or end + 1 in slots:
                end += 1
            slots[end] = slots[end + 1] = EDM
    lines = [SIGNATURE, ""]
    frames = sorted(slots)
    start = 0
    while start < len(frames):
        stop = start
        while stop + 1 < len(frames) and frames[stop + 1] == frames[stop] + 1 \
                and not _starts_line(slots, frames[stop + 1]):
            stop += 1
        words = " ".join(slots[f] for f in frames[start:stop + 1])
        lines += [f"{format_smpte(frames_to_ms(frames[start], FPS), FPS)}\t{words}", ""]
        start = stop + 1
    return "\n".join(lines)


def _starts_line(slots: dict[int, str], frame: int) -> bool:
    """Whether the word at ``frame`` starts a line of its own: the first of a doubled EOC or EDM.

    Loading words can share a line, but the code that shows or clears a caption
    gets its own timecode, so that a reader that times every word of a line by the
    line's timecode (ffmpeg's) still shows and clears the caption on its frame.
    """
    word = slots[frame]
    return word in (EOC, EDM) and slots.get(frame - 1) != word


def late_captions(doc: Document) -> list[Finding]:
    """W815 for each caption that :func:`write` cannot send in time (shows later than its start)."""
    written = read(write(doc))
    offset = int(doc.setting("tc_start_ms", "0"))
    out = []
    cues = [c for c in doc.cues if c.text.strip()]
    for index, (cue, back) in enumerate(zip(cues, written.cues)):
        late = ms_to_frame(back.start_ms, FPS) - ms_to_frame(cue.start_ms + offset, FPS)
        if late > 0:
            units = len(caption_units(cue.text))
            where = ("before it in the file: a programme start (`tc_start`) gives them room" if index == 0
                     else "after the caption before")
            out.append(rules.make("W815", cue.line, 0, f"caption {index + 1} shows {late} frames late: its "
                                  f"{units} loading units do not fit {where}", index))
    return out


# -- reading --------------------------------------------------------------------------------

_LINE = re.compile(r"^(\d{2}):(\d{2}):(\d{2})([:;.,])(\d{2})\s+(.*)$")
_HEX = re.compile(r"^[0-9a-fA-F]{4}$")


def _odd(byte: int) -> bool:
    return bin(byte).count("1") % 2 == 1


class _Screen:
    """One caption memory: rows of cells (character, italic)."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, tuple[str, bool]]] = {}

    def text(self) -> str:
        lines = []
        for row in sorted(self.rows):
            cells = self.rows[row]
            if not cells:
                continue
            line = []
            italic = False
            for column in range(min(cells), max(cells) + 1):
                char, slanted = cells.get(column, (" ", italic))
                if slanted != italic and char != " ":
                    line.append("<i>" if slanted else "</i>")
                    italic = slanted
                line.append(char)
            if italic:
                line.append("</i>")
            text = "".join(line).strip(" \u00a0").replace("<i> ", " <i>").replace(" </i>", "</i> ")
            if text:
                lines.append(text.strip())
        return "\n".join(lines)


class _Decoder:
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.cues: list[Cue] = []
        self.shown = _Screen()
        self.loading = _Screen()
        self.mode = "popon"
        self.row = BOTTOM
        self.column = 0
        self.italic = False
        self.channel = 1
        self.previous = ""
        self.open: tuple[int, str, int] | None = None  # frame, text, line of the caption on screen
        self.rollup_rows = 2
        self.overflowed = False

    def target(self) -> _Screen:
        return self.loading if self.mode == "popon" else self.shown

    def put(self, char: str, line: int, column: int) -> None:
        if self.column >= COLUMNS:
            if not self.overflowed:  # once a row
                self.findings.append(rules.make("E811", line, column, f"characters past column {COLUMNS} of row "
                                                f"{self.row}: decoders drop them"))
                self.overflowed = True
            return
        self.target().rows.setdefault(self.row, {})[self.column] = (char, self.italic)
        self.column += 1

    def show(self, frame: int, line: int, again: bool = True) -> None:
        """The displayed memory changed at ``frame``: close the caption on screen, open the new one.

        An EOC always starts a new caption, even one with the same text; a line of roll-up or
        paint-on words (``again=False``) only when the text on screen changed.
        """
        text = self.shown.text()
        if not again and self.open is not None and self.open[1] == text:
            return
        self.close(frame)
        if text:
            self.open = (frame, text, line)

    def close(self, frame: int) -> None:
        if self.open is not None:
            start, text, line = self.open
            self.cues.append(make_cue(frames_to_ms(start, FPS), frames_to_ms(frame, FPS), text, "", None,
                                      DEFAULT_SETTINGS, "", line, -1))
            self.open = None

    def word(self, first: int, second: int, frame: int, line: int, column: int) -> None:
        if 0x10 <= first <= 0x1F:
            if f"{first:02x}{second:02x}" == self.previous:
                self.previous = ""  # the second of a doubled control code
                return
            self.previous = f"{first:02x}{second:02x}"
            self.channel = 2 if first & 0x08 else 1
            if self.channel == 1:
                self.control(first & 0x17, second, frame, line, column)
            return
        self.previous = ""
        if self.channel != 1:
            return
        for byte in (first, second):
            if byte >= 0x20:
                self.put(BASIC[byte], line, column)

    def control(self, first: int, second: int, frame: int, line: int, column: int) -> None:
        if first in (0x14, 0x15) and 0x20 <= second <= 0x2F:  # miscellaneous control codes (0x15: field 2's)
            self.misc(second, frame, line)
        elif first == 0x17 and 0x21 <= second <= 0x23:  # tab offsets
            self.column = min(self.column + second - 0x20, COLUMNS)
        elif first == 0x11 and 0x20 <= second <= 0x2F:  # mid-row code: a space, then italics on or off
            self.put(" ", line, column)
            self.italic = second in (0x2E, 0x2F)
        elif first == 0x11 and 0x30 <= second <= 0x3F:
            self.put(SPECIAL[second], line, column)
        elif first in (0x12, 0x13) and 0x20 <= second <= 0x3F:
            self.column = max(self.column - 1, 0)
            self.put((EXTENDED_12 if first == 0x12 else EXTENDED_13)[second], line, column)
        elif second >= 0x40:
            row = _ROW_OF.get((first, second & 0x60))
            if row is not None:
                self.pac(row, second & 0x1F)

    def pac(self, row: int, code: int) -> None:
        if self.mode == "rollup":
            row = self.row  # roll-up captions stay on their base row
        self.row = row
        self.overflowed = False
        if code & 0x10:
            self.column = ((code & 0x0E) >> 1) * 4
            self.italic = False
        else:
            self.column = 0
            self.italic = (code & 0x0E) == 0x0E

    def misc(self, code: int, frame: int, line: int) -> None:
        if code == 0x20:  # RCL
            self.mode = "popon"
        elif code == 0x29:  # RDC: paint-on
            self.mode = "painton"
        elif code in (0x25, 0x26, 0x27):  # RU2-RU4
            self.mode = "rollup"
            self.rollup_rows = code - 0x23
            self.row = BOTTOM
        elif code == 0x21:  # BS
            cells = self.target().rows.get(self.row, {})
            if self.column > 0:
                self.column -= 1
                cells.pop(self.column, None)
        elif code == 0x24:  # DER: delete to the end of the row
            cells = self.target().rows.get(self.row, {})
            for col in [c for c in cells if c >= self.column]:
                del cells[col]
        elif code == 0x2C:  # EDM
            self.shown = _Screen()
            self.show(frame, line)
        elif code == 0x2E:  # ENM
            self.loading = _Screen()
        elif code == 0x2F:  # EOC
            self.shown, self.loading = self.loading, self.shown
            self.mode = "popon"
            self.show(frame, line)
        elif code == 0x2D:  # CR: in roll-up, the caption so far is shown, and rolls up
            if self.mode == "rollup":
                self.show(frame, line)
                rows = self.shown.rows
                moved = {r - 1: cells for r, cells in rows.items() if r - 1 > BOTTOM - self.rollup_rows}
                self.shown.rows = moved
            self.column = 0

    def flush_paint(self, frame: int, line: int) -> None:
        """Paint-on and roll-up text shows as it comes: a caption each time a line of words ends."""
        if self.mode != "popon":
            self.show(frame, line, again=False)


def read(text: str) -> Document:
    """Read an SCC file: cues timed from timecode 00:00:00;00 (see broadcast.from_programme for a start).

    Raises:
        NotSubtitleError: the file does not start with the Scenarist signature.
    """
    from subtitler.errors import NotSubtitleError, UsageError

    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines[0].strip().startswith(SIGNATURE):
        raise NotSubtitleError(f"not an SCC file: it must start with {SIGNATURE!r} (found {lines[0][:40]!r})",
                               line=1, column=1)
    decoder = _Decoder()
    last = -1
    for number, raw in enumerate(lines[1:], 2):
        if not raw.strip():
            continue
        match = _LINE.match(raw.strip())
        if match is None:
            decoder.findings.append(rules.make("E816", number, 1, f"not a timecode and words: {raw.strip()[:40]!r}"))
            continue
        h, m, s, sep, f, words = match.groups()
        try:
            frame = label_to_frames(int(h), int(m), int(s), int(f), 30, 0 if sep == ":" else 2)
        except UsageError as exc:  # a label drop-frame timecode skips, or a field out of range
            decoder.findings.append(rules.make("E816", number, 1, str(exc)))
            continue
        if frame <= last:
            decoder.findings.append(rules.make("E816", number, 1, f"timecode {h}:{m}:{s}{sep}{f} is not after the "
                                               "last word of the line before: read from there"))
            frame = last + 1
        column = raw.index(words) + 1 if words in raw else 1
        for word in words.split():
            if _HEX.match(word) is None:
                decoder.findings.append(rules.make("W814", number, column, f"{word[:12]!r} is not a word of four "
                                                   "hex digits"))
            else:
                first, second = int(word[:2], 16), int(word[2:], 16)
                if not (_odd(first) and _odd(second)):
                    decoder.findings.append(rules.make("W814", number, column, f"word {word} has a byte without odd "
                                                       "parity: decoders drop it"))
                else:
                    decoder.word(first & 0x7F, second & 0x7F, frame, number, column)
            frame += 1
            column += len(word) + 1
        decoder.flush_paint(frame, number)
        last = frame - 1
    if decoder.open is not None:
        start, caption, line = decoder.open
        decoder.findings.append(rules.make("W818", line, 0, f"the caption {caption[:30]!r} is never cleared"))
        decoder.cues.append(make_cue(frames_to_ms(start, FPS), frames_to_ms(start, FPS) + 3000, caption, "", None,
                                     DEFAULT_SETTINGS, "", line, -1))
    cues = tuple(make_cue(c.start_ms, c.end_ms, c.text, str(i + 1), None, DEFAULT_SETTINGS, "", c.line, -1)
                 for i, c in enumerate(decoder.cues))
    return Document("scc", cues, findings=tuple(decoder.findings), meta=(("tc_start_ms", "0"),))
