"""The discourse evidence of a news broadcast, read from one sentence at a time.

An anchor introduces ("Joining me live is …", "Let's go to CNN's Joe Johns"),
asks and hands over; a correspondent answers ("Well, Bianna, …"), signs off
("Back to you, Conn-young", "… -- Bianna.") and names themselves ("I'm Susan
Davis", "Jim Acosta, CNN, Washington"). :func:`evidence` finds these in a sentence;
:mod:`subtitler.pipeline.speakers.attribute` weighs them over the whole sequence.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

# A name token in any script: capitalised word, hyphenated parts allowed ("Min-ji", "José", "O'Brien").
_TOKEN = r"(?:\p{Lu}\p{Ll}+(?:['’](?!s\b)\p{Lu}?\p{Ll}+)?(?:-\p{L}\p{Ll}+)*|\p{Lu}\.)"
_NAME = rf"(?:{_TOKEN}(?:\s+{_TOKEN}){{0,3}})"
#: Capitalised words that are not names when they open or close a name-like run.
NOT_NAMES = frozenset("""
The A An And But Or So Now Well Yes No Then Plus Also Still Later Tonight Today This That These Those There Here
I We You He She They It Our Your His Her Their My Its Good Morning Evening Afternoon Thanks Thank Hello Hey Hi
Meanwhile However Although Amid After Before Until Since While When Where What Why How Who Whether Joining Let
Back On In At Of For From With By To As If Just Some Many Most All Both Either Neither Each Every Any Earlier
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
September October November December President Secretary Minister Foreign Prime Senator Governor Mayor General
Correspondent Reporter Anchor House White Blue Council Security National Department Congress Senate Korea
Korean United States America American Washington Seoul Peninsula Party Campaign Office Court Supreme News Camp
Republican Republicans Democrat Democrats Democratic Administration Government Capitol Hurricane Category
CNN NPR PBS BBC ABC NBC CBS Fox MSNBC Reuters AP Arirang NewsHour Podcast Politics Justice Defense State
Nonetheless Nevertheless Instead Indeed Again Finally First Second Third Otherwise Sadly Unfortunately Fortunately
Importantly Interestingly Clearly Obviously Actually Basically Honestly Frankly Anyway Remember Listen Look Okay OK
Sir Madam Folks Everyone Everybody Guys Please Sorry Right Sure Absolutely Exactly Look Oh Ah
""".split())
_ANSWER = re.compile(r"^(?:well|yes|yeah|no|right|that'?s right|that'?s true|sure|absolutely|exactly|indeed|"
                     r"of course|great question|good question|thanks|thank you|you know|look|interesting|"
                     r"you'?re right|that'?s (?:a good|a great|an interesting)|as you (?:said|say|mentioned|know)|"
                     r"i think that'?s right)\b"
                     r"|\byou (?:just )?(?:used|said|mentioned|asked|raised|pointed out)\b",
                     re.IGNORECASE)
_RESPONSE = re.compile(r"\byou (?:just )?(?:used|said|mentioned|asked|raised|pointed out)\b", re.IGNORECASE)
_ANCHOR_FORMULA = re.compile(
    r"^(?:good (?:morning|evening|afternoon|night)|welcome (?:back|to)|coming up|still ahead|ahead tonight|"
    r"also tonight|then:|plus:|also:|tonight:|all that and more|happening now|and now|up next|"
    r"we'?ll be right back|let'?s (?:go|turn|bring|get)|joining (?:me|us)|hey there|hello and welcome|"
    r"you'?re (?:in|watching|listening)|it'?s the\b|this is the\b|back to you|turning (?:now )?to|"
    r"in other news|when we come back|after the break|stay with us|that'?s all (?:for|from)|"
    r"and finally|finally tonight|we begin|we start|our top story|first,? (?:tonight|this morning))",
    re.IGNORECASE)
_INTRO = re.compile(
    r"""\b(?:joining\ (?:me|us)(?:\ now)?(?:\ live)?(?:\ from\ [^,.]+)?\ (?:is|are)|
          let'?s\ (?:go|turn|get|head|check\ in)\ (?:now\ |back\ |over\ |right\ )?to|
          let'?s\ bring\ in|we\ (?:go|turn)\ (?:now\ |live\ )?to|for\ more,?\ (?:we\ )?(?:turn|go)\ to|
          (?:i'?m|we'?re)\ joined\ (?:now\ )?by|with\ (?:me|us)\ (?:now\ )?(?:is|are)|
          here'?s|here\ is|bring\ in|let'?s\ listen\ to)
        \b(?P<rest>.*)""", re.IGNORECASE | re.VERBOSE)
_REPORTS = re.compile(rf"(?P<name>{_NAME})\s+(?:reports|has\ (?:the|more|this)|joins\ us|is\ (?:live|standing\ by))\b",
                      re.VERBOSE)
_TEASER = re.compile(r"^(?:then|plus|also|later|coming up|still ahead)\s*[:,]?\s+(?P<rest>.*)", re.IGNORECASE)
_SELF = re.compile(rf"(?i:(?:^|[.,!?]\s+|^(?:and|so|hi|hello|hey)\s*,?\s*)(?:i'?m|i am|this is|my name is)\s+)"
                   rf"(?P<name>{_NAME})(?=\s*(?:[.,!?(]|$|and\b|in\b|at\b|from\b|with\b|reporting\b))")
# "Jim Acosta, CNN, Washington." / "Jamal Reed, ABC News, Cedar Falls, Iowa."
_SIGNOFF = re.compile(rf"^(?P<name>{_NAME}),\s+(?:\p{{Lu}}[\w&'’.-]*)(?:\s+\p{{Lu}}[\w&'’.-]*){{0,3}}"
                      rf"(?:,\s+\p{{Lu}}[^,.]*){{1,3}}\.?$")
_FOR_SIGNOFF = re.compile(rf"(?:for|reporting (?:from|for))\s+[^,]+,\s+I'?m\s+(?P<name>{_NAME})", re.IGNORECASE)
#: Titles that may come before a name in an address ("Senator Obama, ..."): kept out of the name.
_TITLE = (r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep)\.?|President|Vice\ President|Governor|Senator|Secretary|"
          r"Congressman|Congresswoman|Mayor|General|Professor|Judge|Minister|Prime\ Minister|Premier|Treasurer|"
          r"Ambassador|Leader|Speaker|Chancellor|Director|Chief|Commissioner|Sheriff|Admiral|Colonel|Captain)")
_TITLE_ONLY = re.compile(rf"{_TITLE}\b")
_VOCATIVE_START = re.compile(
    rf"^(?i:(?:well|yes|yeah|and|so|now|ok(?:ay)?|thanks|thank you|sure|right|no|look|oh|hey|hi|good morning|"
    rf"good evening|good afternoon)\b[,!.]?\s+)?(?:{_TITLE}\s+)?(?P<name>{_TOKEN})\s*,\s+(?P<rest>\S)")
_NOT_AFTER_VOCATIVE = frozenset("meanwhile however too though also which who whose the a an its his her their "
                                "for in on at by of with said says too".split())
_VOCATIVE_END = re.compile(rf"(?:,|--|—|–)\s*(?P<name>{_TOKEN}(?:\s+{_TOKEN})?)[.!?]?[\"”’]*$")
_HANDBACK = re.compile(rf"(?i:back to you|over to you|back to)\s*,?\s+(?P<name>{_TOKEN}(?:\s+{_TOKEN})?)\b")
# Greetings and thanks name the person spoken to, but do not hand the turn over.
_GREETING = re.compile(rf"(?i:thank you|thanks(?: so much| very much)?|good (?:morning|evening|afternoon)(?: to you)?|"
                       rf"good to see you|hi|hello)\s*,?\s+(?:{_TITLE}\s+)?(?P<name>{_TOKEN}(?:\s+{_TOKEN})?)\b")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|me|my|mine|myself)\b")
_SENDOFF = re.compile(r"^(?:enjoy the (?:show|podcast|episode)|back to you|over to you)\b", re.IGNORECASE)
_OPINION = re.compile(r"\bI (?:think|believe|feel|guess|suppose|would say|mean)\b|\bin my (?:view|opinion)\b|"
                      r"\b(?:served|told|taught|gave|showed) me\b")
_TITLE_WORDS = re.compile(r"\b(?:correspondent|reporter|anchor|host|producer|editor|bureau chief|reports?\b|"
                          r"CNN'?s|NPR'?s|PBS'?s|BBC'?s|our own|byline)", re.IGNORECASE)
_CORRESPONDENT = re.compile(r"\b(?:correspondent|reporter|reports|bureau|editor|producer|CNN'?s|NPR'?s|PBS'?s|"
                            r"BBC'?s|Arirang'?s|our own|our\s+[a-z ]*(?:correspondent|reporter)|byline)\b",
                            re.IGNORECASE)
_LISTENER = re.compile(r"^(?:hello|hi|hey),?\s+npr\b|this podcast was recorded|"
                       r"things may have changed by the time|^enjoy the (?:show|podcast|episode)", re.IGNORECASE)
_BARE_TIME = re.compile(r"^(?:it'?s\s+)?\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)\b.*\b(?:on|this)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one sentence says about who speaks it and who speaks next.

    Attributes:
        introduces: a name the speaker hands over to or introduces (speaks soon).
        intro_role: correspondent or guest, from the words around the introduction.
        handoff: the introduced person speaks next ("X reports from Florida.").
        teaser: the introduction is a teaser mention ("Then: … X on …"), a soundbite may follow.
        self_name: a name the speaker gives as their own ("I'm X", "This is X").
        signoff: a name signing off a report ("X, CNN, Washington").
        addressed: names the speaker addresses (vocatives, hand-backs): not the speaker.
        handback: the speaker hands back to ``addressed`` (the turn ends here).
        question: the sentence asks.
        answer: the sentence opens like an answer ("Well", "Yes", "That's right").
        formula: an anchor's formula ("Good evening", "Coming up", "Let's go to").
        first_person: the speaker talks about themselves (I, me, my).
        listener: a listener's formula (call-in, podcast intro).
        bare_time: a sentence that only gives a time ("3:09 p.m. on Friday").
        trails: the sentence trails off ("recorded at...") for someone else to finish.
        asks: the sentence leads in to a question later in its paragraph (set by the caller).
        opinion: the speaker gives a personal view ("I think", "I believe"): rare in an anchor's read.
        sendoff: a guest's closing formula ("Enjoy the show"): someone else speaks next.
        greeting: the speaker greets or thanks someone by name ("Good evening, David").
    """

    introduces: str | None = None
    intro_role: str = "guest"
    handoff: bool = False
    teaser: bool = False
    self_name: str | None = None
    signoff: str | None = None
    addressed: tuple[str, ...] = ()
    handback: bool = False
    question: bool = False
    answer: bool = False
    formula: bool = False
    first_person: bool = False
    listener: bool = False
    bare_time: bool = False
    trails: bool = False
    asks: bool = False
    opinion: bool = False
    sendoff: bool = False
    greeting: bool = False


