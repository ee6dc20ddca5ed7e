"""A synthetic store at the scale the API must serve (a million figures), built in minutes.

    .venv/bin/python bench/synthetic.py ledger.db --figures 1000000
    .venv/bin/python bench/synthetic.py postgresql+psycopg://postgres@127.0.0.1/bench --figures 1000000

The store is opened (so its schema is the migrated one), then rows go straight into its tables with
executemany in large transactions, never through `Store.add`: about ten figures per document, short report
texts, varied kinds, places, claimants and dates, a status change for about one figure in a hundred (some in
a later report) and a few hundred reviews. The same seed always writes the same rows. Statistics are
gathered at the end (ANALYZE), as a long-lived store would have them, so the planners choose by the data.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from crisisledger.records import FIGURE_KINDS, record_id
from crisisledger.store import Store
from crisisledger.store.schema import documents, figures, reviews, roles, status_changes

#: (name, country code, level): a few cities per country, and the countries themselves.
PLACES = [
    ("Kharkiv", "UA", "city"),
    ("Kyiv", "UA", "city"),
    ("Odesa", "UA", "city"),
    ("Ukraine", "UA", "country"),
    ("Almaty", "KZ", "city"),
    ("Aktau", "KZ", "city"),
    ("Kazakhstan", "KZ", "country"),
    ("Khartoum", "SD", "city"),
    ("El Fasher", "SD", "city"),
    ("Sudan", "SD", "country"),
    ("Gaza City", "PS", "city"),
    ("Rafah", "PS", "city"),
    ("Port-au-Prince", "HT", "city"),
    ("Haiti", "HT", "country"),
    ("Goma", "CD", "city"),
    ("Bukavu", "CD", "city"),
    ("Mandalay", "MM", "city"),
    ("Yangon", "MM", "city"),
    ("Aden", "YE", "city"),
    ("Sanaa", "YE", "city"),
]
OUTLETS = ["Reuters", "AP", "AFP", "Harbour Herald", "Radio Azattyq", "Al Jazeera", "BBC", "Kyiv Independent"]
BODIES = ["Ministry of Health", "Interior Ministry", "Prosecutor General's Office", "civil defence", "police"]
OTHERS = ["rescuers", "witnesses", "a local hospital", "Human Rights Watch", "the Red Crescent", "medics"]
PEOPLE = [f"{first} {last}" for first in ("Berik", "Olena", "Amina", "Jean", "Thida") for last in ("Asylov", "Moroz")]
CLAIMANTS = [*BODIES, *OTHERS, *PEOPLE, *(f"{b} of {p[0]}" for b in ("governor", "mayor") for p in PLACES[:10])]
VERBS = {"killed": "were killed", "injured": "were injured", "detained": "were detained", "missing": "are missing"}
WORDS = ["shelling", "protest", "flood", "storm", "clashes", "strike", "curfew", "convoy", "market", "school"]


def build(db_url: str, figures_wanted: int, *, seed: int = 0, batch: int = 20_000) -> dict[str, int]:
    """Write `figures_wanted` synthetic figures (with their documents, status changes, roles and reviews) into
    the store at `db_url`, which should be empty; return how many rows each table got."""
    rng = random.Random(seed)
    store = Store.open(db_url)
    engine = store.engine
    counts = dict.fromkeys(("documents", "figures", "status_changes", "roles", "reviews"), 0)
    start_day = date(2021, 1, 1)
    written_figures: list[tuple[str, str, int, int]] = []  # a sample of (id, document, start, end) to review
    pending: dict[str, list[dict[str, Any]]] = {name: [] for name in counts}
    now = datetime(2024, 1, 1, tzinfo=UTC)

    def flush() -> None:
        with engine.begin() as conn:
            for table in (documents, figures, status_changes, roles, reviews):
                rows = pending[table.name]
                if rows:
                    conn.execute(table.insert(), rows)
                    counts[table.name] += len(rows)
                    rows.clear()

    made = 0
    number = 0
    while made < figures_wanted:
        number += 1
        published = start_day + timedelta(days=rng.randrange(1200))
        outlet = rng.choice(OUTLETS)
        topic = rng.choice(WORDS)
        home = rng.choice(PLACES)
        sentences = []
        planned = []
        for _ in range(min(rng.randint(6, 14), figures_wanted - made)):
            kind = rng.choice(FIGURE_KINDS[:4]) if rng.random() < 0.8 else rng.choice(FIGURE_KINDS)
            place = home if rng.random() < 0.7 else rng.choice(PLACES)
            value = rng.choice((rng.randint(1, 40), rng.randint(1, 400), rng.randint(100, 20_000)))
            claimant = rng.choice(CLAIMANTS) if rng.random() < 0.85 else None
            words = f"{value} people {VERBS.get(kind, 'were ' + kind)} in {place[0]}"
            sentence = f"{words}, {claimant or outlet} said." if claimant else f"{words}."
            planned.append((kind, place, value, claimant, len(" ".join(sentences)) + bool(sentences), words))
            sentences.append(sentence)
        text = f"{home[0].upper()}, {published:%B %d} ({outlet}) - {topic.capitalize()} in {home[0]}. " + " ".join(
            sentences
        )
        document_id = f"{number:016x}"
        lead = len(text) - len(" ".join(sentences))
        pending["documents"].append(
            {
                "id": document_id,
                "title": f"{topic.capitalize()} in {home[0]}: {len(planned)} figures",
                "outlet": outlet,
                "url": f"https://example.org/{document_id}",
                "published": published,
                "text": text,
                "source": f"synthetic/{document_id}.txt",
                "body_start": 0,
                "ingested_at": now,
            }
        )
        for position, (kind, place, value, claimant, offset, words) in enumerate(planned):
            start = lead + offset
            end = start + len(words)
            figure_id = record_id("fig", document_id, start, end)
            as_of = published - timedelta(days=rng.choice((0, 0, 0, 1, 2, 7))) if rng.random() < 0.95 else None
            pending["figures"].append(
                {
                    "id": figure_id,
                    "document_id": document_id,
                    "position": position,
                    "kind": kind,
                    "min": value,
                    "max": value if rng.random() < 0.7 else None,
                    "approximate": rng.random() < 0.3,
                    "vague": False,
                    "as_of": as_of,
                    "place_name": place[0],
                    "place_country_code": place[1],
                    "place_lat": None,
                    "place_lon": None,
                    "place_geonames_id": None,
                    "place_level": place[2],
                    "claimant": claimant,
                    "cited_source": None,
                    "status": "asserted" if rng.random() < 0.98 else rng.choice(("disputed", "confirmed")),
                    "population": None,
                    "part_of": None,
                    "evidence_start": start,
                    "evidence_end": end,
                    "evidence_text": text[start:end],
                }
            )
            if rng.random() < 0.01:  # denied or withdrawn later, in this report (a later one in reality)
                pending["status_changes"].append(
                    {
                        "figure_id": figure_id,
                        "document_id": document_id,
                        "status": rng.choice(("denied", "disputed", "withdrawn", "confirmed")),
                        "date": published + timedelta(days=rng.randint(0, 5)) if rng.random() < 0.8 else None,
                        "by_actor": rng.choice(BODIES),
                        "evidence_start": start,
                        "evidence_end": end,
                        "evidence_text": text[start:end],
                    }
                )
            if rng.random() < 0.0003:
                written_figures.append((figure_id, document_id, start, end))
            made += 1
        if rng.random() < 0.02:
            person = rng.choice(PEOPLE)
            pending["roles"].append(
                {
                    "id": record_id("role", document_id, person),
                    "document_id": document_id,
                    "position": 0,
                    "actor_id": record_id("actor", document_id, person),
                    "actor": person,
                    "title": rng.choice(("prosecutor-general", "spokesperson", "activist")),
                    "organization": None,
                    "change": None,
                    "reason": None,
                    "previous_role": None,
                    "date": None,
                    "announced_by": None,
                    "replaces": "[]",
                    "evidence_start": 0,
                    "evidence_end": 1,
                    "evidence_text": text[:1],
                }
            )
        if len(pending["figures"]) >= batch:
            flush()
    for n, (figure_id, document_id, start, end) in enumerate(written_figures):
        action = ("verify", "reject", "correct")[n % 3]
        pending["reviews"].append(
            {
                "id": record_id("rev", document_id, figure_id, action),
                "figure_id": figure_id,
                "document_id": document_id,
                "action": action,
                "field": "kind" if action == "correct" else None,
                "old": None,
                "new": json.dumps("missing") if action == "correct" else None,
                "by": "bench",
                "at": now + timedelta(minutes=n),
                "note": None,
                "evidence_start": start,
                "evidence_end": end,
                "position": 0,
            }
        )
    flush()
    with engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
    store.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="a SQLite path or a SQLAlchemy URL of an empty store")
    parser.add_argument("--figures", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    counts = build(args.db, args.figures, seed=args.seed)
    took = time.perf_counter() - began
    print(", ".join(f"{n} {table}" for table, n in counts.items()), f"in {took:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
