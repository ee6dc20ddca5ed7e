"""What the API and the pages read, in one place: reconciliations cached until the store changes.

Reconciling reads every record, so it is done once per version of the store and `as of` day and kept; the
version (`Store.version`, raised by every write that commits) is one primary-key read on each request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from datetime import date

from ..reconcile import LedgerLine, Reconciliation, reconcile
from ..store import Store

#: How many reconciliations are kept (different `as of` days, or states the store has just left).
KEPT = 8


class Ledger:
    """The reconciled ledger of a store, as of any day, cached per state of the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._kept: OrderedDict[Hashable, Reconciliation] = OrderedDict()

    def state(self) -> int:
        """The store's version: it changes whenever a write commits (a document, a review, a snapshot)."""
        return self.store.version()

    def reconciliation(self, as_of: date | None = None) -> Reconciliation:
        key = (self.state(), as_of)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        # reconciled outside the lock: a slow reconciliation never blocks readers of another one
        result = reconcile(self.store, as_of=as_of)
        with self._lock:
            self._kept[key] = result
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return result

    def lines(
        self, *, kind: str | None = None, place: str | None = None, as_of: date | None = None
    ) -> list[LedgerLine]:
        """The ledger's lines, of one kind and/or at one place (its name or country code, any case)."""
        wanted = place.strip().casefold() if place else None
        found = []
        for line in self.reconciliation(as_of).lines:
            if kind and line.kind != kind:
                continue
            if wanted and not place_matches(line.place, wanted):
                continue
            found.append(line)
        return found

    def line(self, line_id: str, as_of: date | None = None) -> LedgerLine | None:
        return next((line for line in self.reconciliation(as_of).lines if line.id == line_id), None)


def place_matches(place: object, wanted: str) -> bool:
    """Whether a place is the one asked for: by its name or its country code, ignoring case."""
    if place is None:
        return False
    name = getattr(place, "name", None) or ""
    code = getattr(place, "country_code", None) or ""
    return wanted in (name.casefold(), code.casefold())
