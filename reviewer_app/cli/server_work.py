"""`reviewer-app server import | list | claim | checkin`: the queue's daily work."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reviewer_app.casefile.crypto import WeakPassphrase, check_new_passphrase
from reviewer_app.cli.context import PASSPHRASE_ENV, CliContext, case_key_option, identity_option
from reviewer_app.cli.errors import CliError


def add_parsers(ss: argparse._SubParsersAction[Any], db: argparse.ArgumentParser) -> None:
    from reviewer_app.cli.server_cmds import server_errors

    key = case_key_option()
    p = ss.add_parser(
        "import",
        parents=[db, identity_option()],
        help="queue intake requests (umcase-intake JSON), each case's first entry signed",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--team", required=True, metavar="T", help="the team whose queue takes them")
    p.set_defaults(handler=server_errors(cmd_import), signs_entries=True)

    p = ss.add_parser("list", parents=[db], help="the queue you may see, most urgent first")
    p.add_argument("--all", action="store_true", help="include decided cases")
    p.set_defaults(handler=server_errors(cmd_list))

    p = ss.add_parser(
        "release", parents=[db], help="(admins) end the lease on a claimed case: queue it again"
    )
    p.add_argument("case_id", metavar="CASE_ID")
    p.set_defaults(handler=server_errors(cmd_release))

    p = ss.add_parser("history", parents=[db], help="who did what to a case, and when")
    p.add_argument("case_id", metavar="CASE_ID")
    p.set_defaults(handler=server_errors(cmd_history))

    p = ss.add_parser(
        "claim", parents=[db, key], help="claim the most urgent case and write it here"
    )
    p.add_argument("--next", action="store_true", required=True, help="the most urgent case")
    p.add_argument("-o", "--output", type=Path, default=Path("."), metavar="FOLDER")
    p.add_argument("--lease-hours", type=float, default=8.0, metavar="H")
    p.add_argument("--queue", choices=["nurse", "md"], default=None, help="(admins) which queue")
    p.add_argument("--plain", action="store_true", help="write the case unencrypted")
    p.set_defaults(handler=server_errors(cmd_claim))

    p = ss.add_parser("checkin", parents=[db, key], help="send a claimed case back to the server")
    p.add_argument("case", type=Path, metavar="CASE.umcase")
    p.set_defaults(handler=server_errors(cmd_checkin))


@contextmanager
def department(args: argparse.Namespace) -> Iterator[Any]:
    from reviewer_app.server.connection import connect
    from reviewer_app.server.queue import DepartmentQueue
    from reviewer_app.server.schema import engine_for

    conn = connect(args.db)
    try:
        yield DepartmentQueue(engine_for(conn))
    finally:
        conn.close()


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.server.intake import request_from

    signer = ctx.entry_signer("server import", training=False)  # each case's "created"
    requests = [request_from(path, ctx.policies, signer) for path in args.files]
    with department(args) as dept:
        dept.enqueue(requests, args.team)
    for req in requests:
        print(f"Queued {req.case_id} for team {args.team}, due {req.due_at:%Y-%m-%d %H:%M} UTC")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    with department(args) as dept:
        entries = dept.entries(include_decided=args.all)
    now = dt.datetime.now(dt.UTC)
    if not entries:
        print("The queue is empty")
        return 0
    print(f"{'DUE (UTC)':<17}  {'CASE':<32}  {'URGENCY':<9}  {'QUEUE':<5}  {'STATE':<8}  HOLDER")
    for e in entries:
        state = e.open_state(now)
        holder = e.lease_holder if state == "claimed" else ""
        print(
            f"{e.due_at:%Y-%m-%d %H:%M}  {e.case_id:<32}  {e.urgency:<9}  {e.queue:<5}  "
            f"{state:<8}  {holder or ''}"
        )
    return 0


def cmd_release(args: argparse.Namespace, ctx: CliContext) -> int:
    with department(args) as dept:
        holder = dept.release(args.case_id)
    print(f"Released {args.case_id}: queued again; {holder}'s copy can no longer be checked in")
    return 0


def cmd_history(args: argparse.Namespace, ctx: CliContext) -> int:
    with department(args) as dept:
        events = dept.history(args.case_id)
    if not events:
        print(f"No events of {args.case_id} that you may see")
        return 0
    for e in events:
        detail = ", ".join(f"{k}={v}" for k, v in sorted(e.detail.items()))
        print(f"{e.at:%Y-%m-%d %H:%M:%S} UTC  {e.action:<13}  {e.actor}  {detail}".rstrip())
    return 0


def cmd_claim(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.server.checkout import check_out
    from reviewer_app.server.tables import Queue

    if not args.output.is_dir():
        raise CliError(f"-o {args.output}: no such folder")
    if ctx.case_key is None and not args.plain:
        raise CliError(
            f"a claimed case is written encrypted: give its passphrase with "
            f"--case-passphrase-file F or {PASSPHRASE_ENV} (or --plain, for tests)"
        )
    if ctx.case_key is not None and not args.plain:
        where = args.case_passphrase_file or PASSPHRASE_ENV
        try:
            check_new_passphrase(ctx.case_key)
        except WeakPassphrase as exc:
            raise CliError(f"{where}: {exc}") from None
    if not 0 < args.lease_hours <= 24 * 14:
        raise CliError("--lease-hours: between 0 and 336 hours")
    lease = dt.timedelta(hours=args.lease_hours)
    asked = {"nurse": Queue.NURSE, "md": Queue.MEDICAL_DIRECTOR}.get(args.queue or "")
    with department(args) as dept:
        done = check_out(dept, args.output, None if args.plain else ctx.case_key, lease, asked)
    if done is None:
        print("Nothing to claim: the queue is empty")
        return 0
    claim, path = done
    print(
        f"Claimed {claim.case_id} (due {claim.due_at:%Y-%m-%d %H:%M} UTC) until "
        f"{claim.lease_expires:%Y-%m-%d %H:%M} UTC: {path}"
    )
    if args.plain:
        print(f"warning: {path} is NOT encrypted", file=sys.stderr)
    return 0


def cmd_checkin(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.server.checkin import check_in, read_checked

    found = read_checked(
        args.case, ctx.case_key, ctx.policies, ctx.entry_check(), ctx.trust_anchors()
    )
    with department(args) as dept:
        done = check_in(dept, found)
    moved = {"decided": "decided", "queued": f"back in the {done.queue} queue"}[done.state]
    print(
        f"Checked in {done.case_id}: {done.new_entries} new audit entries, "
        f"{done.rows_written} rows written; the case is {moved}"
    )
    return 0
