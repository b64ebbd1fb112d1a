"""Speaker markers in cue text: reading them back and writing them in a chosen style.

WebVTT names speakers with ``<v Name>``. SRT has no voice element, so captions
use one of these conventions (GUIDELINES.md, "Speaker identification"):

- ``label``: ``NAME:`` at the start of the first cue after a change of speaker;
- ``chevron``: ``>>`` at the start of a cue where the speaker changes (US captions);
- ``dash``: a dialogue dash per line when two speakers share one cue;
- ``none``: no marker.

A chevron carries no name, so only the change of speaker survives a round trip
through it; ``label`` and ``voice`` carry the name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from subtitler.formats.cuetext import unescape

if TYPE_CHECKING:
    from subtitler.model import Speaker

SpeakerStyle = Literal["voice", "label", "chevron", "dash", "none"]

#: Styles an SRT file can carry.
SRT_STYLES: tuple[str, ...] = ("label", "chevron", "dash", "none")

# An upper-case name, up to 40 characters, then a colon: "KIM MIN-JI:", "MAN 2:".
_LABEL = re.compile(r"^(?P<name>[^\W\d_a-z][^\W_a-z]*(?:[ .'\-][^\W_a-z]+)*)\s*:(?:\s+|$)")
_CHEVRON = re.compile(r"^>>(?!>)\s*")
_DASH_LINE = re.compile(r"^-\s*\S")
#: The characters that end a voice tag's name and start its annotation (the spec's tokenizer).
_VOICE_SPACE = " \t\f\n"


def srt_marker(text: str) -> tuple[str, str | None]:
    """The speaker marker a cue's SRT text starts with.

    Returns ``(kind, name)``: kind is ``label`` (with the name), ``chevron``,
    ``dash`` (a dialogue cue) or ``""`` (no marker).

    >>> srt_marker("KIM MIN-JI: Good evening.")
    ('label', 'KIM MIN-JI')
    >>> srt_marker(">> Good evening.")
    ('chevron', None)
    """
    if not text:
        return "", None
    first = text[0]
    if first == ">":
        return ("chevron", None) if _CHEVRON.match(text) else ("", None)
    if first == "-":
        lines = text.split("\n")
        if len(lines) > 1 and all(_DASH_LINE.match(line) for line in lines):
            return "dash", None
        return "", None
    if first.isupper():
        match = _LABEL.match(text)
        if match is not None and len(match["name"]) <= 40 and any(c.isalpha() for c in match["name"]):
            return "label", match["name"]
    return "", None


def vtt_voice(text: str) -> str | None:
    """The name of the first voice span in WebVTT cue text, or None.

    A tag cut off by the end of the text still names its speaker, as the spec's
    tokenizer emits it there. One scan from each ``<v`` to its ``>``: a pattern with
    two runs of white space backtracks quadratically on a long unclosed tag.

    >>> vtt_voice("<v.loud Kim Min-ji>Hello"), vtt_voice("<v It's a blue apple tree!")
    ('Kim Min-ji', "It's a blue apple tree!")
    """
    at = text.find("<v")
    while at >= 0:
        close = text.find(">", at)
        tag = text[at + 2:] if close < 0 else text[at + 2:close]
        if tag[:1] == ".":  # classes run to the first white space
            cut = min((i for i in map(tag.find, _VOICE_SPACE) if i >= 0), default=-1)
            tag = "" if cut < 0 else tag[cut:]
        if tag[:1] and tag[0] in _VOICE_SPACE:
            name = " ".join((unescape(tag) if "&" in tag else tag).split())
            if close >= 0 or name:
                return name or None
        if close < 0:
            return None
        at = text.find("<v", at + 2)
    return None


def strip_marker(text: str) -> str:
    """Cue text without an SRT speaker marker or WebVTT voice tags.

    >>> strip_marker("KIM: Hello"), strip_marker("<v Kim>Hello</v>")
    ('Hello', 'Hello')
    """
    kind, _ = srt_marker(text)
    if kind == "label":
        text = _LABEL.sub("", text, count=1)
    elif kind == "chevron":
        text = _CHEVRON.sub("", text, count=1)
    if "<v" in text or "</v" in text:
        text = _drop_voice_tags(text)
    return text


def _drop_voice_tags(text: str) -> str:
    """``text`` without ``<v…>`` and ``</v…>`` tags, in one scan (each tag ends at the next '>').

    >>> _drop_voice_tags("<v.a Kim>Hi</v> <vx>")
    'Hi <vx>'
    """
    pieces = []
    pos = 0
    at = text.find("<", 0)
    while at >= 0:
        v = at + 2 if text.startswith("</", at) else at + 1
        after = text[v + 1:v + 2]
        if text[v:v + 1] == "v" and (after == ">" or (after and (after == "." or after.isspace()))):
            end = text.find(">", v)
            if end < 0:
                break  # no '>' after this tag: none after any later one either
            pieces.append(text[pos:at])
            pos = end + 1
            at = text.find("<", pos)
        else:
            at = text.find("<", at + 1)
    pieces.append(text[pos:])
    return "".join(pieces)


def voice_annotation(name: str) -> str:
    r"""A speaker's name as a WebVTT voice annotation: references for '&', '<' and '>' (so no
    '-->' either), white space as one space and NUL as U+FFFD, as the reader reads it back.

    >>> voice_annotation("C--> D &\n E")
    'C--&gt; D &amp; E'
    """
    name = " ".join(name.replace("\x00", "\ufffd").split())
    return name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(text: str, name: str | None, style: str, changed: bool) -> str:
    """Put a speaker marker on plain cue text.

    Args:
        text: the cue's text without marker.
        name: the speaker's name (None when unknown).
        style: voice, label, chevron, dash or none.
        changed: whether the speaker differs from the previous cue's.

    >>> render("Hello", "Kim Min-ji", "label", True)
    'KIM MIN-JI: Hello'
    >>> render("Hello", "Kim Min-ji", "voice", False)
    '<v Kim Min-ji>Hello'
    """
    if style == "voice":
        return f"<v {voice_annotation(name)}>{text}" if name and voice_annotation(name) else text
    label = " ".join(name.split()).upper() if name else ""  # a line break in a name would end the cue
    if style == "label" and changed and label:
        return f"{label}: {text}" if text else f"{label}:"
    if style == "chevron" and changed:
        return f">> {text}" if text else ">>"
    return text


#: Speaker colours in the BBC's order (BBC Subtitle Guidelines §8.3): white, yellow, cyan, green.
COLOURS = ("white", "yellow", "cyan", "lime")


def display_name(speaker: Speaker) -> str:
    """The name shown for a speaker: their name, else 'Anchor' or 'Speaker 2'."""
    if speaker.name:
        return speaker.name
    return speaker.id.replace("-", " ").capitalize()
