"""SQLAlchemy engines for case files, with the durability settings every write relies on.

Rollback-journal mode with ``synchronous=FULL``: a case file is one self-contained file
that can be copied when closed, and a commit that returned survives a crash or power cut.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from reviewer_app.casefile.crypto import CaseKey, connect, dbapi_module

PRAGMAS = (
    "PRAGMA journal_mode=DELETE",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


def make_engine(path: Path, *, readonly: bool = False, key: CaseKey | None = None) -> Engine:
    def creator() -> Any:
        return connect(path, key, readonly=readonly)

    engine = create_engine("sqlite://", creator=creator, module=dbapi_module(key))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        for pragma in PRAGMAS:
            if readonly and pragma.startswith("PRAGMA journal_mode"):
                continue
            cursor.execute(pragma)
        cursor.close()

    return engine
