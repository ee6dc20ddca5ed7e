"""Filtered, keyset-paged reads of the store for the API and the web pages: one page of figures or documents,
and full-text search, each answered from an index in a few milliseconds at a million figures.

This is the raw layer: rows as the machine wrote them, no reviews (`crisisledger.queries` applies those).

Pages are keyset pages: ordered by id, the next page starts after the last id of this one (`after`), so a
page costs the same at the end of the ledger as at its start, and a page never skips or repeats a figure
when figures are added meanwhile. Figure ids are ASCII ("fig-<8 hex>-<10 hex>", `records.record_id`), so
Python, SQLite and PostgreSQL under any collation order them alike.

Each filter has an index leading with its value and ending with the id (migration 0007), so a filtered page
is one index range read in id order. A filter that is an "or" (a place by name or by country code; a status
that a figure has of its own or by a later report) is asked as one ordered, limited query per alternative,
and the union of those few rows is cut to the page: never a sort of every match. The language of a figure's
report is its document's (`documents.language`, indexed with the id by migration 0009), asked in the shape that
suits how common the language is (`_written_in`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import product
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from ..records import Figure, Role
from .migrations import first_line
from .schema import bytewise, documents, figures, reviews, roles, snapshots, status_changes
from .store import Store, _figure, _role

#: How many search words are used at most; the rest of a longer query is ignored.
MAX_SEARCH_WORDS = 32

#: What marks the start and the end of a matched word inside a snippet, before it is cut into `Snippet`
#: parts. Control characters no report is expected to hold (a stray one only misplaces a highlight).
_OPEN, _CLOSE = "\x02", "\x03"

#: Unicode letters and digits: the words of a search, as FTS5's unicode61 tokenizer and PostgreSQL's
#: 'simple' parser both split text (punctuation, underscores and symbols separate words).
_WORD = re.compile(r"[^\W_]+")

#: Folding for place names: A-Z to a-z and nothing else, the one folding SQLite's lower() and PostgreSQL's
#: lower() under the "C" collation share (other letters must match exactly on every database).
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(name: str) -> str:
    """A place name as the place filter compares it: A-Z lowered, every other character as it is."""
    return name.translate(_ASCII_LOWER)


def country_code_of(place: str) -> str | None:
    """The ISO country code a place filter also means, when it is two ASCII letters ("ua", "KZ"), else None."""
    return place.upper() if len(place) == 2 and place.isascii() and place.isalpha() else None


@contextmanager
def _reading(store: Store) -> Iterator[Connection]:
    """A connection for reading (the `store.reading()` block's, inside one: an export reads its reviewed
    figures in its own snapshot); the database's errors come out as StoreError, like the Store's own."""
    with store.connection() as conn:
        yield conn


def _positive(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"'limit' must be a whole number of at least 1 (got {limit!r})")
    return limit


# -- status now ----------------------------------------------------------------------------------------------


def _latest_changes(figure_ids: sa.ColumnElement[bool] | None = None) -> sa.Subquery:
    """The latest status change of each changed figure (columns figure_id, status), as `export` and the ledger
    order them: by date (undated first), a withdrawal last on its day, then in reading order of the reports
    (published, undated last; then document id, place in the text, and the order they were stored).

    `figure_ids` narrows the figures ranked (a condition on status_changes.figure_id), so a page ranks only
    the changes of its own figures.
    """
    order = (
        status_changes.c.date.desc().nulls_last(),
        sa.case((status_changes.c.status == "withdrawn", 1), else_=0).desc(),
        documents.c.published.desc().nulls_first(),
        documents.c.id.desc(),
        status_changes.c.evidence_start.desc(),
        status_changes.c.id.desc(),
    )
    ranked = sa.select(
        status_changes.c.figure_id,
        status_changes.c.status,
        sa.func.row_number().over(partition_by=status_changes.c.figure_id, order_by=order).label("latest"),
    ).join_from(status_changes, documents, status_changes.c.document_id == documents.c.id)
    if figure_ids is not None:
        ranked = ranked.where(figure_ids)
    inner = ranked.subquery("ranked")
    return sa.select(inner.c.figure_id, inner.c.status).where(inner.c.latest == 1).subquery("latest_change")


#: Up to this many figures with a status now are filtered as a list of ids; more, by ranking in SQL.
_LISTED_STATUSES = 10_000
#: The fewest ids one chunk of listed figures asks for.
_CHUNK = 256


def latest_statuses(store: Store) -> dict[str, str]:
    """The status now of every figure some report changed (its latest status change), kept per store until
    its version changes. Status changes are few next to figures (a denial, a withdrawal: words someone said
    about a figure), so one read of all of them after each write serves every page that follows."""
    return store.kept("latest_statuses", lambda: _read_latest_statuses(store))


def _read_latest_statuses(store: Store) -> dict[str, str]:
    latest = _latest_changes()
    with _reading(store) as conn:
        return {row.figure_id: row.status for row in conn.execute(sa.select(latest).order_by(latest.c.figure_id))}


def statuses_now(store: Store, figure_ids: Iterable[str]) -> dict[str, str]:
    """The status now of each of these figures that some report changed: its latest status change. A figure
    with no change is not in the answer: its status is its own."""
    latest = latest_statuses(store)
    return {i: latest[i] for i in sorted(set(figure_ids)) if i in latest}


def _status_alternatives(store: Store, status: str) -> tuple[list[sa.ColumnElement[bool]], list[str] | None]:
    """A figure's status now is `status` when no report changed it and it is its own, or when its latest change
    says so. The first are found in SQL; the second are listed by id from `latest_statuses` (returned apart,
    sorted, for `figure_rows` to read in chunks), or, when there are very many, ranked in SQL."""
    unchanged = ~sa.exists().where(status_changes.c.figure_id == figures.c.id)
    own = sa.and_(figures.c.status == status, unchanged)
    now = sorted(i for i, latest in latest_statuses(store).items() if latest == status)
    if len(now) <= _LISTED_STATUSES:
        return [own], now
    changed_to = sa.select(status_changes.c.figure_id).where(status_changes.c.status == status)
    ranked = _latest_changes(status_changes.c.figure_id.in_(changed_to.scalar_subquery()))
    latest_says = sa.select(ranked.c.figure_id).where(ranked.c.status == status).scalar_subquery()
    return [own, figures.c.id.in_(latest_says)], None


# -- figures -------------------------------------------------------------------------------------------------


def _place_alternatives(store: Store, place: str) -> list[sa.ColumnElement[bool]]:
    """A place is its name, A-Z folded (the expression ix_figures_place_id indexes on each database), or, when
    it is two letters, also a country code."""
    column: sa.ColumnElement[Any] = figures.c.place_name
    if store.engine.dialect.name == "postgresql":
        column = column.collate("C")
    alternatives = [sa.func.lower(column) == fold(place)]
    code = country_code_of(place)
    if code is not None:
        alternatives.append(figures.c.place_country_code == code)
    return alternatives


def figure_rows(
    store: Store,
    *,
    kinds: Collection[str] | None = None,
    place: str | None = None,
    claimants: Collection[str] | None = None,
    exclude_claimants: Collection[str] | None = None,
    status: str | None = None,
    since: date | None = None,
    until: date | None = None,
    document_id: str | None = None,
    language: str | None = None,
    exclude_ids: Collection[str] = (),
    after: str | None = None,
    limit: int = 50,
) -> list[Figure]:
    """One page of the machine's figures, by id, after the id `after`; every filter given must hold.

    - `kinds`: the figure counts one of these kinds.
    - `place`: the place's name, equal but for the case of A-Z ("kharkiv" finds "Kharkiv", not "Kharkiv
      Oblast"); two letters also match the country code ("ua" finds every place in Ukraine).
    - `claimants`: the claimant is one of these (exactly); `exclude_claimants`: it is none of these, or
      there is none. An empty `claimants` finds nothing.
    - `status`: the status now (`statuses_now`): the latest status change any report gives the figure, or
      its own status when none does.
    - `since`, `until`: its as-of date is on or after / on or before these days (an undated figure is out).
    - `document_id`: read from this document.
    - `language`: read from a document written in this language (an ISO 639-1 code).
    - `exclude_ids`: figures left out whatever they are (crisisledger.queries builds reviewed ones itself).
    """
    _positive(limit)
    if claimants is not None and not claimants:
        return []
    where: list[sa.ColumnElement[bool]] = []
    if kinds is not None:
        where.append(figures.c.kind.in_(sorted(kinds)) if len(kinds) != 1 else figures.c.kind == next(iter(kinds)))
    if claimants is not None:
        names = sorted(claimants)
        where.append(figures.c.claimant.in_(names) if len(names) > 1 else figures.c.claimant == names[0])
    if exclude_claimants:
        where.append(sa.or_(figures.c.claimant.is_(None), figures.c.claimant.not_in(sorted(exclude_claimants))))
    if since is not None:
        where.append(figures.c.as_of >= since)
    if until is not None:
        where.append(figures.c.as_of <= until)
    if document_id is not None:
        where.append(figures.c.document_id == document_id)
    if language is not None:
        where.append(_written_in(store, language))
    if exclude_ids:
        where.append(figures.c.id.not_in(sorted(exclude_ids)))
    if after is not None:
        where.append(figures.c.id > after)
    places = _place_alternatives(store, place) if place is not None else None
    listed: list[str] | None = None
    choices = [places] if places is not None else []
    if status is not None:
        alternatives, listed = _status_alternatives(store, status)
        choices.append(alternatives)
    rows: list[Any] = []
    with _reading(store) as conn:
        rows += conn.execute(_first_of(choices, where, limit)).all()
        if listed:
            # Figures whose latest change says `status`, in chunks of their ids (sorted, after `after`): a
            # short list in each query keeps its plan an index lookup per id; chunks come in id order, so
            # once a page's worth is found the rest cannot be on it.
            found = 0
            ids = listed[bisect.bisect_right(listed, after) :] if after is not None else listed
            size = max(4 * limit, _CHUNK)
            for at in range(0, len(ids), size):
                chunk = figures.c.id.in_(ids[at : at + size])
                more = conn.execute(_first_of([places] if places else [], [*where, chunk], limit)).all()
                rows += more
                found += len(more)
                if found >= limit:
                    break
    unique = {row.id: row for row in rows}
    return [_figure(unique[i]) for i in sorted(unique)[:limit]]


#: Below this share of the documents, a language is rare: see `_written_in`.
_RARE_LANGUAGE = 0.01


def language_counts(store: Store) -> dict[str | None, int]:
    """How many documents are written in each language, kept per store until its version changes (one walk
    of ix_documents_language_id after each write)."""
    return store.kept("language_counts", lambda: _read_language_counts(store))


def _read_language_counts(store: Store) -> dict[str | None, int]:
    query = sa.select(documents.c.language, sa.func.count()).group_by(documents.c.language)
    with _reading(store) as conn:
        return {language: count for language, count in conn.execute(query)}


def _written_in(store: Store, language: str) -> sa.ColumnElement[bool]:
    """The figures read from a document written in `language`, in the shape that finds a page fastest.

    Figure ids are hashes, so a language's figures are spread evenly along the figures' id order. A common
    language's are met by walking figures in id order and looking each one's document up by its key: a page
    of `limit` is found after about limit / share figures. A rare language's (under `_RARE_LANGUAGE` of the
    documents: the walk would be long) are found from its few documents (ix_documents_language_id, then
    ix_figures_document_id) and sorted. PostgreSQL's planner weighs the two itself from its statistics; SQLite
    follows the shape of the query, so the shape is chosen here for both.
    """
    counts = language_counts(store)
    if counts.get(language, 0) < _RARE_LANGUAGE * sum(counts.values()):
        return figures.c.document_id.in_(sa.select(documents.c.id).where(documents.c.language == language))
    return sa.exists().where(documents.c.id == figures.c.document_id, documents.c.language == language)


def document_languages(store: Store, document_ids: Iterable[str]) -> dict[str, str | None]:
    """The language of each of these documents that is stored, by id."""
    ids = sorted(set(document_ids))
    found: dict[str, str | None] = {}
    with _reading(store) as conn:
        for at in range(0, len(ids), _CHUNK):
            query = sa.select(documents.c.id, documents.c.language).where(documents.c.id.in_(ids[at : at + _CHUNK]))
            found.update((row.id, row.language) for row in conn.execute(query))
    return found


def _first_of(
    choices: list[list[sa.ColumnElement[bool]]], where: list[sa.ColumnElement[bool]], limit: int
) -> sa.Select[Any]:
    """The first `limit` figures by id that meet every condition of `where` and one alternative of each choice."""
    branches = [
        sa.select(figures).where(*where, *chosen).order_by(figures.c.id).limit(limit) for chosen in product(*choices)
    ]
    if len(branches) == 1:
        return branches[0]
    # Each alternative is its own ordered, limited index range; the union (which also drops a figure two
    # alternatives both found) holds at most limit rows per alternative, cut here to the page.
    union = sa.union(*(sa.select(branch.subquery()) for branch in branches)).subquery("alternatives")
    return sa.select(union).order_by(union.c.id).limit(limit)


def figure_row(store: Store, figure_id: str) -> Figure | None:
    """The machine's figure with this id, or None."""
    with _reading(store) as conn:
        row = conn.execute(sa.select(figures).where(figures.c.id == figure_id)).first()
    return None if row is None else _figure(row)


