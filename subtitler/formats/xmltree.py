"""A small XML tree that knows the line and column of every element, for readers that report findings.

The standard library's ElementTree forgets where an element stood; a finding
about a TTML paragraph must name its line. This builds the same kind of tree from
expat (the parser behind ElementTree), with namespaces resolved to
``{uri}local`` names as ElementTree writes them, and each node's 1-based line
and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from subtitler.errors import NotSubtitleError


@dataclass(slots=True, eq=False)
class Node:
    """One element: its qualified tag, attributes, children, and the text before the first child and after it."""

    tag: str
    attrib: dict[str, str]
    line: int
    column: int
    children: list[Node] = field(default_factory=list)
    text: str = ""
    tail: str = ""

    def get(self, name: str, default: str | None = None) -> str | None:
        """An attribute's value."""
        return self.attrib.get(name, default)

    def iter(self, tag: str | None = None) -> Iterator[Node]:
        """This node and every node below it, in document order (only ``tag`` when given)."""
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            yield from child.iter(tag)

    def find(self, tag: str) -> Node | None:
        """The first child with ``tag``."""
        return next((c for c in self.children if c.tag == tag), None)

    def itertext(self) -> str:
        """All text inside the node, without tags."""
        return self.text + "".join(c.itertext() + c.tail for c in self.children)


def parse(text: str) -> Node:
    """The tree of an XML document.

    Raises:
        NotSubtitleError: the text is not well-formed XML (with the line and column expat gives).
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[Node] = []
    root: list[Node] = []

    def name(raw: str) -> str:
        uri, _, local = raw.rpartition(" ")
        return f"{{{uri}}}{local}" if uri else local

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(name(tag), {name(k): v for k, v in attrs.items()},
                    parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def data(chunk: str) -> None:
        if not stack:
            return
        top = stack[-1]
        if top.children:
            top.children[-1].tail += chunk
        else:
            top.text += chunk

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.buffer_text = True
    try:
        parser.Parse(text.lstrip("\ufeff"), True)
    except expat.ExpatError as exc:
        raise NotSubtitleError(f"not well-formed XML: {expat.errors.messages[exc.code]}",
                               line=exc.lineno, column=exc.offset + 1) from None
    return root[0]
