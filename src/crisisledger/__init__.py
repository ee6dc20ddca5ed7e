"""crisisledger: a sourced ledger of crisis reports."""

from .config import Settings, load_settings
from .errors import CrisisLedgerError, InputError, ModelError, StoreError
from .records import Document, Evidence, Extraction, Figure, Place, Statement, StatusChange

__all__ = [
    "CrisisLedgerError",
    "Document",
    "Evidence",
    "Extraction",
    "Figure",
    "InputError",
    "ModelError",
    "Place",
    "Settings",
    "Statement",
    "StatusChange",
    "StoreError",
    "load_settings",
]
__version__ = "0.1.0"