def figures_under_review(store: Store) -> list[Figure]:
    """The machine's figures a review can be about: those a review names by id, and those read from the same
    words (document and span) as a review, which `review.reviewed` falls back to after a report is read
    again. By id; every other figure is untouched by reviews."""
    # Two joins driven by the few reviews (one index seek each), merged here: a union or IN over them would
    # let the planner scan every figure.
    by_id = sa.select(figures).where(figures.c.id.in_(sa.select(reviews.c.figure_id)))
    by_words = (
        sa.select(figures)
        .select_from(reviews)
        .join(
            figures,
            sa.and_(
                reviews.c.document_id == figures.c.document_id,
                reviews.c.evidence_start == figures.c.evidence_start,
                reviews.c.evidence_end == figures.c.evidence_end,
            ),
        )
    )
    found: dict[str, Figure] = {}
    with _reading(store) as conn:
        for query in (by_id, by_words):
            for row in conn.execute(query):
                found.setdefault(row.id, _figure(row))
    return [found[key] for key in sorted(found)]


def distinct_claimants(store: Store) -> list[str]:
    """Every claimant any figure names, sorted (by the database's collation): one index seek per claimant
    (a loose index scan on ix_figures_claimant_id), not a read of every figure."""
    query = sa.text(
        "WITH RECURSIVE names(name) AS ("
        " SELECT min(claimant) FROM figures"
        " UNION ALL"
        " SELECT (SELECT min(claimant) FROM figures WHERE claimant > names.name) FROM names"
        " WHERE names.name IS NOT NULL"
        ") SELECT name FROM names WHERE name IS NOT NULL"
    )
    with _reading(store) as conn:
        return list(conn.scalars(query))


