"""The grammar of SRT and WebVTT text: one definition of each piece, shared by every reader.

The tolerant readers (:mod:`.srt`, :mod:`.vtt`), their bulk fast paths (:mod:`.srtbulk`,
:mod:`.vttbulk`), the splice writer (:mod:`.source`), the retime fast path
(:mod:`subtitler.retime.text`) and the checks read line endings, blocks and timing
lines with these definitions, so that they cannot drift apart; a property test holds
the fast paths to the tolerant readers on generated files.
"""

from __future__ import annotations

import re

# -- both formats -------------------------------------------------------------------

#: The most digits a number in a subtitle file may have: past it (a hostile file's
#: thousand-digit timestamp or reference) the readers report the number instead of
#: converting it, as Python refuses int() past 4,300 digits.
MAX_DIGITS = 20

#: A decimal character reference too long to convert (``&#`` then over MAX_DIGITS digits).
BIG_DECIMAL_REFERENCE = re.compile(rf"&#[0-9]{{{MAX_DIGITS + 1},}};?")

#: A line ending: CR LF, CR or LF (SRT as files have it; WebVTT by the spec, §6.1).
EOL = re.compile(r"\r\n|\r|\n")

#: A line of only white space in LF or CRLF text, which the SRT reader takes for a blank
#: line: a clean file has none, so the fast paths leave a text that has one to the reader.
SPACE_ONLY_LINE = re.compile(r"\n[^\S\r\n]+(?=\r?\n|$)")

#: A timing line in the fixed form both formats share (``00:00:01,000 --> 00:00:02,000``,
#: ``.`` in WebVTT): its timestamps stand at 0-12 and 17-29. The look-ahead keeps out a
#: longer fraction, which the readers read differently.
FIXED_TIMING_LINE = re.compile(
    r"[0-9]{2}:[0-9]{2}:[0-9]{2}[,.][0-9]{3} --> [0-9]{2}:[0-9]{2}:[0-9]{2}[,.][0-9]{3}(?![0-9])"
)

#: A run of dashes then '>': the arrow, or one that forms again when '-->' alone is replaced.
ARROW_RUN = re.compile(r"--+>")
#: Lines of nothing or only white space inside a text, and at its ends.
BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+|^(?:[^\S\n]*\n)+|(?:\n[^\S\n]*)+$")


def holdable(text: str, arrow: str) -> str:
    r"""Cue text as a writer can hold it: no blank line (it would end the cue) and every
    ``-->`` (which would start one) written as ``arrow``; a NUL (which players may cut
    the text at) as U+FFFD, as browsers show it.

    >>> holdable("a\n\n \nb --> c --->", "--&gt;")
    'a\nb --&gt; c --&gt;'
    """
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    if "\n" in text:
        text = BLANK_LINES.sub(lambda m: "\n" if m.start() > 0 and m.end() < len(text) else "", text)
    return ARROW_RUN.sub(arrow, text) if "-->" in text else text


# -- SRT ------------------------------------------------------------------------------

#: Every arrow real SRT files put between the times ('-->', '->', '-- >', '=>', '→', '—>').
#: Each run of dashes or spaces can end only where the next kind starts: a pattern with
#: two adjacent runs of '-' tries every split of a long dash line, quadratic in it.
SRT_ARROW = r"-+(?:\s+-+)?\s*>|=+>|→|[—–]-?>"
#: The arrows outside ASCII, for a cheap test before the full pattern.
SRT_NON_ASCII_ARROWS = ("→", "—>", "–>")

# Everything real files put in a timestamp, each tolerance reported by the reader:
# '.', ':' or ';' before the milliseconds, one-digit fields, missing hours, a leading
# '-' (negative times written by editors after a shift), missing milliseconds. A field
# is at most MAX_DIGITS digits: a longer one is no timestamp.
_SRT_TIMESTAMP = r"(?:-\s*)?(?:\d{1,20}\s*:\s*)?\d{1,20}\s*:\s*\d{1,20}(?:\s*[,.:;]\s*\d{1,20})?"

