"""crisisledger: a sourced ledger of crisis reports.

from crisisledger import Store, analyse, reconcile
from crisisledger.ingest.text import read_path

with Store.open("crisisledger.db") as store:
    for extraction in analyse([read_path(path) for path in paths]):
        store.add(extraction)
    ledger = reconcile(store)
"""

from .config import Settings, load_settings
from .errors import CrisisLedgerError, InputError, ModelError, StoreError
from .pipeline import analyse
from .reconcile import Reconciliation, reconcile
from .records import (
    Actor,
    Document,
    Event,
    Evidence,
    Extraction,
    Figure,
    Place,
    PlaceMention,
    Role,
    Statement,
    StatusChange,
    TimeExpression,
)
from .store import Store

__all__ = [
    "Actor",
    "CrisisLedgerError",
    "Document",
    "Event",
    "Evidence",
    "Extraction",
    "Figure",
    "InputError",
    "ModelError",
    "Place",
    "PlaceMention",
    "Reconciliation",
    "Role",
    "Settings",
    "Statement",
    "StatusChange",
    "Store",
    "StoreError",
    "TimeExpression",
    "analyse",
    "load_settings",
    "reconcile",
]
__version__ = "0.1.0"