def roles_of(store: Store, actors: Collection[str]) -> list[Role]:
    """The roles of these people (by the name a role gives them), by document then place in it."""
    if not actors:
        return []
    query = sa.select(roles).where(roles.c.actor.in_(sorted(actors))).order_by(roles.c.document_id, roles.c.position)
    with _reading(store) as conn:
        return [_role(row) for row in conn.execute(query)]


# -- documents -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRow:
    """A document as a list shows it: everything but its text."""

    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: date | None
    source: str | None
    language: str | None = None


#: The columns a `DocumentRow` is made of, in its fields' order.
_DOCUMENT_ROW = (
    documents.c.id,
    documents.c.title,
    documents.c.outlet,
    documents.c.url,
    documents.c.published,
    documents.c.source,
    documents.c.language,
)


def document_rows(
    store: Store, *, language: str | None = None, after: str | None = None, limit: int = 50
) -> list[DocumentRow]:
    """One page of documents, by id, after the id `after`, without their texts; with `language`, only the
    documents written in it (an ISO 639-1 code: one range of ix_documents_language_id)."""
    _positive(limit)
    query = sa.select(*_DOCUMENT_ROW).order_by(documents.c.id).limit(limit)
    if language is not None:
        query = query.where(documents.c.language == language)
    if after is not None:
        query = query.where(documents.c.id > after)
    with _reading(store) as conn:
        return [DocumentRow(*row) for row in conn.execute(query)]


