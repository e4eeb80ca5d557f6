"""`reviewer-app case oral-notice`: record that an expedited denial was told by telephone."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext, case_key_option, identity_option
from reviewer_app.cli.errors import CliError


def add_parser(case_sub: argparse._SubParsersAction[Any]) -> None:
    p = case_sub.add_parser(
        "oral-notice",
        parents=[case_key_option(), identity_option()],
        help="record the telephone notice of an expedited denial (who, when, to whom)",
    )
    p.add_argument("case", type=Path, metavar="CASE.umcase")
    p.add_argument("--by", required=True, metavar="NAME", help="who made the call")
    p.add_argument("--to", required=True, metavar="WHOM", help="e.g. 'the member'")
    p.add_argument("--at", required=True, metavar="WHEN", help="e.g. 2026-11-21T15:30Z")
    p.set_defaults(handler=cmd_oral_notice, signs_entries=True)


def cmd_oral_notice(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.decisions.oral_notice import OralNoticeError, record_oral_notice
    from reviewer_app.letters.elements import OralNotice

    try:
        at = dt.datetime.fromisoformat(args.at)
    except ValueError:
        raise CliError(f"--at {args.at}: not a date and time (e.g. 2026-11-21T15:30Z)") from None
    with ctx.open_case(args.case) as case:
        if case.readonly:
            raise CliError(case.locked_by)
        now = dt.datetime.now(dt.UTC)
        try:
            notice = record_oral_notice(case, OralNotice(args.by, at, args.to), ctx.actor, now)
        except OralNoticeError as exc:
            raise CliError(f"oral notice: {exc}") from None
        print(
            f"{case.case_id}: oral notice recorded ({notice.by} told {notice.to} on "
            f"{notice.at:%Y-%m-%d %H:%M %Z}); the written notice is due by "
            f"{notice.written_due:%Y-%m-%d}"
        )
    return 0
