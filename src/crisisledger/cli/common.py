"""What every command shares: the app, the consoles, the common options, opening the store, formatting."""

from __future__ import annotations

import os
from datetime import date, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from ..config import Settings, load_settings
from ..errors import CrisisLedgerError
from ..records import Figure
from ..store import Store

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="markdown",
    help="Keep a sourced ledger of crisis reports: figures as claims, who claims them, citing whom, "
    "as of when, and what was denied or withdrawn.\n\n"
    "Example: `crisisledger ingest reports/ && crisisledger ledger`",
)
out = Console(highlight=False, soft_wrap=False)
if not out.is_terminal and "COLUMNS" not in os.environ:
    out.width = 160  # piped into a file or a pager: room for the ledger's columns
err = Console(stderr=True, highlight=False, soft_wrap=True)

AsKindOption = Annotated[
    str | None, typer.Option("--as", help="Read every input as this kind: text, html, feed, telegram or urls.")
]
AllowPrivateOption = Annotated[
    bool, typer.Option("--allow-private", help="Allow URLs on loopback and private networks (your own local feeds).")
]
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or SQLAlchemy URL. [default: $CRISISLEDGER_DB or ./crisisledger.db]"),
]


_LABEL_STYLES = {"error": "red", "warning": "yellow"}


def say(label: str, message: str | None) -> None:
    """One line on stderr, "label: message", with the message printed as it is (no markup)."""
    err.print(Text.assemble((f"{label}:", _LABEL_STYLES.get(label, "")), " ", message or ""))


def _settings(db: str | None) -> Settings:
    return load_settings(db=db)


def _open(settings: Settings) -> Store:
    try:
        return Store.open(settings.db)
    except CrisisLedgerError as exc:
        say("error", str(exc))
        raise typer.Exit(2) from None


def _parse_date(value: str | None, option: str = "--published") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{option}' must be a date YYYY-MM-DD (got {value!r})") from None


def _moment(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M") + (" UTC" if value.tzinfo is not None else "")


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def format_value(figure: Figure) -> str:
    """ "7,989", "~8,000", "10,000–15,000", "≥12 (vague)", "≥1,300", "≤50"."""
    low, high = figure.min, figure.max
    if low is not None and high is not None:
        text = f"{low:,}" if low == high else f"{low:,}–{high:,}"
        return f"~{text}" if figure.approximate and low == high else text
    if low is not None:
        return f"≥{low:,}" + (" (vague)" if figure.vague else "")
    if high is not None:
        return f"≤{high:,}"
    return "?"


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""
