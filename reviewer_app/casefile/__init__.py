"""Case files: one SQLite file per case, its tables, the store, migrations and audit chain."""

from reviewer_app.casefile.errors import (
    CaseFileError,
    CaseLocked,
    CaseStateError,
    NewerSchema,
    NotACaseFile,
    ReadOnlyCase,
)
from reviewer_app.casefile.store import CaseFile  # light: the ORM loads on first change

__all__ = [
    "CaseFile",
    "CaseFileError",
    "CaseLocked",
    "CaseStateError",
    "NewerSchema",
    "NotACaseFile",
    "ReadOnlyCase",
]
