"""TTML: IMSC 1.1 Text Profile and EBU-TT-D documents with speakers as ``ttm:agent``, written and read.

What is written (docs/broadcast.md lists where it departs from the specifications):

- ``tt`` with ``xml:lang``, ``ttp:timeBase="media"`` and ``ttp:cellResolution="32 15"``;
  IMSC adds ``ttp:contentProfiles`` (the IMSC 1.1 Text designator), EBU-TT-D its
  ``ebuttm:conformsToStandard`` in the head's metadata;
- one ``ttm:agent`` (``type="person"``, with a ``ttm:name type="full"``) per speaker in
  ``head/metadata``, and each ``p`` names its speaker's agent in ``ttm:agent``;
- a style per speaker colour (white, yellow, cyan, green: the BBC's order), a base
  style, and one region at the bottom of the picture with room for two lines;
- ``p`` with an ``xml:id`` and ``begin``/``end`` as media time ``HH:MM:SS.mmm``, the
  only time expression EBU-TT-D allows; lines split by ``br``, italic, bold and
  underline as flat spans (EBU-TT-D has no span inside a span).

The reader takes any TTML document a timed-text tool writes (nested ``div``,
``dur``, offset and frame times, ``ttm:agent`` on ``p``, ``div`` or ``span``) and gives a
:class:`~subtitler.model.Document` whose cues hold plain text (``<i>``, ``<b>``, ``<u>``
as in SRT) and the speaker's name; what the profiles forbid is reported (W801-W804).
"""

from __future__ import annotations

import re
from fractions import Fraction
from xml.etree import ElementTree as ET

from subtitler import rules
from subtitler.errors import NotSubtitleError
from subtitler.formats.speakermarks import COLOURS
from subtitler.formats.xmltree import Node, parse
from subtitler.model import DEFAULT_SETTINGS, Cue, Document, Finding, make_cue
from subtitler.timecode import format_vtt, round_ms

TT = "http://www.w3.org/ns/ttml"
TTP = "http://www.w3.org/ns/ttml#parameter"
TTS = "http://www.w3.org/ns/ttml#styling"
TTM = "http://www.w3.org/ns/ttml#metadata"
XML = "http://www.w3.org/XML/1998/namespace"
EBUTTM = "urn:ebu:tt:metadata"
EBUTTS = "urn:ebu:tt:style"
#: The IMSC 1.1 Text Profile designator (IMSC 1.1, section 6.1).
IMSC_TEXT = "http://www.w3.org/ns/ttml/profile/imsc1.1/text"
#: EBU-TT-D 1.0.1 (EBU Tech 3380 v1.0.1, 2018): the value of ebuttm:conformsToStandard.
EBU_TT_D = "urn:ebu:tt:distribution:2018-04"
PROFILES = ("imsc", "ebu-tt-d")

#: Speaker colours as TTML colour values (EBU-TT-D takes no colour names).
HEX = {"white": "#FFFFFF", "yellow": "#FFFF00", "cyan": "#00FFFF", "lime": "#00FF00"}
_TAGS = {"i": ("italic", f"{{{TTS}}}fontStyle", "italic"), "b": ("bold", f"{{{TTS}}}fontWeight", "bold"),
         "u": ("underline", f"{{{TTS}}}textDecoration", "underline")}
_TOKEN = re.compile(r"</?[ibu]>|\n")
#: Characters XML 1.0 cannot hold (C0 controls but tab, line feed and carriage return; lone surrogates; U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# the TTML namespace as the default one, as the IMSC and EBU-TT-D examples write it (the registry is global:
# only documents in the TTML namespace are affected)
for _prefix, _uri in (("", TT), ("ttp", TTP), ("tts", TTS), ("ttm", TTM), ("ebuttm", EBUTTM), ("ebutts", EBUTTS)):
    ET.register_namespace(_prefix, _uri)


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def agent_id(index: int) -> str:
    """The ``xml:id`` of the agent of the ``index``-th speaker (0-based) to appear."""
    return f"speaker-{index + 1}"


def speakers_of(doc: Document) -> list[str]:
    """The document's speakers in order of first appearance."""
    seen: dict[str, None] = {}
    for cue in doc.cues:
        if cue.speaker:
            seen.setdefault(cue.speaker, None)
    return list(seen)


