"""The answer hot path: one short transaction of three prepared statements.

A reviewer commits an answer every few seconds all day; the ORM's round trips would
triple the time of a durable commit. The case's header is held in memory by the store
that owns the file (and its lock), so the audit head and count need no read first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from reviewer_app.casefile.audit import entry_hash
from reviewer_app.casefile.convert import utc_now
from reviewer_app.casefile.entry_signing import DriverSQL, EntrySigner, write_signature
from reviewer_app.casefile.records import HeaderRecord
from reviewer_app.casefile.status import after_work
from reviewer_app.review.answers import Answer

# In the column formats SQLModel writes and reads (tests/test_answer_write.py checks it).
_UPSERT_ANSWER = (
    "INSERT INTO answer (criterion_id, reply, number, note, evidence_document, "
    "evidence_date, evidence_value, source, confirmed, answered_by, answered_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (criterion_id) DO UPDATE SET "
    "reply = excluded.reply, number = excluded.number, note = excluded.note, "
    "evidence_document = excluded.evidence_document, evidence_date = excluded.evidence_date, "
    "evidence_value = excluded.evidence_value, source = excluded.source, "
    "confirmed = excluded.confirmed, answered_by = excluded.answered_by, "
    "answered_at = excluded.answered_at"
)
_INSERT_AUDIT = (
    "INSERT INTO audit (seq, at, actor, action, detail, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_UPDATE_HEADER = (
    "UPDATE case_header SET audit_head = ?, audit_count = ?, updated_at = ?, status = ? "
    "WHERE id = 1"
)


def db_timestamp(value: dt.datetime) -> str:
    """A UTC time as SQLAlchemy stores a DateTime column in SQLite."""
    naive = value.astimezone(dt.UTC).replace(tzinfo=None)
    return naive.isoformat(sep=" ", timespec="microseconds")


def write_answer(
    raw: Any,
    header: HeaderRecord,
    criterion_id: str,
    answer: Answer,
    actor: str,
    detail: dict[str, Any],
    signer: EntrySigner | None = None,
) -> HeaderRecord:
    """Store ``answer`` with its audit entry (signed by ``signer`` when given) through the
    DB-API connection ``raw``; return the header as it now is on disk."""
    now = utc_now()
    seq = header.audit_count + 1
    at = now.isoformat().replace("+00:00", "Z")
    text = json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)
    digest = entry_hash(header.audit_head, seq, at, actor, "answer", text)
    status = after_work(header.status).value
    stamp = db_timestamp(now)
    evidence = answer.evidence
    answer_row = (
        criterion_id,
        answer.reply.value,
        answer.number,
        answer.note,
        evidence.document,
        evidence.date.isoformat() if evidence.date else None,
        evidence.value,
        answer.source.value,
        1 if answer.confirmed else 0,
        actor,
        stamp,
    )
    audit_row = (seq, at, actor, "answer", text, header.audit_head, digest)
    raw.execute("BEGIN IMMEDIATE")
    try:
        raw.execute(_UPSERT_ANSWER, answer_row)
        raw.execute(_INSERT_AUDIT, audit_row)
        if signer is not None:
            write_signature(raw, signer, seq, digest, stamp)
        raw.execute(_UPDATE_HEADER, (digest, seq, stamp, status))
        raw.execute("COMMIT")
    except BaseException:
        if raw.in_transaction:  # SQLite may have rolled back already (a full disk)
            raw.execute("ROLLBACK")
        raise
    return dataclasses.replace(
        header, audit_head=digest, audit_count=seq, updated_at=now, status=status
    )


_READ_HEAD = "SELECT audit_head, audit_count FROM case_header WHERE id = 1"
_UPDATE_HEAD = "UPDATE case_header SET audit_head = ?, audit_count = ?, updated_at = ? WHERE id = 1"


def append_audit(
    raw: Any, actor: str, action: str, detail: dict[str, Any], signer: EntrySigner | None = None
) -> None:
    """Append one audit entry to the file behind ``raw`` (a copy being prepared, such as
    a rekeyed file before it replaces the case), reading its chain head in the same
    transaction."""
    now = utc_now()
    at = now.isoformat().replace("+00:00", "Z")
    text = json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)
    raw.execute("BEGIN IMMEDIATE")
    try:
        head, count = raw.execute(_READ_HEAD).fetchone()
        seq = int(count) + 1
        digest = entry_hash(head, seq, at, actor, action, text)
        raw.execute(_INSERT_AUDIT, (seq, at, actor, action, text, head, digest))
        if signer is not None:
            write_signature(raw, signer, seq, digest, db_timestamp(now))
        raw.execute(_UPDATE_HEAD, (digest, seq, db_timestamp(now)))
        raw.execute("COMMIT")
    except BaseException:
        if raw.in_transaction:  # SQLite may have rolled back already (a full disk)
            raw.execute("ROLLBACK")
        raise


def add_entry(
    s: Any, header: Any, actor: str, action: str, detail: dict[str, Any], signer: Any
) -> tuple[str, int]:
    """Append an audit entry inside the ORM session ``s`` (before its commit), signed by
    ``signer`` when given, and move ``header``'s chain head; return (hash, seq)."""
    from reviewer_app.casefile.tables import AuditRow

    now = utc_now()
    seq = header.audit_count + 1
    at = now.isoformat().replace("+00:00", "Z")
    text = json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)
    digest = entry_hash(header.audit_head, seq, at, actor, action, text)
    s.add(
        AuditRow(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            detail=text,
            prev_hash=header.audit_head,
            hash=digest,
        )
    )
    if signer is not None:
        s.flush()
        write_signature(DriverSQL(s.connection()), signer, seq, digest, db_timestamp(now))
    header.audit_head = digest
    header.audit_count = seq
    header.updated_at = now
    s.add(header)
    return digest, seq
