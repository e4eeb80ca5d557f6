"""Determinations and their signed letters, stored inside the case file.

Letter bytes carry their SHA-256 and are checked on every read: SQLite does not notice a
flipped byte inside a BLOB. A final determination locks the case; changing it takes a
medical director's reopening, and the next letter supersedes the old one (both kept).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update

from reviewer_app.casefile.convert import to_db_time
from reviewer_app.casefile.db import DETERMINATION, LETTER, record, record_of, run, stored_certs
from reviewer_app.casefile.entry_signing import certificate_writes, read_certificates
from reviewer_app.casefile.errors import CaseStateError, LetterIntegrityError
from reviewer_app.casefile.records import CURRENT, REOPENED
from reviewer_app.casefile.replay import recorded_time
from reviewer_app.casefile.status import CaseStatus
from reviewer_app.casefile.store import CaseFile
from reviewer_app.casefile.tables import DeterminationRow, LetterRow

FINAL_DECISIONS = ("approve", "deny")


@dataclass(frozen=True)
class SignedLetter:
    kind: str
    pdf: bytes
    signer_label: str
    audit_head: str
    signer_cert_der: bytes
    signer_subject: str


@dataclass(frozen=True)
class DecisionRecord:
    decision: str
    outcome: str
    rationale: str
    decided_by: str
    credentials: str
    role: str
    decided_at: dt.datetime


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def letters(case: CaseFile) -> list[LetterRow]:
    """Every letter, newest version first, the member's letter before the authorized
    representative's copy of the same version (bytes checked on reading, ``letter_pdf``)."""
    stmt = (
        select(LETTER)
        .where(LETTER.c.case_id == case.case_id)
        .order_by(LETTER.c.version.desc(), LETTER.c.id)
    )
    return [record(r, LetterRow) for r in case.db.rows(stmt)]


def representative_copies(case: CaseFile) -> set[int]:
    """The ids of the letters that are an authorized representative's copy: stored with
    a determination's version, while the determination points to the member's letter."""
    members = {d.letter_id for d in determinations(case)}
    ids = case.db.rows(select(LETTER.c.id).where(LETTER.c.case_id == case.case_id))
    return {int(i) for (i,) in ids if i not in members}  # ids only: no letter's bytes


def latest_letter(case: CaseFile) -> LetterRow | None:
    rows = letters(case)
    return rows[0] if rows else None


def letter_pdf(case: CaseFile, letter_id: int) -> bytes:
    stmt = select(LETTER).where(LETTER.c.case_id == case.case_id, LETTER.c.id == letter_id)
    found = case.db.first(stmt)
    if found is None:
        raise LetterIntegrityError(f"{case.case_id}: there is no letter {letter_id}")
    row = record(found, LetterRow)
    if not isinstance(row.pdf, bytes) or sha256(row.pdf) != row.sha256:
        raise LetterIntegrityError(
            f"{case.case_id}: letter version {row.version} does not match its recorded SHA-256; "
            "the stored bytes were altered or damaged"
        )
    return row.pdf


def determinations(case: CaseFile) -> list[DeterminationRow]:
    stmt = (
        select(DETERMINATION)
        .where(DETERMINATION.c.case_id == case.case_id)
        .order_by(DETERMINATION.c.id)
    )
    return [record(r, DeterminationRow) for r in case.db.rows(stmt)]


def current_determination(case: CaseFile) -> DeterminationRow | None:
    """The determination in force (``records.CURRENT``: the newest neither superseded nor
    reopened)."""
    return _newest_determination(case, CURRENT)


def _newest_determination(case: CaseFile, which: Any) -> DeterminationRow | None:
    stmt = (
        select(DETERMINATION)
        .where(DETERMINATION.c.case_id == case.case_id, which)
        .order_by(DETERMINATION.c.id.desc())
        .limit(1)
    )
    row = case.db.first(stmt)
    return None if row is None else record(row, DeterminationRow)


def reopened_determination(case: CaseFile) -> DeterminationRow | None:
    """The determination a medical director reopened, which the next letter supersedes."""
    return _newest_determination(case, REOPENED)


def locked(case: CaseFile) -> bool:
    det = current_determination(case)
    return det is not None and det.locked


def trusted_certs(case: CaseFile) -> list[bytes]:
    return list(read_certificates(case.db, case.case_id).values())


def next_version(case: CaseFile) -> tuple[int, str | None]:
    """The version number for a new letter and the hash of the final letter it supersedes."""
    rows = letters(case)
    version = (rows[0].version + 1) if rows else 1
    replaced = [d for d in determinations(case) if d.superseded_by is not None or d.reopened]
    by_id = {r.id: r.sha256 for r in rows}
    letter_id = replaced[-1].letter_id if replaced else None
    supersedes = by_id.get(letter_id) if letter_id is not None else None
    return version, supersedes


