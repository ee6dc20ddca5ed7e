"""One exception tree for crisisledger.

    CrisisLedgerError
     ├── ConfigError          a setting is missing or has a bad value
     ├── InputError           a source cannot be read as a report
     │    ├── EmptyInput      nothing to read (an empty file, whitespace only)
     │    ├── BinaryInput     bytes that are not text
     │    ├── EncodingError   text that is neither UTF-8 nor a declared encoding
     │    └── TooLarge        larger than the configured limit
     ├── ModelError           the spaCy model cannot be loaded
     └── StoreError           the store cannot be opened, migrated or written

Every message is one line: what happened, why, and what to do about it.
"""

from __future__ import annotations


class CrisisLedgerError(Exception):
    """The base of every error crisisledger raises on purpose."""


class ConfigError(CrisisLedgerError):
    pass


class InputError(CrisisLedgerError):
    pass


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class EncodingError(InputError):
    pass


class TooLarge(InputError):
    pass


class ModelError(CrisisLedgerError):
    pass


class StoreError(CrisisLedgerError):
    pass


def described(error: BaseException, limit: int | None = None) -> str:
    """An unexpected error on one line, for a message that reports it: its class and its words, with their
    line breaks and runs of spaces made single spaces, cut to `limit` characters when one is given."""
    text = " ".join(f"{error.__class__.__name__}: {error}".split())
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "..."
