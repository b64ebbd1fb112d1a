"""What generate decides: the cues before they are written, and the whole result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from subtitler.model import Document, Dropped, Finding, Speaker, Turn
from subtitler.profiles import Profile


@dataclass(frozen=True, slots=True)
class Caption:
    """A cue before it is written in a format.

    Attributes:
        start_ms, end_ms: display times.
        lines: the lines of text as shown (without speaker markers).
        speakers: the speaker id of each line for a dialogue cue, else one id.
        line: the source line of the cue's first word, for findings.
        question: the cue ends a question.
        label: the SRT speaker label the cue starts with in the label style (``KIM MIN-JI:``),
            for which its first line keeps room and its time counts the label's characters.
    """

    start_ms: int
    end_ms: int
    lines: tuple[str, ...]
    speakers: tuple[str, ...]
    line: int
    question: bool = False
    label: str = ""

    @property
    def speaker(self) -> str:
        """The cue's (first) speaker."""
        return self.speakers[0]

    @property
    def text(self) -> str:
        """The lines as one string."""
        return " ".join(self.lines)


@dataclass(frozen=True)
class Generated:
    """Everything generate decided, in the order of the transcript.

    Attributes:
        source: the transcript's path, when it came from a file.
        speakers: who speaks, with ids, names and roles.
        turns: speaker turns with their timed sentences.
        captions: the cues.
        dropped: every input line that is not speech, with why.
        findings: repairs and warnings, each with its source line.
        profile: the profile the cues were made for.
        layout: the cues for a speaker style whose marker takes room on the line (``label``,
            ``chevron``): their turn's first line is shorter by it, and its time counts it. None
            (or a style whose marker takes none) means ``captions``.
    """

    source: str | None
    speakers: tuple[Speaker, ...]
    turns: tuple[Turn, ...]
    captions: tuple[Caption, ...]
    dropped: tuple[Dropped, ...]
    findings: tuple[Finding, ...]
    profile: Profile
    layout: Callable[[str], tuple[Caption, ...]] | None = field(default=None, repr=False, compare=False)

    def cues(self, speaker_style: str) -> tuple[Caption, ...]:
        """The cues as written in ``speaker_style``: room for a marker only where one is written."""
        return self.captions if self.layout is None else self.layout(speaker_style)

    def speaker(self, speaker_id: str) -> Speaker:
        """The speaker with this id."""
        return next(s for s in self.speakers if s.id == speaker_id)

    def to_document(self, fmt: str = "vtt", speaker_style: str | None = None, colours: bool = True) -> Document:
        """The cues as an SRT, WebVTT, TTML or SCC Document with speakers marked (:func:`.render.document`)."""
        from subtitler.pipeline.render import document

        return document(self, fmt, speaker_style, colours)

    def to_json(self) -> str:
        """The generate JSON document, the contract other tools read (:mod:`.jsondoc`)."""
        from subtitler.pipeline.jsondoc import dumps

        return dumps(self)

    def to_rttm(self) -> str:
        """The speaker turns as RTTM (:mod:`.rttm`)."""
        from subtitler.pipeline.rttm import dumps

        return dumps(self)
