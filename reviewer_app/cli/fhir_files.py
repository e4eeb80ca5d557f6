"""Writing FHIR files from the command line: owner-only, whole or absent, never over a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from reviewer_app import safe_files
from reviewer_app.cli.context import CliContext
from reviewer_app.cli.errors import CliError, require_free_output, require_new_file


def write_new(dest: Path, data: bytes) -> None:
    """``dest`` written atomically (0600) if its name is free; a ``CliError`` if not."""
    require_new_file(dest)
    try:
        safe_files.write_file(dest, data)
    except safe_files.OutputExists:
        raise CliError(f"-o {dest}: the file already exists; choose another name") from None


def export_response(args: argparse.Namespace, ctx: CliContext) -> int:
    """`case export CASE --fhir -o RESPONSE.json`: the decision as a PAS response Bundle."""
    import datetime as dt

    from reviewer_app.fhir.response import response_json

    if args.plain or args.to_passphrase_file is not None:
        raise CliError("--fhir writes a FHIR Bundle; --plain and --to-passphrase-file do not apply")
    out: Path = args.output
    require_free_output(out)
    with ctx.open_case(args.case, readonly=True) as case:
        data = response_json(case, ctx.organization().name, dt.datetime.now(dt.UTC))
        decision = case.header.status
    write_new(out, data)
    print(f"Wrote the PAS response for {args.case.name} to {out} ({decision}; FHIR R4 JSON)")
    return 0