def _runs(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Cue text as runs of (text, styles), ``("\\n", ())`` for each line break.

    >>> _runs("a <i>b\\nc</i>")
    [('a ', ()), ('b', ('italic',)), ('\\n', ()), ('c', ('italic',))]
    """
    out: list[tuple[str, tuple[str, ...]]] = []
    on: list[str] = []
    pos = 0
    text = _NOT_XML.sub("\ufffd", text)
    for match in _TOKEN.finditer(text):
        if match.start() > pos:
            out.append((text[pos:match.start()], tuple(on)))
        token = match.group()
        if token == "\n":
            out.append(("\n", ()))
        else:
            style = _TAGS[token.strip("</>")][0]
            if token[1] == "/":
                if style in on:
                    on.remove(style)
            elif style not in on:
                on.append(style)
        pos = match.end()
    if pos < len(text):
        out.append((text[pos:], tuple(on)))
    return out


def write(doc: Document) -> str:
    """The document as TTML of its profile (``doc.setting("ttml_profile")``, default IMSC 1.1 Text)."""
    profile = doc.setting("ttml_profile", "imsc")
    ebu = profile == "ebu-tt-d"
    offset = int(doc.setting("tc_start_ms", "0"))
    speakers = speakers_of(doc)
    ids = {name: agent_id(i) for i, name in enumerate(speakers)}
    root = ET.Element(_q(TT, "tt"), {
        _q(XML, "lang"): doc.setting("lang", "en"), _q(TTP, "timeBase"): "media",
        _q(TTP, "cellResolution"): "32 15",
    })
    if not ebu:
        root.set(_q(TTP, "contentProfiles"), IMSC_TEXT)
    head = ET.SubElement(root, _q(TT, "head"))
    metadata = ET.SubElement(head, _q(TT, "metadata"))
    if ebu:
        document = ET.SubElement(metadata, _q(EBUTTM, "documentMetadata"))
        ET.SubElement(document, _q(EBUTTM, "conformsToStandard")).text = EBU_TT_D
    for name in speakers:
        agent = ET.SubElement(metadata, _q(TTM, "agent"), {_q(XML, "id"): ids[name], "type": "person"})
        ET.SubElement(agent, _q(TTM, "name"), {"type": "full"}).text = _NOT_XML.sub("\ufffd", name)
    styling = ET.SubElement(head, _q(TT, "styling"))
    base = {_q(XML, "id"): "base", _q(TTS, "fontFamily"): "proportionalSansSerif", _q(TTS, "fontSize"): "100%",
            _q(TTS, "lineHeight"): "125%", _q(TTS, "textAlign"): "center", _q(TTS, "color"): HEX["white"]}
    if ebu:
        base[_q(EBUTTS, "linePadding")] = "0.5c"
    ET.SubElement(styling, _q(TT, "style"), base)
    ET.SubElement(styling, _q(TT, "style"), {_q(XML, "id"): "text", _q(TTS, "backgroundColor"): "#000000FF"})
    for style, attribute, value in _TAGS.values():
        ET.SubElement(styling, _q(TT, "style"), {_q(XML, "id"): style, attribute: value})
    for i in range(len(speakers)):
        colour = HEX[COLOURS[i % len(COLOURS)]]
        ET.SubElement(styling, _q(TT, "style"), {_q(XML, "id"): f"voice-{i + 1}", _q(TTS, "color"): colour})
    layout = ET.SubElement(head, _q(TT, "layout"))
    ET.SubElement(layout, _q(TT, "region"), {
        _q(XML, "id"): "bottom", _q(TTS, "origin"): "10% 70%", _q(TTS, "extent"): "80% 20%",
        _q(TTS, "displayAlign"): "after",
    })
    body = ET.SubElement(root, _q(TT, "body"), {"style": "base"})
    div = ET.SubElement(body, _q(TT, "div"), {"region": "bottom"})
    for index, cue in enumerate(doc.cues):
        attrs = {_q(XML, "id"): f"c{index + 1}", "begin": format_vtt(cue.start_ms + offset),
                 "end": format_vtt(cue.end_ms + offset)}
        if cue.speaker:
            attrs[_q(TTM, "agent")] = ids[cue.speaker]
            attrs["style"] = f"voice-{speakers.index(cue.speaker) + 1}"
        p = ET.SubElement(div, _q(TT, "p"), attrs)
        for text, styles in _runs(cue.text):
            if text == "\n":
                ET.SubElement(p, _q(TT, "br"))
            else:
                ET.SubElement(p, _q(TT, "span"), {"style": " ".join(("text", *styles))}).text = text
    ET.indent(head, "  ", 1)
    head.tail = "\n  "
    body.text = "\n    "
    div.text = "\n      "
    for p in div:
        p.tail = "\n      "
    if len(div):
        div[-1].tail = "\n    "
    div.tail = "\n  "
    body.tail = "\n"
    root.text = "\n  "
    xml = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}\n'


# -- reading --------------------------------------------------------------------------------

_CLOCK = re.compile(r"^(\d{2,}):(\d{2}):(\d{2})(?:(\.\d+)|:(\d{2,})(?:\.(\d+))?)?$")
_OFFSET = re.compile(r"^(\d+(?:\.\d+)?)(h|m|s|ms|f|t)$")
_SPACE = re.compile(r"[ \t\r\n]+")


class _Reader:
    def __init__(self, root: Node) -> None:
        self.root = root
        self.findings: list[Finding] = []
        self.ebu = False
        self.frame_rate = Fraction(30)
        self.tick_rate = 1
        self.sub_frames = 1
        self.declared_rate = False
        self.agents: dict[str, str] = {}
        self.styles: dict[str, dict[str, str]] = {}
        self.style_refs: dict[str, list[str]] = {}

    def note(self, code: str, node: Node, message: str) -> None:
        self.findings.append(rules.make(code, node.line, node.column, message))

    def run(self) -> Document:
        root = self.root
        if root.tag != _q(TT, "tt"):
            raise NotSubtitleError(f"not a TTML document: the root element is {root.tag!r}, not tt", line=root.line,
                                   column=root.column)
        conforms = [n.itertext().strip() for n in root.iter(_q(EBUTTM, "conformsToStandard"))]
        self.ebu = any("urn:ebu:tt:distribution" in c for c in conforms)
        profile = "ebu-tt-d" if self.ebu else "imsc"
        lang = root.get(_q(XML, "lang"))
        if lang is None:
            self.note("W801", root, "tt has no xml:lang: IMSC and EBU-TT-D require it")
        base = root.get(_q(TTP, "timeBase"), "media")
        if base != "media":
            self.note("W801", root, f"ttp:timeBase {base!r}: IMSC and EBU-TT-D require 'media'")
        elif self.ebu and root.get(_q(TTP, "timeBase")) is None:
            self.note("W801", root, "tt has no ttp:timeBase: EBU-TT-D requires it")
        if self.ebu and root.get(_q(TTS, "extent")) is not None:
            self.note("W801", root, "tts:extent on tt: EBU-TT-D does not allow it")
        extent = root.get(_q(TTS, "extent"))
        if extent is not None and not self.ebu and not all(v.endswith("px") for v in extent.split()):
            self.note("W801", root, f"tts:extent {extent!r} on tt: IMSC allows it only in pixels")
        self._rates(root)
        head = root.find(_q(TT, "head"))
        if head is not None:
            for agent in head.iter(_q(TTM, "agent")):
                ident = agent.get(_q(XML, "id"))
                if ident:
                    names = [n for n in agent.children if n.tag == _q(TTM, "name")]
                    full = [n for n in names if n.get("type") == "full"] or names
                    self.agents[ident] = " ".join(full[0].itertext().split()) if full else ident
            for style in head.iter(_q(TT, "style")):
                ident = style.get(_q(XML, "id"))
                if ident:
                    self.styles[ident] = {k: v for k, v in style.attrib.items() if k.startswith(f"{{{TTS}}}")}
                    self.style_refs[ident] = (style.get("style") or "").split()
        elif self.ebu:
            self.note("W801", root, "tt has no head: EBU-TT-D requires one with styling and layout")
        cues: list[Cue] = []
        body = root.find(_q(TT, "body"))
        if body is not None:
            self._walk(body, 0, None, None, cues, set())
        meta = (("ttml_profile", profile), ("lang", lang or "en"))
        return Document("ttml", tuple(cues), findings=tuple(self.findings), meta=meta)

    def _rates(self, root: Node) -> None:
        rate = root.get(_q(TTP, "frameRate"))
        if rate and rate.isdigit() and int(rate) > 0:
            self.frame_rate = Fraction(int(rate))
            self.declared_rate = True
        multiplier = (root.get(_q(TTP, "frameRateMultiplier")) or "").split()
        if len(multiplier) == 2 and all(m.isdigit() and int(m) > 0 for m in multiplier):
            self.frame_rate *= Fraction(int(multiplier[0]), int(multiplier[1]))
        ticks = root.get(_q(TTP, "tickRate"))
        if ticks and ticks.isdigit() and int(ticks) > 0:
            self.tick_rate = int(ticks)
        elif rate:
            self.tick_rate = int(self.frame_rate)
        sub = root.get(_q(TTP, "subFrameRate"))
        if sub and sub.isdigit() and int(sub) > 0:
            self.sub_frames = int(sub)

    def time(self, node: Node, name: str) -> int | None:
        """The time of attribute ``name`` in milliseconds, or None (absent or unreadable, reported)."""
        value = node.get(name)
        if value is None:
            return None
        text = value.strip()
        clock = _CLOCK.match(text)
        if clock is not None:
            h, m, s, fraction, frames, sub = clock.groups()
            seconds = Fraction(int(h) * 3600 + int(m) * 60 + int(s))
            if fraction:
                seconds += Fraction(fraction)
            if frames is not None:
                if self.ebu:
                    self.note("W804", node, f"{name}={value!r} counts frames: EBU-TT-D takes only HH:MM:SS.mmm")
                elif not self.declared_rate:
                    self.note("W801", node, f"{name}={value!r} counts frames but tt has no ttp:frameRate: IMSC "
                                            "requires it (read at 30 fps)")
                seconds += (int(frames) + Fraction(int(sub or 0), self.sub_frames)) / self.frame_rate
            return round_ms(seconds * 1000)
        offset = _OFFSET.match(text)
        if offset is not None:
            if self.ebu:
                self.note("W804", node, f"{name}={value!r} is an offset time: EBU-TT-D takes only HH:MM:SS.mmm")
            amount = Fraction(offset.group(1))
            unit = offset.group(2)
            scale = {"h": Fraction(3_600_000), "m": Fraction(60_000), "s": Fraction(1000), "ms": Fraction(1),
                     "f": 1000 / self.frame_rate, "t": Fraction(1000, self.tick_rate)}[unit]
            return round_ms(amount * scale)
        self.note("W804", node, f"{name}={value!r} is not a TTML time expression")
        return None

    def _walk(self, node: Node, start: int, end: int | None, agent: str | None, cues: list[Cue],
              styles: set[str]) -> None:
        """Cues from ``node``'s paragraphs: times relative to the parent's begin (parallel time containers)."""
        begin = self.time(node, "begin")
        node_start = start + (begin or 0)
        node_end = end
        stop = self.time(node, "end")
        dur = self.time(node, "dur")
        if stop is not None:
            node_end = start + stop if end is None else min(end, start + stop)
        elif dur is not None:
            node_end = node_start + dur if end is None else min(end, node_start + dur)
        agent = node.get(_q(TTM, "agent"), agent)
        styles = styles | self._text_styles(node)
        if node.tag == _q(TT, "p"):
            self._paragraph(node, node_start, node_end, agent, cues, styles)
            return
        for child in node.children:
            if child.tag in (_q(TT, "div"), _q(TT, "p")):
                if self.ebu and node.tag == _q(TT, "div") and child.tag == _q(TT, "div"):
                    self.note("W801", child, "div inside a div: EBU-TT-D does not allow it")
                self._walk(child, node_start, node_end, agent, cues, styles)

    def _text_styles(self, node: Node) -> set[str]:
        """italic, bold, underline as the node's styles and attributes set them."""
        attrs: dict[str, str] = {}
        seen: set[str] = set()

        def add(ident: str) -> None:
            if ident in seen or ident not in self.styles:
                return
            seen.add(ident)
            for ref in self.style_refs.get(ident, []):
                add(ref)
            attrs.update(self.styles[ident])

        for ident in (node.get("style") or "").split():
            add(ident)
        attrs.update({k: v for k, v in node.attrib.items() if k.startswith(f"{{{TTS}}}")})
        out = set()
        for tag, (_, attribute, value) in _TAGS.items():
            if value in (attrs.get(attribute) or "").split():
                out.add(tag)
        return out

    def _paragraph(self, p: Node, start: int, end: int | None, agent: str | None, cues: list[Cue],
                   styles: set[str]) -> None:
        if self.ebu and p.get(_q(XML, "id")) is None:
            self.note("W801", p, "p without xml:id: EBU-TT-D requires one")
        runs: list[tuple[str, frozenset[str]]] = []
        speakers: list[str] = []
        self._inline(p, frozenset(styles), runs, speakers, 0)
        text = _cue_text(runs)
        if agent is None and speakers:
            agent = speakers[0]
        speaker = None
        if agent:
            first = agent.split()[0]
            speaker = self.agents.get(first)
            if speaker is None:
                self.note("W803", p, f"ttm:agent {first!r} names no agent in the head: read as the speaker's name")
                speaker = first
        if end is None:
            self.note("W804", p, "a paragraph with no end time: it would show to the end of the programme")
            end = start
        ident = p.get(_q(XML, "id"), "") or ""
        cues.append(make_cue(start, end, text, ident, speaker, DEFAULT_SETTINGS, "", p.line, -1))

    def _inline(self, node: Node, current: frozenset[str], runs: list[tuple[str, frozenset[str]]],
                speakers: list[str], depth: int) -> None:
        """The runs of text of ``node``'s content with their styles; ``("\\n", ...)`` for a line break."""
        runs.append((node.text, current))
        for child in node.children:
            if child.tag == _q(TT, "br"):
                runs.append(("\n", current))
            elif child.tag == _q(TT, "span"):
                if self.ebu and depth > 0:
                    self.note("W801", child, "span inside a span: EBU-TT-D does not allow it")
                if child.get(_q(TTM, "agent")):
                    speakers.append(child.get(_q(TTM, "agent"), "") or "")
                self._inline(child, current | self._text_styles(child), runs, speakers, depth + 1)
            runs.append((child.tail, current))


def _cue_text(runs: list[tuple[str, frozenset[str]]]) -> str:
    """Runs as cue text: white space as XML's default handling shows it, i/b/u tags where the style changes.

    >>> _cue_text([(" a ", frozenset()), (" b", frozenset("i")), ("\\n", frozenset("i")), ("c  ", frozenset("i"))])
    'a <i>b\\nc</i>'
    """
    lines: list[list[tuple[str, frozenset[str]]]] = [[]]
    for text, styles in runs:
        if text == "\n":
            lines.append([])
        elif text:
            lines[-1].append((_SPACE.sub(" ", text), styles))
    shown: list[list[tuple[str, list[str]]]] = []
    for line in lines:
        space = True  # at the start of a line, white space shows nothing
        kept: list[tuple[str, list[str]]] = []
        for text, styles in line:
            if space:
                text = text.lstrip(" ")
            if text:
                space = text.endswith(" ")
                kept.append((text, [t for t in "ibu" if t in styles]))
        while kept and kept[-1][0].endswith(" "):
            last = kept[-1][0].rstrip(" ")
            kept[-1:] = [(last, kept[-1][1])] if last else []
        shown.append(kept)
    out: list[str] = []
    open_tags: list[str] = []
    for number, kept in enumerate(shown):
        for text, wanted in kept:
            if wanted != open_tags:
                out.extend(f"</{t}>" for t in reversed(open_tags))
                out.extend(f"<{t}>" for t in wanted)
                open_tags = wanted
            out.append(text)
        if number + 1 < len(shown):
            following = shown[number + 1][0][1] if shown[number + 1] else []
            if following != open_tags:  # tags close before the line break unless the next line goes on in them
                out.extend(f"</{t}>" for t in reversed(open_tags))
                open_tags = []
            out.append("\n")
    out.extend(f"</{t}>" for t in reversed(open_tags))
    return "".join(out)


def read(text: str) -> Document:
    """Read a TTML document.

    Raises:
        NotSubtitleError: not well-formed XML, or not TTML.
    """
    return _Reader(parse(text)).run()


def looks_like(head: bytes) -> bool:
    """Whether the first bytes of a file are a TTML document."""
    return b"<tt" in head and b"http://www.w3.org/ns/ttml" in head
