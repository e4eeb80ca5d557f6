"""Connections to case files, with the durability settings every write relies on.

Rollback-journal mode with ``synchronous=FULL``: a case file is one self-contained file
that can be copied when closed, and a commit that returned survives a crash or power cut.
Reading and the answer hot path use a DB-API connection (``open_connection``); the ORM's
engine (``make_engine``) is built with the same settings when a change needs it, and
SQLAlchemy is imported only then.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer_app.casefile.crypto import CaseKey, connect, dbapi_module

if TYPE_CHECKING:
    from sqlalchemy import Engine

PRAGMAS = (
    "PRAGMA journal_mode=DELETE",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


def configure(dbapi_conn: Any, *, readonly: bool) -> None:
    cursor = dbapi_conn.cursor()
    try:
        for pragma in PRAGMAS:
            if readonly and pragma.startswith("PRAGMA journal_mode"):
                continue
            cursor.execute(pragma)
    finally:
        cursor.close()


def open_connection(path: Path, *, readonly: bool = False, key: CaseKey | None = None) -> Any:
    """A DB-API connection to a case file, configured as every write expects."""
    conn = connect(path, key, readonly=readonly)
    try:
        configure(conn, readonly=readonly)
    except BaseException:
        conn.close()
        raise
    return conn


def make_engine(path: Path, *, readonly: bool = False, key: CaseKey | None = None) -> Engine:
    from sqlalchemy import create_engine, event

    def creator() -> Any:
        return connect(path, key, readonly=readonly)

    engine = create_engine("sqlite://", creator=creator, module=dbapi_module(key))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        configure(dbapi_conn, readonly=readonly)

    return engine
