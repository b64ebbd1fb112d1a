"""The learned speaker model: its feature table, its decoding, its probabilities, its training."""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import sys
from pathlib import Path

import pytest

from subtitler.errors import SubtitlerError
from subtitler.pipeline import transcript
from subtitler.pipeline.speakers import attribute as speakers
from subtitler.pipeline.speakers import cast as speakers_cast
from subtitler.pipeline.speakers import learned
from subtitler.pipeline.speakers.evidence import evidence, person_name
from subtitler.pipeline.speakers.features import FEATURES, feature_name, transcript_features
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "subtitler" / "pipeline" / "speakers" / "model.json"


def _trainer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("train_speakers", ROOT / "tools" / "train_speakers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_speakers"] = module
    spec.loader.exec_module(module)
    return module


def test_every_weight_in_the_model_file_belongs_to_a_feature_of_the_table() -> None:
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    assert {feature_name(k) for k in data["features"]} <= set(FEATURES)
    assert MODEL.stat().st_size < 5_000_000


def test_the_model_file_holds_shared_words_only_not_the_corpus_text() -> None:
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    assert all(len(v.split()) <= 2 for v in data["vocab"])


def test_names_are_read_in_any_script() -> None:
    assert person_name("our correspondent José Díaz.") == "José Díaz"
    assert evidence("Joining us from Kraków is Łukasz Nowak.").introduces == "Łukasz Nowak"


def test_an_address_with_a_title_names_the_person_not_the_title() -> None:
    assert evidence("Governor Romney, two minutes.").addressed == ("Romney",)
    assert evidence("Thank you, Senator Obama.").addressed == ("Obama",)
    assert evidence("Thank you, Mr. Vice President.").addressed == ()


def test_a_speaker_who_goes_on_keeps_the_role_of_the_sentence_before() -> None:
    anchor_same = learned.LABELS.index(("anchor", False))
    guest_new = learned.LABELS.index(("guest", True))
    assert not learned.allowed(None, anchor_same)
    assert not learned.allowed(guest_new, anchor_same)
    assert learned.allowed(learned.LABELS.index(("anchor", True)), anchor_same)


def test_the_label_probabilities_of_each_sentence_sum_to_one() -> None:
    weights = learned.default()
    parsed = transcript.parse((FIXTURES / "transcripts" / "newsroom-unlabelled.txt").read_text())
    _, rows = transcript_features(parsed, weights.vocab)
    for probs in learned.marginals(weights, learned.emissions(weights, rows)):
        assert math.isclose(sum(probs), 1.0, rel_tol=1e-6)


def test_every_turn_the_model_decides_carries_a_confidence_between_0_and_1() -> None:
    parsed = transcript.parse((FIXTURES / "transcripts" / "package-unlabelled.txt").read_text())
    turns = speakers.attribute(parsed).turns
    assert turns and all(t.confidence is not None and 0.0 <= t.confidence <= 1.0 for t in turns)


def test_labelled_turns_carry_no_model_confidence() -> None:
    parsed = transcript.parse((FIXTURES / "transcripts" / "cnn-labelled.txt").read_text())
    assert all(t.confidence is None for t in speakers.attribute(parsed).turns)


def test_training_twice_on_the_same_cases_writes_the_same_bytes() -> None:
    trainer = _trainer()
    cases = []
    for k, name in enumerate(("newsroom-unlabelled.txt", "podcast-unlabelled.txt", "package-unlabelled.txt")):
        parsed = transcript.parse((FIXTURES / "transcripts" / name).read_text())
        found, _ = transcript_features(parsed, frozenset())
        # a toy gold: a new speaker at every paragraph, anchor and guest in turn
        speakers_of = [str(s.paragraph % 2) for s in parsed.sentences]
        roles = ["anchor" if s == "0" else "guest" for s in speakers_of]
        cases.append(trainer.Case(name, 0, k == 0, name, {}, parsed, found,
                                  trainer.gold_labels(speakers_of, roles), speakers_of))
    texts = []
    for _ in range(2):
        vocab = trainer.vocabulary(cases)
        trainer.featurise(cases, vocab)
        texts.append(learned.to_json(trainer.train(cases, vocab), {"cases": len(cases)}))
    assert texts[0] == texts[1]
    assert json.loads(texts[0])["features"]


