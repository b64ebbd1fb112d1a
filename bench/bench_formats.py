"""Foundation benchmark: read and write back a 100,000-cue SRT and WebVTT file, whole process,
next to pysrt, srt, pysubs2 and webvtt-py doing the same job."""

from __future__ import annotations

from common import DATA, SUBTITLER, compare, cue_file, peer_script, table

COUNT = 100_000


def main() -> str:
    out = []
    srt_file, vtt_file = cue_file("srt", COUNT), cue_file("vtt", COUNT)
    target = DATA / "out"
    target.mkdir(exist_ok=True)
    subtitler = SUBTITLER
    srt_jobs = {
        "subtitler": [subtitler, "convert", str(srt_file), "-o", str(target / "a.srt")],
        "subtitler (to vtt)": [subtitler, "convert", str(srt_file), "-o", str(target / "a2.vtt")],
        "srt": peer_script(f"import srt; s=list(srt.parse(open({str(srt_file)!r}, encoding='utf-8').read())); "
                           f"open({str(target / 'b.srt')!r}, 'w', encoding='utf-8').write(srt.compose(s))"),
        "pysrt": peer_script(f"import pysrt; s=pysrt.open({str(srt_file)!r}); s.save({str(target / 'c.srt')!r})"),
        "pysubs2": peer_script(f"import pysubs2; s=pysubs2.load({str(srt_file)!r}); s.save({str(target / 'd.srt')!r})"),
        "webvtt-py": peer_script(f"import webvtt; v=webvtt.from_srt({str(srt_file)!r}); v.save_as_srt({str(target / 'e.srt')!r})"),
    }
    out.append(table(compare(srt_jobs, runs=3), "subtitler", f"Read and write back {COUNT:,} SRT cues"))
    vtt_jobs = {
        "subtitler": [subtitler, "convert", str(vtt_file), "-o", str(target / "a.vtt")],
        "subtitler (to srt)": [subtitler, "convert", str(vtt_file), "-o", str(target / "a2.srt")],
        "pysubs2": peer_script(f"import pysubs2; s=pysubs2.load({str(vtt_file)!r}); s.save({str(target / 'd.vtt')!r})"),
        "webvtt-py": peer_script(f"import webvtt; v=webvtt.read({str(vtt_file)!r}); v.save({str(target / 'e.vtt')!r})"),
    }
    out.append(table(compare(vtt_jobs, runs=3), "subtitler", f"Read and write back {COUNT:,} WebVTT cues"))
    return "\n".join(out)


if __name__ == "__main__":
    print(main())
