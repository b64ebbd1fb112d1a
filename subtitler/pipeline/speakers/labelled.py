"""Who speaks in a labelled transcript: a person per label, and who hosts, reports or is a guest.

A label names its speaker (:mod:`subtitler.pipeline.labelwho` reads the name
and any title); labels of one person are merged (a surname after the full
name). Where titles give no role, the conversation does: who welcomes whom,
who thanks for being had, who opens and runs the programme, who asks and who
answers, who signs off as a reporter.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from subtitler.model import Role, Speaker, Turn
from subtitler.pipeline import labels, labelwho
from subtitler.pipeline.speakers.evidence import evidence
from subtitler.pipeline.speakers.sequence import append_turn, same_person, slug, unique_id
from subtitler.pipeline.transcript import Label, Transcript


def _label_role(label: Label) -> Role:
    found = labelwho.role(label)
    return "anchor" if found == "anchor" else "correspondent" if found == "correspondent" else \
        "guest" if found == "guest" else "unknown"


#: Share of a speaker's turns that ask a question from which, beside a host, they are a questioner
#: (a debate's panel of journalists): measured on the debate transcripts, where panelists ask in
#: 60-100 % of their turns and candidates in under 45 %.
PANEL_QUESTIONS = 0.6


def _panelist(person: Speaker, turns: list[Turn]) -> Speaker:
    """A speaker without a role who mostly asks, beside a host: a journalist questioning (correspondent)."""
    if person.role != "unknown" or not person.name:
        return person
    own = [t for t in turns if t.speaker == person.id]
    asking = sum(1 for t in own if t.text.rstrip().endswith("?"))
    return replace(person, role="correspondent") if len(own) >= 2 and asking >= PANEL_QUESTIONS * len(own) else person


def _surnames_first(people: list[Speaker], turns: list[Turn]) -> tuple[list[Speaker], list[Turn]]:
    """A surname label used before the full label ("HANNITY:" then "SEAN HANNITY, HOST:") is that person."""
    merged: dict[str, Speaker] = {}
    for person in people:
        if person.name and len(person.name.split()) == 1:
            fuller = [p for p in people if p is not person and p.name and len(p.name.split()) > 1
                      and same_person(person.name, p.name)]
            if len(fuller) == 1:
                merged[person.id] = fuller[0]
    if not merged:
        return people, turns
    kept = [p for p in people if p.id not in merged]
    return kept, [replace(t, speaker=merged[t.speaker].id) if t.speaker in merged else t for t in turns]


#: What the one who runs a programme says anywhere in a sentence: breaks, what comes next, the guests
#: and the panel ahead ("we have to take a break", "roundtable up next", "we'll ask our panel").
_RUNS_SHOW = regex.compile(
    r"\b(?:coming up|up next|still ahead|(?:take|taking|after) (?:a |another |the |this )?(?:quick |short )?break|"
    r"when we come back|welcome back|stay with us|we'?ll be right back|our (?:\w+ )?panel\b|"
    r"roundtable|we'?ll (?:ask|sit down with|talk (?:to|with)|speak (?:to|with)|hear from)|"
    r"joining (?:me|us)|let'?s bring in|good (?:morning|evening|afternoon) and welcome)\b", regex.IGNORECASE)


def _runs_the_show(people: list[Speaker], turns: list[Turn]) -> list[Speaker]:
    """With no host found, the untitled named voice that runs the programme (breaks, what is next) hosts it.

    The evidence is the whole document's: the voice with the most such sentences, more than any other.
    """
    counts = {p.id: sum(1 for t in turns if t.speaker == p.id for s in t.sentences if _RUNS_SHOW.search(s.text))
              for p in people if p.name and p.role == "unknown"}
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return people
    return [replace(p, role="anchor") if p.id == ranked[0][0] else p for p in people]


#: Short forms of offices that open a person's label ("SEN. JANE ROE", "REP. TOM ASHE").
_OFFICE_PREFIXES = frozenset("sen rep gov pres congressman congresswoman".split())


def _office_holder(name: str) -> bool:
    """Whether a label names a person by their office ("MINISTER ROE", "SEN. JANE ROE"): no host's label."""
    words = name.lower().replace(".", "").split()
    return len(words) >= 2 and (words[0] in labelwho.OFFICES or words[0] in _OFFICE_PREFIXES)


#: The turns that open a programme, where those who introduce themselves by name host it.
OPENING_TURNS = 3


def _cohosts(people: list[Speaker], turns: list[Turn]) -> list[Speaker]:
    """Untitled voices that give their own name in the opening turns ("And I'm Jane Roe.") host the show."""
    hosts = {t.speaker for t in turns[:OPENING_TURNS] for s in t.sentences
             if (own := evidence(s.text.replace("`", "'")).self_name)
             and (person := next(p for p in people if p.id == t.speaker)).name
             and labels.surname(own) == labels.surname(person.name)}
    return [replace(p, role="anchor") if p.id in hosts and p.role == "unknown" else p for p in people]


