"""Every change to a case ends here: its audit entry, signed, and the header's chain head.

:func:`append_entry` is the one place an audit entry is built and written, inside the
caller's transaction (``CaseDB.write()``); :func:`write_answer` is the answer hot path:
one short transaction of its writes and no reads (the store that holds the case's lock
keeps the header in memory, so the chain head needs no read first).
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from reviewer_app.casefile.audit import entry_hash
from reviewer_app.casefile.convert import answer_values, utc_now
from reviewer_app.casefile.db import (
    ANSWER,
    AUDIT,
    HEADER,
    CaseDB,
    insert,
    update_header,
    upsert,
    values_of,
)
from reviewer_app.casefile.entry_signing import EntrySigner, write_signature
from reviewer_app.casefile.status import after_work
from reviewer_app.review.answers import Answer

if TYPE_CHECKING:
    from reviewer_app.casefile.records import HeaderRecord


def entry_text(detail: dict[str, Any]) -> str:
    return json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)


def append_entry(
    conn: Connection,
    header: HeaderRecord,
    actor: str,
    action: str,
    text: str,
    signer: EntrySigner | None,
    **header_changes: Any,
) -> HeaderRecord:
    """Write the audit entry after ``header``'s chain head (signed by ``signer`` when
    given) and move the head, with ``header_changes``; return the header as it now is."""
    now = utc_now()
    seq = header.audit_count + 1
    at = now.isoformat().replace("+00:00", "Z")
    digest = entry_hash(header.audit_head, seq, at, actor, action, text)
    entry = {"case_id": header.case_id, "seq": seq, "at": at, "actor": actor, "action": action}
    entry |= {"detail": text, "prev_hash": header.audit_head, "hash": digest}
    insert(conn, AUDIT, entry)
    if signer is not None:
        write_signature(conn, signer, header.case_id, seq, digest, now)
    moved = {"audit_head": digest, "audit_count": seq, "updated_at": now, **header_changes}
    update_header(conn, header.case_id, moved)
    return SimpleNamespace(**(values_of(header) | moved))  # type: ignore[return-value]


def write_answer(
    db: CaseDB,
    header: HeaderRecord,
    criterion_id: str,
    answer: Answer,
    actor: str,
    detail: dict[str, Any],
    signer: EntrySigner | None = None,
) -> HeaderRecord:
    """Store ``answer`` with its audit entry; return the header as it now is on disk."""
    row = answer_values(header.case_id, criterion_id, answer, actor, utc_now())
    status = after_work(header.status).value
    with db.write() as conn:
        upsert(conn, ANSWER, row)
        return append_entry(
            conn, header, actor, "answer", entry_text(detail), signer, status=status
        )


def append_audit(
    db: CaseDB, actor: str, action: str, detail: dict[str, Any], signer: EntrySigner | None = None
) -> None:
    """Append one audit entry to the file behind ``db`` (a copy being prepared, such as a
    rekeyed file before it replaces the case), reading its header in the transaction."""
    from reviewer_app.casefile.db import record
    from reviewer_app.casefile.records import HeaderRecord

    with db.write() as conn:
        header = record(conn.execute(select(HEADER)).one(), HeaderRecord)
        append_entry(conn, header, actor, action, entry_text(detail), signer)
