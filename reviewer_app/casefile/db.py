"""The one path between the app and a case's rows: SQLAlchemy over the case's connection.

A case file is opened through one DB-API connection (plain SQLite or SQLCipher, with the
durability settings of ``engine.py``); :class:`CaseDB` puts an SQLAlchemy connection on
that same connection, and every read and write of a case is a Core statement built from
the table definitions in ``tables.py`` — the statements that run on a department's
PostgreSQL database too. Rows come back as plain records (:func:`record`) typed as their
table classes, with times in UTC.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Table, create_engine, event
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.expression import Executable
from sqlalchemy.sql.sqltypes import NullType

from reviewer_app.casefile import tables
from reviewer_app.casefile.crypto import CaseKey, dbapi_module

T = TypeVar("T")


def table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


HEADER = table(tables.CaseHeader)
ANSWER = table(tables.AnswerRow)
DIAGNOSIS = table(tables.DiagnosisRow)
DETERMINATION = table(tables.DeterminationRow)
LETTER = table(tables.LetterRow)
SIGNER_CERT = table(tables.SignerCertRow)
AUDIT = table(tables.AuditRow)
AUDIT_SIGNATURE = table(tables.AuditSignatureRow)
CASE_TABLES: tuple[Table, ...] = (HEADER, ANSWER, DIAGNOSIS, DETERMINATION, LETTER, SIGNER_CERT)
CASE_TABLES += (AUDIT, AUDIT_SIGNATURE)


def _utc(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def record(row: Any, model: type[T]) -> T:
    """A row as a plain record with the attributes of ``model`` (a table class), its
    times as aware UTC datetimes."""
    return record_of(row._mapping, model)


def record_of(values: Mapping[str, Any], model: type[T]) -> T:
    """The record of a row from its column values (a row just written, as ``record``
    would read it back)."""
    del model  # the type the caller reads it as
    return cast(T, SimpleNamespace(**{k: _utc(v) for k, v in values.items()}))


# The signer certificates this connection has stored or found stored (in
# ``Connection.info``): kept once per connection, emptied when a transaction fails
# (``CaseDB._abandon``).
STORED_CERTS = "stored_signer_certs"


def stored_certs(conn: Connection) -> set[tuple[str, str]]:
    return cast(set[tuple[str, str]], conn.info.setdefault(STORED_CERTS, set()))


def run(conn: Connection, stmt: Any, values: dict[str, Any]) -> None:
    """Execute a write built once (below) with ``values``.

    On SQLite the statement is compiled to its SQL once per set of columns and each call
    only converts and binds its values (``exec_driver_sql``, which still shows in the
    engine's events): an answer's writes cost SQLite's own time, not SQLAlchemy's
    statement machinery, which cost more than the statements. Other dialects (a
    department's PostgreSQL) execute the Core statement.
    """
    prepared = _prepared(conn.dialect, stmt, tuple(values))
    if prepared is None:
        conn.execute(stmt, values)
        return
    sql, plan = prepared
    conn.exec_driver_sql(sql, tuple(_bound(plan, values)))


def _bound(plan: tuple[tuple[str, Any], ...], values: dict[str, Any]) -> list[Any]:
    return [convert(values[name]) if convert else values[name] for name, convert in plan]


_PREPARED: dict[tuple[Any, ...], tuple[str, tuple[tuple[str, Any], ...]] | None] = {}


def _prepared(
    dialect: Any, stmt: Any, names: tuple[str, ...]
) -> tuple[str, tuple[tuple[str, Any], ...]] | None:
    """The SQL of ``stmt`` for ``names`` and, per positional parameter, its name and
    the type's conversion (as SQLAlchemy would apply it); None off SQLite."""
    key = (dialect.name, stmt, names)
    if key in _PREPARED:
        return _PREPARED[key]
    found = None
    if dialect.name == "sqlite" and dialect.positional:
        compiled = stmt.compile(dialect=dialect, column_keys=list(names))
        binds = [compiled.binds[b] for b in compiled.positiontup or ()]
        if not any(isinstance(b.type, NullType) for b in binds):  # each value's type known
            plan = tuple(
                (b.key, b.type.dialect_impl(dialect).bind_processor(dialect)) for b in binds
            )
            found = (str(compiled), plan)
    _PREPARED[key] = found
    return found


@functools.cache
def upsert_statement(dialect: str, tbl: Table, names: tuple[str, ...], keep: bool) -> Any:
    """Built once per table and set of columns; each call only binds its values (building
    a statement with its values costs more than the SQLite write of an answer)."""
    stmt: Any
    if dialect == "postgresql":  # a department database
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(tbl)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(tbl)
    keys = [c.name for c in tbl.primary_key.columns]
    if keep:
        return stmt.on_conflict_do_nothing(index_elements=keys)
    changing = {name: stmt.excluded[name] for name in names if name not in keys}
    return stmt.on_conflict_do_update(index_elements=keys, set_=changing)


@functools.cache
def insert_statement(tbl: Table) -> Any:
    """``INSERT INTO tbl``, its columns those of the values it is executed with."""
    from sqlalchemy import insert as core_insert

    return core_insert(tbl)


def header_write(case_id: str, values: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """``UPDATE case_header SET <values> WHERE case_id = :header_key`` and its values."""
    return _header_update(tuple(values)), values | {"header_key": case_id}


@functools.cache
def _header_update(names: tuple[str, ...]) -> Any:
    from sqlalchemy import bindparam, update

    where = HEADER.c.case_id == bindparam("header_key", type_=HEADER.c.case_id.type)
    return (
        update(HEADER).where(where).values({n: bindparam(n, type_=HEADER.c[n].type) for n in names})
    )


class CaseDB:
    """The SQLAlchemy connection over one case file's DB-API connection.

    Reads outside a transaction end at once (no lock is held between them); ``write()``
    is one ``BEGIN IMMEDIATE`` … ``COMMIT`` transaction, ``snapshot()`` one consistent
    read. Every statement shows in the engine's ``before_cursor_execute`` event, which is
    how the tests count what an answer costs.
    """

    def __init__(self, dbapi_conn: Any, key: CaseKey | None) -> None:
        self.raw = dbapi_conn
        self.engine = create_engine(
            "sqlite://",
            creator=lambda: dbapi_conn,
            poolclass=StaticPool,
            module=dbapi_module(key),
        )
        self.conn = self.engine.connect()
        self.dialect = self.conn.dialect
        self._depth = 0

        self.certs = stored_certs(self.conn)  # the signer certificates the file holds

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False, key: CaseKey | None = None) -> CaseDB:
        """The case file at ``path`` on a connection with the durability settings."""
        from reviewer_app.casefile.engine import open_connection

        return cls(open_connection(path, readonly=readonly, key=key), key)

    def close(self) -> None:
        self.conn.close()
        self.engine.dispose()
        self.raw.close()

    def on_statement(self, listener: Any) -> None:
        """``listener(statement_text)`` for every statement run (for tests and benches)."""

        def _seen(_c: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
            listener(statement)

        event.listen(self.engine, "before_cursor_execute", _seen)

    # -- reading -------------------------------------------------------------------

    def rows(self, stmt: Executable) -> Sequence[Any]:
        result = self.conn.execute(stmt).all()
        if self._depth == 0:
            self.conn.commit()  # ends the transaction SQLAlchemy began (SQLite held no lock)
        return result

    def first(self, stmt: Executable) -> Any:
        found = self.rows(stmt)
        return found[0] if found else None

    def scalar(self, stmt: Executable) -> Any:
        row = self.first(stmt)
        return None if row is None else row[0]

    def driver_rows(self, sql: str) -> list[tuple[Any, ...]]:
        """A statement about the file itself (``sqlite_master``, a pragma), not its rows."""
        result = [tuple(r) for r in self.conn.exec_driver_sql(sql).all()]
        if self._depth == 0:
            self.conn.commit()
        return result

    # -- transactions --------------------------------------------------------------

    def commit_writes(self, writes: Sequence[tuple[Any, dict[str, Any]]]) -> None:
        """The answer hot path: ``writes`` (statements built once, with their values) in
        one durable ``BEGIN IMMEDIATE`` … ``COMMIT`` on the DB-API connection.

        Each statement is the SQL ``run`` compiles from the tables, bound the same way;
        it skips only SQLAlchemy's per-statement execution machinery, which cost as much
        CPU as the SQLite writes. The engine's ``before_cursor_execute`` listeners still
        see every statement, BEGIN and the writes (``on_statement`` counts them; the
        commit, as in SQLAlchemy, is not a statement event). Whatever stops the writes (a
        value that does not bind, a failing statement, a failed commit) leaves the file
        and ``certs`` as they were.
        """
        self._start_transaction()
        cursor = None
        try:
            statements = self._driver_statements(writes)
            listeners = list(self.conn.dispatch.before_cursor_execute)
            cursor = self.raw.cursor()
            for sql, params in statements:
                for listener in listeners:
                    listener(self.conn, cursor, sql, params, None, False)
                cursor.execute(sql, params)
            cursor.execute("COMMIT")  # prepared once per connection (commit() parses it anew)
            cursor.close()
        except BaseException:
            if cursor is not None:
                cursor.close()
            self._abandon()
            raise

    def _driver_statements(
        self, writes: Sequence[tuple[Any, dict[str, Any]]]
    ) -> list[tuple[str, list[Any]]]:
        """``writes`` as one transaction of SQL and bound values."""
        found: list[tuple[str, list[Any]]] = [("BEGIN IMMEDIATE", [])]
        for stmt, values in writes:
            prepared = _prepared(self.dialect, stmt, tuple(values))
            assert prepared is not None  # a case file is SQLite: every write is prepared
            found.append((prepared[0], _bound(prepared[1], values)))
        return found

    def _start_transaction(self) -> None:
        if self._depth:
            raise RuntimeError("a case transaction is already open")
        if self.conn.in_transaction():
            self.conn.commit()  # reads only: nothing to keep or undo

    def _abandon(self) -> None:
        """After a failed transaction: SQLite's side ended too (a COMMIT that fails, the
        file busy or the disk full, can leave it open after SQLAlchemy has let go of it,
        and the next read would commit it unnoticed), and what it was to store forgotten."""
        if self.raw.in_transaction:
            self.raw.rollback()
        self.certs.clear()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one state of the file: no writer commits in between."""
        with self._transaction("BEGIN"):
            yield

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One durable transaction: committed on leaving, rolled back on an exception."""
        with self._transaction("BEGIN IMMEDIATE"):
            yield self.conn

    @contextlib.contextmanager
    def _transaction(self, begin: str) -> Iterator[None]:
        self._start_transaction()
        try:
            with self.conn.begin():
                self.conn.exec_driver_sql(begin)
                self._depth = 1
                try:
                    yield
                finally:
                    self._depth = 0
        except BaseException:
            self._abandon()
            raise