#: A report's last words: the reporter's name, the outlet and the place ("For THE WEEK, Jane Roe, City News,
#: Riverton.").
_SIGNOFF_END = regex.compile(r"(?:^|,[ \u00a0]+)(?P<name>(?:\p{Lu}\p{Ll}+[ \u00a0]+){1,2}\p{Lu}[\p{Ll}'’\-]+),"
                             r"[ \u00a0]+\p{Lu}[\w&'’.\- ]*(?:,[ \u00a0]+\p{Lu}[\w'’.\- ]*){1,2}\.?$")


def _signs_off(people: list[Speaker], turns: list[Turn]) -> list[Speaker]:
    """An untitled voice that signs off a report with its own name ("Jane Roe, ABC News, Washington.") reports."""
    def own(person: Speaker, name: str | None) -> bool:
        return bool(name and person.name and labels.surname(name) == labels.surname(person.name))

    reporters = {p.id for p in people if p.role == "unknown" and p.name for t in turns if t.speaker == p.id
                 for s in t.sentences if (end := _SIGNOFF_END.search(s.text)) is not None and own(p, end["name"])}
    return [replace(p, role="correspondent") if p.id in reporters else p for p in people]


#: A host's own welcome, in their first turn: "Welcome to the show", "Welcome back to the programme".
_OWN_WELCOME = regex.compile(r"^(?:(?:and|hello|hi|good (?:morning|evening|afternoon))[ ,]+)*welcome(?: back)? to\b",
                             regex.IGNORECASE)


def _welcomes_viewers(people: list[Speaker], turns: list[Turn]) -> list[Speaker]:
    """With no host found, a named voice that welcomes the audience to the show in its first turn hosts it.

    Its title may name the show ("JANE ROE, "THE ROE ZONE":", "TOM ASHE, TODAY SHOW:"), which alone
    gives no role; no guest welcomes the audience.
    """
    firsts: dict[str, Turn] = {}
    for turn in turns:
        firsts.setdefault(turn.speaker, turn)
    hosts = [p.id for p in people if p.name and p.role in ("unknown", "guest") and not _office_holder(p.name)
             and p.id in firsts and any(_OWN_WELCOME.search(s.text) for s in firsts[p.id].sentences[:2])]
    if len(hosts) != 1:
        return people
    return [replace(p, role="anchor") if p.id == hosts[0] else p for p in people]


def _opener(people: list[Speaker], turns: list[Turn]) -> list[Speaker]:
    """The host of a labelled page whose labels give none, by the evidence of the whole document.

    The first named voice whose label gives no role (an unlabelled page header is no voice; a titled
    clip that opens the show, "SEN. JANE ROE, D-NY:", or an office holder's "MINISTER ROE:" is not its
    host) hosts it when it greets or asks in its opening turns, or holds the most turns; else the
    voice that runs the programme (breaks, what is next, the panel: :func:`_runs_the_show`) does.
    """
    first = next((p for p in people if p.name and p.role == "unknown" and not _office_holder(p.name)), None)
    if first is None:
        return _runs_the_show(people, turns)
    opening = [s for t in [t for t in turns if t.speaker == first.id][:2] for s in t.sentences]
    if any(evidence(s.text).formula or s.text.endswith("?") for s in opening):
        return [replace(p, role="anchor") if p.id == first.id else p for p in people]
    counts = {p.id: sum(1 for t in turns if t.speaker == p.id) for p in people}
    if counts[first.id] >= max(counts.values()):
        return [replace(p, role="anchor") if p.id == first.id else p for p in people]
    return _runs_the_show(people, turns)


#: What a guest says of being on the show ("thanks for having me", "glad to be here").
_GUEST_SAYS = regex.compile(
    r"\b(?:thanks?(?: you)?(?: so much| very much| again)? for (?:having|inviting) me\b|"
    r"(?:glad|happy|great|good|nice|excited|thrilled|pleased) to be (?:here|on the show|back)\b)", regex.IGNORECASE)
_NAMED = r"(?P<who>\p{Lu}[\p{L}'’\-]+(?:[ \u00a0]\p{Lu}[\p{L}'’\-]+){0,2})"
#: What a host says of a guest: "welcome (back) to the show, Jane", "Jane, welcome", "our guest today is
#: Jane Roe", "we're joined by (our friend) Jane Roe", "we're here with Jane", "joining us is Jane Roe".
_HOST_WELCOMES = regex.compile(
    rf"\bwelcome(?: back)?(?: to [^,.!?]{{1,40}},)?[ \u00a0]+{_NAMED}|"
    rf"{_NAMED},[ \u00a0]+welcome(?: back)?(?: to the show)?\b|"
    rf"\b(?:my|our) guests?(?: today| this week| tonight)?(?: is| are)?,?[ \u00a0]+{_NAMED}|"
    rf"\b(?:we'?re|we are|I'?m|I am) (?:joined|here)(?: today| now| again)? (?:by|with)(?: (?:our|my)(?: old| good)? "
    rf"friends?,?)?[ \u00a0]+{_NAMED}|"
    rf"\bjoining (?:me|us)(?: today| now)? (?:is|are)[ \u00a0]+{_NAMED}")
