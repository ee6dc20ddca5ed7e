"""export: the ledger as JSON or CSV (docs/export.md)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.text import Text

from .. import export as exporting
from .common import DbOption, _open_existing, app, choose, clean, err


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

    choose("--format", format, ("json", "csv", "acled"))
    if format == "csv":
        choose("--table", table, exporting.CSV_TABLES)
    with _open_existing(db) as store, store.reading(), _writing(output) as out:
        # documents' texts are read only where reconciliation needs them (incidents compare reports' words)
        reading = exporting.StoreExport(store, texts=format != "csv" or table in ("ledger", "incidents"))
        if format == "json":
            exporting.write_json(out, reading)
        elif format == "acled":
            reconciled = reading.reconciliation
            statuses = {f.id: reading.statuses_now.get(f.id) or f.status for f in reading.figures}
            # a claim's status across reports (a toll one report withdrew is withdrawn in every report of it)
            statuses.update({c.figure.id: c.status for line in reconciled.lines for c in line.claims})
            rows = acled_rows(reconciled.incidents, reading.figures, reading.documents, statuses)
            exporting.write_csv(out, rows, ACLED_COLUMNS)
        else:
            exporting.write_csv(out, reading.csv_rows(table), exporting.CSV_COLUMNS[table])
    if output is not None:
        err.print(Text(f"wrote {clean(str(output))}"))  # Text: a path is no Rich markup


@contextmanager
def _writing(output: Path | None) -> Iterator[TextIO]:
    """Where the export goes as it is written: stdout, or a file beside `output` that takes its place only when
    the export is whole (a failed export leaves no half file, and an older export stays)."""
    if output is None:
        yield sys.stdout
        return
    if output.exists() and not output.is_file():  # a device or a pipe (-o /dev/stdout): written in place
        with output.open("w", encoding="utf-8") as out:
            yield out
        return
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            yield out
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
