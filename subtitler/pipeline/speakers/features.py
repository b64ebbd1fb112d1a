"""The features of each sentence that the learned speaker model weighs, named in one table.

Every feature the model knows is a row of :data:`FEATURES`: its name (the part
before ``=`` in a feature string) and a line on what it captures. A sentence's
features are strings (``question``, ``w0=well``, ``layout=2``); the model
weighs each one once per role and once per role for "a new speaker of it starts here".
Lexical features keep only words of the model's shared vocabulary (words seen
in several programmes of the training corpus), so the model learns how people
talk, not who was on air.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from subtitler.pipeline.speakers.evidence import Evidence, evidence
from subtitler.pipeline.speakers.sequence import with_paragraph_questions
from subtitler.pipeline.transcript import Transcript

#: Feature name -> what it captures. The model file holds the weights of exactly these features.
FEATURES: dict[str, str] = {
    "bias": "always on: the base rate of each role and of a new speaker",
    "first": "the first sentence of the transcript (whoever opens: often the anchor)",
    "last": "the last sentence of the transcript",
    "pos": "where in the transcript the sentence is: first few sentences, then tenths",
    "para": "the sentence opens a paragraph (hard: after a blank line or label; soft: on a new line)",
    "para_end": "the sentence closes its paragraph",
    "in_para": "the sentence's place inside its paragraph: second, third, later",
    "layout": "what a paragraph break means in this page: sentences per paragraph (1, 2, 3-5, 6+, one block)",
    "para_layout": "a paragraph start, in that page layout (a break in a one-sentence-per-line page means less)",
    "length": "how long the sentence is in words (1-3, 4-8, 9-20, 21+)",
    "prev_length": "how long the sentence before is",
    "introduces": "the sentence introduces or hands over to a named person ('Joining me is X')",
    "intro_role": "the words around the introduction make it a correspondent ('our correspondent X')",
    "handoff": "the sentence hands over at once ('X reports from Florida')",
    "teaser": "a teaser mention ('Then: X on leadership'): a soundbite may follow",
    "self_name": "the speaker names themselves ('I'm X', 'This is X')",
    "signoff": "a sign-off ('X, CNN, Washington'): a report ends",
    "addressed": "the speaker addresses someone by name (a vocative)",
    "handback": "the speaker hands back ('Back to you, X', '... -- X.')",
    "greeting": "the speaker greets or thanks someone by name ('Thank you, X')",
    "question": "the sentence asks",
    "asks": "the sentence leads in to a question later in its paragraph",
    "answer": "the sentence opens like an answer ('Well', 'Yes', 'That's right')",
    "formula": "an anchor's formula ('Good evening', 'Coming up', 'Let's go to')",
    "first_person": "the speaker talks about themselves (I, me, my)",
    "we": "the speaker talks for a group (we, our, us)",
    "you": "the speaker talks to someone (you, your)",
    "opinion": "a personal view ('I think', 'I believe')",
    "listener": "a listener's or podcast formula ('Hi, NPR', 'This podcast was recorded')",
    "bare_time": "a sentence that only gives a time ('3:09 p.m. on Friday')",
    "trails": "the sentence trails off ('...') for someone else to finish",
    "sendoff": "a closing formula ('Enjoy the show', 'Back to you')",
    "quote": "the sentence quotes someone",
    "end": "how the sentence ends: ? ! . -- ... or none",
    "w0": "the first word (shared vocabulary, else its shape: Capitalised, lower, digit)",
    "w01": "the first two words (shared vocabulary only)",
    "wl": "the last word (shared vocabulary, else its shape)",
    "p": "a feature of the sentence before, seen from this one (p:question, p:handback, p:wl=...)",
    "n": "a feature of the sentence after (n:question, n:answer, n:para): what follows tells who speaks here",
    "qshare": "the share of this page's paragraphs that end with a question (an interview's page asks often)",
    "para_size": "how many sentences the sentence's paragraph has (1, 2, 3-5, 6+): a report is long, a question short",
    "para_has": "what the whole paragraph holds: a question, first person, second person",
    "since_intro": "sentences since the last introduction or hand-off, with its role: who was just brought in",
    "pq_para": "the sentence before asks and this one opens a paragraph: an answer in a new paragraph",
    "pq_answer": "the sentence before asks and this one opens like an answer",
    "fp_shift": "first person starts here after a sentence without it",
    "@": "any feature above but the words, within this page's layout ('@1|para=hard'): page shapes weighed apart",
}

#: Evidence flags that become features, and which of them the next sentence also sees (``p:``).
_FLAGS = ("handoff", "teaser", "handback", "greeting", "question", "asks", "answer", "formula", "first_person",
          "opinion", "listener", "bare_time", "trails", "sendoff")
_PREV_FLAGS = frozenset({"handoff", "teaser", "handback", "greeting", "question", "asks", "answer", "formula",
                         "first_person", "trails", "sendoff", "introduces", "signoff", "self_name", "addressed"})
_NEXT_FLAGS = ("question", "answer", "self_name", "formula", "handback", "first_person")
_WORD = regex.compile(r"[\p{L}\p{N}']+")
_WE = regex.compile(r"\b(?:we|we're|we've|we'll|our|us|ours)\b", regex.IGNORECASE)
_YOU = regex.compile(r"\b(?:you|you're|you've|your|yours)\b", regex.IGNORECASE)
_QUOTE = regex.compile(r"[\"“”]")


def words(text: str) -> list[str]:
    """The words of ``text``, lower case, apostrophes kept inside.

    >>> words("Well, José's here -- OK?")
    ['well', "josé's", 'here', 'ok']
    """
    return [w.strip("'").lower() for w in _WORD.findall(text.replace("’", "'")) if w.strip("'")]


def _shape(token: str) -> str:
    if token[:1].isdigit():
        return "<digit>"
    return "<Cap>" if token[:1].isupper() else "<lower>"


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f"{edges[-1]}+"


def _end(text: str) -> str:
    stripped = text.rstrip("\"”’') ")
    for mark in ("?", "!", "...", "…", "--", "—", "."):
        if stripped.endswith(mark):
            return {"…": "...", "—": "--"}.get(mark, mark)
    return "none"


def _layout(transcript: Transcript) -> str:
    paragraphs = len(transcript.paragraphs)
    sentences = sum(len(p.sentences) for p in transcript.paragraphs)
    if paragraphs <= 2 and sentences > 8:
        return "block"
    mean = sentences / max(paragraphs, 1)
    return "1" if mean < 1.5 else "2" if mean < 2.5 else "3-5" if mean < 5.5 else "6+"


def _question_share(transcript: Transcript) -> str:
    paragraphs = [p for p in transcript.paragraphs if p.sentences]
    asking = sum(1 for p in paragraphs if p.sentences[-1].text.rstrip("\"”’') ").endswith("?"))
    share = asking / max(len(paragraphs), 1)
    return "0" if share == 0 else "low" if share < 0.1 else "mid" if share < 0.25 else "high"


def lexical(tokens: list[str], raw: str, vocab: frozenset[str]) -> list[str]:
    """The lexical features of one sentence: first word, first two words, last word, in ``vocab`` only."""
    out: list[str] = []
    if not tokens:
        return out
    first_raw = raw.lstrip("\"“'‘([ ")[:1]
    out.append(f"w0={tokens[0]}" if tokens[0] in vocab else f"w0={_shape(first_raw or tokens[0])}")
    if len(tokens) > 1:
        pair = f"{tokens[0]} {tokens[1]}"
        if pair in vocab:
            out.append(f"w01={pair}")
    out.append(f"wl={tokens[-1]}" if tokens[-1] in vocab else "wl=<oov>")
    return out


def sentence_features(transcript: Transcript, found: list[Evidence], vocab: frozenset[str]) -> list[list[str]]:
    """The features of every sentence of ``transcript`` (``found`` is each sentence's evidence)."""
    return list(iter_sentence_features(transcript, found, vocab))


def iter_sentence_features(transcript: Transcript, found: list[Evidence], vocab: frozenset[str]) -> Iterator[list[str]]:
    """The features of each sentence of ``transcript`` in turn, as :func:`sentence_features`, one row at
    a time: a long transcript's rows all at once held about fifty times its text."""
    layout = _layout(transcript)
    qshare = _question_share(transcript)
    own: list[str] = []  # the sentence before's own features
    n = sum(len(p.sentences) for p in transcript.paragraphs)
    index = 0
    last_intro: tuple[int, str] | None = None
    for paragraph in transcript.paragraphs:
        count = len(paragraph.sentences)
        block = [f"para_size={_bucket(count, (1, 2, 5))}"]
        block += [f"para_has={name}" for name in ("question", "first_person")
                  if any(getattr(found[index + j], name) for j in range(count))]
        if any(_YOU.search(s.text) for s in paragraph.sentences):
            block.append("para_has=you")
        for k, sentence in enumerate(paragraph.sentences):
            cue = found[index]
            tokens = words(sentence.text)
            mine = [name for name in _FLAGS if getattr(cue, name)]
            mine += [name for name in ("introduces", "self_name", "signoff") if getattr(cue, name)]
            if cue.addressed:
                mine.append("addressed")
            if cue.introduces:
                mine.append(f"intro_role={cue.intro_role}")
            if _WE.search(sentence.text):
                mine.append("we")
            if _YOU.search(sentence.text):
                mine.append("you")
            if _QUOTE.search(sentence.text):
                mine.append("quote")
            mine.append(f"end={_end(sentence.text)}")
            mine += lexical(tokens, sentence.text, vocab)
            row = ["bias", f"layout={layout}", f"qshare={qshare}", f"length={_bucket(len(tokens), (3, 8, 20))}",
                   *block]
            if last_intro is None:
                row.append("since_intro=none")
            else:
                row.append(f"since_intro={_bucket(index - last_intro[0], (1, 3, 10))}|{last_intro[1]}")
            if cue.introduces or cue.handoff:
                last_intro = (index, cue.intro_role)
            row.append(f"pos={index}" if index < 3 else f"pos=t{min(9, 10 * index // max(n, 1))}")
            if index == 0:
                row.append("first")
            if index == n - 1:
                row.append("last")
            if k == 0:
                kind = "hard" if paragraph.hard else "soft"
                row += [f"para={kind}", f"para_layout={kind}|{layout}"]
            else:
                row.append(f"in_para={min(k, 3)}")
            if k == count - 1:
                row.append("para_end")
            if index > 0:
                before = found[index - 1]
                row += [f"p:{f}" for f in own if f in _PREV_FLAGS or f.startswith("wl=")]
                row.append(f"prev_length={own[-1].split('=', 1)[1]}")
                if before.question and k == 0:
                    row.append("pq_para")
                if before.question and cue.answer:
                    row.append("pq_answer")
                if cue.first_person and not before.first_person:
                    row.append("fp_shift")
            own = [*mine, f"#len={_bucket(len(tokens), (3, 8, 20))}"]
            full = row + mine
            full += [f"@{layout}|{f}" for f in full if not f.startswith(("w0=", "w01=", "wl=", "p:wl="))]
            if index < n - 1:  # what the next sentence shows: its evidence, and whether it opens a paragraph
                after = found[index + 1]
                full += [f"n:{name}" for name in _NEXT_FLAGS if getattr(after, name)]
                if k == count - 1:
                    full.append("n:para")
            yield full
            index += 1


def transcript_features(transcript: Transcript, vocab: frozenset[str]) -> tuple[list[Evidence], list[list[str]]]:
    """Each sentence's discourse evidence and features."""
    found = transcript_evidence(transcript)
    return found, sentence_features(transcript, found, vocab)


def transcript_evidence(transcript: Transcript) -> list[Evidence]:
    """Each sentence's discourse evidence."""
    return with_paragraph_questions(transcript, [evidence(s.text) for s in transcript.sentences])


def feature_name(feature: str) -> str:
    """The row of :data:`FEATURES` a feature string belongs to.

    >>> feature_name("w0=well"), feature_name("p:question"), feature_name("@block|para=hard")
    ('w0', 'p', '@')
    """
    if feature.startswith("@"):
        return "@"
    if feature.startswith(("p:", "n:")):
        return feature[0]
    return feature.split("=", 1)[0]
