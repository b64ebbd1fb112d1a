"""Who speaks each sentence: from labels where the transcript has them, else from discourse.

A labelled transcript's speakers are its labels' (:mod:`.labelled`). An
unlabelled one goes to the learned sequence model (:mod:`.learned`, turns to
people by :mod:`.identity`), or, given the programme's cast, to the decoding
over its people (:mod:`.castdecode`); ``method="rules"`` keeps the older
hand-weighted model (:mod:`.sequence`).
"""
from __future__ import annotations

from dataclasses import dataclass

from subtitler.model import Speaker, Turn
from subtitler.pipeline.speakers import castdecode, identity, labelled, learned
from subtitler.pipeline.speakers.cast import Member
from subtitler.pipeline.speakers.cast import apply as apply_cast
from subtitler.pipeline.speakers.features import iter_sentence_features, transcript_evidence
from subtitler.pipeline.speakers.sequence import (
    chevron_changes,
    from_discourse,
)
from subtitler.pipeline.transcript import Transcript


@dataclass(frozen=True, slots=True)
class Attribution:
    """Speakers and turns of a transcript."""

    speakers: tuple[Speaker, ...]
    turns: tuple[Turn, ...]


def attribute(transcript: Transcript, weights: learned.Weights | None = None, method: str = "learned",
              cast: tuple[Member, ...] = ()) -> Attribution:
    """Decide who speaks each sentence of ``transcript``.

    Args:
        transcript: the parsed transcript.
        weights: the learned model (default: the committed model file).
        method: ``learned`` (the model learned from the corpus) or ``rules`` (the hand-weighted model).
        cast: the people of the programme, when known (:mod:`subtitler.pipeline.speakers.cast`): in an
            unlabelled transcript the learned model decodes over them (:mod:`.castdecode`); where the
            labels or the rules decide, the cast names the speakers found.
    """
    if transcript.labelled and any(p.label and p.label.style != "chevron" for p in transcript.paragraphs):
        found = Attribution(*labelled.from_labels(transcript))
    elif cast and method != "rules":  # the states are the cast's people: the decoding itself is constrained
        return Attribution(*castdecode.attribute(transcript, weights or learned.default(), cast,
                                                 chevron_changes(transcript)))
    elif method == "rules" or transcript.labelled:  # ">>" marks: the hand-weighted model keeps them as hard changes
        found = Attribution(*from_discourse(transcript))
    else:
        found = learned_attribution(transcript, weights or learned.default())
    return Attribution(*apply_cast(found.speakers, found.turns, cast)) if cast else found


def learned_attribution(transcript: Transcript, weights: learned.Weights) -> Attribution:
    """Speakers and turns of an unlabelled transcript by the learned model ``weights``."""
    found = transcript_evidence(transcript)
    rows = iter_sentence_features(transcript, found, weights.vocab)  # one at a time: all at once, ~50x the text
    spans = [identity.Span(*turn) for turn in learned.decode(weights, rows)]
    return Attribution(*identity.people(transcript.sentences, found, spans))
