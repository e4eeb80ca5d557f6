"""Case files: one SQLite file per case, its tables, the store, migrations and audit chain.

``CaseFile`` (the store, and with it SQLAlchemy and SQLModel) loads on first use, so a
module that needs only a light part of the package (``crypto`` for the unlock prompt,
``errors``, ``format``) does not pay for the ORM: the app's first window appears before it.
"""

from typing import TYPE_CHECKING, Any

from reviewer_app.casefile.errors import (
    CaseFileError,
    CaseLocked,
    CaseStateError,
    NewerSchema,
    NotACaseFile,
    ReadOnlyCase,
)

if TYPE_CHECKING:
    from reviewer_app.casefile.store import CaseFile

__all__ = [
    "CaseFile",
    "CaseFileError",
    "CaseLocked",
    "CaseStateError",
    "NewerSchema",
    "NotACaseFile",
    "ReadOnlyCase",
]


def __getattr__(name: str) -> Any:
    if name == "CaseFile":
        from reviewer_app.casefile.store import CaseFile

        return CaseFile
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
