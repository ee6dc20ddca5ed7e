"""crisisledger: a sourced ledger of crisis reports.

from crisisledger import Store, analyse, reconcile
from crisisledger.ingest.text import read_path

with Store.open("crisisledger.db") as store:
    for extraction in analyse([read_path(path) for path in paths]):
        store.add(extraction)
    ledger = reconcile(store)
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# The public names are imported on first use (PEP 562), not with the package: `analyse` brings spaCy and
# `Store` brings SQLAlchemy, and every `crisisledger` command imports this package before it knows what it needs.
_HOMES = {
    "Settings": "config",
    "load_settings": "config",
    "CrisisLedgerError": "errors",
    "InputError": "errors",
    "ModelError": "errors",
    "StoreError": "errors",
    "analyse": "pipeline",
    "Reconciliation": "reconcile",
    "reconcile": "reconcile",
    **dict.fromkeys(
        ("Actor", "Document", "Event", "Evidence", "Extraction", "Figure", "Place", "PlaceMention", "Role"),
        "records",
    ),
    **dict.fromkeys(("Statement", "StatusChange", "TimeExpression"), "records"),
    "Store": "store",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value  # once imported, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(ModuleType):
    """This package, whose `reconcile` stays the function when the submodule of that name is first imported
    (the import system sets the submodule as an attribute of its package; the eager imports used to rebind
    the name right after, and `from crisisledger import reconcile` promises the function)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "reconcile" and isinstance(value, ModuleType):
            return  # the submodule is still `sys.modules["crisisledger.reconcile"]`
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
