"""Case content between a case file and the server, row for row through the same tables.

A case file holds one case; the server holds every case in the same tables with the
case's key in front of each primary key (``case_tables``). Moving a case is copying its
rows: nothing is re-derived, so the audit trail, signatures and letters arrive exactly
as written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, insert, select, update

from reviewer_app.casefile.convert import from_db_time
from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.casefile.db import CASE_TABLES
from reviewer_app.server.case_tables import CASE_TABLE_NAMES, case_table

CaseRows = dict[str, list[dict[str, Any]]]


def _utc(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A row with every time as an aware UTC datetime (SQLite gives them naive, PostgreSQL
    in the session's zone), so rows from either side compare equal when they are."""
    return {str(k): from_db_time(v) if isinstance(v, dt.datetime) else v for k, v in row.items()}


def read_file_rows(path: Path, key: CaseKey | None) -> CaseRows:
    """Every row of every case table of the case file at ``path``, read in one snapshot."""
    from reviewer_app.casefile.db import CaseDB

    db = CaseDB.open(path, readonly=True, key=key)
    try:
        with db.snapshot():
            return {t.name: [_utc(r._mapping) for r in db.rows(select(t))] for t in CASE_TABLES}
    finally:
        db.close()


def write_case_file(tmp: Path, rows: CaseRows, key: CaseKey | None) -> None:
    """Fill the new, empty file ``tmp`` as a case file holding ``rows``, in one transaction."""
    from reviewer_app.casefile.db import CaseDB
    from reviewer_app.casefile.format import APPLICATION_ID, SCHEMA_VERSION

    db = CaseDB.open(tmp, key=key)
    try:
        with db.write() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
            tables = CASE_TABLES
            tables[0].metadata.create_all(conn, tables=tables)
            for table in tables:
                if rows.get(table.name):
                    conn.execute(insert(table), rows[table.name])
    finally:
        db.close()


def server_rows(conn: Connection, case_id: str) -> CaseRows:
    """The case's rows on the server (the case file's tables hold the same columns)."""
    found: CaseRows = {}
    for name in CASE_TABLE_NAMES:
        table = case_table(name)
        result = conn.execute(select(table).where(table.c.case_id == case_id))
        found[name] = [_utc(r._mapping) for r in result]
    return found


def _keyed(rows: list[dict[str, Any]], case_id: str) -> list[dict[str, Any]]:
    """The rows, each with the case's key (whatever a file said)."""
    return [{**row, "case_id": case_id} for row in rows]


def insert_case(conn: Connection, case_id: str, rows: CaseRows) -> None:
    for name in CASE_TABLE_NAMES:
        keyed = _keyed(rows.get(name, []), case_id)
        if keyed:
            conn.execute(insert(case_table(name)), keyed)


def _where(table: Table, case_id: str, keys: list[str], values: tuple[Any, ...]) -> Any:
    pairs = zip(keys, values, strict=True)
    return and_(table.c.case_id == case_id, *(table.c[c] == v for c, v in pairs))


def _pk(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns if c.name != "case_id"]


def apply_changes(conn: Connection, case_id: str, before: CaseRows, after: CaseRows) -> int:
    """Make the server's rows of the case those of ``after``, writing only what differs
    (new rows inserted, changed rows updated, vanished rows deleted); the count written."""
    written = 0
    for name in CASE_TABLE_NAMES:
        table = case_table(name)
        keys = _pk(table)

        def key_of(row: Mapping[str, Any], keys: list[str] = keys) -> tuple[Any, ...]:
            return tuple(row[k] for k in keys)

        old = {key_of(r): r for r in before.get(name, [])}
        new = {key_of(r): r for r in after.get(name, [])}
        added = _keyed([row for k, row in new.items() if k not in old], case_id)
        if added:
            conn.execute(insert(table), added)
        for k, row in new.items():
            if k in old and old[k] != row:
                where = _where(table, case_id, keys, k)
                changed = {c: v for c, v in row.items() if old[k].get(c) != v}
                conn.execute(update(table).where(where).values(changed))
        for k in old.keys() - new.keys():
            where = _where(table, case_id, keys, k)
            conn.execute(delete(table).where(where))
        written += len(added) + sum(1 for k in new if k in old and old[k] != new[k])
        written += len(old.keys() - new.keys())
    return written
