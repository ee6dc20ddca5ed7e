"""The store: documents and their records in SQLite or PostgreSQL, written through SQLAlchemy Core."""

from .migrations import MIGRATIONS, AppliedMigration, migration
from .store import Problem, Store

__all__ = ["MIGRATIONS", "AppliedMigration", "Problem", "Store", "migration"]
