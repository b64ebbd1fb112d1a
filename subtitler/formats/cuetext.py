"""WebVTT cue text: the tokenizer and tree builder of the W3C spec (§6.4), and plain text.

The tree is what a browser builds for ``getCueAsHTML()``; the validator uses the
tokens to find unknown and unbalanced tags, and :func:`plain` gives the text a
viewer reads (tags removed, character references decoded) for counting.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from subtitler.formats.grammar import BIG_DECIMAL_REFERENCE
from subtitler.formats.vttsettings import collect_timestamp
from subtitler.timecode import format_vtt

#: Tags the WebVTT cue text syntax knows.
VTT_TAGS = frozenset({"c", "i", "b", "u", "ruby", "rt", "v", "lang"})
_TAG = re.compile(r"<[^>]*>?")
_TAB_FF_SPACE = "\t\f "
_ASCII_WS = re.compile(r"[\t\n\f\r ]+")
# What a tag name or class runs over: up to white space, '.' or '>'.
_NAME_RUN = re.compile(r"[^\t\f \n.>]*")


def unescape(text: str) -> str:
    """Decode character references as browsers do; a number too long to convert is U+FFFD.

    ``html.unescape`` gives U+FFFD for a reference past U+10FFFF, but raises on one of
    over 4,300 digits; any over MAX_DIGITS is past U+10FFFF, so it is replaced first.

    >>> unescape("Tom &amp; Jerry &#65;"), unescape("&#" + "9" * 30 + ";")
    ('Tom & Jerry A', '\\ufffd')
    """
    if "&#" in text:
        text = BIG_DECIMAL_REFERENCE.sub(_big_reference, text)
    return html.unescape(text)


def _big_reference(match: re.Match[str]) -> str:
    digits = match.group().strip("&#;").lstrip("0")
    if len(digits) <= 20:  # leading zeros only: the reference is short enough to decode
        return "&#" + (digits or "0") + (";" if match.group().endswith(";") else "")
    return "\ufffd"


@dataclass(slots=True)
class Token:
    """A cue text token: ``string``, ``start``, ``end`` or ``timestamp``.

    ``offset`` is where it starts in the cue text (0-based), for findings.
    """

    kind: str
    value: str
    offset: int
    classes: list[str] = field(default_factory=list)
    annotation: str | None = None


def tokens(text: str) -> list[Token]:
    """Tokenize cue text with the spec's WebVTT cue text tokenizer.

    >>> [(t.kind, t.value) for t in tokens("a<i.x>b</i>")]
    [('string', 'a'), ('start', 'i'), ('string', 'b'), ('end', 'i')]
    """
    out: list[Token] = []
    pos = 0
    n = len(text)
    while pos < n:
        start = pos
        if text[pos] != "<":
            end = text.find("<", pos)
            end = n if end < 0 else end
            out.append(Token("string", unescape(text[pos:end]), start))
            pos = end
            continue
        pos, token = _tag(text, pos + 1)
        token.offset = start
        out.append(token)
    return out


def _tag(text: str, pos: int) -> tuple[int, Token]:
    """Run the tag states from just after '<'; return the new position and the token."""
    n = len(text)
    if pos >= n:
        return pos, Token("start", "", 0)
    c = text[pos]
    if c == "/":
        end = text.find(">", pos + 1)
        if end < 0:
            return n, Token("end", text[pos + 1:], 0)
        return end + 1, Token("end", text[pos + 1:end], 0)
    if c.isascii() and c.isdigit():
        end = text.find(">", pos)
        if end < 0:
            return n, Token("timestamp", text[pos:], 0)
        return end + 1, Token("timestamp", text[pos:end], 0)
    name = ""
    classes: list[str] = []
    state = "name"
    buffer = ""
    if c in _TAB_FF_SPACE or c == "\n":
        state = "annotation"
        pos += 1
    elif c == ">":
        return pos + 1, Token("start", "", 0)
    while pos < n:
        if state == "annotation":  # everything to the '>' at once
            end = text.find(">", pos)
            buffer += text[pos:] if end < 0 else text[pos:end]
            pos = n if end < 0 else end + 1
            break
        run = _NAME_RUN.match(text, pos)  # a run of name or class characters at once
        assert run is not None
        if state == "name":
            name += run.group()
        else:
            buffer += run.group()
        pos = run.end()
        if pos >= n:
            break
        c = text[pos]
        pos += 1
        if c == ">":
            break
        if c == ".":
            if state == "class":
                classes.append(buffer)
                buffer = ""
            state = "class"
        else:  # white space: the annotation starts (a line feed is part of it)
            if state == "class":
                classes.append(buffer)
            buffer, state = ("\n" if c == "\n" else ""), "annotation"
    if state == "class":
        classes.append(buffer)
        return pos, Token("start", name, 0, classes)
    if state == "annotation":
        annotation = _ASCII_WS.sub(" ", unescape(buffer)).strip(" ")
        return pos, Token("start", name, 0, classes, annotation)
    return pos, Token("start", name, 0, classes)


@dataclass(slots=True)
class Node:
    """An internal node of the cue text tree (``c``, ``i``, ``b``, ``u``, ``ruby``, ``rt``, ``v``, ``lang``)."""

    kind: str
    classes: list[str] = field(default_factory=list)
    annotation: str = ""
    language: str = ""
    children: list[Node | str | int] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)


def tree(text: str) -> Node:
    """Build the spec's tree of WebVTT node objects (text nodes are ``str``, timestamps ``int`` ms).

    >>> tree("<v Kim>Hi</v>").children[0].annotation
    'Kim'
    """
    root = Node("root")
    current = root
    languages: list[str] = []
    for token in tokens(text):
        if token.kind == "string":
            current.children.append(token.value)
        elif token.kind == "start":
            name = token.value
            if name not in VTT_TAGS or (name == "rt" and current.kind != "ruby"):
                continue
            annotation = token.annotation or ""
            if name == "lang":
                languages.append(annotation)
            node = Node(name, [c for c in token.classes if c], annotation,
                        languages[-1] if languages else "", parent=current)
            current.children.append(node)
            current = node
        elif token.kind == "end":
            name = token.value
            if name == current.kind and name in VTT_TAGS - {"lang"} and current.parent is not None:
                current = current.parent
            elif name == "lang" and current.kind == "lang" and current.parent is not None:
                current = current.parent
                languages.pop()
            elif name == "ruby" and current.kind == "rt" and current.parent and current.parent.parent:
                current = current.parent.parent
        else:
            got = collect_timestamp(token.value, 0)
            if got is not None and got[1] == len(token.value):
                current.children.append(got[0])
    return root


def wpt_tree(text: str) -> str:
    """Serialise the DOM fragment a browser builds, as web-platform-tests prints it."""
    out: list[str] = []

    def walk(node: Node, depth: int) -> None:
        pad = "|" + " " * (2 * depth + 1)
        for child in node.children:
            if isinstance(child, str):
                out.append(f'{pad}"{child}"')
            elif isinstance(child, int):
                out.append(f"{pad}<?timestamp {format_vtt(child)}>")
            else:
                tag = "span" if child.kind in ("c", "v", "lang") else child.kind
                out.append(f"{pad}<{tag}>")
                attrs = []
                if child.classes:
                    attrs.append(("class", " ".join(child.classes)))
                if child.kind == "v":
                    attrs.append(("title", child.annotation))
                if child.kind == "lang":
                    attrs.append(("lang", child.language))
                inner = "|" + " " * (2 * depth + 3)
                out.extend(f'{inner}{k}="{v}"' for k, v in sorted(attrs))
                walk(child, depth + 1)

    walk(tree(text), 0)
    return "\n".join(out)


def plain(text: str) -> str:
    """The text a viewer reads: tags removed, character references decoded.

    >>> plain("<i>Tom &amp; Jerry</i>")
    'Tom & Jerry'
    """
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = unescape(text)
    return text