def test_a_cast_list_gives_the_seed_speakers_the_rundown_names_and_roles() -> None:
    cast = speakers_cast.read("# rundown\nConn-young Park, anchor\nKIM MIN-JI: correspondent, Min-ji\n")
    parsed = transcript.parse((FIXTURES / "transcripts" / "arirang-blue-house.txt").read_text())
    result = speakers.attribute(parsed, method="rules", cast=cast)
    assert [(s.id, s.name, s.role) for s in result.speakers] == [
        ("conn-young-park", "Conn-young Park", "anchor"), ("kim-min-ji", "Kim Min-Ji", "correspondent")]
    assert {t.speaker for t in result.turns} == {"conn-young-park", "kim-min-ji"}


def test_an_unnamed_speaker_takes_the_one_cast_member_of_its_role() -> None:
    parsed = transcript.parse((FIXTURES / "transcripts" / "chevron.txt").read_text())
    plain = speakers.attribute(parsed)
    roles = {s.role for s in plain.speakers if s.name is None}
    cast = tuple(speakers_cast.member(f"Person {k}, {role}") for k, role in enumerate(sorted(roles)))
    named = speakers.attribute(parsed, cast=cast)
    assert all(s.name for s in named.speakers if s.role in roles)


def test_a_cast_line_without_a_known_role_is_an_error() -> None:
    with pytest.raises(SubtitlerError):
        speakers_cast.member("Kim Min-ji, weather")


def test_the_command_line_chooses_the_hand_weighted_model_and_reads_a_cast_list(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from subtitler.cli import app

    seed = str(ROOT / "fixtures" / "transcripts" / "arirang-blue-house.txt")
    runner = CliRunner()
    rules = json.loads(runner.invoke(app, ["generate", seed, "--speakers", "rules", "--to", "json"]).stdout)
    assert [(s["name"], s["role"]) for s in rules["speakers"]] == [("Conn-young", "anchor"),
                                                                   ("Kim Min-ji", "correspondent")]
    cast = tmp_path / "cast.txt"
    cast.write_text("Jane Roe, anchor\nKim Min-ji, correspondent, Min-ji\n", encoding="utf-8")
    named = json.loads(runner.invoke(app, ["generate", seed, "--speakers", "rules", "--cast", str(cast),
                                           "--to", "json"]).stdout)
    assert ("Kim Min-ji", "correspondent") in [(s["name"], s["role"]) for s in named["speakers"]]
    bad = runner.invoke(app, ["generate", seed, "--speakers", "magic"])
    assert bad.exit_code == 2 and "--speakers 'magic': expected learned or rules" in bad.stderr


def test_generate_lists_the_turns_the_speaker_model_is_unsure_of() -> None:
    from typer.testing import CliRunner

    from subtitler.cli import app
    from subtitler.model import CHECK_BELOW
    from subtitler.pipeline import generate_bytes

    seed = ROOT / "fixtures" / "transcripts" / "arirang-blue-house.txt"
    unsure = [t.line for t in generate_bytes(seed.read_bytes()).turns
              if t.confidence is not None and t.confidence < CHECK_BELOW]
    result = CliRunner().invoke(app, ["generate", str(seed)])
    if unsure:
        assert f"to check, the speaker model under 50% sure: line {', '.join(map(str, unsure))}" in result.stderr
    else:
        assert "to check" not in result.stderr
    labelled = CliRunner().invoke(app, ["generate", str(ROOT / "fixtures" / "transcripts" / "cnn-labelled.txt")])
    assert "to check" not in labelled.stderr  # labels leave nothing to guess


def test_features_made_one_sentence_at_a_time_say_what_the_next_sentence_shows() -> None:
    weights = learned.default()
    parsed = transcript.parse((FIXTURES / "transcripts" / "newsroom-unlabelled.txt").read_text())
    _, rows = transcript_features(parsed, weights.vocab)
    assert len(rows) == len(parsed.sentences) > 2
    for row, after in itertools.pairwise(rows):  # "n:para" exactly where the next row opens a paragraph
        assert ("n:para" in row) == any(f.startswith("para=") for f in after)
    assert not any(f.startswith("n:") for f in rows[-1])
