"""Department users: a PostgreSQL role each, in the group role of their work."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from typing import Any

from reviewer_app.server.errors import ServerError
from reviewer_app.server.tables import Role

_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
_TEAM = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,62}")


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 7677), made
    here so that the password itself never reaches the server or its statement log."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ServerError(
            f"{name!r}: a user name is 1 to 63 lowercase letters, digits or _, "
            "starting with a letter"
        )
    return name


def add_user(conn: Any, name: str, role: Role, team: str | None, password: str | None) -> None:
    """Create the login role ``name`` in ``role``'s group and record its team, at once."""
    from psycopg import errors, sql

    check_name(name)
    if role is Role.NURSE_REVIEWER and not team:
        raise ServerError("--team: a nurse reviewer works the queue of a team; name it")
    if team is not None and not _TEAM.fullmatch(team):
        raise ServerError(f"--team {team!r}: letters, digits, space, _ . - (at most 63)")
    ident = sql.Identifier(name)
    try:
        with conn.transaction():
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB").format(ident))
            if password:
                conn.execute(
                    sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                        ident, sql.Literal(scram_verifier(password))
                    )
                )
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(role.group), ident))
            conn.execute(
                "INSERT INTO dept_user (name, role, team) VALUES (%s, %s, %s)",
                (name, role.value, team),
            )
    except errors.DuplicateObject:
        raise ServerError(f"{name}: a database role of this name already exists") from None
    except errors.InsufficientPrivilege:
        raise ServerError(
            "only the department's owner (a role with CREATEROLE) may add users"
        ) from None
    except errors.UndefinedTable:
        raise ServerError("the department schema is missing: run `server init` first") from None