#: A tolerated SRT timing line; ``rest`` is what follows the end time (SubRip coordinates).
SRT_TIMING = re.compile(
    rf"^(?P<lead>\s*)(?P<start>{_SRT_TIMESTAMP})(?P<sp1>\s*)(?P<arrow>{SRT_ARROW})"
    rf"(?P<sp2>\s*)(?P<end>{_SRT_TIMESTAMP})(?P<rest>.*)$"
)

#: The fields of one tolerated SRT timestamp, with the white space around them, so that
#: a retimed timestamp keeps the shape of the one it replaces.
SRT_TIMESTAMP_FIELDS = re.compile(
    r"^(?P<lead>\s*)(?P<sign>-?)(?:(?P<h>\d+)(?P<hsep>\s*:\s*))?(?P<m>\d+)(?P<msep>\s*:\s*)"
    r"(?P<s>\d+)(?:(?P<fsep>\s*[,.:;]\s*)(?P<f>\d+))?(?P<trail>\s*)$"
)

#: A line that could be a timing line to the SRT reader: a number, a colon, then one of the
#: arrows (their white space kept inside the line).
SRT_ARROW_LINE = re.compile(r"\n[^\S\n]*-?[^\S\n]*\d+[^\S\n]*:.*(?:" + SRT_ARROW.replace(r"\s", r"[^\S\n]") + ")")


#: A SubStation override block in SRT text ({\an8}, {\i1}, {\xyz}) or a bare style tag ({b}, {/i}).
SSA_TAG = re.compile(r"\{\\[^{}\n]*\}|\{/?[ibus]\}")
#: A SubStation position override, {\an1} to {\an9} (numeric keypad order: 7 8 9 top, 1 2 3 bottom).
SSA_POSITION = re.compile(r"\{[^{}\n]*\\an([1-9])[^{}\n]*\}")
#: Full-width delimiters some editors write into timestamps, and the ASCII ones they stand for.
FULLWIDTH_DELIMITERS = str.maketrans({"\uff1a": ":", "\uff0c": ",", "\uff0e": "."})


def has_fullwidth(line: str) -> bool:
    """Whether a line holds a full-width delimiter (then it is read translated, same length).

    >>> has_fullwidth("00\uff1a00:01\uff0c000 --> 00:00:02,000"), has_fullwidth("00:00:01,000")
    (True, False)
    """
    return not line.isascii() and ("\uff1a" in line or "\uff0c" in line or "\uff0e" in line)


def srt_timing_spans(line: str) -> tuple[int, int, int, int] | None:
    """Where the start and end timestamps of an SRT timing line stand, or None.

    >>> srt_timing_spans("00:00:01,000 --> 00:00:02,500 X1:10")
    (0, 12, 17, 29)
    """
    match = SRT_TIMING.match(line)
    if match is None and has_fullwidth(line):
        match = SRT_TIMING.match(line.translate(FULLWIDTH_DELIMITERS))
    if match is None:
        return None
    return match.start("start"), match.end("start"), match.start("end"), match.end("end")


# -- WebVTT ---------------------------------------------------------------------------

#: The characters that may follow the ``WEBVTT`` signature (§6.1 step 6).
VTT_AFTER_SIGNATURE = " \t\n\r"
#: A NOTE block's first line (§6.1: "NOTE" then a space, a tab or the end of the line).
VTT_NOTE = re.compile(r"NOTE(?:$|[ \t])")
#: A STYLE or REGION block's first line.
VTT_STYLE_OR_REGION = re.compile(r"(STYLE|REGION)[\t\n\f\r ]*$")
#: Something that looks like a timing line's arrow between two numbers, in a block that is not a cue.
VTT_ARROWISH = re.compile(r"\d\s*(?:-+\s*>|=+>|→)\s*\d")


def timing_spans(fmt: str, line: str) -> tuple[int, int, int, int] | None:
    """Where the timestamps of a timing line of format ``fmt`` stand, or None when it is none.

    >>> timing_spans("vtt", "00:01.000 --> 00:02.000 align:start")
    (0, 9, 14, 23)
    """
    if fmt == "srt":
        return srt_timing_spans(line)
    from subtitler.formats.vttsettings import parse_timing

    parsed = parse_timing(line)
    if isinstance(parsed, str):
        return None
    return parsed.start_span + parsed.end_span
