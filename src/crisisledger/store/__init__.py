"""The store: documents and their records in SQLite or PostgreSQL, written through SQLAlchemy Core."""

from .migrations import MIGRATIONS, AppliedMigration, migration
from .store import CHANGES, Problem, Snapshot, Store

__all__ = ["CHANGES", "MIGRATIONS", "AppliedMigration", "Problem", "Snapshot", "Store", "migration"]
