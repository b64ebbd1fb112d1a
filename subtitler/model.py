"""The data model: frozen dataclasses that every stage reads and returns.

Times are integer milliseconds (``*_ms``). A :class:`Document` is what a reader
returns and a writer takes; it keeps a :class:`Source` map of the bytes it came
from so that writing an unchanged document reproduces them, and retiming
rewrites only timestamps.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, overload

Format = Literal["srt", "vtt", "ttml", "scc"]
Role = Literal["anchor", "correspondent", "guest", "unknown"]


class Severity(StrEnum):
    """How bad a finding is: errors fail validation, warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem (or repair) found in an input, as data.

    Attributes:
        code: stable rule code such as ``E110`` (see docs/rules.md).
        severity: error, warning or info.
        line: 1-based line in the input (0 when the finding is about the whole file).
        column: 1-based column in characters (0 when not known).
        message: one line, with the measured value and the limit where there is one.
        cue: 0-based index of the cue concerned, when there is one.
    """

    code: str
    severity: Severity
    line: int
    column: int
    message: str
    cue: int | None = None


@dataclass(frozen=True, slots=True)
class Region:
    """A WebVTT REGION definition, with its settings as the WebVTT API exposes them."""

    id: str = ""
    width: float = 100.0
    lines: int = 3
    region_anchor_x: float = 0.0
    region_anchor_y: float = 100.0
    viewport_anchor_x: float = 0.0
    viewport_anchor_y: float = 100.0
    scroll: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class CueSettings:
    """WebVTT cue settings parsed to their WebVTT API values (spec defaults here).

    ``line`` and ``position`` are a number or ``"auto"``; ``region`` is the id of
    the region the cue belongs to, or None.
    """

    vertical: str = ""
    line: float | str = "auto"
    snap_to_lines: bool = True
    line_align: str = "start"
    position: float | str = "auto"
    position_align: str = "auto"
    size: float = 100.0
    align: str = "center"
    region: str | None = None


#: The settings of a cue that has none.
DEFAULT_SETTINGS = CueSettings()


@dataclass(frozen=True, slots=True)
class Cue:
    """One timed caption.

    Attributes:
        start_ms, end_ms: times in integer milliseconds.
        text: the cue text exactly as it stands in the file (lines joined with
            ``\\n``, tags and speaker markers included).
        id: the WebVTT cue identifier or the SRT index, as written.
        speaker: the speaker's name, read from ``<v Name>`` or an SRT marker.
        settings: parsed WebVTT cue settings.
        settings_text: the settings as written after the end time.
        line: 1-based line of the timing line in the source (0 if not read).
        src: index of this cue in the document's :class:`Source` (-1 if not read).
    """

    start_ms: int
    end_ms: int
    text: str
    id: str = ""
    speaker: str | None = None
    settings: CueSettings = DEFAULT_SETTINGS
    settings_text: str = ""
    line: int = 0
    src: int = -1


@dataclass(slots=True)
class _CueBuilder:
    """A mutable twin of :class:`Cue` with the same slots, used only by :func:`make_cue`."""

    start_ms: int
    end_ms: int
    text: str
    id: str
    speaker: str | None
    settings: CueSettings
    settings_text: str
    line: int
    src: int


def make_cue(start_ms: int, end_ms: int, text: str, id: str, speaker: str | None,
             settings: CueSettings, settings_text: str, line: int, src: int) -> Cue:
    """Build a :class:`Cue` four times faster than its frozen ``__init__``.

    A frozen dataclass sets each field through ``object.__setattr__``, which costs
    about 4 microseconds a cue here; readers build one per cue, so they build the
    mutable twin (identical slots) and give it the frozen class. The result is an
    ordinary frozen Cue: equal to one built by ``Cue(...)``, and immutable.
    """
    cue = _CueBuilder(start_ms, end_ms, text, id, speaker, settings, settings_text, line, src)
    cue.__class__ = Cue  # type: ignore[assignment]
    return cue  # type: ignore[return-value]


BlockKind = Literal["header", "style", "region", "note", "invalid"]


@dataclass(frozen=True, slots=True)
class Block:
    """A part of a file that is not a cue, kept verbatim.

    ``invalid`` blocks are what a reader could not parse: they are reported as
    errors and written back unchanged, never dropped.

    Attributes:
        kind: header, style, region, note or invalid.
        text: the block's lines joined with ``\\n``.
        line: 1-based first line in the source.
        before_cue: how many cues come before it (where it is written back).
        start, end: its character span in the source text (-1 if not read).
    """

    kind: BlockKind
    text: str
    line: int = 0
    before_cue: int = 0
    start: int = -1
    end: int = -1


class LazyCues(Sequence[Cue]):
    """The cues of a clean file, built into Cue objects the first time anyone looks at them.

    A reader that has checked a whole file in bulk knows every cue is well
    formed before it builds one; building a hundred thousand objects is most of
    the cost of reading, and writing an unchanged document back (``convert``,
    a copy with a new encoding) needs none of them. The sequence behaves as the
    tuple it becomes: equal to it, hashable, sliceable.
    """

    __slots__ = ("_count", "_cues", "_make", "_spans")

    def __init__(self, count: int, make: Callable[[], tuple[tuple[Cue, ...], array[int]]]) -> None:
        self._count = count
        self._make: Callable[[], tuple[tuple[Cue, ...], array[int]]] | None = make
        self._cues: tuple[Cue, ...] | None = None
        self._spans: array[int] | None = None

    def _built(self) -> tuple[Cue, ...]:
        if self._cues is None:
            assert self._make is not None
            self._cues, self._spans = self._make()
            self._make = None  # let go of the columns it was built from
        return self._cues

    @property
    def built(self) -> bool:
        """Whether the Cue objects exist yet."""
        return self._cues is not None

    def spans(self) -> array[int]:
        """The source spans of the cues (see :class:`Source`)."""
        self._built()
        assert self._spans is not None
        return self._spans

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Cue: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Cue, ...]: ...
    def __getitem__(self, index: int | slice) -> Cue | tuple[Cue, ...]:
        return self._built()[index]

    def __iter__(self) -> Iterator[Cue]:
        return iter(self._built())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyCues):
            return self is other or self._built() == other._built()
        if isinstance(other, tuple):
            return self._built() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._built())

    def __repr__(self) -> str:
        return f"LazyCues({self._count} cues{'' if self.built else ', not built yet'})"


@dataclass(frozen=True, slots=True, eq=False)
class Source:
    """Where a read document's parts stand in the text it was read from.

    ``spans`` holds three offsets per cue read: where the cue's block starts,
    where it ends (after its trailing blank lines) and where its timing line
    starts; a reader that builds its cues lazily gives None for ``known_spans``
    and the spans come with the cues. ``cues`` and ``blocks`` are as read, so a
    writer can tell what changed.
    """

    text: str
    cues: Sequence[Cue]
    known_spans: array[int] | None
    blocks: tuple[Block, ...] = ()

    @property
    def spans(self) -> array[int]:
        """Three offsets per cue (see the class)."""
        if self.known_spans is not None:
            return self.known_spans
        assert isinstance(self.cues, LazyCues)
        return self.cues.spans()

    def span(self, index: int) -> tuple[int, int, int]:
        """Cue ``index``'s block start, block end and timing line start."""
        base = index * 3
        return self.spans[base], self.spans[base + 1], self.spans[base + 2]


