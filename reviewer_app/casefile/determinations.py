"""Determinations and their signed letters, stored inside the case file.

Letter bytes carry their SHA-256 and are checked on every read: SQLite does not notice a
flipped byte inside a BLOB. A final determination locks the case; changing it takes a
medical director's reopening, and the next letter supersedes the old one (both kept).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlmodel import col, select

from reviewer_app.casefile.convert import to_db_time
from reviewer_app.casefile.errors import CaseStateError, LetterIntegrityError
from reviewer_app.casefile.status import CaseStatus
from reviewer_app.casefile.store import CaseFile
from reviewer_app.casefile.tables import CaseHeader, DeterminationRow, LetterRow, SignerCertRow

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
    """Every letter, newest first, without loading the PDF bytes' check."""
    with case.session() as s:
        return list(s.exec(select(LetterRow).order_by(col(LetterRow.id).desc())).all())


def latest_letter(case: CaseFile) -> LetterRow | None:
    rows = letters(case)
    return rows[0] if rows else None


def letter_pdf(case: CaseFile, letter_id: int) -> bytes:
    with case.session() as s:
        row = s.get(LetterRow, letter_id)
    if row is None:
        raise LetterIntegrityError(f"{case.case_id}: there is no letter {letter_id}")
    if not isinstance(row.pdf, bytes) or sha256(row.pdf) != row.sha256:
        raise LetterIntegrityError(
            f"{case.case_id}: letter version {row.version} does not match its recorded SHA-256; "
            "the stored bytes were altered or damaged"
        )
    return row.pdf


def determinations(case: CaseFile) -> list[DeterminationRow]:
    with case.session() as s:
        return list(s.exec(select(DeterminationRow).order_by(col(DeterminationRow.id))).all())


def current_determination(case: CaseFile) -> DeterminationRow | None:
    current = [d for d in determinations(case) if d.superseded_by is None]
    return current[-1] if current else None


def locked(case: CaseFile) -> bool:
    det = current_determination(case)
    return det is not None and det.locked


def trusted_certs(case: CaseFile) -> list[bytes]:
    with case.session() as s:
        return [r.der for r in s.exec(select(SignerCertRow)).all()]


def next_version(case: CaseFile) -> tuple[int, str | None]:
    """The version number for a new letter and the hash of the final letter it supersedes."""
    rows = letters(case)
    version = (rows[0].version + 1) if rows else 1
    superseded = [d for d in determinations(case) if d.superseded_by is not None and d.letter_id]
    supersedes = None
    if superseded:
        with case.session() as s:
            row = s.get(LetterRow, superseded[-1].letter_id)
            supersedes = row.sha256 if row else None
    return version, supersedes


def store_decision(
    case: CaseFile, record: DecisionRecord, letter: SignedLetter, version: int, actor: str
) -> LetterRow:
    if locked(case):
        raise CaseStateError(
            f"{case.case_id} already has a final determination; a medical director must reopen it"
        )
    digest = sha256(letter.pdf)
    fingerprint = sha256(letter.signer_cert_der)
    final = record.decision in FINAL_DECISIONS
    detail = {
        "decision": record.decision,
        "outcome": record.outcome,
        "letter_sha256": digest,
        "letter_version": version,
        "signer": letter.signer_label,
        "role": record.role,
    }
    if final:  # a decision after its due time is on the record as such
        detail["decided_after_due"] = record.decided_at > case.due_at
    with case.change(actor, "decided" if final else "letter", detail) as s:
        prev = s.exec(select(LetterRow.id)).first()
        supersedes_id = None
        for det in s.exec(select(DeterminationRow)).all():
            if det.superseded_by == -1:  # reopened, waiting for the new letter
                supersedes_id = det.letter_id
        row = LetterRow(
            version=version,
            kind=letter.kind,
            pdf=letter.pdf,
            sha256=digest,
            created_at=to_db_time(record.decided_at),
            signer=letter.signer_label,
            audit_head=letter.audit_head,
            supersedes_id=supersedes_id if prev is not None else None,
        )
        s.add(row)
        s.flush()
        det_row = DeterminationRow(
            version=version,
            decision=record.decision,
            outcome=record.outcome,
            rationale=record.rationale,
            decided_by=record.decided_by,
            credentials=record.credentials,
            role=record.role,
            decided_at=to_db_time(record.decided_at),
            letter_id=row.id,
            locked=final,
        )
        s.add(det_row)
        s.flush()
        for det in s.exec(select(DeterminationRow)).all():
            if det.superseded_by == -1:
                det.superseded_by = det_row.id
                s.add(det)
        if s.get(SignerCertRow, fingerprint) is None:
            s.add(
                SignerCertRow(
                    fingerprint=fingerprint,
                    subject=letter.signer_subject,
                    der=letter.signer_cert_der,
                    added_at=to_db_time(record.decided_at),
                )
            )
        if final:
            header = s.get_one(CaseHeader, 1)
            header.status = CaseStatus.DECIDED.value
            s.add(header)
    return row


def reopen(case: CaseFile, actor: str, reason: str) -> None:
    det = current_determination(case)
    if det is None or not det.locked:
        raise CaseStateError(f"{case.case_id} has no final determination to reopen")
    if not reason.strip():
        raise CaseStateError("reopening a determination needs a reason")
    with case.change(actor, "reopened", {"determination": det.id, "reason": reason}) as s:
        row = s.get_one(DeterminationRow, det.id)
        row.locked = False
        row.superseded_by = -1  # marks "reopened": the next letter supersedes this one
        row.reopen_reason = reason
        s.add(row)
        header = s.get_one(CaseHeader, 1)
        header.status = CaseStatus.IN_REVIEW.value
        s.add(header)
