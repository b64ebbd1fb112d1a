"""align benchmark: a 10-minute news segment timed from its audio, whole process.

The segment is the seed transcript read over and over for ten minutes by espeak-ng, the anchor's
lines in one voice and the correspondent's in another, with pauses and light noise (as the
align tests make it: tests/align_speech.py). It is written twice, as a 16 kHz mono WAV (read
in place) and as espeak-ng's own 22.05 kHz (converted to 16 kHz with the standard library).
Each is aligned by the real ``subtitler generate TRANSCRIPT --audio FILE`` process writing SRT and
JSON; the real-time factor is the wall time over the audio's length.
"""

from __future__ import annotations

import statistics
import sys
import wave
from pathlib import Path

from common import DATA, HERE, SUBTITLER, run_once

sys.path.insert(0, str(HERE.parent))  # the test helpers that speak the segment

SEED = HERE.parent / "fixtures" / "transcripts" / "arirang-blue-house.txt"
MINUTES = 10
VOICES = {"anchor": "en-us", "correspondent": "en-gb+f3"}


def segment() -> tuple[Path, Path, Path]:
    """The transcript and its audio at 22.05 kHz and 16 kHz (made once, cached in bench/data)."""
    from array import array

    from subtitler import pipeline
    from subtitler.pipeline.align.audio import Audio
    from tests.align_speech import read_wav, speak_segment, write_wav

    DATA.mkdir(exist_ok=True)
    text, native, sixteen = DATA / "align-segment.txt", DATA / "align-segment.wav", DATA / "align-segment-16k.wav"
    if text.exists() and native.exists() and sixteen.exists():
        return text, native, sixteen
    block = "\n".join(SEED.read_text(encoding="utf-8").split("\n")[:23])
    whole = "\n\n".join([block] * 4) + "\n"
    generated = pipeline.generate_bytes(whole.encode())
    lines, pauses, numbers = [], [], []
    for turn in generated.turns:
        for k, sentence in enumerate(turn.sentences):
            lines.append((sentence.text, VOICES[turn.role]))
            pauses.append(900 if k == 0 else 350 + 150 * (len(lines) % 4))
            numbers.append(sentence.line)
    arranged = speak_segment(native, lines, pauses)
    # End at the first line that ends after ten minutes, transcript and audio alike.
    last = next(i for i, end in enumerate(arranged.ends_ms) if end >= MINUTES * 60_000
                and (i + 1 == len(numbers) or numbers[i + 1] != numbers[i]))
    text.write_text("\n".join(whole.split("\n")[:numbers[last]]) + "\n", encoding="utf-8")
    samples, rate = read_wav(native)
    write_wav(native, samples[:(arranged.ends_ms[last] + 500) * rate // 1000], rate)
    with Audio(str(native)) as audio:  # the standard library's conversion, as generate does it
        write_wav(sixteen, array("h", audio.read(0, audio.duration_ms)), 16000)
    return text, native, sixteen


def main() -> str:
    text, native, sixteen = segment()
    out = DATA / "out"
    out.mkdir(parents=True, exist_ok=True)
    rows = [f"### align: a {MINUTES}-minute two-voice segment, `subtitler generate --audio` (whole process)", "",
            "| audio | audio s | wall s (median of 3) | real-time factor | peak RSS MB |", "|---|---|---|---|---|"]
    for label, audio in (("WAV 16 kHz mono", sixteen), ("WAV 22.05 kHz mono (resampled)", native)):
        with wave.open(str(audio)) as wav:
            seconds = wav.getnframes() / wav.getframerate()
        argv = [SUBTITLER, "generate", str(text), "--audio", str(audio), "-o", str(out / "align.srt"),
                "-o", str(out / "align.json")]
        runs = [run_once(argv) for _ in range(3)]
        wall = statistics.median(r[0] for r in runs)
        rows.append(f"| {label} | {seconds:.0f} | {wall:.1f} | {wall / seconds:.3f} | {max(r[1] for r in runs)} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(main())
