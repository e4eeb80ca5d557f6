"""A throwaway PostgreSQL 15 server for the department benchmark.

Its files belong to an unprivileged user when run as root (``initdb`` refuses root), and it
listens only on a unix socket in its own temporary folder. The same recipe as the tests'
(tests/server/conftest.py), with durable settings: fsync stays on, as on a real server.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PG_BIN = Path(os.environ.get("REVIEWER_APP_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_USER = "reviewer-pg"


def _server_user() -> tuple[int, int] | None:
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(PG_USER)
    except KeyError:
        made = subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
            capture_output=True,
            check=False,
        )
        entry = pwd.getpwnam(PG_USER if made.returncode == 0 else "nobody")
    return entry.pw_uid, entry.pw_gid


def _run(argv: list[str], who: tuple[int, int] | None) -> None:
    kwargs: dict[str, Any] = {} if who is None else {"user": who[0], "group": who[1]}
    if who is not None:
        kwargs["extra_groups"] = []
    done = subprocess.run(argv, capture_output=True, text=True, cwd="/", check=False, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed: {done.stdout}{done.stderr}")


@contextmanager
def pg_server() -> Iterator[Path]:
    """Start a server; yield its socket folder; stop and remove it."""
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL 15 is not installed ({PG_BIN}/initdb not found)")
    who = _server_user()
    root = Path(tempfile.mkdtemp(prefix="pgbench-", dir="/tmp"))
    if who is not None:
        os.chown(root, *who)
    data = root / "data"
    _run([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
          "-E", "UTF8", "--locale=C"], who)  # fmt: skip
    options = f"-k {root} -c listen_addresses='' -c max_connections=40"
    _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
          "-w", "start"], who)  # fmt: skip
    try:
        yield root
    finally:
        _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], who)
        shutil.rmtree(root, ignore_errors=True)
