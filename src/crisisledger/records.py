"""The records crisisledger keeps: frozen dataclasses, each carrying the evidence it came from.

Offsets in every `Evidence` point into `Document.text`, the text exactly as it was read (after decoding),
never into the repaired text that the language analysis saw.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

#: The kinds of people a `Figure` can count.
FIGURE_KINDS = (
    "killed",
    "injured",
    "detained",
    "missing",
    "displaced",
    "evacuated",
    "participants",
    "affected",
)

#: The statuses a claim can have; a claim starts `asserted`.
STATUSES = ("asserted", "disputed", "denied", "withdrawn", "revised", "confirmed")

#: What a statement does, by its cue verb.
STANCES = ("asserts", "denies", "accuses", "warns", "promises", "confirms", "demands")


def content_id(text: str) -> str:
    """The id of a document: the first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def record_id(prefix: str, document_id: str, *parts: object) -> str:
    """A stable id for a record: the same document and span always give the same id."""
    digest = hashlib.sha1("\x1f".join([document_id, *map(str, parts)]).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}-{document_id[:8]}-{digest}"


@dataclass(frozen=True)
class Document:
    """A report as read: its text and what is known of where it came from."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = None  # the path or address it was read from
    #: Where the body starts: text before it is a metadata header, not part of the report.
    body_start: int = 0
    #: The encoding the bytes were read in; a note for the reader, not part of the document's identity.
    encoding: str = field(default="utf-8", compare=False)
    #: The ISO 639-1 code of the language it is written in ("en", "ru"); None while not yet known. Told from
    #: the text alone (`crisisledger.language.detect`), so, like the encoding, it is no part of the document's
    #: identity nor of its equality: a reader makes a document without it, the pipeline or the store fills it
    #: in, and both are the same document.
    language: str | None = field(default=None, compare=False)

    @classmethod
    def from_text(cls, text: str, **metadata: object) -> Document:
        return cls(id=content_id(text), text=text, **metadata)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Evidence:
    """The words a record came from: a character span of a document's original text."""

    document_id: str
    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"'start' and 'end' must satisfy 0 <= start <= end (got {self.start}, {self.end})")

    @classmethod
    def of(cls, document: Document, start: int, end: int) -> Evidence:
        return cls(document_id=document.id, start=start, end=end, text=document.text[start:end])


@dataclass(frozen=True)
class Place:
    """A place, geocoded from the offline gazetteer where possible."""

    name: str
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    #: "country", "region" or "city"; tells how wide the place is.
    level: str | None = None


@dataclass(frozen=True)
class Figure:
    """A count of people, as claimed by someone (or by the report itself when `claimant` is None)."""

    id: str
    document_id: str
    kind: str
    min: int | None
    max: int | None
    evidence: Evidence
    approximate: bool = False
    vague: bool = False
    as_of: date | None = None
    place: Place | None = None
    claimant: str | None = None
    cited_source: str | None = None
    status: str = "asserted"
    #: Who was counted when the report narrows it ("law-enforcement officers", "children"); None is everyone.
    population: str | None = None
    #: The figure of the same report this one is a part of ("225 killed, including 19 police officers").
    part_of: str | None = None
    #: What people decided about it (crisisledger.review): "verified", "rejected", "corrected", "added", or
    #: None when no one has reviewed it. Never stored with the figure: reviews are records of their own.
    review: str | None = None


@dataclass(frozen=True)
class StatusChange:
    """A change to a figure's status (denied, withdrawn...), itself sourced."""

    figure_id: str
    status: str
    evidence: Evidence
    date: date | None = None
    by: str | None = None


@dataclass(frozen=True)
class Statement:
    """Something someone said: a direct quote or reported speech."""

    id: str
    document_id: str
    text: str
    evidence: Evidence
    speaker: str | None = None
    direct: bool = True
    stance: str = "asserts"
    cue: str | None = None
    #: The figure the statement is about (a denial of a toll), when there is one.
    figure_id: str | None = None
    #: The actor the statement is about (whom it accuses, names or praises), when there is one.
    about: str | None = None


@dataclass(frozen=True)
class Actor:
    """A person, organisation, country or group named in a report, under one normalised name."""

    id: str
    document_id: str
    name: str
    type: str  # "person", "organization", "country", "group"
    evidence: Evidence  # its first mention
    aliases: tuple[str, ...] = ()
    #: ISO 3166 alpha-2 code of the country the actor belongs to, when the report says it.
    country: str | None = None


@dataclass(frozen=True)
class Role:
    """What a person is (a title in an organisation), and what happened to them in that role."""

    id: str
    document_id: str
    actor_id: str
    actor: str
    evidence: Evidence
    title: str | None = None
    organization: str | None = None
    #: "appointed", "dismissed", "arrested", "charged", "resigned", or None for a plain role.
    change: str | None = None
    reason: str | None = None
    previous_role: str | None = None
    date: date | None = None
    announced_by: str | None = None
    #: Names of the people this appointment replaces ("In their place, X was appointed").
    replaces: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    """Something that happened (or is scheduled, or hypothetical) at a time and place, with who took part."""

    id: str
    document_id: str
    type: str
    evidence: Evidence
    subtype: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    place: Place | None = None
    actors: tuple[str, ...] = ()
    figure_ids: tuple[str, ...] = ()
    #: "occurred", "ongoing", "scheduled" (a future event the report expects) or "hypothetical".
    modality: str = "occurred"
    duration_days: int | None = None
    #: Type-specific details as (key, value) pairs: ("item", "bread") for a shortage, ("restored",
    #: "2022-01-10") for an internet shutdown, ("exposed_by", "his family") for disinformation.
    details: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PlaceMention:
    """A place a report names, as written there and as the gazetteer resolved it: every resolved name, not
    only those a figure or an event uses, so a reader can map what a report is about."""

    document_id: str
    evidence: Evidence  # the name as written ("Mangystau region", "Alma-Ata")
    place: Place
    #: The first-level region the place lies in, by name ("Mangystau Region", "California"); a region's own
    #: name; None for a country, and for a city whose region the gazetteer cannot tell.
    admin1: str | None = None


@dataclass(frozen=True)
class TimeExpression:
    """A date, time, duration or frequency a report writes, with the TIMEX3 type and value the date reader
    gave it: the raw material of every as-of date, kept so a reader can check how a date was reached."""

    document_id: str
    evidence: Evidence  # the expression as written ("last Tuesday", "three days")
    type: str  # "DATE", "TIME", "DURATION" or "SET"
    #: TIMEX3 value resolved against the report's date ("2022-01-05", "2022-W01", "P3D", "2022-01-05TMO",
    #: "PAST_REF"); None when the words do not name it (a relative date in an undated report).
    value: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything read from one document, and the problems met on the way."""

    document: Document
    figures: tuple[Figure, ...] = ()
    status_changes: tuple[StatusChange, ...] = ()
    statements: tuple[Statement, ...] = ()
    problems: tuple[str, ...] = field(default=())
    actors: tuple[Actor, ...] = ()
    roles: tuple[Role, ...] = ()
    events: tuple[Event, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    time_expressions: tuple[TimeExpression, ...] = ()
