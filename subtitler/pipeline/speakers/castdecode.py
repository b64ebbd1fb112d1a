"""Who speaks each sentence when the cast is known: the learned model decoded over the cast's members.

Without a cast the learned model decides roles and boundaries, and
:mod:`subtitler.pipeline.speakers.identity` then guesses who is who. With a
cast the states are the people themselves: each member (with their name and
role) and, for a role the cast has, one unnamed voice that the text must ask
for (someone who names themselves with a name the cast does not have, or
nothing else fits). A sentence's label is (state, a new speaker starts), so
a member's turns are one speaker however far apart. Its score is

- the learned model's score of the member's role, new or same (so roles the
  cast lacks are never chosen), with the learned role transitions;
- the name evidence against the cast (:func:`evidence_scores`): a member who
  introduces themselves ("I'm X") or signs off ("X, CNN, Bethlehem") speaks
  that sentence; a member addressed ("X, …?"), introduced ("X joins us") or
  handed back to ("back to you, X") does not, and is likely to start soon after;
- a cost for a member the sentence names in the third person ("this poll has X up").

Decoding is in two passes: Viterbi first finds where the speaker changes with
the whole role score (a change of role is a change of speaker), then, those
turns fixed, who speaks each one with the role score weighed down
(:data:`ROLE_WEIGHT`), so that the name evidence decides between people.
Forward-backward over the first pass gives each turn's confidence: the
probability that this person starts speaking here. Both passes are linear in
the transcript's length (the transitions depend only on the roles, so the best
previous state is kept per label of the model, not per pair of states).

The weights of the evidence are few and hand-set on one log-odds scale (the
model's scores divided by its ``scale``); they were chosen by grouped
cross-validation with the gold casts (``bench/eval_speakers.py``).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

import regex

from subtitler.model import Role, Sentence, Speaker, Turn
from subtitler.pipeline.speakers import learned
from subtitler.pipeline.speakers.cast import Member
from subtitler.pipeline.speakers.evidence import Evidence
from subtitler.pipeline.speakers.features import transcript_features
from subtitler.pipeline.speakers.sequence import slug, unique_id
from subtitler.pipeline.transcript import Transcript

#: The speaker names themselves ("I'm X", "This is X"): that member speaks the sentence.
SELF = 12.0
#: A sign-off ("X, CNN, Bethlehem"): that member ends their report with it.
SIGNOFF = 12.0
#: The sentence addresses, introduces or hands back to a member: not theirs.
ADDRESSED = -10.0
#: A name of someone else of the cast given as one's own ("I'm X" said by X only).
OTHER_SELF = -3.0
#: A member addressed or introduced is likely to start within a few sentences.
CALLED = 5.0
#: How many sentences after being called a member's start is favoured (after an immediate hand-off: one).
CALLED_REACH = 6
#: A member the sentence names in the third person ("this poll has Scott Brown up"): not the one speaking.
MENTIONED = -2.0
#: An unnamed voice is a last resort: a cost for each of its sentences, and to start one.
VOICE = -1.0
VOICE_ENTRY = -4.0
#: A self-introduction or sign-off with a name the cast does not have: a voice speaks it.
UNKNOWN_NAME = 5.0
#: How much of the learned model's role score a sentence keeps when who speaks each turn is decided (the
#: turns being known): the cast's evidence of who is who outweighs the model's guess of a role from the
#: sentence's shape. Where the turns change is decided with the whole role score (a change of role is a
#: change of speaker).
ROLE_WEIGHT = 0.25
_NEG = float("-inf")
_TITLE = regex.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep)\.?\s+)+", regex.IGNORECASE)


@dataclass(frozen=True, slots=True)
class State:
    """A state of the decoding: a member of the cast (``member`` its index) or an unnamed voice (``member`` -1)."""

    role: Role
    member: int
    name: str | None


def tokens(name: str) -> frozenset[str]:
    """The words of a name, case-folded, in any script: 'Kim Min-ji' -> {'kim', 'min-ji', 'min', 'ji'}.

    >>> sorted(tokens("José Díaz-Ruiz"))
    ['díaz', 'díaz-ruiz', 'josé', 'ruiz']
    """
    out: set[str] = set()
    for word in regex.findall(r"[\p{L}\p{M}\p{N}'’-]+", _TITLE.sub("", name.strip())):
        word = word.casefold().replace("’", "'").strip("'-")
        if len(word) < 2:
            continue
        out.add(word)
        out.update(part for part in word.split("-") if len(part) >= 2 and "-" in word)
    return frozenset(out)


class Names:
    """Which members of a cast a name from the text can be (full name, surname, first name or alias)."""

    def __init__(self, cast: tuple[Member, ...]) -> None:
        self.known = [[tokens(n) for n in (m.name, *m.aliases)] for m in cast]

    def who(self, name: str | None) -> tuple[int, ...]:
        """The members ``name`` fits best: most words in common with one of their names; () for none.

        A name shared by two members ("Kim") fits both; a fuller one ("Kim Min-ji") the one it names.
        """
        if not name:
            return ()
        words = tokens(name)
        if not words:
            return ()
        best, found = 0, []
        for index, names in enumerate(self.known):
            score = max((len(words & known) for known in names), default=0)
            if score > best:
                best, found = score, [index]
            elif score == best and score:
                found.append(index)
        return tuple(found)


def _mention(known: list[frozenset[str]]) -> regex.Pattern[str] | None:
    """Any of a member's name words as a whole word (case-folded text)."""
    words = sorted(set().union(*known), key=len, reverse=True)
    if not words:
        return None
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{'|'.join(regex.escape(w) for w in words)})(?![\p{{L}}\p{{N}}])")