@dataclass(frozen=True)
class Document:
    """A subtitle file as read, or as built by generate.

    Attributes:
        format: ``srt`` or ``vtt``.
        cues: the cues in file order (a tuple, or :class:`LazyCues` that behave as one).
        blocks: everything else, verbatim (header, STYLE, REGION, NOTE, unparseable).
        regions: WebVTT regions in definition order.
        findings: every problem the reader saw.
        encoding: the encoding the bytes were in.
        bom: whether the file started with a byte order mark.
        newline: the line ending used most (``\\n``, ``\\r\\n`` or ``\\r``).
        source: the map back to the text read (None for a built document).
        meta: settings of the broadcast formats that their writer keeps, as (name, value) pairs:
            the TTML profile and language, the timecode of the programme start (see
            :mod:`subtitler.formats.broadcast`); empty for SRT and WebVTT.
    """

    format: Format
    cues: Sequence[Cue]
    blocks: tuple[Block, ...] = ()
    regions: tuple[Region, ...] = ()
    findings: tuple[Finding, ...] = ()
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    exact: bool = field(default=True, compare=False)
    source: Source | None = field(default=None, compare=False, repr=False)
    meta: tuple[tuple[str, str], ...] = ()

    def setting(self, name: str, default: str = "") -> str:
        """The value of one of :attr:`meta`'s settings, or ``default``."""
        return next((value for key, value in self.meta if key == name), default)

    def region(self, region_id: str | None) -> Region | None:
        """The region a cue refers to: the last one defined with that id."""
        if region_id is None:
            return None
        for reg in reversed(self.regions):
            if reg.id == region_id:
                return reg
        return None

    @property
    def invalid_blocks(self) -> tuple[Block, ...]:
        """The blocks the reader could not parse (each also an error finding)."""
        return tuple(b for b in self.blocks if b.kind == "invalid")