def person_name(text: str) -> str | None:
    """The first personal name in ``text``: two to four capitalised words, or one followed by punctuation.

    >>> person_name("Arirang's presidential office correspondent Kim Min-ji from the nation's top office.")
    'Kim Min-ji'
    >>> person_name("our senior congressional correspondent, Dana Bash.")
    'Dana Bash'
    >>> person_name("our correspondent José Díaz.")
    'José Díaz'
    """
    for match in re.finditer(_NAME, text):
        words = match.group().split()
        end = match.end()
        # a possessive ("CNN's", "Arirang's") names an organisation, not the person
        if text[end:end + 2] in ("'s", "’s"):
            continue
        while words and (words[0] in NOT_NAMES or words[0].endswith(".")):
            words = words[1:]
        while words and words[-1] in NOT_NAMES:
            words = words[:-1]
        if len(words) >= 2 or (len(words) == 1 and words[0] not in NOT_NAMES and len(words[0]) > 2
                                and (len(match.group().split()) == 1)):
            if len(words) == 1 and text[:match.start()].rstrip().endswith(("the", "The")):
                continue
            return " ".join(words)
    return None


def evidence(sentence: str) -> Evidence:
    """Read the discourse evidence of one sentence."""
    text = sentence.strip().replace("’", "'").replace("‘", "'")
    introduces, intro_role, teaser = None, "guest", False
    intro = _INTRO.search(text)
    if intro is not None:
        introduces = person_name(intro["rest"])
        if introduces:
            intro_role = "correspondent" if _CORRESPONDENT.search(intro.group()) else "guest"
    handoff = False
    if introduces is None and (reports := _REPORTS.search(text)) is not None:
        found = person_name(reports["name"] + ".")
        if found and " " in found:
            introduces, intro_role, handoff = found, "correspondent", True
    if introduces is None and (tease := _TEASER.match(text)) is not None:
        found = person_name(tease["rest"])
        if found and " " in found:
            introduces, intro_role, teaser = found, "guest", True
    self_match = _SELF.search(text)
    self_name = self_match["name"] if self_match and self_match["name"].split()[0] not in NOT_NAMES else None
    signoff = None
    if (sign := _SIGNOFF.match(text)) is not None and sign["name"].split()[0] not in NOT_NAMES:
        signoff = sign["name"]
    elif (sign2 := _FOR_SIGNOFF.search(text)) is not None:
        signoff = sign2["name"]
    addressed: list[str] = []
    handback = False
    start = _VOCATIVE_START.match(text)
    if start is not None and start["name"].split()[0] not in NOT_NAMES and len(text.split()) > 2:
        after = text[start.start("rest"):].split(" ", 1)[0].lower().strip(",")
        if after not in _NOT_AFTER_VOCATIVE:  # "Russia, meanwhile, …" and "Rice, the name …" are no address
            addressed.append(start["name"])
    back = _HANDBACK.search(text)
    if back is not None and back["name"].split()[0] not in NOT_NAMES:
        addressed.append(back["name"])
        handback = True
    greet = _GREETING.search(text)
    greeting = False
    if greet is not None and greet["name"].split()[0] not in NOT_NAMES and greet["name"] not in addressed \
            and not _TITLE_ONLY.match(greet["name"]):
        addressed.append(greet["name"])
        greeting = True
    end = _VOCATIVE_END.search(text)
    if end is not None and end["name"].split()[0] not in NOT_NAMES and end["name"] not in addressed \
            and (text[:end.start()].rstrip().endswith(("--", "—", "–")) or "--" in text[end.start():end.start() + 3]):
        addressed.append(end["name"])
        handback = True
    return Evidence(
        introduces=introduces,
        intro_role=intro_role,
        handoff=handoff,
        teaser=teaser,
        self_name=self_name,
        signoff=signoff,
        addressed=tuple(addressed),
        handback=handback,
        question=text.rstrip("\"”’)").endswith("?"),
        answer=bool(_ANSWER.match(text)) or bool(_RESPONSE.search(text[:60])),
        formula=bool(_ANCHOR_FORMULA.match(text)),
        first_person=bool(_FIRST_PERSON.search(text)),
        listener=bool(_LISTENER.search(text)),
        bare_time=bool(_BARE_TIME.match(text)) and len(text.split()) <= 8,
        trails=text.endswith(("...", "…")) and not text.endswith("...."),
        opinion=bool(_OPINION.search(text)),
        sendoff=bool(_SENDOFF.search(text)),
        greeting=greeting,
    )