_OPENERS = (r"(?:(?:well|yes|yeah|and|so|now|ok|okay|oh|look|sure|right|no|hey|hi|hello|thanks|thank you|"
            r"good (?:morning|evening|afternoon)|welcome(?: back)?)[,!.]?\s+)?")
_TITLES = r"(?:(?:mr|mrs|ms|dr|sen|gov|rep)\.?\s+|(?:senator|governor|president|secretary|professor|general)\s+)?"


def _vocative(known: list[frozenset[str]]) -> regex.Pattern[str] | None:
    """A member addressed by one of their names (case-folded text): "Anderson, …", "…, Anderson?",
    "Thank you, Dr. Lee", "Back to you, Dana"."""
    words = sorted(set().union(*known), key=len, reverse=True)
    if not words:
        return None
    word = "|".join(regex.escape(w) for w in words)
    name = rf"{_TITLES}(?:{word})(?:\s+(?:{word}))?"
    edge = r"(?![\p{L}\p{N}])"
    return regex.compile(rf"^{_OPENERS}{name}{edge}\s*[,!?]|[,—–-]\s*{name}{edge}\s*[.!?]*[\"”’']*\s*$|"
                         rf"(?:thank you|thanks|back to you|over to you|welcome|good to (?:see|have) you),?\s+"
                         rf"(?:(?:so|very) much,?\s+)?{name}{edge}")


def states(cast: tuple[Member, ...], roles: tuple[Role, ...]) -> list[State]:
    """Every member, then one unnamed voice per role the cast has (in the model's role order)."""
    members = [State(m.role, k, m.name) for k, m in enumerate(cast)]
    return members + [State(role, -1, None) for role in roles if any(m.role == role for m in cast)]


def evidence_scores(found: list[Evidence], sentences: list[Sentence], cast: tuple[Member, ...],
                    chain: list[State]) -> tuple[list[list[float]], list[list[float]]]:
    """Per sentence and state: the name evidence that the state speaks it, and that the state starts there."""
    names = Names(cast)
    n, size = len(found), len(chain)
    speaks = [[0.0] * size for _ in range(n)]
    starts = [[0.0] * size for _ in range(n)]
    index = {s.member: k for k, s in enumerate(chain) if s.member >= 0}
    voices = [k for k, s in enumerate(chain) if s.member < 0]
    lowered = [s.text.casefold() for s in sentences]
    vocatives = [_vocative(known) for known in names.known]
    mentioned: list[set[int]] = [set() for _ in range(n)]
    for m in range(len(cast)):
        pattern = _mention(names.known[m])
        for i, text in enumerate(lowered):
            if pattern is not None and pattern.search(text):
                mentioned[i].add(m)
    for i, cue in enumerate(found):
        own = cue.self_name or cue.signoff
        if own:
            matched = names.who(own)
            if matched:
                for m in matched:
                    speaks[i][index[m]] += SELF if cue.self_name else SIGNOFF
                for m in range(len(cast)):
                    if m not in matched and cue.self_name and names.who(cue.self_name):
                        speaks[i][index[m]] += OTHER_SELF
            else:
                for k in voices:
                    speaks[i][k] += UNKNOWN_NAME
        called = [*(names.who(a) for a in cue.addressed), names.who(cue.introduces)]
        if not cue.signoff:
            called += [(m,) for m, pattern in enumerate(vocatives) if pattern is not None and pattern.search(lowered[i])
                       and not any(m in matched for matched in called)]
        reach = 1 if cue.handoff or cue.handback else 2 if cue.teaser else CALLED_REACH
        named = set(names.who(own))
        for m in mentioned[i] - named:  # their own name is no mention of them
            speaks[i][index[m]] += MENTIONED
        for matched in called:
            for m in matched:
                if m in named:
                    continue  # "I'm X ... X, CNN": not an address
                speaks[i][index[m]] += ADDRESSED / len(matched)
                for j in range(i + 1, min(n, i + 1 + reach)):
                    starts[j][index[m]] = max(starts[j][index[m]], CALLED / len(matched))
    for k in voices:
        for i in range(n):
            speaks[i][k] += VOICE
            starts[i][k] += VOICE_ENTRY
    return speaks, starts


