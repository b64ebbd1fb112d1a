"""Who a speaker label names, and the role its title gives.

:mod:`.labels` reads where labels are and what they say; this module reads what they mean:
the holder of an office label ("PRIME MINISTER:") by the document's own words, the full
name an initialled label stands for, whether a host's or reporter's title is of the page's
own outlet, and the role (anchor, correspondent, guest) a label's title gives.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import regex

from subtitler.pipeline.labels import ANCHOR_TITLE as _ANCHOR_TITLE
from subtitler.pipeline.labels import Label, _key, surname

_CORRESPONDENT_TITLE = regex.compile(r"\b(?:correspondent|reporter|byline|bureau chief|meteorologist)\b",
                                     regex.IGNORECASE)
# Titles of the outlet's own staff: "CNN CORRESPONDENT", "FOX NEWS", "NPR".
_OUTLET = regex.compile(r"\b(?:CNN|NPR|PBS|BBC|FOX NEWS|ABC NEWS|CBS NEWS|NBC NEWS|MSNBC|SKY NEWS)\b",
                        regex.IGNORECASE)
# Outlet titles that still name a guest: analysts and contributors speak as guests.
_OUTLET_GUEST = regex.compile(r"\b(?:analyst|contributor|commentator)\b", regex.IGNORECASE)
# A host or reporter who is not on this programme's staff: a former one, or one whose title names a show in
# quotes or an outlet's show ("HOST, "THE LATE HOUR"", "HOST, ABC'S "SUNDAY"") that the page's header does
# not name as its own (``house`` True).
_FORMER = regex.compile(r"\b(?:former|fmr)\b\.?", regex.IGNORECASE)
#: A show a title names: in quotes, or an outlet's ("ABC'S"); the group is what names it.
SHOW_NAMED = regex.compile(r"[\"“”]([^\"“”]{2,60})[\"“”]|\b(\w+)['’]s\b", regex.IGNORECASE)


#: The last words of an office held by one person, which as a whole label ("PRIME MINISTER:") name
#: the holder, not a person: the document says who holds it.
OFFICES = frozenset("minister treasurer premier president secretary chancellor governor mayor senator leader "
                    "commissioner ambassador spokesperson spokesman spokeswoman chairman chairwoman chair "
                    "attorney-general".split())
_NAME_WORD = r"(?:(?:Mc|Mac|O['’])?\p{Lu}[\p{Ll}\p{M}'’\-]+|(?:Mc|Mac|O['’])?\p{Lu}[\p{Lu}\p{M}'’\-]+)"
_PERSON = rf"(?P<person>{_NAME_WORD}(?:[ \u00a0]{_NAME_WORD}){{1,2}})"
#: Capitalised words that open a greeting or a sentence, not a name ("Prime Minister, Good morning").
_NOT_NAMES = frozenset("the a an and but or of for to in on at this that these is are was has have we i you he "
                       "she it they good thank thanks welcome morning afternoon evening hello g'day g’day nice "
                       "great so well now today tonight mr mrs ms dr sir madam".split())

# the host greets or introduces the office holder by name: "Jane Roe, good morning", "Jane Roe good afternoon
# to you", "Jane Roe joins me now"; or the page's header names them: "Jane Roe interview with Tom Ashe",
# "Interview with Jane Roe", "Roe, Jane" on a line of its own
_GREETED = regex.compile(
    rf"{_PERSON},?[ \u00a0]+(?:good|Good)[ \u00a0]+(?:morning|afternoon|evening|day)\b|"
    rf"{_PERSON}[ \u00a0]+(?:joins|is joining)[ \u00a0]+(?:me|us)\b|"
    rf"{_PERSON}(?:['’]s)?[ \u00a0]+(?i:interview)[ \u00a0]+(?i:with)\b|"
    rf"\b(?i:interview)[ \u00a0]+(?i:with)[ \u00a0]+{_PERSON}|"
    rf"^(?P<family>\p{{Lu}}[\p{{Ll}}'’\-]+),[ \u00a0]+(?P<given>\p{{Lu}}[\p{{Ll}}'’\-]+)[ \u00a0]*$",
    regex.MULTILINE)


#: Last words of an organisation's name ("CBS News", "Associated Press", "Labor Party"), which is no person.
ORGANISATION_WORDS = frozenset("news press radio television tv network networks times post journal herald tribune "
                               "telegraph gazette guardian broadcasting corporation company group inc ltd llc party "
                               "committee council department ministry agency association union university "
                               "institute foundation bank government commission service services".split())


def is_organisation(name: str) -> bool:
    """Whether a name is an outlet's or organisation's ("CBS News", "Associated Press"), not a person's.

    >>> is_organisation("CBS News"), is_organisation("Associated Press"), is_organisation("Walter Reed")
    (True, True, False)
    """
    words = _key(name).lower().split()
    return bool(words) and (words[-1] in ORGANISATION_WORDS or bool(_OUTLET.fullmatch(name.strip())))


def is_office(name: str) -> bool:
    """Whether a label is an office, not a name ("PRIME MINISTER", "Foreign Minister", "THE TREASURER").

    >>> is_office("PRIME MINISTER"), is_office("Assistant Minister"), is_office("DAVID KOCH")
    (True, True, False)
    """
    words = _key(name).lower().split()
    words = words[1:] if words[:1] == ["the"] else words
    return 1 <= len(words) <= 4 and words[-1] in OFFICES


def office_holder(office: str, found: list[Label], text: str) -> str | None:
    """Who holds ``office`` by the document's own words, or None when it does not say.

    A full label titled with the office ("PENNY ROE, FOREIGN MINISTER:", or "…, FOREIGN
    MINISTER FOR TRADE:") names its holder;
    else the text does, as "Treasurer Jane Roe" or "Jane Roe, Treasurer" (the most frequent
    such name), or else as the one person the host greets or introduces by name ("Jane Roe, good
    morning", "Jane Roe joins me now") or the page's header names ("Jane Roe interview with Tom Ashe",
    "Roe, Jane").
    A name that another label of the document gives (the host) is not the holder.
    """
    wanted = " ".join(_key(office).split()).removeprefix("THE ")
    for label in found:  # the title may go on: "Assistant Minister for Trade" holds "Assistant Minister"
        title = " ".join(_key(label.title or "").split()).removeprefix("THE ")
        if title and not is_office(label.name) and f"{title} ".startswith(f"{wanted} "):
            return label.name
    others = {surname(label.name) for label in found if label.name and not is_office(label.name)}
    phrase = r"[ \u00a0]+".join(regex.escape(w) for w in wanted.split())
    shapes = regex.compile(rf"(?i:\b(?:the[ \u00a0]+)?{phrase}),?[ \u00a0]+{_PERSON}|{_PERSON},[ \u00a0]+"
                           rf"(?i:(?:the[ \u00a0]+)?{phrase})\b")
    seen: Counter[str] = Counter()
    first: dict[str, str] = {}
    for match in shapes.finditer(text):
        person = regex.sub(r"['’]s$", "", next(p for p in match.captures("person") if p))
        words = person.split()
        if any(w.lower() in _NOT_NAMES for w in words) or surname(person) in others or is_organisation(person):
            continue  # "CBS News, John Chancellor" names an outlet before a person, no holder
        seen[_key(person)] += 1
        first.setdefault(_key(person), person)
    if not seen:  # the host greets or introduces the holder by name, or the page's header names them
        for match in _GREETED.finditer(text):
            person = f"{match['given']} {match['family']}" if match["family"] else \
                regex.sub(r"['’]s$", "", next(p for p in match.captures("person") if p))
            if not any(w.lower() in _NOT_NAMES | OFFICES for w in person.split()) and surname(person) not in others \
                    and not is_organisation(person):
                seen[_key(person)] += 1
                first.setdefault(_key(person), person)
        if len(seen) != 1:
            return None
    return first[seen.most_common(1)[0][0]] if seen else None


def initialled(name: str, found: list[Label]) -> str | None:
    """The full label an initialled one stands for ("M. ROE" for "MILES ROE" beside "SUSAN ROE"), if one.

    >>> initialled("S. ROE", [Label("MILES ROE", "REPORTER", "name"), Label("SUSAN ROE", "ANCHOR", "name")])
    'SUSAN ROE'
    """
    words = _key(name).split()
    if len(words) != 2 or len(words[0]) != 1:
        return None
    fulls = {label.name for label in found if len(key := _key(label.name).split()) >= 2 and len(key[0]) > 1
             and key[-1] == words[1] and key[0][0] == words[0]}
    return fulls.pop() if len(fulls) == 1 else None


def house(found: list[Label]) -> list[Label]:
    """The labels of a document, each host's or reporter's marked by whether it names the house outlet.

    The house outlet is the one that the titles of at least two hosts and reporters name
    ("CNN ANCHOR", "CNN CORRESPONDENT"); a host or reporter title that names another
    organisation and not it then belongs elsewhere ("HOST, CITY RADIO"); one that names no
    organisation ("HOST") is the house's. With no house outlet, nothing is marked.
    """
    def staff(label: Label) -> bool:
        return bool(label.title and (_ANCHOR_TITLE.search(label.title) or _CORRESPONDENT_TITLE.search(label.title)))

    brands = Counter(m.group().upper() for label in dict.fromkeys(found) if staff(label)
                     for m in [_OUTLET.search(label.title or "")] if m)
    if not brands or brands.most_common(1)[0][1] < 2:
        return found
    brand = brands.most_common(1)[0][0]
    def elsewhere(title: str) -> bool:  # names an organisation, and not the house outlet ("HOST" alone is its)
        return brand not in title.upper() and ("," in title or bool(_OUTLET.search(title)))

    return [replace(label, house=not elsewhere(label.title or "")) if staff(label) else label for label in found]


_GENERIC = regex.compile(r"^(?:unidentified|unknown|man|woman|men|women|voice|crowd|group|child|boy|girl|male|"
                         r"female|protester|witness|resident|caller|audience)\b", regex.IGNORECASE)
#: Role words that name a voice which is neither the programme's host nor its reporter.
_GUEST_ROLES = frozenset("question answer interviewee caller guest announcer narrator speaker voice panelist "
                         "audience participant".split())


def role(label: Label) -> str:
    """The role a label's title gives: anchor, correspondent, guest, or unknown without a title.

    The first role word of the title decides ("CHIEF CORRESPONDENT, CO-ANCHOR" reports). Guests
    are: a former host; the host of a show the title names; a host or reporter whose
    title lacks the outlet that the document's staff titles name (``house`` False: "HOST" on a
    page whose anchors are "CNN ANCHOR"); a correspondent of another organisation
    ("CORRESPONDENT, THE DAILY TIMES"). One of the outlet, or with no organisation named, is
    the outlet's.

    >>> role(Label("ANA RIVERA", "CNN ANCHOR", "name")), role(Label("Q", None, "question"))
    ('anchor', 'correspondent')
    """
    title = label.title or ""
    if label.style == "question":
        return "correspondent" if label.name == "Q" else "guest"  # the press asks, the speaker answers
    if _GENERIC.match(label.name):
        return "guest"  # an unnamed voice in a report: MAN, WOMAN 2, UNIDENTIFIED FARMER
    if not title:
        if _ANCHOR_TITLE.fullmatch(label.name):
            return "anchor"
        if _CORRESPONDENT_TITLE.fullmatch(label.name):
            return "correspondent"
        return "guest" if label.name.lower() in _GUEST_ROLES else "unknown"
    anchor, correspondent = _ANCHOR_TITLE.search(title), _CORRESPONDENT_TITLE.search(title)
    if anchor or correspondent:
        if _FORMER.search(title) or label.house is False or (SHOW_NAMED.search(title) and label.house is not True):
            return "guest"
        if anchor and not (correspondent and correspondent.start() < anchor.start()):
            return "anchor"
        return "correspondent" if _OUTLET.search(title) or "," not in title else "guest"
    if _OUTLET.search(title) and not _OUTLET_GUEST.search(title) and not _FORMER.search(title):
        return "correspondent"
    return "guest"
