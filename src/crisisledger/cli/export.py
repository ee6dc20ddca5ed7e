"""export: the ledger as JSON or CSV (docs/export.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import export as exporting
from .. import review
from .common import DbOption, _open_existing, app, choose, err


@app.command(
    epilog="Examples:\n\n  crisisledger export --format json > ledger.json\n\n"
    "  crisisledger export --format csv --table statements --output statements.csv\n\n"
    "  crisisledger export --format acled --output acled.csv",
)
def export(
    format: Annotated[
        str, typer.Option("--format", "-f", help="json, csv, or acled (ACLED-compatible CSV of the incidents).")
    ] = "json",
    table: Annotated[str, typer.Option(help="For csv: " + ", ".join(exporting.CSV_TABLES) + ".")] = "figures",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    db: DbOption = None,
) -> None:
    """Export the ledger (schema crisisledger/1, see docs/export.md)."""
    from ..acled import ACLED_COLUMNS, acled_rows  # here, not at the top: --help starts without them
    from ..reconcile import reconcile

    choose("--format", format, ("json", "csv", "acled"))
    if format == "csv":
        choose("--table", table, exporting.CSV_TABLES)
    with _open_existing(db) as store:
        documents, figures, reconciled = store.documents(), review.figures_of(store), reconcile(store)
        data = exporting.to_json(
            documents,
            figures,
            store.status_changes(),
            store.statements(),
            store.actors(),
            store.roles(),
            store.events(),
            reconciled,
            places=store.places(),
            time_expressions=store.time_expressions(),
            reviews=review.load(store),
        )
    if format == "json":
        payload = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif format == "acled":
        statuses = {f["id"]: f["status"] for f in data["figures"]}
        # a claim's status across reports (a toll one report withdrew is withdrawn in every report of it)
        statuses.update({c.figure.id: c.status for line in reconciled.lines for c in line.claims})
        rows = acled_rows(reconciled.incidents, figures, documents, statuses)
        payload = exporting.to_csv(rows, ACLED_COLUMNS)
    else:
        payload = exporting.to_csv(exporting.csv_rows(data, table), exporting.CSV_COLUMNS[table])
    if output is None:
        sys.stdout.write(payload)
    else:
        output.write_text(payload, encoding="utf-8")
        err.print(f"wrote {output}")
