"""A real PostgreSQL 15 server for the department tests: one per pytest-xdist worker.

``initdb`` refuses to run as root, so when the tests run as root (CI does) the server's
files belong to an unprivileged system user and ``initdb`` and ``pg_ctl`` run as that
user. The server listens only on a unix socket in its own temporary folder, so the two
workers' servers never compete for a TCP port. Each test gets a fresh database owned by
a fresh role that may create roles but is not a superuser, as a site's DBA would set up.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import Department, PgServer

PG_BIN = Path(os.environ.get("REVIEWER_APP_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_USER = "reviewer-pg"  # the system user that owns the test servers when tests run as root


def _server_user() -> tuple[int, int] | None:
    """(uid, gid) to run the server as, or None when not root (then: ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(PG_USER)
    except KeyError:
        made = subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
            capture_output=True,
        )
        entry = pwd.getpwnam(PG_USER if made.returncode == 0 else "nobody")
    return entry.pw_uid, entry.pw_gid


def _run(argv: list[str], who: tuple[int, int] | None) -> None:
    kwargs = {} if who is None else {"user": who[0], "group": who[1], "extra_groups": []}
    done = subprocess.run(argv, capture_output=True, text=True, cwd="/", **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed: {done.stdout}{done.stderr}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL 15 is not installed ({PG_BIN}/initdb not found)")
    who = _server_user()
    root = Path(tempfile.mkdtemp(prefix="pg-", dir="/tmp"))  # short: a socket path is ≤ 107
    if who is not None:
        os.chown(root, *who)
    data = root / "data"
    _run([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
          "--no-sync", "--locale=C"], who)  # fmt: skip
    options = f"-k {root} -c listen_addresses='' -c fsync=off -c max_connections=60"
    _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
          "-w", "start"], who)  # fmt: skip
    try:
        yield PgServer(root)
    finally:
        _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], who)
        shutil.rmtree(root, ignore_errors=True)


_counter = itertools.count(1)


@pytest.fixture
def department(pg_server: PgServer) -> Department:
    import psycopg

    suffix = f"{os.getpid()}_{next(_counter)}"
    dbname, owner = f"dept_{suffix}", f"owner_{suffix}"
    with psycopg.connect(pg_server.superuser(), autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
        conn.execute(f'CREATE DATABASE "{dbname}" OWNER "{owner}"')
    return Department(pg_server, dbname, owner, suffix)
