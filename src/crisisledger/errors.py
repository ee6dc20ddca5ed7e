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
