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
from subtitler.formats.cea608 import (
    BASIC,
    BOTTOM,
    COLUMNS,
    EDM,
    EOC,
    EXTENDED_12,
    EXTENDED_13,
    ROW_OF,
    SPECIAL,
    caption_units,
)
from subtitler.model import DEFAULT_SETTINGS, Cue, Document, Finding, make_cue
from subtitler.smpte import format_smpte, label_to_frames, ms_to_frame
from subtitler.timecode import frames_to_ms

FPS = Fraction(30000, 1001)
SIGNATURE = "Scenarist_SCC V1.0"


def write(doc: Document) -> str:
    """The document as an SCC file (29.97 drop-frame timecode from ``doc.setting("tc_start_ms")``)."""
    # the programme's first frame, and each time counted in frames from it: adding milliseconds first
    # would round a time that falls on a half frame by the start timecode's own fraction of a millisecond
    base = ms_to_frame(int(doc.setting("tc_start_ms", "0")), FPS)
    slots: dict[int, str] = {}
    last = -1  # the last frame holding a loading word of the caption before
    cues = [c for c in doc.cues if c.text.strip()]

    def free(at: int, size: int) -> bool:
        return at > last and all(f not in slots for f in range(at, at + size))

    for index, cue in enumerate(cues):
        show = base + ms_to_frame(cue.start_ms, FPS)
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
        end = max(base + ms_to_frame(cue.end_ms, FPS), eoc + 2)
        following = base + ms_to_frame(cues[index + 1].start_ms, FPS) if index + 1 < len(cues) else None
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
    base = ms_to_frame(int(doc.setting("tc_start_ms", "0")), FPS)
    out = []
    cues = [c for c in doc.cues if c.text.strip()]
    for index, (cue, back) in enumerate(zip(cues, written.cues)):
        late = ms_to_frame(back.start_ms, FPS) - base - ms_to_frame(cue.start_ms, FPS)
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
            row = ROW_OF.get((first, second & 0x60))
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
