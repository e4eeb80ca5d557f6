"""`reviewer-app case import`: one intake into ``-o CASE.umcase``, or many into ``-d DIR``.

Many intakes in one command pay the start (Python, the ORM, the policies, the identity)
once. Each good intake becomes ``DIR/<case id>.umcase``; each bad one is named in one
line on stderr and the rest go on; the exit status is 2 when any failed. A case file
that already exists is never overwritten.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reviewer_app.casefile.crypto import CaseKey, WeakPassphrase, check_new_passphrase
from reviewer_app.cli.context import PASSPHRASE_ENV, CliContext
from reviewer_app.cli.errors import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    CliError,
    OutputFailed,
    one_line,
    output_fault,
    require_new_file,
)

# The importer and the intake reader load in cmd_import: every command builds this parser,
# and a read-only command has no use for them.

PROG = "reviewer-app"


def add_parser(cs: argparse._SubParsersAction[Any], parents: list[argparse.ArgumentParser]) -> None:
    p = cs.add_parser(
        "import",
        parents=parents,
        help="create case files from intake requests (JSON) or Da Vinci PAS request Bundles",
        description="Import one intake into -o CASE.umcase, or any number into -d DIR (each "
        "as DIR/<case id>.umcase). With several, each good one is imported, each bad one is "
        "named in one line, and the exit status is 2 if any failed.",
    )
    p.add_argument("intakes", nargs="+", type=Path, metavar="INTAKE.json")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", type=Path, metavar="CASE.umcase")
    where.add_argument(
        "-d", "--directory", type=Path, metavar="DIR", help="the folder for the case files"
    )
    p.add_argument("--training", action="store_true", help="mark the cases as training cases")
    p.set_defaults(handler=cmd_import, signs_entries=True)


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from reviewer_app.casefile.errors import CaseFileError
    from reviewer_app.intake.model import IntakeError
    from reviewer_app.policy.loader import PolicyError

    intakes: list[Path] = args.intakes
    if args.output is not None:
        if len(intakes) > 1:
            raise CliError(f"-o {args.output}: one file for {len(intakes)} intakes; use -d DIR")
        _check_output(args.output)
    elif not args.directory.is_dir():
        raise CliError(f"-d {args.directory}: no such folder")
    key = None if args.training else ctx.case_key
    if key is not None:
        pw_file = args.case_passphrase_file
        check_new_key(key, f"--case-passphrase-file {pw_file}" if pw_file else PASSPHRASE_ENV)
    signer = ctx.entry_signer(f"case import {intakes[0]}", training=args.training)
    if args.output is not None:  # one intake: its error is the command's, as always
        _import_one(intakes[0], args.output, args.training, key, signer, ctx)
        return EXIT_OK
    failed = 0
    for done, path in enumerate(intakes):
        try:
            _import_one(path, None, args.training, key, signer, ctx, folder=args.directory)
        except ReportNotWritten as exc:  # the report, not the import: the rest would not show
            imported = done + 1 - failed
            raise CliError(
                f"{exc}; {imported} of {len(intakes)} intakes were imported into "
                f"{args.directory} before it, the rest were not tried"
            ) from None
        except (CliError, CaseFileError, IntakeError, PolicyError) as exc:
            failed += 1
            message = one_line(str(exc), sys.stderr.encoding)
            shown = message if message.startswith(str(path)) else f"{path}: {message}"
            print(f"{PROG}: error: {shown}", file=sys.stderr)
    if len(intakes) > 1:
        print(f"{len(intakes) - failed} of {len(intakes)} intakes imported into {args.directory}")
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _import_one(
    path: Path,
    out: Path | None,
    training: bool,
    key: CaseKey | None,
    signer: Any,
    ctx: CliContext,
    folder: Path | None = None,
) -> None:
    from reviewer_app.casefile.importer import case_id_for, import_intake
    from reviewer_app.casefile.naming import case_file_name
    from reviewer_app.intake import load_intake
    from reviewer_app.review.warnings import due_after_service

    intake = load_intake(path)
    if out is None:
        assert folder is not None
        out = folder / case_file_name(case_id_for(intake))
        if out.exists():
            raise CliError(f"{path}: {out} already exists; it was not overwritten")
    report: list[str] = []
    with import_intake(
        intake, out, ctx.policies, ctx.actor, training=training, key=key, signer=signer
    ) as case:
        if training:
            report.append(
                f"Training case: {out} is stored plain (training cases are never encrypted)"
            )
        elif key is None:
            print(
                f"warning: {out} is NOT encrypted; set {PASSPHRASE_ENV} or use "
                "--case-passphrase-file to encrypt case files",
                file=sys.stderr,
            )
        ev = case.evaluate()
        report.append(
            f"Imported {case.case_id} into {out} ({case.criteria.service}, CPT {case.header.cpt})"
        )
        report.append(
            f"Outcome so far: {ev.outcome.value}; {len(ev.unconfirmed)} answers from intake "
            "await confirmation"
        )
        late = due_after_service(case.due_at, case.header.date_of_service)
        if late:
            report.append(f"Warning: {late}")
    try:  # once the case is stored and closed: a failed report is not a failed import
        print("\n".join(report), flush=True)
    except OutputFailed as exc:
        raise ReportNotWritten(f"{output_fault(exc)}; {out} was imported") from None


class ReportNotWritten(CliError):
    """An intake's report could not be written to standard output, after its case was
    imported."""


def _check_output(out: Path) -> None:
    if out.suffix != ".umcase":
        raise CliError(f"-o {out}: a case file name must end in .umcase")
    require_new_file(out)


def check_new_key(key: CaseKey, where: str) -> None:
    """A passphrase that keys a new file follows the one rule (12 characters or more)."""
    try:
        check_new_passphrase(key)
    except WeakPassphrase as exc:
        raise CliError(f"{where}: {exc}") from None