def newest_documents(store: Store, *, limit: int = 50, offset: int = 0) -> tuple[list[DocumentRow], int]:
    """One page of documents as a person reads a list, newest first (undated last, then by id), without their
    texts; and how many documents there are. Paged by offset: the list is for people, who page a few times."""
    _positive(limit)
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise ValueError(f"'offset' must be a whole number of at least 0 (got {offset!r})")
    query = (
        sa.select(*_DOCUMENT_ROW)
        .order_by(documents.c.published.desc().nulls_last(), documents.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    with _reading(store) as conn:
        total = conn.scalar(sa.select(sa.func.count()).select_from(documents)) or 0
        return [DocumentRow(*row) for row in conn.execute(query)], total


def sources_of(store: Store, document_id: str) -> list[str]:
    """The sources (paths, addresses, feeds) a document was read from, by the snapshots that hold it."""
    held = snapshots.c.document_id == document_id
    source = snapshots.c.source
    # GROUP BY, not DISTINCT: PostgreSQL refuses DISTINCT with an ORDER BY on another expression
    query = sa.select(source).where(held).group_by(source).order_by(bytewise(source))
    with _reading(store) as conn:
        return list(conn.scalars(query))


# -- search --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snippet:
    """A few words of a found document around what matched, as plain text cut into parts: `parts` are
    (text, matched) pairs in order, `matched` True for a word of the query. Never markup: a caller escapes
    each part and highlights the matched ones as it likes."""

    parts: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)


@dataclass(frozen=True)
class SearchHit:
    """A document a search found; `rank` is higher for a better match (comparable within one search only)."""

    document_id: str
    title: str | None
    outlet: str | None
    published: date | None
    snippet: Snippet
    rank: float


def search_words(q: str) -> list[str]:
    """The words of a search: runs of letters and digits, at most `MAX_SEARCH_WORDS`. Everything else the user
    typed (quotes, operators, brackets, stars) only separates words, so no query can be a syntax error."""
    return _WORD.findall(q)[:MAX_SEARCH_WORDS]


def _snippet(marked: str) -> Snippet:
    """Cut a snippet the database marked with _OPEN/_CLOSE into parts."""
    # Markers alternate open/close, so a part is matched when it follows an _OPEN.
    parts: list[tuple[str, bool]] = []
    matched = False
    for piece in re.split(f"({_OPEN}|{_CLOSE})", marked):
        if piece == _OPEN:
            matched = True
        elif piece == _CLOSE:
            matched = False
        elif piece:
            parts.append((piece, matched))
    return Snippet(tuple(parts))


def search(store: Store, q: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Documents whose title or text holds every word of `q` (in any order), best first, then by id.

    SQLite ranks by FTS5's bm25 (a title word weighs twice a text word) and folds case and diacritics
    ("kyiv" finds "Kýiv"); PostgreSQL ranks by ts_rank and folds case only. A blank query, or one with no
    letters or digits, finds nothing. Pages are by `offset`: a ranked list has no stable key to page by.
    """
    _positive(limit)
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise ValueError(f"'offset' must be a whole number of at least 0 (got {offset!r})")
    words = search_words(q)
    if not words:
        return []
    with _reading(store) as conn:
        if conn.dialect.name == "postgresql":
            rows = _search_postgresql(conn, " ".join(words), limit, offset)
        else:
            rows = _search_sqlite(conn, words, limit, offset)
    return [
        SearchHit(
            document_id=row.id,
            title=row.title,
            outlet=row.outlet,
            published=row.published,
            snippet=_snippet(row.snippet or ""),
            rank=float(row.rank),
        )
        for row in rows
    ]


def _search_sqlite(conn: Connection, words: Sequence[str], limit: int, offset: int) -> list[Any]:
    # Each word double-quoted is a string to FTS5, never an operator (AND, NEAR, *, column filters); words
    # side by side must all match. A word holds no quote, but one would be doubled, as FTS5 escapes it.
    match = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    query = sa.text(
        "SELECT d.id, d.title, d.outlet, d.published, -bm25(documents_fts, 2.0, 1.0) AS rank,"
        " snippet(documents_fts, -1, :open, :close, '…', 16) AS snippet"
        " FROM documents_fts JOIN documents AS d ON d.rowid = documents_fts.rowid"
        " WHERE documents_fts MATCH :match"
        " ORDER BY bm25(documents_fts, 2.0, 1.0), d.id LIMIT :limit OFFSET :offset"
    ).columns(published=sa.Date)
    params = {"match": match, "open": _OPEN, "close": _CLOSE, "limit": limit, "offset": offset}
    return list(conn.execute(query, params))


def _search_postgresql(conn: Connection, words: str, limit: int, offset: int) -> list[Any]:
    # The words are matched in the stored search_vector column, which ix_documents_search indexes; the
    # headline, which reads the whole text again, is made only for the page's documents.
    options = f"StartSel={_OPEN}, StopSel={_CLOSE}, MaxWords=24, MinWords=10, ShortWord=0, MaxFragments=1"
    # Only ids and ranks are sorted (a common word matches most documents); texts are read for the page alone.
    query = sa.text(
        "WITH hits AS ("
        " SELECT id, ts_rank(search_vector, q.query) AS rank, q.query"
        " FROM documents, plainto_tsquery('simple', :words) AS q(query)"
        " WHERE search_vector @@ q.query"
        " ORDER BY rank DESC, id LIMIT :limit OFFSET :offset"
        ") SELECT d.id, d.title, d.outlet, d.published, hits.rank,"
        " ts_headline('simple', coalesce(d.title, '') || ' ' || d.text, hits.query, :options) AS snippet"
        " FROM hits JOIN documents AS d ON d.id = hits.id ORDER BY hits.rank DESC, d.id"
    ).columns(published=sa.Date)
    return list(conn.execute(query, {"words": words, "limit": limit, "offset": offset, "options": options}))


def rebuild_search(store: Store) -> None:
    """Index every document for search again. Needed on SQLite only after a VACUUM, which may renumber the rowids
    the FTS5 index refers to; harmless otherwise (PostgreSQL's index never needs it)."""
    if store.engine.dialect.name != "sqlite":
        return
    try:
        with store.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')"))
    except SQLAlchemyError as error:
        raise StoreError(f"Cannot rebuild the search index of {store.where}: {first_line(error)}") from error