#: What a host says of the programme's reporter: "our Jane Roe joins me", "White House correspondent Jane Roe".
_STAFF_INTRO = regex.compile(
    rf"\bour (?:own )?{_NAMED}[ \u00a0]+(?:and (?:he|she|they) )?(?:joins|is|has|reports)\b|"
    rf"\b(?i:correspondent|reporter)[ \u00a0]+{_NAMED}[ \u00a0]+(?:joins|is|has|reports)\b")
#: What a host says of a co-host: "my co-host, Jane Roe", "this is Jane Roe, and we are the hosts".
_COHOST = regex.compile(
    rf"\b(?:my|our) co-?hosts?,?[ \u00a0]+{_NAMED}|"
    rf"\b(?:this is|with) {_NAMED},? and we(?:'re| are) (?:the|your)(?: new)? (?:co-?)?hosts\b", regex.IGNORECASE)


def _named_in(text: str, pattern: regex.Pattern[str], people: list[Speaker]) -> set[str]:
    """The ids of the labelled voices that ``pattern`` names in ``text`` (by full name, first name or surname)."""
    found: set[str] = set()
    for match in pattern.finditer(text):
        who = next(w for w in match.captures("who") if w).split()
        for person in people:
            words = (person.name or "").split()
            if words and any(" ".join(who[:k]) in (person.name, words[0], words[-1]) for k in (len(who), 1, 2)):
                found.add(person.id)
    return found


#: The share of a programme's turns within which a guest formula counts (its first part: the welcome).
WELCOME_SHARE = 0.2


def _hosts_and_guests(people: list[Speaker], turns: list[Turn]) -> list[Speaker]:
    """Roles of untitled voices by what the conversation says of them.

    A voice that thanks for having it, or that another voice welcomes or introduces as the guest,
    is a guest (so is a titled host whom another host welcomes: the host of another show, on this
    one); a voice another calls their co-host hosts; one a host introduces as the programme's own
    reporter ("our Jane Roe joins me", "White House correspondent Jane Roe has more") reports. On a
    page whose labels name no staff (a podcast's ``**Full Name:**``), once the guests are known by
    this evidence, every other voice that holds a share of the turns and asks as a host does (at
    least half the rate of the one who asks most) is a host too: co-hosts and guests are labelled
    alike there.
    With no such evidence, two voices of a long conversation that ask each other alike are two
    hosts (:func:`_peers`).
    """
    untitled = [p for p in people if p.role == "unknown" and p.name]
    if len(people) < 2:
        return people
    guests: set[str] = set()
    cohosts: set[str] = set()
    early = turns[:max(OPENING_TURNS, int(WELCOME_SHARE * len(turns)))]
    demoted: set[str] = set()
    role_of = {p.id: p.role for p in people}
    for turn in early:
        text = " ".join(s.text for s in turn.sentences).replace("`", "'")
        if _GUEST_SAYS.search(text):
            guests.add(turn.speaker)
        others = [p for p in people if p.id != turn.speaker]
        welcomed = _named_in(text, _HOST_WELCOMES, others)
        guests |= welcomed
        if role_of[turn.speaker] == "anchor":  # a host welcomes another show's host as the guest
            demoted |= {pid for pid in welcomed if role_of[pid] == "anchor"}
        cohosts |= _named_in(text, _COHOST, others)
    guests -= cohosts
    reporters = {pid for turn in turns for pid in _named_in(" ".join(s.text for s in turn.sentences), _STAFF_INTRO,
                                                              [p for p in people if p.id != turn.speaker])}
    keep = {p.id for p in people if p.role != "unknown"} - demoted
    roles: dict[str, Role] = {pid: "correspondent" for pid in reporters - guests - cohosts - keep}
    roles.update({pid: "anchor" for pid in cohosts - keep})
    roles.update({pid: "guest" for pid in guests - keep})
    staffed = any(p.role in ("anchor", "correspondent") for p in people)  # a title names the programme's staff
    counts = {p.id: sum(1 for t in turns if t.speaker == p.id) for p in untitled}
    if guests and not staffed:  # a host asks too: a voice that rarely asks is another guest (a debate's candidates)
        rates = {p.id: _question_rate(p, turns) for p in untitled if p.id not in guests}
        for person in untitled:
            if person.id in rates and counts[person.id] >= 0.05 * len(turns) and \
                    rates[person.id] >= PEER_QUESTIONS * max(rates.values()):
                roles.setdefault(person.id, "anchor")
    elif not guests and not cohosts and not staffed and len(people) == 2 == len(untitled) and _peers(untitled, turns):
        roles = {p.id: "anchor" for p in untitled}
    return [replace(p, role=roles[p.id]) if p.id in roles else p for p in people]


