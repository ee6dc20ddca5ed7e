"""Entities across reports: the same person, organisation or place named in many reports is one entity.

Within a report, names are already canonical (the alias table, the fullest form of a name). Across
reports, actors with the same canonical name are one entity. A person named only by a surname joins a
person named in full with that surname only with more evidence than the surname: exactly one such person
in all the reports, and the same country or the same title (roles) on both sides. Two different people
who share a surname are never merged on the surname alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from ..language.ru_names import english_name
from ..records import Actor, Role


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    country: str | None
    actor_ids: tuple[str, ...]
    document_ids: tuple[str, ...]


def _key(actor: Actor) -> tuple[str, str]:
    """An actor's type and name, a Russian body under its English canonical name ("МВД Казахстана" is the
    "Ministry of Internal Affairs" an English report names), so one body is one entity in both languages."""
    return (actor.type, (english_name(actor.name) or actor.name).lower())


def link_entities(actors: Iterable[Actor], roles: Iterable[Role] = ()) -> list[Entity]:
    actors = list(actors)
    titles: dict[str, set[str]] = {}
    for role in roles:
        if role.title:
            titles.setdefault(role.actor_id, set()).add(role.title)
    groups: dict[tuple[str, str], list[Actor]] = {}
    for actor in actors:
        groups.setdefault(_key(actor), []).append(actor)
    # surname-only people join the one person named in full with that surname, given more evidence
    full_names: dict[str, list[tuple[str, str]]] = {}
    for key in groups:
        type_, name = key
        if type_ == "person" and " " in name:
            full_names.setdefault(name.split()[-1], []).append(key)
    for key in list(groups):
        type_, name = key
        if type_ != "person" or " " in name or len(full_names.get(name, [])) != 1:
            continue
        target = full_names[name][0]
        if _more_evidence(groups[key], groups[target], titles):
            groups[target].extend(groups.pop(key))
    return [_entity(members) for members in groups.values()]


def _more_evidence(short: list[Actor], full: list[Actor], titles: dict[str, set[str]]) -> bool:
    countries = {a.country for a in short if a.country} & {a.country for a in full if a.country}
    short_titles = set().union(*(titles.get(a.id, set()) for a in short))
    full_titles = set().union(*(titles.get(a.id, set()) for a in full))
    return bool(countries or short_titles & full_titles)


def _entity(members: list[Actor]) -> Entity:
    name = max((a.name for a in members), key=len)
    aliases = dict.fromkeys(alias for a in members for alias in (a.name, *a.aliases) if alias != name)
    countries = [a.country for a in members if a.country]
    digest = hashlib.sha1(f"{members[0].type}|{name.lower()}".encode()).hexdigest()[:10]
    return Entity(
        id=f"ent-{digest}",
        name=name,
        type=members[0].type,
        aliases=tuple(aliases),
        country=countries[0] if countries else None,
        actor_ids=tuple(a.id for a in members),
        document_ids=tuple(dict.fromkeys(a.document_id for a in members)),
    )
