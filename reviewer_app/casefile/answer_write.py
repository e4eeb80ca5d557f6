"""Every change to a case ends here: its audit entry, signed, and the header's chain head.

:func:`append_entry` is the one place an audit entry is built and written, inside the
caller's transaction (``CaseDB.write()``); :func:`write_answer` is the answer hot path:
one short transaction of its writes and no reads (the store that holds the case's lock
keeps the header in memory, so the chain head needs no read first).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from reviewer_app.casefile.audit import entry_hash
from reviewer_app.casefile.convert import answer_values, utc_now
from reviewer_app.casefile.db import (
    ANSWER,
    AUDIT,
    HEADER,
    CaseDB,
    header_write,
    insert_statement,
    record,
    record_of,
    run,
    stored_certs,
    upsert_statement,
)
from reviewer_app.casefile.entry_signing import EntrySigner, signature_writes
from reviewer_app.casefile.status import after_work
from reviewer_app.review.answers import Answer

if TYPE_CHECKING:
    from reviewer_app.casefile.records import AnswerRecord, HeaderRecord


_DETAIL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)  # built once


def entry_text(detail: dict[str, Any]) -> str:
    return _DETAIL.encode(detail)


Write = tuple[Any, dict[str, Any]]  # a statement built once, and the values it runs with


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
    given) and move the head, with ``header_changes``, inside the caller's transaction;
    return the header as it now is."""
    stored = stored_certs(conn)
    writes, moved = entry_writes(
        header, actor, action, text, signer, (stored, conn.dialect.name), header_changes
    )
    for stmt, values in writes:
        run(conn, stmt, values)
    return moved


def entry_writes(
    header: HeaderRecord,
    actor: str,
    action: str,
    text: str,
    signer: EntrySigner | None,
    certs: tuple[set[tuple[str, str]], str],
    header_changes: dict[str, Any],
) -> tuple[list[Write], HeaderRecord]:
    """The writes of one audit entry (the entry, its signature, the header's new chain
    head) and the header as it will be once they are committed. ``certs``: the signer
    certificates the connection has stored, and its dialect."""
    now = utc_now()
    seq = header.audit_count + 1
    at = now.isoformat().replace("+00:00", "Z")
    digest = entry_hash(header.audit_head, seq, at, actor, action, text)
    entry = {"case_id": header.case_id, "seq": seq, "at": at, "actor": actor, "action": action}
    entry |= {"detail": text, "prev_hash": header.audit_head, "hash": digest}
    writes: list[Write] = [(insert_statement(AUDIT), entry)]
    if signer is not None:
        writes += signature_writes(signer, header.case_id, seq, digest, now, *certs)
    moved = {"audit_head": digest, "audit_count": seq, "updated_at": now, **header_changes}
    writes.append(header_write(header.case_id, moved))
    after = copy.copy(header)
    vars(after).update(moved)
    return writes, after


def write_answer(
    db: CaseDB,
    header: HeaderRecord,
    criterion_id: str,
    answer: Answer,
    actor: str,
    detail: dict[str, Any],
    signer: EntrySigner | None = None,
) -> tuple[HeaderRecord, AnswerRecord]:
    """Store ``answer`` with its audit entry in one durable transaction of its writes and
    no reads; return the header and the answer's row as they now are on disk."""
    row = answer_values(header.case_id, criterion_id, answer, actor, utc_now())
    changes = {"status": after_work(header.status).value}
    certs = (stored_certs(db.conn), "sqlite")
    text = entry_text(detail)
    writes, moved = entry_writes(header, actor, "answer", text, signer, certs, changes)
    db.commit_writes([(upsert_statement("sqlite", ANSWER, tuple(row), False), row), *writes])
    from reviewer_app.casefile.records import AnswerRecord

    return moved, record_of(row, AnswerRecord)


@dataclass(frozen=True)
class AnswerChange:
    """What setting an answer touched: the criterion, and its row as now stored (None
    when the answer was already so and nothing was written)."""

    criterion_id: str
    stored: AnswerRecord | None

    @property
    def changed(self) -> bool:
        return self.stored is not None


def append_audit(
    db: CaseDB, actor: str, action: str, detail: dict[str, Any], signer: EntrySigner | None = None
) -> None:
    """Append one audit entry to the file behind ``db`` (a copy being prepared, such as a
    rekeyed file before it replaces the case), reading its header in the transaction."""
    from reviewer_app.casefile.records import HeaderRecord

    with db.write() as conn:
        header = record(conn.execute(select(HEADER)).one(), HeaderRecord)
        append_entry(conn, header, actor, action, entry_text(detail), signer)
