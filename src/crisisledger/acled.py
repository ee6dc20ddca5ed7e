"""The ledger's incidents as ACLED-compatible rows (`crisisledger export --format acled`, docs/export.md).

One row per reconciled incident of an ACLED event type (the happenings the reports tell of, merged across
reports); our own types (disasters, curfews, shutdowns) are not ACLED's and are left out. Columns follow
ACLED's export: event_id_cnty, event_date, year, time_precision, disorder_type, event_type, sub_event_type,
actor1, actor2, country, admin1, admin2, location, latitude, longitude, geo_precision, source, source_scale,
notes, fatalities, timestamp.

The timestamp is the day the incident's latest report was published (midnight UTC), so the same reports
always give the same rows.

Fatalities follow ACLED's conservative rule: of the death tolls the reports give for the incident (standing
figures of the killed linked to its events, rejected ones left out), the lowest; a vague word counts its
documented floor ("dozens" 12, "hundreds" 100), a bound its stated end ("at least 12" is 12), and a toll
given only as "up to N" counts 0, since nothing less than N is ruled out. No toll at all is 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import pycountry

from .reconcile import Incident
from .records import Document, Figure

#: ACLED's columns, in its order.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "timestamp",
]  # fmt: skip

#: ACLED's event types, with the disorder type each belongs to and its name as ACLED writes it.
_TYPES = {
    "battles": ("Political violence", "Battles"),
    "violence_against_civilians": ("Political violence", "Violence against civilians"),
    "explosions_remote_violence": ("Political violence", "Explosions/Remote violence"),
    "riots": ("Demonstrations", "Riots"),
    "protests": ("Demonstrations", "Protests"),
    "strategic_developments": ("Strategic developments", "Strategic developments"),
}
_STANDING = ("asserted", "disputed", "confirmed")


def _words(snake: str | None) -> str:
    """ "remote_explosive_landmine_ied" -> "Remote explosive/landmine/IED" as ACLED writes it, near enough."""
    if not snake:
        return ""
    text = snake.replace("_", " ")
    return text[:1].upper() + text[1:]


def _country(code: str | None) -> str:
    found = pycountry.countries.get(alpha_2=code) if code else None
    return found.name if found is not None else (code or "")


def _stamp(days: Iterable[date | None]) -> int | str:
    """ACLED's timestamp (when a row last changed): the day its latest report was published, at midnight
    UTC, so that the same reports always give the same rows."""
    known = [d for d in days if d is not None]
    return int(datetime(*max(known).timetuple()[:3], tzinfo=UTC).timestamp()) if known else ""


def fatalities(incident: Incident, figures: Mapping[str, Figure], statuses: Mapping[str, str] = {}) -> int:
    """The conservative death toll of an incident (see the module doc); `statuses` are the figures' statuses
    now (a toll a later report withdrew does not stand)."""
    linked = [figures[i] for e in incident.events for i in e.figure_ids if i in figures]
    wholes = {f.id for f in linked}
    tolls = [
        f.min if f.min is not None else 0
        for f in linked
        if f.kind == "killed"
        and statuses.get(f.id, f.status) in _STANDING
        and f.review != "rejected"
        and f.part_of not in wholes
    ]  # a part ("including 19 officers") counts only where its whole is not told for the incident
    return min(tolls) if tolls else 0


def acled_rows(
    incidents: Iterable[Incident],
    figures: Iterable[Figure],
    documents: Iterable[Document],
    statuses: Mapping[str, str] = {},
) -> list[dict[str, Any]]:
    """One ACLED row per incident of an ACLED type, in the incidents' order."""
    from .extract.places import gazetteer

    by_id = {f.id: f for f in figures}
    documents = list(documents)
    outlets = {d.id: d.outlet or d.url or d.source or d.id for d in documents}
    published = {d.id: d.published for d in documents}
    rows = []
    for incident in incidents:
        if incident.type not in _TYPES:
            continue
        disorder, event_type = _TYPES[incident.type]
        place = incident.place
        actors = list(dict.fromkeys(a for e in incident.events for a in e.actors))
        first = incident.events[0] if incident.events else None
        level = place.level if place is not None else None
        rows.append(
            {
                "event_id_cnty": f"{(place.country_code if place else None) or 'XX'}{incident.id.split('-')[-1]}",
                "event_date": incident.date_start.isoformat() if incident.date_start else "",
                "year": incident.date_start.year if incident.date_start else "",
                "time_precision": 1 if incident.date_start else 3,
                "disorder_type": disorder,
                "event_type": event_type,
                "sub_event_type": _words(first.subtype if first else None),
                "actor1": actors[0] if actors else "",
                "actor2": actors[1] if len(actors) > 1 else "",
                "country": _country(place.country_code if place else None),
                "admin1": (gazetteer().admin1(place) or "") if place is not None else "",
                "admin2": "",
                "location": place.name if place is not None else "",
                "latitude": place.lat if place is not None else "",
                "longitude": place.lon if place is not None else "",
                "geo_precision": {"city": 1, "region": 2}.get(level or "", 3),
                "source": "; ".join(dict.fromkeys(outlets.get(d, d) for d in incident.document_ids)),
                "source_scale": "",
                "notes": " ".join((first.evidence.text if first else "").split()),
                "fatalities": fatalities(incident, by_id, statuses),
                "timestamp": _stamp([published.get(d) for d in incident.document_ids]),
            }
        )
    return rows
