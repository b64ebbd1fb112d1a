"""TTML (IMSC 1.1 Text, EBU-TT-D) and SCC (CEA-608): what is written, what is read back, what validate says."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subtitler
from subtitler import formats, pipeline, profiles
from subtitler.formats import cea608, scc, ttml
from subtitler.formats.broadcast import from_programme
from subtitler.formats.speakermarks import display_name, strip_marker
from subtitler.formats.xmltree import parse
from subtitler.model import Cue, Document
from subtitler.smpte import ms_to_frame
from subtitler.timecode import parse_timestamp
from tests.conftest import ROOT

SEED = ROOT / "fixtures" / "transcripts" / "arirang-blue-house.txt"
NTSC = Fraction(30000, 1001)
FRAME_MS = 34  # one frame at 29.97 fps is 33.4 ms


def _seed() -> tuple[pipeline.Generated, Document]:
    generated = pipeline.generate_bytes(SEED.read_bytes(), pipeline.Options(profile=profiles.get("netflix")), str(SEED))
    return generated, pipeline.document(generated, "srt")


def _words(doc: Document) -> list[str]:
    """Every word of the cues, speaker markers aside; 608 has one apostrophe, which ’ is written as."""
    return " ".join(strip_marker(c.text) for c in doc.cues).replace("’", "'").split()


def test_ttml_from_the_seed_names_both_speakers_as_agents_and_each_paragraph_references_its_own() -> None:
    generated, srt = _seed()
    root = parse(formats.write(subtitler.convert(srt, "ttml")))
    agents = {a.get(f"{{{ttml.XML}}}id"): a for a in root.iter(f"{{{ttml.TTM}}}agent")}
    names = {ident: agent.find(f"{{{ttml.TTM}}}name") for ident, agent in agents.items()}
    assert all(a.get("type") == "person" for a in agents.values())
    assert all(n is not None and n.get("type") == "full" for n in names.values())
    by_name = {n.itertext(): ident for ident, n in names.items() if n is not None}
    assert {"Conn-young", "Kim Min-ji"} <= set(by_name)
    paragraphs = list(root.iter(f"{{{ttml.TT}}}p"))
    people = {s.id: display_name(s) for s in generated.speakers}
    captions = generated.cues("label")  # the SRT's own layout (a label takes room on a turn's first cue)
    assert len(paragraphs) == len(captions) == len(srt.cues)
    for p, caption in zip(paragraphs, captions, strict=True):
        assert p.get(f"{{{ttml.TTM}}}agent") == by_name[people[caption.speaker]]


@pytest.mark.parametrize("profile", ["imsc", "ebu-tt-d"])
def test_srt_to_ttml_to_srt_keeps_text_times_and_speakers_exactly(profile: str) -> None:
    _, srt = _seed()
    written = subtitler.dumps(subtitler.convert(srt, "ttml", ttml_profile=profile))
    back = subtitler.loads(written, "ttml")
    assert back.findings == () and back.setting("ttml_profile") == profile
    assert [(c.start_ms, c.end_ms, c.speaker) for c in back.cues] == [(c.start_ms, c.end_ms, c.speaker) for c in srt.cues]
    assert subtitler.dumps(subtitler.convert(back, "srt")) == formats.write(srt).encode()


def test_imsc_and_ebu_tt_d_carry_what_their_profiles_require() -> None:
    _, srt = _seed()
    imsc = parse(formats.write(subtitler.convert(srt, "ttml")))
    ebu = parse(formats.write(subtitler.convert(srt, "ttml", ttml_profile="ebu-tt-d")))
    for root in (imsc, ebu):
        assert root.get(f"{{{ttml.XML}}}lang") == "en" and root.get(f"{{{ttml.TTP}}}timeBase") == "media"
        assert root.get(f"{{{ttml.TTP}}}cellResolution") == "32 15"
        regions = list(root.iter(f"{{{ttml.TT}}}region"))
        assert [(r.get(f"{{{ttml.TTS}}}origin"), r.get(f"{{{ttml.TTS}}}extent")) for r in regions] == [("10% 70%", "80% 20%")]
        for p in root.iter(f"{{{ttml.TT}}}p"):
            assert p.get(f"{{{ttml.XML}}}id") and all(re.fullmatch(r"\d{2}:\d{2}:\d{2}\.\d{3}", p.get(t) or "")
                                                          for t in ("begin", "end"))
            assert all(c.tag in (f"{{{ttml.TT}}}span", f"{{{ttml.TT}}}br") and not c.children for c in p.children)
    assert imsc.get(f"{{{ttml.TTP}}}contentProfiles") == ttml.IMSC_TEXT
    assert [n.itertext() for n in ebu.iter(f"{{{ttml.EBUTTM}}}conformsToStandard")] == [ttml.EBU_TT_D]
    assert ebu.get(f"{{{ttml.TTP}}}contentProfiles") is None  # EBU-TT-D's schema has no such attribute
    colours = {s.get(f"{{{ttml.XML}}}id"): s.get(f"{{{ttml.TTS}}}color") for s in imsc.iter(f"{{{ttml.TT}}}style")}
    assert colours["voice-1"] == "#FFFFFF" and colours["voice-2"] == "#FFFF00"


_TEXT = st.text(st.sampled_from(list("abc XYZ é&<'\"ñ")), min_size=1, max_size=20).map(lambda t: " ".join(t.split()))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**7), st.integers(1, 10**5), st.lists(_TEXT.filter(bool), min_size=1,
                                                                                  max_size=2),
                          st.sampled_from([None, "Kim Min-ji", "O'Brien & Co <b>", "Conn-young"]),
                          st.sampled_from(["", "i", "b"])), max_size=6),
       st.sampled_from(["imsc", "ebu-tt-d"]))
def test_any_cues_come_back_from_ttml_as_they_were_written(cues: list[tuple[int, int, list[str], str | None, str]],
                                                           profile: str) -> None:
    built = []
    for start, length, lines, speaker, tag in cues:
        text = "\n".join(lines)
        built.append(Cue(start, start + length, f"<{tag}>{text}</{tag}>" if tag else text, speaker=speaker))
    doc = Document("ttml", tuple(built), meta=(("ttml_profile", profile),))
    back = ttml.read(ttml.write(doc))
    assert [(c.start_ms, c.end_ms, c.text, c.speaker) for c in back.cues] == \
        [(c.start_ms, c.end_ms, c.text, c.speaker) for c in built]


def test_ttml_written_by_other_tools_is_read_with_nested_times_offsets_and_agents_on_divs() -> None:
    text = """<?xml version="1.0"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter"
    xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttm="http://www.w3.org/ns/ttml#metadata"
    ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001" xml:lang="fr">
 <head><metadata><ttm:agent xml:id="a1" type="person"><ttm:name type="alias">Ann</ttm:name>
   <ttm:name type="full">Ann Lee</ttm:name></ttm:agent></metadata>
  <styling><style xml:id="it" tts:fontStyle="italic"/></styling></head>
 <body><div begin="10s" ttm:agent="a1">
   <p begin="1s" dur="2s">Hello
      <span style="it">there</span><br/>  friend</p>
   <p begin="00:00:05:15" end="6.5s" ttm:agent="nobody">Bye</p>
 </div></body>