def store_decision(
    case: CaseFile,
    record_: DecisionRecord,
    letter: SignedLetter,
    version: int,
    actor: str,
    *,
    due_at: dt.datetime | None = None,
    copy_pdf: bytes | None = None,
) -> LetterRow:
    """Store the decision and its letter in one transaction with its audit entry;
    ``due_at``: the case's new due time (a pend moves it), recorded from/to in the entry;
    ``copy_pdf``: the authorized representative's signed copy, stored with the same
    version and recorded in the same entry."""
    if locked(case):
        raise CaseStateError(
            f"{case.case_id} already has a final determination; a medical director must reopen it"
        )
    digest = sha256(letter.pdf)
    final = record_.decision in FINAL_DECISIONS
    detail = {
        "decision": record_.decision,
        "outcome": record_.outcome,
        "letter_sha256": digest,
        "letter_version": version,
        "signer": letter.signer_label,
        "role": record_.role,
    }
    if final:  # a decision after its due time is on the record as such
        detail["decided_after_due"] = record_.decided_at > case.due_at
    if copy_pdf is not None:
        detail["copy_sha256"] = sha256(copy_pdf)
    moved: dict[str, Any] = {}
    if due_at is not None and due_at != case.due_at:
        detail["due_at"] = {"from": recorded_time(case.due_at), "to": recorded_time(due_at)}
        moved["due_at"] = to_db_time(due_at)
    reopened = reopened_determination(case)
    any_letter = case.letter_count() > 0  # a count, not every letter's bytes
    decided_at = to_db_time(record_.decided_at)
    row = {
        "case_id": case.case_id,
        "version": version,
        "kind": letter.kind,
        "pdf": letter.pdf,
        "sha256": digest,
        "created_at": decided_at,
        "signer": letter.signer_label,
        "audit_head": letter.audit_head,
        "supersedes_id": reopened.letter_id if reopened is not None and any_letter else None,
    }
    status = {"status": CaseStatus.DECIDED.value} if final else {}
    action = "decided" if final else "letter"
    with case.change(actor, action, detail, **status, **moved) as conn:
        letter_id = _next_id(conn, LETTER, case.case_id)
        conn.execute(insert(LETTER).values(row | {"id": letter_id}))
        if copy_pdf is not None:  # after the member's letter: the trail's order
            copy: dict[str, Any] = {"pdf": copy_pdf, "sha256": sha256(copy_pdf)}
            copy["id"] = _next_id(conn, LETTER, case.case_id)
            conn.execute(insert(LETTER).values(row | copy))
        det = {
            "case_id": case.case_id,
            "version": version,
            "decision": record_.decision,
            "outcome": record_.outcome,
            "rationale": record_.rationale,
            "decided_by": record_.decided_by,
            "credentials": record_.credentials,
            "role": record_.role,
            "decided_at": decided_at,
            "letter_id": letter_id,
            "locked": final,
        }
        det_id = _next_id(conn, DETERMINATION, case.case_id)
        conn.execute(insert(DETERMINATION).values(det | {"id": det_id}))
        if reopened is not None:
            conn.execute(
                update(DETERMINATION)
                .where(DETERMINATION.c.id == reopened.id)
                .values(superseded_by=det_id)
            )
        # The letter's signer most often signs the decision's entry too: stored once.
        der, subject, stored = letter.signer_cert_der, letter.signer_subject, stored_certs(conn)
        for write in certificate_writes(
            stored, case.case_id, der, subject, decided_at, conn.dialect.name
        ):
            run(conn, *write)
    return record_of(row | {"id": letter_id}, LetterRow)


def _next_id(conn: Connection, table: Table, case_id: str) -> int:
    """The next number of a row of ``table`` within the case (inside the transaction)."""
    stmt = select(func.coalesce(func.max(table.c.id), 0)).where(table.c.case_id == case_id)
    return int(conn.execute(stmt).scalar_one()) + 1


def reopen(case: CaseFile, actor: str, reason: str) -> None:
    det = current_determination(case)
    if det is None or not det.locked:
        raise CaseStateError(f"{case.case_id} has no final determination to reopen")
    if not reason.strip():
        raise CaseStateError("reopening a determination needs a reason")
    detail = {"determination": det.id, "reason": reason}
    status = CaseStatus.IN_REVIEW.value
    with case.change(actor, "reopened", detail, status=status) as conn:
        conn.execute(
            update(DETERMINATION)
            .where(DETERMINATION.c.id == det.id)
            .values(locked=False, reopened=True, reopen_reason=reason)
        )
