"""Connections to the department's PostgreSQL server.

Where the server is comes from ``--db URL`` or from a libpq service (``PGSERVICE``, read
from ``~/.pg_service.conf`` or ``PGSERVICEFILE``); the password from ``~/.pgpass`` (or
``PGPASSFILE``), never from the app's settings or the command line. A URL holding a
password is refused: it would show in the process list and the shell's history. TLS is
libpq's: ``sslmode=verify-full`` with ``sslrootcert`` in the URL or the service file.
The app refuses to work as a superuser, which row-level security would not restrain.
"""

from __future__ import annotations

import os
from typing import Any

from reviewer_app.server.errors import ServerError


def conninfo(db: str | None) -> str:
    """The libpq connection string for ``--db`` or, without it, ``PGSERVICE``."""
    import psycopg

    if not db:
        service = os.environ.get("PGSERVICE", "")
        if not service:
            raise ServerError(
                "no department server given: use --db postgresql://USER@HOST/DB or set "
                "PGSERVICE to a service in ~/.pg_service.conf"
            )
        return f"service={service}"
    try:
        parts = psycopg.conninfo.conninfo_to_dict(db)
    except psycopg.ProgrammingError:
        raise ServerError("--db: not a PostgreSQL connection URL or string") from None
    if parts.get("password"):
        raise ServerError(
            "--db: the URL holds a password; keep it in ~/.pgpass (or PGPASSFILE) instead, "
            "where only you can read it"
        )
    return db


def connect(db: str | None, *, autocommit: bool = False) -> Any:
    """A psycopg connection as a role that is not a superuser."""
    import psycopg

    info = conninfo(db)
    try:
        # times come back in UTC, as the app shows and stores them, whatever the server's zone
        conn = psycopg.connect(
            info, autocommit=autocommit, connect_timeout=10, options="-c TimeZone=UTC"
        )
    except psycopg.OperationalError as exc:
        raise ServerError(f"cannot reach the department server: {_first_line(exc)}") from None
    try:
        row = conn.execute(
            "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
        if row is None or row[1]:
            raise ServerError(
                f"connected as the superuser {row[0] if row else '?'}: the app works only as "
                "the department's owner or a user made with `server add-user`"
            )
        if not autocommit:
            conn.rollback()
    except BaseException:
        conn.close()
        raise
    return conn


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
