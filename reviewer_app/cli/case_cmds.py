"""`reviewer-app case ...`: import, show, answer, confirm, evaluate, audit, export."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from reviewer_app.casefile.crypto import CaseKey, is_plain_sqlite
from reviewer_app.cli import import_cmd
from reviewer_app.cli.context import (
    CliContext,
    case_key_option,
    identity_option,
)
from reviewer_app.cli.errors import EXIT_FAILED_CHECK, CliError
from reviewer_app.cli.import_cmd import check_new_key
from reviewer_app.cli.report import case_text, evaluation_json
from reviewer_app.review.answers import Answer, Evidence, Reply


def add_parsers(sub: argparse._SubParsersAction[Any]) -> argparse._SubParsersAction[Any]:
    key = case_key_option()
    ident = identity_option()
    case = sub.add_parser("case", help="work with case files")
    cs: argparse._SubParsersAction[Any] = case.add_subparsers(
        dest="case_command", required=True, metavar="COMMAND"
    )

    import_cmd.add_parser(cs, [key, ident])

    p = cs.add_parser("show", parents=[key], help="print a case and its checklist")
    p.add_argument("case", type=Path, metavar="CASE.umcase")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_show)

    p = cs.add_parser("answer", parents=[key, ident], help="answer one checklist criterion")
    p.add_argument("case", type=Path, metavar="CASE.umcase")
    p.add_argument("criterion", metavar="CRITERION_ID")
    p.add_argument(
        "reply",
        metavar="yes|no|unknown",
        help="the answer; for a number criterion (a chimerism result) the number itself",
    )
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--evidence-document", default="", metavar="TEXT")
    p.add_argument("--evidence-date", default=None, metavar="YYYY-MM-DD")
    p.add_argument("--evidence-value", default="", metavar="TEXT")
    p.set_defaults(handler=cmd_answer, signs_entries=True)

    p = cs.add_parser(
        "confirm", parents=[key, ident], help="confirm answers pre-filled from the intake"
    )
    p.add_argument("case", type=Path, metavar="CASE.umcase")
    p.add_argument("criteria", nargs="*", metavar="CRITERION_ID", help="default: all")
    p.set_defaults(handler=cmd_confirm, signs_entries=True)

    p = cs.add_parser("evaluate", parents=[key], help="evaluate the checklist against the policy")
    p.add_argument("case", type=Path, metavar="CASE.umcase")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_evaluate)

    p = cs.add_parser(
        "audit", parents=[key], help="print the audit trail; exit 1 if its chain is broken"
    )
    p.add_argument("case", type=Path, metavar="CASE.umcase")
    p.set_defaults(handler=cmd_audit)

    p = cs.add_parser(
        "export", parents=[key], help="write a consistent copy of a case to send elsewhere"
    )
    p.add_argument("case", type=Path, metavar="CASE.umcase")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="COPY.umcase")
    p.add_argument(
        "--to-passphrase-file",
        type=Path,
        metavar="F",
        help="encrypt the copy with this passphrase, shared with its recipient",
    )
    p.add_argument("--plain", action="store_true", help="write an unencrypted copy")
    p.add_argument(
        "--fhir",
        action="store_true",
        help="write the decision as a Da Vinci PAS response Bundle (FHIR R4 JSON) instead",
    )
    p.set_defaults(handler=cmd_export)

    p = cs.add_parser(
        "rekey", parents=[key, ident], help="change a case file's passphrase atomically"
    )
    p.add_argument("case", type=Path, metavar="CASE.umcase")
    p.add_argument("--new-passphrase-file", type=Path, required=True, metavar="F")
    p.set_defaults(handler=cmd_rekey, signs_entries=True)
    return cs


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_case(args.case, readonly=True) as case:
        ev = case.evaluate()
        if args.json:
            data = evaluation_json(case, ev, ctx.today())
            h = case.header
            data["header"] = {
                "member": {"id": h.member_id, "name": h.member_name, "date_of_birth": h.member_dob},
                "requesting_provider": {"name": h.provider_name, "npi": h.provider_npi},
                "date_of_service": h.date_of_service,
                "urgency": h.urgency,
                "line_of_business": h.line_of_business,
                "received_at": case.received_at,
                "due_at": case.due_at,
                "training": h.training,
            }
            print(json.dumps(data, indent=2, default=str))
        else:
            print(case_text(case, ev, dt.datetime.now(dt.UTC)))
    return 0


def _parse_date(text: str | None, flag: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{flag}: {text!r} is not a date (YYYY-MM-DD)") from None


def cmd_answer(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_case(args.case) as case:
        if case.readonly:
            raise CliError(case.locked_by)
        node = next((n for n in case.criteria.root.leaves() if n.id == args.criterion), None)
        if node is None:
            known = ", ".join(n.id for n in case.criteria.root.leaves())
            raise CliError(f"CRITERION_ID: unknown criterion {args.criterion!r} (known: {known})")
        evidence = Evidence(
            document=args.evidence_document,
            date=_parse_date(args.evidence_date, "--evidence-date"),
            value=args.evidence_value,
        )
        if node.input == "number":
            answer = Answer(number=_number(args.reply, node.id), note=args.note, evidence=evidence)
        else:
            try:
                reply = Reply(args.reply)
            except ValueError:
                raise CliError(f"answer: {args.reply!r} is not one of yes | no | unknown") from None
            answer = Answer(reply=reply, note=args.note, evidence=evidence)
        change = case.set_answer(node.id, answer, ctx.actor)
        ev = case.evaluate()
        note = "" if change.changed else " (unchanged: nothing recorded)"
        print(f"{node.id}: {ev.state(node.id).value}; outcome {ev.outcome.value}{note}")
    return 0


def _number(text: str, criterion: str) -> float | None:
    if text == "unknown":
        return None
    try:
        value = float(text)
    except ValueError:
        raise CliError(
            f"answer: {criterion} takes a number (the donor percentage) or 'unknown', not {text!r}"
        ) from None
    if not math.isfinite(value):
        raise CliError(f"answer: {text!r} is not a finite number")
    return value


def cmd_confirm(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_case(args.case) as case:
        if case.readonly:
            raise CliError(case.locked_by)
        done = case.confirm(args.criteria or None, ctx.actor)
        print(f"Confirmed {len(done)} answer(s)" + (": " + ", ".join(done) if done else ""))
    return 0


def cmd_evaluate(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.open_case(args.case, readonly=True) as case:
        ev = case.evaluate()
        data = evaluation_json(case, ev, ctx.today())
        if args.json:
            print(json.dumps(data, indent=2))
        else:
            print(f"{data['outcome']}")
            for w in data["warnings"]:
                print(f"Warning: {w}")
    return 0


def cmd_audit(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.decisions.entry_trust import check_entries

    with ctx.open_case(args.case, readonly=True) as case:
        entries = case.audit_snapshot()
        signatures, certs = case.entry_signatures()
        training = case.header.training
        for row in entries:
            print(
                f"{row.seq:4}  {row.at}  {row.actor}  {row.action}  {row.detail}  {row.hash[:12]}"
            )
        if not case.chain.ok:
            raise CliError(f"audit chain broken: {case.chain.problem}", EXIT_FAILED_CHECK)
        print(f"Audit chain intact: {case.chain.count} entries, head {case.chain.head}")
    anchors = None  # an unsigned trail needs no trust bundle (nor its certificates parsed)
    if signatures:
        anchors = ctx.anchors()
    # Whom the signatures name (a failing one already broke the chain as the case opened).
    report = check_entries(entries, signatures, certs, anchors, training=training)
    print(f"Signatures: {report.summary(len(entries))}")
    return 0


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.fhir:
        from reviewer_app.cli.fhir_files import export_response

        return export_response(args, ctx)
    if args.plain and args.to_passphrase_file is not None:
        raise CliError("--plain and --to-passphrase-file contradict each other; give one")
    new_key = _new_key(args.to_passphrase_file, "--to-passphrase-file")
    with ctx.open_case(args.case, readonly=True) as case:
        if args.plain:
            case.export_copy(args.output, key=None)
        elif new_key is not None:
            case.export_copy(args.output, key=new_key)
        else:
            case.export_copy(args.output)
    # Say what was written, read back from the copy itself rather than assumed.
    state = "NOT encrypted" if is_plain_sqlite(args.output) else "encrypted"
    print(f"Wrote a consistent copy to {args.output} ({state})")
    return 0


def _new_key(path: Path | None, flag: str) -> CaseKey | None:
    if path is None:
        return None
    try:
        key = CaseKey(path.read_bytes())
    except OSError as exc:
        raise CliError(f"{flag} {path}: cannot read ({exc.strerror})") from None
    except (ValueError, UnicodeDecodeError):
        raise CliError(f"{flag} {path}: empty or not UTF-8 text") from None
    check_new_key(key, f"{flag} {path}")
    return key


def cmd_rekey(args: argparse.Namespace, ctx: CliContext) -> int:
    new_key = _new_key(args.new_passphrase_file, "--new-passphrase-file")
    with ctx.open_case(args.case) as case:
        if case.readonly:
            raise CliError(case.locked_by)
        if case.header.training:
            raise CliError(f"{args.case}: training cases stay plain; nothing to rekey")
        case.rekey(new_key, ctx.actor)
    print(f"Changed the passphrase of {args.case}")
    return 0