</tt>"""
    doc = subtitler.loads(text, "ttml")
    assert [(c.start_ms, c.end_ms, c.text, c.speaker) for c in doc.cues] == [
        (11000, 13000, "Hello <i>there</i>\nfriend", "Ann Lee"), (15501, 16500, "Bye", "nobody")]
    assert [(f.code, f.line) for f in doc.findings] == [("W803", 11)]
    assert doc.setting("lang") == "fr"


def test_imsc_frame_times_need_a_declared_frame_rate() -> None:
    text = ('<tt xmlns="http://www.w3.org/ns/ttml" xml:lang="en"><body><div>\n'
            '<p begin="00:00:01:15" end="00:00:02:00">a</p></div></body></tt>')
    doc = subtitler.loads(text, "ttml")
    assert [(f.code, f.line) for f in doc.findings] == [("W801", 2), ("W801", 2)]
    assert [(c.start_ms, c.end_ms) for c in doc.cues] == [(1500, 2000)]


def test_a_ttml_file_that_is_not_well_formed_is_one_error_with_its_line_and_column() -> None:
    from subtitler.checks.batch import Options, validate_bytes

    result = validate_bytes(b'<tt xmlns="http://www.w3.org/ns/ttml">\n<body><p>a</div></tt>', "x.ttml", Options())
    assert [(f.code, f.line, f.column) for f in result.findings] == [("E009", 2, 13)]


def test_ebu_tt_d_rules_are_checked_where_the_document_claims_the_profile() -> None:
    text = """<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ebuttm="urn:ebu:tt:metadata"
 xmlns:tts="http://www.w3.org/ns/ttml#styling" tts:extent="640px 480px">
