"""subtitler: broadcast transcripts to captions with speakers; SRT and WebVTT kept honest.

The public API, in the order a session uses it::

    >>> import subtitler
    >>> doc = subtitler.loads("1\\n00:00:01,000 --> 00:00:02,500\\nGood evening.\\n")
    >>> [(cue.start_ms, cue.end_ms, cue.text) for cue in doc.cues]
    [(1000, 2500, 'Good evening.')]
    >>> later = subtitler.shift(doc, "+2.5s")
    >>> subtitler.dumps(later)
    b'1\\n00:00:03,500 --> 00:00:05,000\\nGood evening.\\n'

Reading and writing: :func:`load`, :func:`loads`, :func:`save`, :func:`dumps`
(lossless: a document read and saved unchanged gives the same bytes, BOM, line
endings and encoding included). Judging: :func:`validate`. Retiming: :func:`shift`,
:func:`stretch`, :func:`sync`. Converting: :func:`convert`. Captions from a
transcript: :func:`generate`. The types: :class:`Document`, :class:`Cue`,
:class:`Finding`, :class:`Profile`, and :class:`SubtitlerError`, the base of every
error raised on purpose.

The packages behind it: ``formats`` (readers and writers), ``pipeline`` (generate's
stages), ``checks`` (validate and fix), ``retime`` and ``preview``; ``cli`` is the
command line, a thin client over them.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the types are imported on first use, so that a command's start stays fast
    from subtitler.errors import SubtitlerError
    from subtitler.model import Cue, Document, Finding
    from subtitler.pipeline.result import Generated
    from subtitler.profiles import Profile

__version__ = "0.1.0"

__all__ = [
    "Cue",
    "Document",
    "Finding",
    "Generated",
    "Profile",
    "SubtitlerError",
    "__version__",
    "convert",
    "dumps",
    "generate",
    "load",
    "loads",
    "save",
    "shift",
    "stretch",
    "sync",
    "validate",
]

_TYPES = {
    "Cue": "subtitler.model", "Document": "subtitler.model", "Finding": "subtitler.model",
    "Generated": "subtitler.pipeline.result", "Profile": "subtitler.profiles", "SubtitlerError": "subtitler.errors",
}


def __getattr__(name: str) -> Any:
    if name in _TYPES:
        import importlib

        return getattr(importlib.import_module(_TYPES[name]), name)
    raise AttributeError(f"module 'subtitler' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def load(path: str, fmt: str | None = None, *, tc_start: int | str | None = None) -> Document:
    """Read an SRT, WebVTT, TTML or SCC file (``-`` for standard input) into a Document.

    The format comes from ``fmt``, else the file's extension, else its first bytes;
    the encoding is detected. Problems the reader survives are ``doc.findings``.
    ``tc_start`` is the programme start a TTML or SCC file is timed from
    (``"01:00:00;00"``, or milliseconds): the cues are timed from there, and
    writing the document back gives the file's own times.

    Raises:
        SubtitlerError: unreadable, not text, or not a subtitle file; a cue before ``tc_start``.
    """
    from subtitler.fileio import load as load_file

    return _from_programme(load_file(path, fmt), tc_start)


def _from_programme(doc: Document, tc_start: int | str | None) -> Document:
    if tc_start is None or doc.format not in ("ttml", "scc"):
        return doc
    from subtitler.formats.broadcast import from_programme
    from subtitler.timecode import parse_timestamp

    return from_programme(doc, parse_timestamp(tc_start) if isinstance(tc_start, str) else tc_start)


def loads(data: str | bytes, fmt: str | None = None, *, tc_start: int | str | None = None) -> Document:
    """Read a subtitle file's text or bytes into a Document (``tc_start`` as for :func:`load`).

    >>> doc = loads(b"WEBVTT\\n\\n00:01.000 --> 00:02.000\\n<v Kim Min-ji>Thank you.\\n")
    >>> doc.format, doc.cues[0].speaker
    ('vtt', 'Kim Min-ji')

    Raises:
        SubtitlerError: not text, or not a subtitle file.
    """
    from subtitler import formats

    return _from_programme(formats.read(data.encode("utf-8") if isinstance(data, str) else data, None, fmt),
                           tc_start)


def dumps(doc: Document, fmt: str | None = None) -> bytes:
    """The bytes of a file holding ``doc`` (in ``fmt``, default its own format).

    A document as read comes back byte for byte, BOM and encoding included:

    >>> data = b"\\xef\\xbb\\xbf1\\r\\n00:00:01,000 --> 00:00:02,000\\r\\nCaf\\xc3\\xa9\\r\\n"
    >>> dumps(loads(data)) == data
    True
    """
    from subtitler import formats

    return formats.encode(doc, formats.write(doc, fmt))


def save(doc: Document, path: str, fmt: str | None = None) -> None:
    """Write ``doc`` to ``path`` atomically (readers see the old file or the new one, never half).

    ``fmt`` defaults to the format the extension names, else the document's own.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> save(loads("1\\n00:00:01,000 --> 00:00:02,000\\nHello\\n"), os.path.join(folder, "out.vtt"))
    >>> open(os.path.join(folder, "out.vtt"), "rb").read()
    b'WEBVTT\\n\\n1\\n00:00:01.000 --> 00:00:02.000\\nHello\\n\\n'

    Raises:
        SubtitlerError: the file cannot be written.
    """
    import os

    from subtitler.fileio import write_atomic
    from subtitler.formats import EXTENSIONS

    target = fmt or EXTENSIONS.get(os.path.splitext(path)[1].lower())
    if target is not None and target != doc.format:
        doc = convert(doc, target)
    write_atomic(path, dumps(doc))


def validate(doc: Document, profile: str | Profile = "netflix", fps: str | float | Fraction | None = None
             ) -> list[Finding]:
    """Every problem of a document: the reader's, then the file, timing and text rules of ``profile``.

    >>> doc = loads("1\\n00:00:01,000 --> 00:00:01,200\\nToo quick to read\\n")
    >>> [f.code for f in validate(doc, "bbc")]
    ['W205', 'W304']

    Args:
        doc: a document (as read, or built).
        profile: ``netflix``, ``bbc`` or ``dcmp``, or a :class:`Profile`.
        fps: the programme's frame rate, for gaps counted in frames (default 29.97).

    Raises:
        UsageError: an unknown profile or frame rate.
    """
    from subtitler import profiles
    from subtitler.checks.core import check
    from subtitler.timecode import parse_fps

    chosen = profiles.get(profile) if isinstance(profile, str) else profile
    return check(doc, chosen, profiles.DEFAULT_FPS if fps is None else parse_fps(fps))


def _ms(value: int | str, fps: Fraction | None = None) -> int:
    from subtitler.timecode import parse_offset

    return value if isinstance(value, int) else parse_offset(value, fps)


def shift(doc: Document, by: int | str, *, negative: str = "refuse") -> Document:
    """``doc`` with every cue moved by ``by`` (milliseconds, or ``"-2.5s"``, ``"00:00:01.200"``).

    Nothing but timestamps changes. A cue that would start before zero is refused
    (``negative="refuse"``, a RetimeError naming the cues), moved to zero
    (``"clamp"``) or left out (``"drop"``), each reported in the findings.

    Raises:
        RetimeError: a cue would fall below zero and ``negative`` is ``refuse``.
    """
    from subtitler.retime.apply import shift as shift_doc

    return shift_doc(doc, _ms(by), negative=_refuse_clamp_or_drop("negative", negative))


def stretch(doc: Document, factor: str | float | Fraction | None = None, *,
            fps: tuple[str | float | Fraction, str | float | Fraction] | None = None,
            anchor: int | str = 0, negative: str = "refuse") -> Document:
    """``doc`` with times scaled by ``factor``, or moved from one frame rate to another.

    >>> film = stretch(loads("1\\n00:01:00,000 --> 00:01:01,000\\nHi\\n"), fps=(25, "23.976"))
    >>> film.cues[0].start_ms
    62563

    Raises:
        UsageError: neither or both of ``factor`` and ``fps``.
    """
    from subtitler.errors import UsageError
    from subtitler.retime.apply import change_fps
    from subtitler.retime.apply import stretch as stretch_doc
    from subtitler.timecode import parse_fps, parse_ratio

    if (factor is None) == (fps is None):
        raise UsageError("give either `factor` or `fps` (from, to)")
    if fps is not None:
        return change_fps(doc, parse_fps(fps[0]), parse_fps(fps[1]), anchor_ms=_ms(anchor),
                          negative=_refuse_clamp_or_drop("negative", negative))
    assert factor is not None
    ratio = parse_ratio(factor)
    return stretch_doc(doc, ratio, anchor_ms=_ms(anchor), negative=_refuse_clamp_or_drop("negative", negative))


def sync(doc: Document, points: Sequence[tuple[int | str, int | str]], *, negative: str = "refuse") -> Document:
    """``doc`` moved through sync points ``(old, new)``: one is a shift, more a line between each pair.

    >>> doc = loads("1\\n00:00:10,000 --> 00:00:11,000\\nA\\n\\n2\\n00:00:50,000 --> 00:00:51,000\\nB\\n")
    >>> [c.start_ms for c in sync(doc, [("10s", "12s"), ("50s", "54s")]).cues]
    [12000, 54000]
    """
    from subtitler.retime.apply import sync as sync_doc

    pairs = [(_ms(old), _ms(new)) for old, new in points]
    return sync_doc(doc, pairs, negative=_refuse_clamp_or_drop("negative", negative))


def _refuse_clamp_or_drop(parameter: str, value: str) -> Any:
    """What to do with what cannot be kept (a time below zero, a block the target drops), checked."""
    from subtitler.errors import UsageError

    if value not in ("refuse", "clamp", "drop"):
        raise UsageError(f"`{parameter}` {value!r}: expected refuse, clamp or drop")
    return value


def convert(doc: Document, to: str, speaker_style: str | None = None, *, unfit: str = "refuse",
            ttml_profile: str | None = None, tc_start: int | str | None = None, lang: str | None = None) -> Document:
    """``doc`` in format ``to`` (srt, vtt, ttml or scc), speakers kept; what it leaves out is in its findings.

    >>> vtt = convert(loads("1\\n00:00:01,000 --> 00:00:02,000\\nKIM MIN-JI: Thank you.\\n"), "vtt")
    >>> vtt.cues[0].text
    '<v KIM MIN-JI>Thank you.'

    What the target cannot hold (a time below zero in WebVTT; into SRT, a block
    browsers drop that SRT readers would show) is refused unless ``unfit`` is
    ``clamp`` (times to zero) or ``drop`` (left out), each noted in the findings.

    TTML is IMSC 1.1 Text or, with ``ttml_profile="ebu-tt-d"``, EBU-TT-D, each speaker a
    ``ttm:agent``; SCC is CEA-608 pop-on captions (docs/broadcast.md). ``tc_start`` is
    the programme start the written times count from (``"10:00:00;00"``, or milliseconds);
    ``lang`` the TTML document's language (``xml:lang``, default ``en``).

    Raises:
        UsageError: an unknown format or speaker style.
        ConversionError: what the target cannot hold, with ``unfit="refuse"``.
    """
    import dataclasses

    from subtitler.formats.convert import convert as convert_doc
    from subtitler.timecode import parse_timestamp

    start_ms = parse_timestamp(tc_start) if isinstance(tc_start, str) else tc_start
    converted, notes = convert_doc(doc, to, speaker_style, _refuse_clamp_or_drop("unfit", unfit), ttml_profile,
                                   start_ms, lang)
    return dataclasses.replace(converted, findings=converted.findings + tuple(notes)) if notes else converted


def generate(transcript: str | bytes, *, profile: str | Profile = "netflix", fps: str | float | Fraction | None = None,
             **timing: Any) -> Generated:
    """Speaker turns, timings and caption cues from a news transcript, labelled or not.

    >>> result = generate("ANCHOR: Good evening. Our correspondent is at the Blue House.\\n\\n"
    ...                   "SARAH LEE, CORRESPONDENT: Thank you. The council met this afternoon.")
    >>> [(s.name, s.role) for s in result.speakers]
    [('Anchor', 'anchor'), ('Sarah Lee', 'correspondent')]
    >>> print(dumps(result.to_document("vtt")).decode().splitlines()[-2])
    <v Sarah Lee>Thank you. The council met this afternoon.

    Args:
        transcript: the transcript's text, or its bytes in any encoding subtitler can decode.
        profile: the caption profile the cues must meet (``netflix``, ``bbc``, ``dcmp``).
        fps: the programme's frame rate, for gaps in frames.
        timing: what is known of the timing, as :class:`subtitler.pipeline.timing.TimingOptions`
            fields (``wpm``, ``syllables_per_second``, ``start_ms``, ``duration_ms``, ``sync``),
            and ``audio`` and ``audio_offset_ms`` to time every sentence from the audio.

    Raises:
        TranscriptError: no speech in the transcript.
        UsageError: options that contradict each other, or an unknown one.
    """
    from subtitler import profiles
    from subtitler.errors import UsageError
    from subtitler.pipeline import Options, generate_bytes
    from subtitler.pipeline.timing import TimingOptions
    from subtitler.timecode import parse_fps

    audio = timing.pop("audio", None)
    audio_offset_ms = timing.pop("audio_offset_ms", None)
    known = set(TimingOptions.__dataclass_fields__)
    if set(timing) - known:
        raise UsageError(f"unknown option {sorted(set(timing) - known)[0]!r} (known: profile, fps, audio, "
                         f"audio_offset_ms, {', '.join(sorted(known))})")
    if "sync" in timing:
        timing["sync"] = tuple(tuple(point) for point in timing["sync"])
    options = Options(
        profile=profiles.get(profile) if isinstance(profile, str) else profile,
        fps=profiles.DEFAULT_FPS if fps is None else parse_fps(fps),
        timing=TimingOptions(**timing),
        audio=audio,
        audio_offset_ms=audio_offset_ms,
    )
    data = transcript.encode("utf-8") if isinstance(transcript, str) else transcript
    return generate_bytes(data, options)