def _scores(weights: learned.Weights, emit: list[list[float]], chain: list[State], speaks: list[list[float]],
            starts: list[list[float]], role_weight: float = 1.0) -> list[list[float]]:
    """Each sentence's score of each chain label (2 k: state k starts; 2 k + 1: state k goes on), from the
    learned model's scores ``emit`` of each of its labels."""
    label = {lab: k for k, lab in enumerate(learned.LABELS)}
    unit = weights.scale or 1.0  # the evidence is in calibrated log-odds, the model's scores are ``scale`` times that
    out: list[list[float]] = []
    for i, row in enumerate(emit):
        scores: list[float] = []
        for k, state in enumerate(chain):
            same = row[label[(state.role, False)]]  # the role's score; starting adds the "new speaker" part
            role = role_weight * same + unit * speaks[i][k]
            scores.append(role + row[label[(state.role, True)]] - same + unit * starts[i][k])
            scores.append(role)
        out.append(scores)
    return out


def _model_label(chain: list[State]) -> list[int]:
    """The learned model's label of each chain label."""
    label = {lab: k for k, lab in enumerate(learned.LABELS)}
    return [label[(state.role, new)] for state in chain for new in (True, False)]


def viterbi(weights: learned.Weights, scores: list[list[float]], chain: list[State]) -> list[int]:
    """The best chain label of every sentence: a new speaker is another state; "same" stays in the state."""
    if not scores:
        return []
    size = 2 * len(chain)
    model = _model_label(chain)
    trans = weights.transitions
    current = [scores[0][c] if c % 2 == 0 else _NEG for c in range(size)]
    back: list[list[int]] = []
    for row in scores[1:]:
        # per model label of the previous sentence, its two best chain labels (of two different states)
        top: dict[int, list[tuple[float, int]]] = {}
        for c in range(size):
            if current[c] == _NEG:
                continue
            bucket = top.setdefault(model[c], [])
            bucket.append((current[c], c))
            bucket.sort(reverse=True)
            del bucket[2:]
        new: list[float] = []
        pointers: list[int] = []
        for c in range(size):
            state = c // 2
            if c % 2:  # goes on: from this state's own previous labels
                best, arg = _NEG, c
                for prev in (c - 1, c):
                    if current[prev] != _NEG and current[prev] + trans[model[prev]][model[c]] > best:
                        best, arg = current[prev] + trans[model[prev]][model[c]], prev
            else:  # starts: from any other state
                best, arg = _NEG, c
                for label, bucket in top.items():
                    for value, prev in bucket:
                        if prev // 2 == state:
                            continue
                        if value + trans[label][model[c]] > best:
                            best, arg = value + trans[label][model[c]], prev
                        break
            new.append(best + row[c] if best != _NEG else _NEG)
            pointers.append(arg)
        current = new
        back.append(pointers)
    c = max(range(size), key=lambda k: current[k])
    path = [c]
    for pointers in reversed(back):
        c = pointers[c]
        path.append(c)
    return path[::-1]


