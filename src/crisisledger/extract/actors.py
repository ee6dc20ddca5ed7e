"""Actors: the people, organisations, countries and groups a report names, one record per actor.

Within a report, every way of naming an actor becomes one actor: "Tokayev" and "President Kassym-Jomart
Tokayev" (the fullest form names it), "the KNB" and "the National Security Committee" (the alias table),
"the ministry" after "the Ministry of the Interior" (anaphors, resolved by `names.NameIndex`). Speakers and
claimants named only by a description ("the city police department") are actors too. The country an actor
belongs to is kept when the report says it ("the Kazakh Ministry of Health", "the Kazakh president, X",
"the President of Kazakhstan").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span

from ..records import Actor, Figure, Role, Statement, record_id
from .context import Context
from .names import Mention, is_generic
from .places import gazetteer

_ORGANISATION_HEADS = {
    "ministry", "committee", "department", "office", "agency", "service", "police", "government", "presidency",
    "headquarters", "commission", "council", "court", "army", "military", "guard", "parliament", "channel",
    "administration", "authority", "authorities", "group", "movement", "party", "union", "organisation",
    "organization", "media", "television", "tv", "newspaper", "outlet", "ombudsman's", "prosecutor's",
}  # fmt: skip
_TYPES = {"person": "person", "org": "organization", "group": "group", "place": "country"}


@dataclass
class _Found:
    name: str
    type: str
    first: Span
    aliases: dict[str, None] = field(default_factory=dict)  # an ordered set
    country: str | None = None


def actors(ctx: Context, statements: Iterable[Statement] = (), figures: Iterable[Figure] = ()) -> list[Actor]:
    """Every actor of the report, in order of first mention."""
    found: dict[str, _Found] = {}
    for mention in ctx.names.mentions:
        kind = _actor_type(ctx, mention)
        if kind is None:
            continue
        span = ctx.doc[mention.start : mention.end]
        actor = found.setdefault(mention.name, _Found(mention.name, kind, span))
        if kind == "country":
            place = gazetteer().country(mention.name)
            actor.country = place.country_code if place else None
        surface = _surface(span)
        if surface and surface != mention.name:
            actor.aliases.setdefault(surface, None)
        actor.country = actor.country or _country_of(ctx, span)
    # Speakers and claimants named by a description only: "the city police department", "the regional governor".
    described = [s.speaker for s in statements] + [n for f in figures for n in (f.claimant, f.cited_source)]
    for name in described:
        if not name or name in found or is_generic(name) or _a_kind_of_many(name):
            continue
        first = _first_span(ctx, name)
        if first is not None:
            found[name] = _Found(name, _type_of_description(name), first)
    return [
        Actor(
            id=record_id("act", ctx.document.id, actor.name),
            document_id=ctx.document.id,
            name=actor.name,
            type=actor.type,
            evidence=ctx.evidence(actor.first.start_char, actor.first.end_char),
            aliases=tuple(actor.aliases),
            country=actor.country,
        )
        for actor in sorted(found.values(), key=lambda a: a.first.start)
    ]


def _actor_type(ctx: Context, mention: Mention) -> str | None:
    if mention.type == "place":
        # a country is an actor when it acts: "Russia sent troops", "Kyrgyzstan protested"
        place = gazetteer().country(mention.name)
        head = ctx.doc[mention.end - 1]
        return "country" if place is not None and head.dep_ in ("nsubj", "nsubjpass") else None
    if mention.type == "group" and gazetteer().country_of_adjective(mention.name):
        return None  # "Kazakh", "Russian": a nationality, not a group
    return _TYPES.get(mention.type)


def _surface(span: Span) -> str:
    text = span.text.strip(" ,.;:\"'()")
    for article in ("the ", "The "):
        if text.startswith(article):
            text = text[len(article) :]
    return text


def _country_of(ctx: Context, span: Span) -> str | None:
    """The country a mention says its actor belongs to: a nationality inside or before it, or "of X"."""
    doc = ctx.doc
    window = list(span) + list(doc[max(span.start - 4, 0) : span.start])
    for token in window:
        if not token.text[:1].isupper() or (token.i + 1 < len(doc) and doc[token.i + 1].text == "-"):
            continue  # "Russian-led": led by, not belonging to
        code = gazetteer().country_of_adjective(token.text)
        if code:
            return code
    if span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
        place = gazetteer().country(doc[span.end + 1].text)
        if place is not None:
            return place.country_code
    return None


def _first_span(ctx: Context, name: str) -> Span | None:
    start = ctx.text.lower().find(name.lower())
    if start < 0:
        return None
    return ctx.doc.char_span(start, start + len(name), alignment_mode="expand")


def _a_kind_of_many(name: str) -> bool:
    """ "local hospitals", "rescuers": a plural of a kind, in lower case, is no one actor."""
    words = name.split()
    return not any(w[:1].isupper() for w in words) and words[-1].endswith("s") and not words[-1].endswith("ss")


def _type_of_description(name: str) -> str:
    words = name.lower().replace("'s", "").split()
    return (
        "organization" if words and (words[-1] in _ORGANISATION_HEADS or words[0] in _ORGANISATION_HEADS) else "person"
    )


def with_role_holders(ctx: Context, found: list[Actor], held: Iterable[Role]) -> list[Actor]:
    """The actors, and a person for each role holder the names missed, so every role leads to an actor."""
    known = {a.id for a in found}
    added = []
    for role in held:
        if role.actor_id not in known:
            known.add(role.actor_id)
            added.append(Actor(role.actor_id, ctx.document.id, role.actor, "person", role.evidence))
    return found + added
