"""Intake requests made into cases for the queue, by the same code as `case import`."""

from __future__ import annotations

import tempfile
from pathlib import Path

from reviewer_app.casefile.entry_signing import EntrySigner
from reviewer_app.casefile.importer import import_intake
from reviewer_app.intake import IntakeError, load_intake
from reviewer_app.policy import PolicyRegistry
from reviewer_app.server.errors import ServerError
from reviewer_app.server.queue import NewRequest
from reviewer_app.server.transfer import read_file_rows


def request_from(path: Path, registry: PolicyRegistry, signer: EntrySigner) -> NewRequest:
    """The case an umcase-intake JSON file (or a Da Vinci PAS request Bundle) makes:
    built as a case file (its header, answers pre-filled from the intake and its first
    audit entry, signed by ``signer``, sealed) in a private temporary folder, read back
    row for row, deleted."""
    try:
        intake = load_intake(path)
    except IntakeError as exc:
        named = str(exc) if str(path) in str(exc) else f"{path}: {exc}"
        raise ServerError(f"{named}; nothing was queued") from None
    with tempfile.TemporaryDirectory(prefix="reviewer-intake-") as folder:
        made = Path(folder) / "case.umcase"
        import_intake(intake, made, registry, signer.actor, signer=signer).close()
        rows = read_file_rows(made, None)
    header = rows["case_header"][0]
    return NewRequest(
        case_id=str(header["case_id"]),
        urgency=str(header["urgency"]),
        cpt=str(header["cpt"]),
        received_at=header["received_at"],
        due_at=header["due_at"],
        rows=rows,
    )