def marginals(weights: learned.Weights, scores: list[list[float]], chain: list[State]) -> list[list[float]]:
    """Each sentence's probability of each chain label (forward-backward over the scaled scores)."""
    n, size = len(scores), 2 * len(chain)
    if n == 0:
        return []
    model = _model_label(chain)
    scale = weights.scale or 1.0
    trans = [[math.exp(weights.transitions[a][b] / scale) for b in range(len(learned.LABELS))]
             for a in range(len(learned.LABELS))]
    rows = []
    for row in scores:
        top = max(row)
        rows.append([math.exp((v - top) / scale) if v != _NEG else 0.0 for v in row])

    def step(prev: list[float]) -> list[float]:
        """sum over allowed previous labels of prev * transition, for each label (before emission)."""
        by_label = [0.0] * len(learned.LABELS)
        for c in range(size):
            by_label[model[c]] += prev[c]
        out = []
        for c in range(size):
            if c % 2:
                out.append(prev[c - 1] * trans[model[c - 1]][model[c]] + prev[c] * trans[model[c]][model[c]])
            else:
                total = sum(by_label[a] * trans[a][model[c]] for a in range(len(by_label)))
                total -= prev[c] * trans[model[c]][model[c]] + prev[c + 1] * trans[model[c + 1]][model[c]]
                out.append(max(total, 0.0))
        return out

    alpha = [learned.normal([rows[0][c] if c % 2 == 0 else 0.0 for c in range(size)])]
    for i in range(1, n):
        alpha.append(learned.normal([a * e for a, e in zip(step(alpha[-1]), rows[i])]))
    beta = [[1.0] * size for _ in range(n)]
    for i in range(n - 2, -1, -1):
        nxt = [beta[i + 1][c] * rows[i + 1][c] for c in range(size)]
        beta[i] = learned.normal(_back(nxt, model, trans))
    return [learned.normal([alpha[i][c] * beta[i][c] for c in range(size)]) for i in range(n)]


def _back(nxt: list[float], model: list[int], trans: list[list[float]]) -> list[float]:
    """For each label at i: sum over the labels it may go to at i + 1 of transition * what follows."""
    size = len(nxt)
    labels = len(trans)
    starts_by_label = [0.0] * labels  # sum of nxt over "starts" labels, per model label
    for c in range(0, size, 2):
        starts_by_label[model[c]] += nxt[c]
    out = []
    for c in range(size):
        own_start = c - c % 2
        total = sum(trans[model[c]][b] * starts_by_label[b] for b in range(labels))
        total -= trans[model[c]][model[own_start]] * nxt[own_start]
        total += trans[model[c]][model[own_start + 1]] * nxt[own_start + 1]
        out.append(max(total, 0.0))
    return out


def attribute(transcript: Transcript, weights: learned.Weights, cast: tuple[Member, ...],
              changes: Collection[int] | None = None) -> tuple[tuple[Speaker, ...], tuple[Turn, ...]]:
    """Speakers and turns of an unlabelled transcript, the states being the cast's members (and voices).

    Args:
        transcript: the parsed transcript.
        weights: the learned model.
        cast: the people of the programme.
        changes: when known, the sentences (indexes) where the speaker changes, and only those
            (">>" marks); the decoding then decides who speaks each turn, not where turns start.
    """
    found, rows = transcript_features(transcript, weights.vocab)
    sentences = transcript.sentences
    chain = states(cast, learned.ROLES)
    speaks, starts = evidence_scores(found, sentences, cast, chain)
    emit = learned.emissions(weights, rows)
    whole = _scores(weights, emit, chain, speaks, starts)
    if changes is None:  # first where the speaker changes, with the whole role score
        first = viterbi(weights, whole, chain)
        changes = {i for i in range(1, len(first)) if first[i] % 2 == 0}
        probs = marginals(weights, whole, chain)  # how sure the model is that this person starts here
    else:
        probs = []
    scores = _scores(weights, emit, chain, speaks, starts, ROLE_WEIGHT)
    for i, row in enumerate(scores):
        keep = 0 if i == 0 or i in changes else 1  # the labels kept: starts (even) or goes on (odd)
        for c in range(len(row)):
            if c % 2 != keep:
                row[c] = _NEG
    path = viterbi(weights, scores, chain)  # then who speaks each turn
    probs = probs or marginals(weights, scores, chain)
    people: list[Speaker] = []
    by_state: dict[int, Speaker] = {}
    turns: list[Turn] = []
    start = 0
    for i in range(1, len(path) + 1):
        if i < len(path) and path[i] % 2 and path[i] // 2 == path[start] // 2:
            continue
        k = path[start] // 2
        state = chain[k]
        if k not in by_state:
            base = slug(state.name) if state.name else f"speaker-{len(people) + 1}"
            by_state[k] = Speaker(unique_id(base, people), state.name, state.role)
            people.append(by_state[k])
        confidence = probs[start][2 * k] if start else probs[start][2 * k] + probs[start][2 * k + 1]
        speaker = by_state[k]
        turns.append(Turn(speaker.id, speaker.role, tuple(sentences[start:i]), round(confidence, 3)))
        start = i
    return tuple(people), tuple(turns)
