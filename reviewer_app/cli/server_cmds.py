"""`reviewer-app server ...`: the department's shared queue on PostgreSQL.

Every command connects with ``--db URL`` or the libpq service named by ``PGSERVICE``;
passwords come from ``~/.pgpass``, never from the command line.
"""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.cli.errors import CliError

Handler = Callable[[argparse.Namespace, CliContext], int]


def _db_option() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        default=None,
        metavar="URL",
        help="postgresql://USER@HOST/DB?sslmode=verify-full (default: the PGSERVICE service)",
    )
    return parent


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    from reviewer_app.cli import server_work

    db = _db_option()
    server = sub.add_parser("server", help="the department server: shared queue on PostgreSQL")
    ss: argparse._SubParsersAction[Any] = server.add_subparsers(
        dest="server_command", required=True, metavar="COMMAND"
    )
    p = ss.add_parser("init", parents=[db], help="create or upgrade the department schema")
    p.set_defaults(handler=cmd_init)

    p = ss.add_parser("add-user", parents=[db], help="create a department user (a database role)")
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "--role",
        required=True,
        choices=["nurse_reviewer", "medical_director", "trainer", "admin"],
    )
    p.add_argument("--team", default=None, metavar="T", help="the team whose queue a nurse works")
    p.add_argument(
        "--password-file",
        type=Path,
        default=None,
        metavar="F",
        help="a file holding the user's password (stored only as a SCRAM verifier)",
    )
    p.set_defaults(handler=cmd_add_user)
    server_work.add_parsers(ss, db)


def server_errors(handler: Handler) -> Handler:
    """A server refusal or a database error as one line and exit 2."""

    @functools.wraps(handler)
    def wrapped(args: argparse.Namespace, ctx: CliContext) -> int:
        import psycopg
        from sqlalchemy.exc import DBAPIError

        from reviewer_app.server.errors import ServerError

        try:
            return handler(args, ctx)
        except ServerError as exc:
            raise CliError(str(exc)) from None
        except (psycopg.Error, DBAPIError) as exc:
            cause = (exc.orig or exc) if isinstance(exc, DBAPIError) else exc
            if isinstance(cause, psycopg.errors.InsufficientPrivilege):
                raise CliError(f"the database refused: {_first_line(cause)}") from None
            raise CliError(f"department server: {_first_line(cause)}") from None

    return wrapped


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


@server_errors
def cmd_init(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.server import schema
    from reviewer_app.server.connection import connect

    with connect(args.db) as conn:
        before, after = schema.upgrade(conn)
        name = conn.info.dbname
        problems = schema.drift(conn)
    if problems:
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        raise CliError(
            f"the department schema in {name} (revision {after}) does not match this version "
            f"of the app ({problems[0]}{more}): a migration is missing; do not use it yet"
        )
    if before == after:
        print(f"Department schema in {name} is up to date (revision {after})")
    elif before is None:
        print(f"Department schema created in {name} (revision {after})")
    else:
        print(f"Department schema in {name} upgraded from revision {before} to {after}")
    return 0


@server_errors
def cmd_add_user(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.server.connection import connect
    from reviewer_app.server.people import add_user
    from reviewer_app.server.tables import Role

    password = read_secret(args.password_file) if args.password_file else None
    role = Role(args.role)
    with connect(args.db) as conn:
        add_user(conn, args.name, role, args.team, password)
    team = f" in team {args.team}" if args.team else ""
    print(f"Added {args.name} as {role.value}{team}")
    return 0


def read_secret(path: Path) -> str:
    try:
        text = path.read_text("utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"--password-file {path}: cannot read ({type(exc).__name__})") from None
    if not text:
        raise CliError(f"--password-file {path}: the file is empty")
    if os.stat(path).st_mode & 0o077:
        raise CliError(f"--password-file {path}: others can read it; chmod 600 it first")
    return text