#: Turns each of two voices must hold before how often they ask tells peers from interviewer and guest.
PEER_TURNS = 20
#: From this share of the other's rate of questions, two voices ask each other alike: peers, not
#: interviewer and guest (an interviewer asks, a guest answers).
PEER_QUESTIONS = 0.5


def _question_rate(person: Speaker, turns: list[Turn]) -> float:
    """The share of a voice's sentences that ask."""
    own = [s for t in turns if t.speaker == person.id for s in t.sentences]
    return sum(1 for s in own if s.text.rstrip("\"”’)").endswith("?")) / len(own) if own else 0.0


def _peers(pair: list[Speaker], turns: list[Turn]) -> bool:
    """Whether two voices of a long conversation ask each other questions alike (two hosts talking)."""
    rates = []
    for person in pair:
        own = [s for t in turns if t.speaker == person.id for s in t.sentences]
        if sum(1 for t in turns if t.speaker == person.id) < PEER_TURNS or not own:
            return False
        rates.append(sum(1 for s in own if s.text.rstrip("\"”’)").endswith("?")) / len(own))
    return min(rates) > 0 and min(rates) >= PEER_QUESTIONS * max(rates)


def _questioner(people: list[Speaker], label: Label) -> Speaker:
    """The one speaker of every ``Q`` (the press, unnamed) or every ``A``."""
    key = "questioner" if label.name == "Q" else "answerer"
    found = next((p for p in people if p.id == key), None)
    if found is None:
        found = Speaker(key, None, _label_role(label))
        people.append(found)
    return found


#: Generational suffixes after a surname, as a label writes them ("J.R.", "JR.", "SR") and as shown.
_SUFFIXES = {"JR": "Jr.", "SR": "Sr."}


def _display(name: str) -> str:
    """An upper-case label as a display name.

    >>> _display("BIANNA GOLODRYGA"), _display("TOM ASHE J.R.")
    ('Bianna Golodryga', 'Tom Ashe Jr.')
    """
    words = name.split()
    shown = ["-".join(part.capitalize() for part in word.split("-")) if word.isupper() and len(word) > 1
             else word for word in words]
    if len(words) >= 3 and (suffix := _SUFFIXES.get(words[-1].replace(".", "").upper())):
        shown[-1] = suffix
    return " ".join(shown)


def from_labels(transcript: Transcript) -> tuple[tuple[Speaker, ...], tuple[Turn, ...]]:
    """Speakers and turns of a labelled transcript: a person per label, roles by titles, then by the conversation."""
    people: list[Speaker] = []
    turns: list[Turn] = []
    current: Speaker | None = None
    for paragraph in transcript.paragraphs:
        label = paragraph.label
        if label is not None and label.style == "question":
            current = _questioner(people, label)
        elif label is not None and label.style != "chevron":
            name = _display(label.name)
            role = _label_role(label)
            found = next((p for p in people if p.name and (p.name.lower() == name.lower()
                                                           or same_person(name, p.name))), None)
            if found is None:
                found = Speaker(unique_id(slug(name), people), name, role)
                people.append(found)
            elif role != "unknown" and found.role == "unknown":
                people[people.index(found)] = found = replace(found, role=role)
            current = found
        if current is None:
            current = Speaker("speaker-1", None, "unknown")
            people.append(current)
        append_turn(turns, current, paragraph.sentences)
    people, turns = _surnames_first(people, turns)
    briefing = any(p.id == "questioner" for p in people)  # the press asks: whoever answers is a guest
    if not briefing:
        people = _hosts_and_guests(people, turns)
    if not briefing:
        people = _signs_off(people, turns)
    if not briefing and not any(p.role == "anchor" for p in people):
        people = _welcomes_viewers(people, turns)
    if not briefing and not any(p.role == "anchor" for p in people):
        people = _opener(people, turns)
    if not briefing:
        people = _cohosts(people, turns)
    if any(p.role == "anchor" for p in people) and not briefing:
        people = [_panelist(p, turns) for p in people]
    # a labelled person whose label gives no role is a guest (the rule: others -> guest)
    people = [replace(p, role="guest") if p.role == "unknown" and p.name else p for p in people]
    roles = {p.id: p.role for p in people}
    turns = [replace(t, role=roles[t.speaker]) for t in turns]
    return tuple(people), tuple(turns)
