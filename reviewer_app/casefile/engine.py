"""Connections to case files, with the durability settings every write relies on.

Rollback-journal mode with ``synchronous=EXTRA``: a case file is one self-contained file
that can be copied when closed, and a commit that returned survives a crash or power cut.
(``FULL`` would not quite: in this mode a commit is the journal's deletion, and only
``EXTRA`` syncs the folder after it; without that, a power cut right after a commit can
bring the journal back and roll the change back at the next open.)
Every case is read and written through one DB-API connection (``open_connection``), on
which ``db.CaseDB`` puts its SQLAlchemy connection.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer_app.casefile.crypto import CaseKey, connect

DURABILITY = ("PRAGMA journal_mode=DELETE", "PRAGMA synchronous=EXTRA")
PRAGMAS = (*DURABILITY, "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000")


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
