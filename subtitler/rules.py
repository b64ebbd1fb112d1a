"""Every finding code subtitler can report: its severity and what it means.

``docs/rules.md`` is generated from :data:`RULES` (``subtitler rules --markdown``),
and a test fails when the two disagree. The letter of a code is its severity:
``E`` error, ``W`` warning, ``I`` information (a repair or a note).
"""

from __future__ import annotations

from dataclasses import dataclass

from subtitler.model import Finding, Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """One finding code.

    Attributes:
        code: stable code (never reused for another meaning).
        name: short slug.
        area: file, srt, vtt, timing, text, generate or align.
        summary: one line, what it means and why it matters.
    """

    code: str
    name: str
    area: str
    summary: str

    @property
    def severity(self) -> Severity:
        """Severity from the code's letter."""
        return {"E": Severity.ERROR, "W": Severity.WARNING}.get(self.code[0], Severity.INFO)


_RULES = [
    # -- file ---------------------------------------------------------------------------
    Rule("E001", "vtt-not-utf8", "file", "A WebVTT file must be UTF-8; this one was decoded from another encoding."),
    Rule("W002", "not-utf8", "file", "The file is not UTF-8: it was decoded from the detected encoding, which players may not guess."),
    Rule("W003", "bom", "file", "The file starts with a UTF-8 byte order mark, which the profile forbids."),
    Rule("W004", "mixed-newlines", "file", "The file mixes line endings (LF, CRLF, CR)."),
    Rule("W005", "no-final-newline", "file", "The last line has no line ending."),
    Rule("W006", "trailing-blank-lines", "file", "More than one blank line at the end of the file."),
    Rule("W011", "not-utf8-byte", "file", "A byte that is not text in the file's encoding: players show U+FFFD; subtitler keeps the byte and reads the rest as text."),
    Rule("W012", "encoding-not-reversible", "file", "Bytes of a legacy multi-byte encoding that its codec writes back as other bytes (two byte sequences for one character): subtitler retimes such a file byte for byte but will not rewrite its text in that encoding."),
    Rule("E007", "nul-character", "file", "A NUL character in the text (WebVTT players show U+FFFD in its place; SRT players may cut the text there)."),
    # -- SRT syntax ---------------------------------------------------------------------
    Rule("W101", "srt-missing-index", "srt", "A cue has no index line; most players need it."),
    Rule("E102", "srt-bad-index", "srt", "The line before the timing line is not a cue number."),
    Rule("W103", "srt-odd-index", "srt", "The index line holds more than a number (spaces, punctuation)."),
    Rule("W104", "srt-decimal-dot", "srt", "A timestamp uses '.' before the milliseconds; SRT uses ','."),
    Rule("W105", "srt-field-width", "srt", "A timestamp field does not have its standard width (HH:MM:SS,mmm)."),
    Rule("W106", "srt-missing-hours", "srt", "A timestamp has no hours field."),
    Rule("W107", "srt-bad-arrow", "srt", "The arrow between the times is not '-->'."),
    Rule("W108", "srt-timing-spaces", "srt", "The timing line has extra or missing spaces."),
    Rule("W109", "srt-coordinates", "srt", "SubRip coordinates (X1: X2: Y1: Y2:) follow the timing; many players ignore them."),
    Rule("E110", "unparseable-block", "srt", "A block the reader cannot parse as a cue; it is kept verbatim and not shown by players."),
    Rule("E111", "srt-no-milliseconds", "srt", "A timestamp has no milliseconds."),
    Rule("W112", "missing-blank-line", "srt", "A cue starts without a blank line before it."),
    Rule("E113", "negative-time", "srt", "A timestamp is negative."),
    Rule("E114", "field-out-of-range", "srt", "Minutes or seconds of a timestamp are above 59."),
    Rule("W115", "srt-fullwidth-delimiter", "srt", "A timestamp uses a full-width ':' or ',' (U+FF1A, U+FF0C); read as the ASCII one."),
    Rule("W116", "srt-ssa-tag", "srt", "A SubStation override tag ({\\an8}, {b}) in SRT text: players hide it, WebVTT would show it."),
    # -- WebVTT syntax ------------------------------------------------------------------
    Rule("E151", "vtt-bad-timing", "vtt", "A block with '-->' whose timing line does not parse: browsers drop the whole cue."),
    Rule("W152", "vtt-missing-blank-line", "vtt", "A cue starts without a blank line before it (browsers tolerate it)."),
    Rule("W153", "vtt-bad-setting", "vtt", "A cue setting browsers ignore (unknown name or invalid value)."),
    Rule("E154", "vtt-late-header-block", "vtt", "A STYLE or REGION block after the first cue: browsers ignore it."),
    Rule("E155", "vtt-stray-block", "vtt", "A block that is neither a cue nor NOTE, STYLE or REGION: browsers ignore it."),
    Rule("W156", "vtt-bad-region-setting", "vtt", "A REGION setting browsers ignore (unknown name or invalid value)."),
    Rule("W157", "vtt-unknown-region", "vtt", "A cue names a region that is not defined; it shows outside any region."),
    Rule("W158", "vtt-bad-entity", "vtt", "An '&' that does not start a character reference ('&amp;' is meant)."),
    Rule("W159", "vtt-header-text", "vtt", "Text in the header after WEBVTT that is not a metadata line."),
    # -- file ----------------------------------------------------------------------------
    Rule("W008", "trailing-empty-cues", "file", "Cues without text at the end of the file: players show nothing, editors leave them behind."),
    Rule("W010", "no-cues", "file", "The file holds no cue at all: players show nothing."),
    Rule("E009", "unreadable-file", "file", "The file cannot be read as subtitles (not text, or a WebVTT file without the WEBVTT signature)."),
    Rule("I501", "conversion-loss", "file", "Something the target format cannot hold was left out by a conversion."),
    Rule("I502", "ssa-tags-converted", "file", "SubStation override tags in SRT text were removed by a conversion ({\\anN} became a position)."),
    # -- broadcast (TTML, SCC) -----------------------------------------------------------
    Rule("W801", "ttml-profile", "broadcast", "A TTML document breaks a rule of the IMSC 1.1 Text or EBU-TT-D profile it claims (an attribute required, forbidden or out of range)."),
    Rule("W803", "ttml-unknown-agent", "broadcast", "A paragraph's ttm:agent names no ttm:agent of the head: the speaker has no name."),
    Rule("W804", "ttml-time", "broadcast", "A TTML time expression the profile does not allow (frames or offsets in EBU-TT-D), that does not parse, or a paragraph without an end."),
    Rule("E811", "scc-row-too-long", "broadcast", "A CEA-608 caption row holds more than 32 characters: decoders cut it at the screen's edge."),
    Rule("E812", "scc-too-many-rows", "broadcast", "A CEA-608 caption has more than 4 rows (the FCC's limit for pop-on captions)."),
    Rule("W813", "scc-character", "broadcast", "A character CEA-608 cannot show (not in its basic, special or extended sets): written as the nearest it has, or '?'."),
    Rule("W814", "scc-bad-byte", "broadcast", "An SCC byte without odd parity, or a word that is not four hex digits: decoders drop it."),
    Rule("W815", "scc-late", "broadcast", "A caption's bytes could not all be sent before its start without overlapping the previous caption's: it shows late."),
    Rule("E816", "scc-bad-line", "broadcast", "An SCC line that is not a timecode and words, or a timecode earlier than the line before."),
    Rule("I817", "scc-rewrapped", "broadcast", "A line longer than 32 characters was re-wrapped for CEA-608 by the conversion to SCC."),
    Rule("W818", "scc-not-cleared", "broadcast", "A caption the SCC file never clears (no EDM or next caption): it is read as ending 3 seconds after it starts."),
    # -- timing --------------------------------------------------------------------------
    Rule("E201", "end-not-after-start", "timing", "A cue ends before or when it starts: players skip it or show it for no time."),
    Rule("E202", "out-of-order", "timing", "A cue starts before the cue above it: many players assume file order is time order."),
    Rule("E203", "overlap", "timing", "A cue starts before the cue above it ends: both show at once, stacked or one hidden."),
    Rule("E204", "overlap-earlier", "timing", "A cue starts while an earlier, longer cue (not the one above it) is still showing."),
    Rule("W205", "too-short", "timing", "A cue shows for less than the profile's minimum duration: too short to read."),
    Rule("W206", "too-long", "timing", "A cue shows for longer than the profile's maximum duration."),
    Rule("W207", "gap-too-short", "timing", "The gap before a cue is shorter than the profile's minimum gap (in frames at --fps)."),
    Rule("W208", "gap-not-chained", "timing", "A gap short enough that the profile wants it closed to the minimum gap (chaining)."),
    Rule("E209", "srt-time-overflow", "timing", "An SRT timestamp past 99:59:59,999, the largest the format can hold."),
    # -- text ----------------------------------------------------------------------------
    Rule("W301", "empty-cue", "text", "A cue with no text a viewer would see."),
    Rule("W302", "line-too-long", "text", "A line has more characters than the profile allows (grapheme clusters, tags excluded)."),
    Rule("W303", "too-many-lines", "text", "A cue has more lines than the profile allows."),
    Rule("W304", "reading-speed", "text", "Reading speed over the profile's limit (characters per second with spaces and punctuation, or words per minute)."),
    Rule("W305", "unknown-tag", "text", "A tag the format does not know (players ignore it or show it as text), or a '<' that starts no tag."),
    Rule("W306", "unbalanced-tag", "text", "A tag that is never closed, closed twice, or closed across another tag."),
    Rule("E307", "arrow-in-text", "text", "'-->' in cue text: readers take the line for a timing line and split the cue."),
    Rule("W308", "srt-index-sequence", "text", "SRT cue numbers do not run 1, 2, 3 … in order."),
    Rule("W309", "srt-index-duplicate", "text", "Two SRT cues have the same number."),
    Rule("W310", "voice-without-name", "text", "A WebVTT voice span <v> that names no speaker."),
    Rule("W311", "mixed-speaker-styles", "text", "Speakers are marked in more than one style (voice spans, NAME: labels, '>>')."),
    # -- generate ------------------------------------------------------------------------
    Rule("I401", "stray-period", "generate", "A period inside a sentence (followed by a lower-case word) was removed."),
    Rule("I402", "missing-space", "generate", "Two words run together were separated."),
    Rule("I403", "dropped-line", "generate", "A line that is not speech was left out of the captions."),
    Rule("I404", "transcriber-note", "generate", "An inline transcriber note or stage direction was left out of the captions."),
    Rule("W410", "fast-speech", "generate", "Speech is faster than the profile's reading speed; the cue keeps every word (verbatim)."),
    Rule("W411", "long-word", "generate", "A single word is longer than a caption line."),
    # -- align ---------------------------------------------------------------------------
    Rule("W511", "align-low-confidence", "align", "A sentence's words match the audio poorly: it keeps the text-only estimate, between its neighbours."),
    Rule("W512", "align-implausible", "align", "A sentence's aligned speech rate or word lengths are not plausible: it keeps the text-only estimate."),
    Rule("W513", "align-not-found", "align", "A sentence was not found in the audio (not said, or not matched): it keeps the text-only estimate."),
    Rule("W514", "untranscribed-audio", "align", "Sound between two sentences (music, a sound bite, an advert) that the transcript does not hold."),
    Rule("I521", "audio-intro", "align", "Transcribed speech starts late: the sound before it (music, untranscribed speech) was skipped."),
    Rule("I522", "made-pronunciation", "align", "A word the pronunciation dictionary lacks was given one (from espeak-ng, or from its spelling)."),
    # -- fix -----------------------------------------------------------------------------
    Rule("I701", "renumbered", "fix", "An SRT cue renumbered so that cues run 1, 2, 3 … in file order."),
    Rule("I702", "sorted", "fix", "A cue moved so that cues are in start-time order."),
    Rule("I703", "overlap-trimmed", "fix", "An overlap removed by ending the earlier cue two frames (the profile's gap) before the next."),
    Rule("I704", "gap-chained", "fix", "A gap under the chaining threshold closed to the profile's minimum gap."),
    Rule("I705", "duration-extended", "fix", "A cue shorter than the profile's minimum extended into the free time after it."),
    Rule("I706", "encoding-utf8", "fix", "The file re-encoded as UTF-8."),
    Rule("I707", "newlines-normalised", "fix", "Line endings made uniform, a final line ending added, extra blank lines at the end removed."),
    Rule("I708", "bom-removed", "fix", "The byte order mark removed."),
    Rule("I709", "not-repaired", "fix", "A problem fix left alone because no mechanical repair of it is safe."),
    # -- retime --------------------------------------------------------------------------
    Rule("W601", "retime-clamped", "retime", "A retimed cue would have started or ended before zero; --clamp moved that time to zero."),
    Rule("I602", "retime-dropped", "retime", "A retimed cue would have started or ended before zero; --drop removed it from the file."),
]