# -- generate: transcript, speakers, turns ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person speaking: stable id, display name and broadcast role."""

    id: str
    name: str | None
    role: Role = "unknown"


#: The least and greatest times a 32-bit array of :class:`TimedWords` holds (a 64-bit one beyond).
_INT32 = (-(2**31), 2**31 - 1)


class TimedWords(Sequence[tuple[str, int, int]]):
    """A sentence's caption words, each with its start and end, kept compact: the words are the
    sentence text's own (``text.split()``), split when read, and the times are one array of
    integers (start and end of each word in turn). It reads, compares and hashes as the tuple of
    ``(word, start_ms, end_ms)`` it stands for; a tuple of word objects cost about twenty times
    the text (a long transcript's estimate held a tuple, two integers and a string a word).
    """

    __slots__ = ("_text", "_times")

    def __init__(self, text: str, times: Sequence[int]) -> None:
        low, high = (min(times), max(times)) if times else (0, 0)
        self._text = text
        self._times = array("i" if _INT32[0] <= low and high <= _INT32[1] else "q", times)
        if len(self._times) != 2 * len(text.split()):
            raise ValueError("two times for each word of the text")

    @property
    def times(self) -> Sequence[int]:
        """The start and end of each word in turn."""
        return self._times

    def retimed(self, move: Callable[[int], int]) -> TimedWords:
        """The same words with every time passed through ``move``."""
        return TimedWords(self._text, [move(t) for t in self._times])

    def __len__(self) -> int:
        return len(self._times) // 2

    def __iter__(self) -> Iterator[tuple[str, int, int]]:
        times = iter(self._times)
        return ((word, start, next(times)) for word, start in zip(self._text.split(), times))

    @overload
    def __getitem__(self, index: int) -> tuple[str, int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[tuple[str, int, int], ...]: ...
    def __getitem__(self, index: int | slice) -> tuple[str, int, int] | tuple[tuple[str, int, int], ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        at = range(len(self))[index]  # IndexError out of range, as a tuple's
        return self._text.split()[at], self._times[2 * at], self._times[2 * at + 1]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TimedWords):
            return self._text == other._text and list(self._times) == list(other._times)
        return isinstance(other, tuple) and tuple(self) == other

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of spoken text with its source line and (once timed) its times.

    ``words``: each caption word with its start and end; a tuple, or the compact
    :class:`TimedWords` the estimate makes.
    """

    text: str
    line: int
    paragraph: int = 0
    start_ms: int = 0
    end_ms: int = 0
    words: tuple[tuple[str, int, int], ...] | TimedWords = ()
    source: str = "estimate"
    confidence: float | None = None


#: A turn the speaker model is less sure of than this (its confidence) is listed for a producer to check.
CHECK_BELOW = 0.5


@dataclass(frozen=True, slots=True)
class Turn:
    """Consecutive sentences by one speaker."""

    speaker: str
    role: Role
    sentences: tuple[Sentence, ...]
    #: The speaker model's probability that this turn starts here with this role (None: from labels).
    confidence: float | None = None

    @property
    def text(self) -> str:
        """The turn's spoken text."""
        return " ".join(s.text for s in self.sentences)

    @property
    def line(self) -> int:
        """The source line the turn starts on."""
        return self.sentences[0].line if self.sentences else 0

    @property
    def unsure(self) -> bool:
        """Whether the speaker model is less sure of this turn than :data:`CHECK_BELOW` (a producer checks it)."""
        return self.confidence is not None and self.confidence < CHECK_BELOW

    @property
    def start_ms(self) -> int:
        """When the turn starts."""
        return self.sentences[0].start_ms if self.sentences else 0

    @property
    def end_ms(self) -> int:
        """When the turn ends."""
        return self.sentences[-1].end_ms if self.sentences else 0


@dataclass(frozen=True, slots=True)
class Dropped:
    """An input line that is not speech, and why it was left out."""

    line: int
    text: str
    reason: str
