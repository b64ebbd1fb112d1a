"""A cast list: the rundown's names and roles.

A line is ``Name, role`` or ``NAME: role``, then optional aliases after further commas
(``Kim Min-ji, correspondent, Min-ji``); ``Name=role`` is the same for one person.

In an unlabelled transcript the learned model decodes over the cast's members
(:mod:`subtitler.pipeline.speakers.castdecode`): the cast constrains who may speak.
Where labels or the hand-weighted rules decide the turns, :func:`apply` names the
speakers found: a speaker whose name matches a member (or an alias) takes the
member's name and role; an unnamed speaker takes the one member of its role that
no speaker has yet, and when the anchor is still unnamed it takes the cast's one
anchor. Speakers that come to the same member become one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from subtitler.errors import SubtitlerError
from subtitler.model import Role, Speaker, Turn
from subtitler.pipeline.speakers.sequence import same_person, slug, unique_id

#: The roles a cast line may give.
ROLES: tuple[Role, ...] = ("anchor", "correspondent", "guest")
_LINE = regex.compile(r"^(?P<name>[^,:=]+?)\s*[,:=]\s*(?P<role>\w+)\s*(?:,(?P<aliases>.*))?$")


@dataclass(frozen=True, slots=True)
class Member:
    """A person of the cast: their name, role and other names the text may use."""

    name: str
    role: Role
    aliases: tuple[str, ...] = ()


def member(line: str) -> Member:
    """One cast line as a member.

    >>> member("Kim Min-ji, correspondent, Min-ji")
    Member(name='Kim Min-ji', role='correspondent', aliases=('Min-ji',))
    >>> member("CONN-YOUNG: anchor").name
    'Conn-Young'

    Raises:
        SubtitlerError: the line is not ``Name, role`` or the role is not anchor, correspondent or guest.
    """
    match = _LINE.match(line.strip())
    role = match["role"].lower() if match else ""
    if match is None or role not in ROLES:
        raise SubtitlerError(f"cast line {line.strip()!r}: expected 'Name, role' with role anchor, correspondent "
                             "or guest")
    name = match["name"].strip()
    if name.isupper():
        name = " ".join("-".join(part.capitalize() for part in word.split("-")) for word in name.split())
    aliases = tuple(a.strip() for a in (match["aliases"] or "").split(",") if a.strip())
    return Member(name, role, aliases)


def read(text: str, source: str | None = None) -> tuple[Member, ...]:
    """Every member of a cast file (blank lines and ``#`` comments skipped).

    Raises:
        SubtitlerError: a line that is not a member, with ``source`` and the line's number.
    """
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            try:
                out.append(member(line))
            except SubtitlerError as error:
                raise SubtitlerError(error.message, path=source, line=number) from None
    return tuple(out)


def _matches(member: Member, name: str) -> bool:
    return any(same_person(name, known) or same_person(known, name) for known in (member.name, *member.aliases))


def apply(speakers: tuple[Speaker, ...], turns: tuple[Turn, ...],
          cast: tuple[Member, ...]) -> tuple[tuple[Speaker, ...], tuple[Turn, ...]]:
    """The speakers and turns with the cast's names and roles."""
    if not cast:
        return speakers, turns
    chosen: dict[str, Member] = {}
    for speaker in speakers:
        found = next((m for m in cast if speaker.name and _matches(m, speaker.name)), None)
        if found is not None:
            chosen[speaker.id] = found
    for speaker in speakers:
        if speaker.id in chosen:
            continue
        free = [m for m in cast if m not in chosen.values()]
        same_role = [m for m in free if m.role == speaker.role]
        if len(same_role) == 1 or (speaker.role == "anchor" and same_role):
            chosen[speaker.id] = same_role[0]
    people: list[Speaker] = []
    ids: dict[str, str] = {}
    by_member: dict[Member, Speaker] = {}
    for speaker in speakers:
        who = chosen.get(speaker.id)
        if who is None:
            made = replace(speaker, id=unique_id(speaker.id, people))
            people.append(made)
        elif who in by_member:
            made = by_member[who]
        else:
            made = Speaker(unique_id(slug(who.name), people), who.name, who.role)
            by_member[who] = made
            people.append(made)
        ids[speaker.id] = made.id
    roles = {p.id: p.role for p in people}
    out: list[Turn] = []
    for turn in turns:
        new_id = ids[turn.speaker]
        if out and out[-1].speaker == new_id:
            out[-1] = replace(out[-1], sentences=out[-1].sentences + turn.sentences)
        else:
            out.append(replace(turn, speaker=new_id, role=roles[new_id]))
    return tuple(people), tuple(out)