#: Every rule by code.
RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def make(code: str, line: int, column: int, message: str, cue: int | None = None) -> Finding:
    """Build the Finding for ``code`` with the rule's severity."""
    return Finding(code, RULES[code].severity, line, column, message, cue)


def markdown() -> str:
    """docs/rules.md: every rule, grouped by area, generated from the code."""
    titles = {
        "file": "File and encoding", "srt": "SRT syntax", "vtt": "WebVTT syntax",
        "timing": "Timing", "text": "Text", "generate": "generate (transcripts)",
        "align": "align (audio)", "fix": "fix (repairs)", "retime": "retime (shift, stretch, sync)",
        "broadcast": "Broadcast formats (TTML, SCC)",
    }
    out = [
        "# Finding codes",
        "",
        "Generated from `subtitler/rules.py` by `subtitler rules --markdown`; a test keeps it in step.",
        "The letter is the severity: `E` error (fails validation), `W` warning (fails only",
        "with `--strict`), `I` information. Codes are stable: a code never changes meaning.",
        "",
    ]
    for area, title in titles.items():
        rules = sorted((r for r in RULES.values() if r.area == area), key=lambda r: r.code[1:])
        if not rules:
            continue
        out += [f"## {title}", "", "| code | name | severity | meaning |", "|---|---|---|---|"]
        out += [f"| {r.code} | {r.name} | {r.severity.value} | {r.summary} |" for r in rules]
        out.append("")
    return "\n".join(out)