<head><metadata><ebuttm:documentMetadata><ebuttm:conformsToStandard>urn:ebu:tt:distribution:2014-01</ebuttm:conformsToStandard></ebuttm:documentMetadata></metadata></head>
<body><div><div><p begin="1s" end="00:00:02:10">a<span>b<span>c</span></span></p></div></div></body></tt>"""
    doc = subtitler.loads(text, "ttml")
    codes = [(f.code, f.line) for f in doc.findings]
    assert ("W801", 1) in codes  # no xml:lang, no timeBase, extent on tt
    assert ("W801", 4) in codes and ("W804", 4) in codes  # div in div, p without id, span in span; offset, frames
    assert doc.setting("ttml_profile") == "ebu-tt-d"


# -- SCC --------------------------------------------------------------------------------------------

def _scc(doc: Document, tc_start: str | None = "01:00:00;00") -> str:
    return formats.write(subtitler.convert(doc, "scc", tc_start=tc_start))


def _scc_lines(text: str) -> list[tuple[str, list[str]]]:
    return [(line.split("\t")[0], line.split("\t")[1].split()) for line in text.splitlines()[2:] if line]


def test_every_scc_byte_has_odd_parity_and_every_control_code_is_doubled() -> None:
    _, srt = _seed()
    for _, words in _scc_lines(_scc(srt)):
        for word in words:
            assert all(bin(int(word[i:i + 2], 16)).count("1") % 2 == 1 for i in (0, 2)), word
        controls = [w for w in words if 0x10 <= int(w[:2], 16) & 0x7F <= 0x1F]
        runs = re.findall(r"(\w{4})(?: \1)?", " ".join(controls))
        assert len(controls) == 2 * len(runs)


def test_scc_captions_are_pop_on_at_the_bottom_rows_in_29_97_drop_frame_timecode() -> None:
    _, srt = _seed()
    lines = _scc_lines(_scc(srt))
    assert all(re.fullmatch(r"\d{2}:\d{2}:\d{2};\d{2}", tc) for tc, _ in lines)
    every = " ".join(w for _, words in lines for w in words)
    loads = [f"{cea608.RCL} {part}".split() for part in every.split(f"{cea608.RCL} {cea608.RCL}")[1:]]
    assert len(loads) == len(srt.cues)
    for words in loads:
        assert words[:3] == [cea608.RCL, cea608.ENM, cea608.ENM]
        rows = [r for w in words for r in range(12, 16) if w == cea608.pac(r, (int(w[2:], 16) & 0x0E) * 2)]
        assert rows and rows[-1] == 15 and rows == sorted(rows)


def test_a_caption_is_loaded_before_its_start_and_shown_on_its_frame_never_over_the_one_before() -> None:
    _, srt = _seed()
    lines = _scc_lines(_scc(srt))
    start = parse_timestamp("01:00:00;00")
    shows = [parse_timestamp(tc) - start for tc, words in lines if words[0] == cea608.EOC]
    assert [ms_to_frame(s, NTSC) for s in shows] == [ms_to_frame(c.start_ms, NTSC) for c in srt.cues]
    frames = []
    for tc, words in lines:
        first = ms_to_frame(parse_timestamp(tc), NTSC)
        frames += range(first, first + len(words))
    assert frames == sorted(set(frames))  # no two words on one frame


def test_srt_to_scc_to_srt_keeps_every_word_and_every_time_within_one_frame() -> None:
    _, srt = _seed()
    start = parse_timestamp("01:00:00;00")
    back = from_programme(subtitler.loads(_scc(srt), "scc"), start)
    assert back.findings == () and _words(back) == _words(srt)
    assert len(back.cues) == len(srt.cues)
    for ours, theirs in zip(srt.cues, back.cues):
        assert abs(ours.start_ms - theirs.start_ms) <= FRAME_MS and abs(ours.end_ms - theirs.end_ms) <= FRAME_MS
    assert subtitler.dumps(back) == _scc(srt).encode()  # written back with its own timecodes


def test_a_change_of_speaker_starts_the_caption_with_chevrons() -> None:
    doc = subtitler.loads("1\n00:00:05,000 --> 00:00:06,000\nKIM: Hello.\n\n2\n00:00:06,000 --> 00:00:07,000\n"
                          "Still me.\n\n3\n00:00:08,000 --> 00:00:09,000\nLEE: Hi.\n")
    back = subtitler.loads(_scc(doc, None), "scc")
    assert [c.text for c in back.cues] == [">> Hello.", "Still me.", ">> Hi."]


def test_a_character_608_lacks_is_a_finding_and_a_long_line_is_rewrapped() -> None:
    doc = subtitler.loads("1\n00:00:05,000 --> 00:00:06,000\nPrice: 5 € – Café ♪ “ok” ½\n\n"
                          "2\n00:00:07,000 --> 00:00:09,000\nA line that is much longer than thirty-two columns\n")
    converted = subtitler.convert(doc, "scc")
    assert [(f.code, f.line) for f in converted.findings] == [("W813", 2), ("W813", 2), ("I817", 6)]
    back = subtitler.loads(subtitler.dumps(converted), "scc")
    assert [c.text for c in back.cues] == ["Price: 5 EUR - Café ♪ “ok” ½",
                                           "A line that is much longer than\nthirty-two columns"]


def test_a_cue_that_cannot_fit_four_rows_is_refused_unless_dropped() -> None:
    words = " ".join(["word"] * 40)
    doc = subtitler.loads(f"1\n00:00:05,000 --> 00:00:06,000\n{words}\n\n2\n00:00:07,000 --> 00:00:08,000\nOK\n")
    with pytest.raises(subtitler.SubtitlerError, match="4 rows of 32"):
        subtitler.convert(doc, "scc")
    assert [c.text for c in subtitler.convert(doc, "scc", unfit="drop").cues] == ["OK"]


def test_the_scc_reader_decodes_special_extended_characters_and_ignores_channel_two() -> None:
    text = ("Scenarist_SCC V1.0\n\n00:00:01;00\t9420 9420 94ae 94ae 9470 9470 c1e5 9137 9137 a180 9232 9232 "
            "1c20 1c20 c1c1 97a1 97a1 6180\n\n00:00:02;00\t942f 942f\n\n00:00:04;00\t942c 942c\n")
    doc = subtitler.loads(text, "scc")
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [(2002, 4004, "Ae♪Ç a")]


def test_validate_reports_scc_rows_and_columns_608_cannot_show() -> None:
    doc = Document("scc", (Cue(0, 2000, "\n".join(["x" * 33, "a", "b", "c", "d€"]), line=3),))
    found = [(f.code, f.line, f.column) for f in subtitler.validate(doc) if f.code.startswith(("E81", "W81"))]
    assert ("E812", 3, 1) in found and ("E811", 3, 1) in found and ("W813", 3, 2) in found


def test_an_scc_byte_without_parity_and_a_bad_line_are_findings_with_their_place() -> None:
    text = "Scenarist_SCC V1.0\n\n00:00:01;00\t9420 1420 zz\n\nnonsense\n"
    assert [(f.code, f.line, f.column) for f in subtitler.loads(text, "scc").findings] == [
        ("W814", 3, 18), ("W814", 3, 23), ("E816", 5, 1)]


def test_an_scc_file_is_known_by_its_signature_and_ttml_by_its_namespace() -> None:
    assert formats.format_of(None, b"Scenarist_SCC V1.0\n\n") == "scc"
    assert formats.format_of(None, b'<?xml version="1.0"?>\n<tt xmlns="http://www.w3.org/ns/ttml">') == "ttml"
    assert formats.format_of("a.dfxp") == "ttml" and formats.format_of("a.SCC") == "scc"


def test_italics_go_through_scc_as_mid_row_codes_and_come_back() -> None:
    doc = subtitler.loads("1\n00:00:05,005 --> 00:00:07,007\nHe said <i>never again</i> to me\n\n"
                          "2\n00:00:08,008 --> 00:00:10,010\n<i>Music playing</i>\nthen <i>no</i>.\n")
    written = _scc(doc)
    assert cea608.ITALIC in written and cea608.PLAIN in written
    back = from_programme(subtitler.loads(written, "scc"), parse_timestamp("01:00:00;00"))
    assert [c.text for c in back.cues] == ["He said <i>never again</i> to me", "<i>Music playing</i>\nthen <i>no.</i>"]


# "<" is left out: cue text is markup, and "<i>" typed as three characters is an italic tag, not text
_ROW = st.text(st.sampled_from(sorted(set(cea608.BASIC.values()) - {"█", "<"}) + list("♪éÉüÇ“”—{}*")), min_size=1,
               max_size=cea608.COLUMNS).map(lambda t: " ".join(t.split())).filter(bool)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.lists(_ROW, min_size=1, max_size=cea608.ROWS), st.integers(800, 4000)), min_size=1,
                max_size=5))
def test_any_608_text_comes_back_from_scc_with_its_times_on_their_frames(captions: list[tuple[list[str], int]]) -> None:
    cues, at = [], 60_000
    for rows, length in captions:
        cues.append(Cue(at, at + length, "\n".join(rows)))
        at += length + 3000  # room to load the next caption: 4 rows of 32 need under 3 s
    doc = Document("scc", tuple(cues), meta=(("tc_start_ms", "0"),))
    back = scc.read(scc.write(doc))
    assert back.findings == ()
    assert [c.text for c in back.cues] == [c.text for c in cues]
    for ours, theirs in zip(cues, back.cues):
        assert ms_to_frame(theirs.start_ms, NTSC) == ms_to_frame(ours.start_ms, NTSC)
        assert ms_to_frame(theirs.end_ms, NTSC) == ms_to_frame(ours.end_ms, NTSC)


_SCC_LINE = st.lists(st.sampled_from(["9420", "942f", "942c", "94ae", "9470", "1370", "9137", "9232", "97a1", "c1e5",
                                      "1c20", "9425", "94ad", "9429", "9421", "9424", "91ae", "zz", "0000"]),
                     max_size=12).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4000), _SCC_LINE), max_size=8), st.text(max_size=40))
def test_the_readers_take_any_input_and_fail_only_with_a_message(lines: list[tuple[int, str]], junk: str) -> None:
    from subtitler.smpte import format_smpte

    body = "".join(f"{format_smpte(frame * 1001 // 30, NTSC)}\t{words}\n\n" for frame, words in sorted(lines))
    for text, kind in ((f"Scenarist_SCC V1.0\n\n{body}{junk}", "scc"), (junk, "scc"), (junk, "ttml"),
                       (f'<tt xmlns="{ttml.TT}"><body><div><p begin="{junk}">{junk}</p></div></body></tt>', "ttml")):
        try:
            doc = subtitler.loads(text, kind)
        except subtitler.SubtitlerError:
            continue
        subtitler.validate(doc)
        subtitler.dumps(subtitler.convert(doc, "srt"))


def test_a_file_timed_from_a_programme_start_is_read_from_there_and_written_back_as_it_was() -> None:
    doc = subtitler.loads("1\n00:00:05,005 --> 00:00:07,007\nHello.\n")
    written = subtitler.dumps(subtitler.convert(doc, "scc", tc_start="01:00:00;00"))
    back = subtitler.loads(written, "scc", tc_start="01:00:00;00")
    assert [(c.start_ms, c.end_ms) for c in back.cues] == [(5005, 7007)]
    assert subtitler.dumps(back) == written
    with pytest.raises(subtitler.SubtitlerError, match="below zero"):
        subtitler.loads(written, "scc", tc_start="02:00:00;00")


def test_preview_shows_a_ttml_file_with_a_lane_for_each_agent() -> None:
    from subtitler.preview import page

    _, srt = _seed()
    report = page.build([("seed.ttml", subtitler.dumps(subtitler.convert(srt, "ttml")))], profiles.get("netflix"))
    (section,) = report.sections
    assert {lane.name for lane in section.lanes} >= {"Conn-young", "Kim Min-ji"}
    assert len(section.bars) == len(srt.cues)


def test_a_ttml_file_read_in_utf_16_is_written_back_as_the_utf_8_it_declares() -> None:
    _, srt = _seed()
    text = formats.write(subtitler.convert(srt, "ttml"))
    doc = subtitler.loads(b"\xff\xfe" + text.encode("utf-16-le"), "ttml")
    assert any(f.code == "W002" for f in doc.findings)  # said when read
    assert subtitler.dumps(doc) == text.encode("utf-8")
