"""Reading a case's rows as plain records, through the statements of ``db.py``.

The record types are the table classes of ``tables.py`` (for reading; at run time each
record is a plain namespace with the same attributes, so reading a trail of thousands of
entries costs no ORM bookkeeping).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import and_, func, select

from reviewer_app.casefile.crypto import CaseKey, dbapi_module
from reviewer_app.casefile.db import (
    ANSWER,
    AUDIT,
    DETERMINATION,
    DIAGNOSIS,
    HEADER,
    LETTER,
    CaseDB,
    record,
)
from reviewer_app.casefile.errors import CaseFileError

if TYPE_CHECKING:
    from reviewer_app.casefile.tables import AnswerRow, AuditRow, CaseHeader, DiagnosisRow

    HeaderRecord = CaseHeader
    AnswerRecord = AnswerRow
    AuditRecord = AuditRow
    DiagnosisRecord = DiagnosisRow
else:
    from reviewer_app.casefile.tables import AnswerRow as AnswerRecord
    from reviewer_app.casefile.tables import AuditRow as AuditRecord
    from reviewer_app.casefile.tables import CaseHeader as HeaderRecord
    from reviewer_app.casefile.tables import DiagnosisRow as DiagnosisRecord

T = TypeVar("T")

# The current determination: the newest one neither superseded nor reopened.
CURRENT = and_(DETERMINATION.c.superseded_by.is_(None), DETERMINATION.c.reopened.is_(False))
# The reopened one, which the next letter supersedes.
REOPENED = and_(DETERMINATION.c.superseded_by.is_(None), DETERMINATION.c.reopened.is_(True))


def read_header(db: CaseDB) -> HeaderRecord | None:
    """The case's header (a case file holds exactly one: more is damage)."""
    rows = db.rows(select(HEADER).limit(2))
    if len(rows) > 1:
        raise CaseFileError("the case file is damaged (it holds more than one case header)")
    return record(rows[0], HeaderRecord) if rows else None


def read_answers(db: CaseDB, case_id: str) -> dict[str, AnswerRecord]:
    rows = db.rows(select(ANSWER).where(ANSWER.c.case_id == case_id))
    records = (record(r, AnswerRecord) for r in rows)
    return {r.criterion_id: r for r in records}


def read_audit(db: CaseDB, case_id: str) -> list[AuditRecord]:
    stmt = select(AUDIT).where(AUDIT.c.case_id == case_id).order_by(AUDIT.c.seq)
    return [record(r, AuditRecord) for r in db.rows(stmt)]


def read_diagnoses(db: CaseDB, case_id: str) -> list[DiagnosisRecord]:
    stmt = select(DIAGNOSIS).where(DIAGNOSIS.c.case_id == case_id).order_by(DIAGNOSIS.c.position)
    return [record(r, DiagnosisRecord) for r in db.rows(stmt)]


def letter_count(db: CaseDB, case_id: str) -> int:
    stmt = select(func.count()).select_from(LETTER).where(LETTER.c.case_id == case_id)
    return int(db.scalar(stmt))


def read_letter_state(db: CaseDB, case_id: str) -> tuple[list[str], bool]:
    """The SHA-256 of every stored letter, oldest first, and whether the current
    determination is locked."""
    hashes = db.rows(
        select(LETTER.c.sha256).where(LETTER.c.case_id == case_id).order_by(LETTER.c.id)
    )
    locked = db.scalar(
        select(DETERMINATION.c.locked)
        .where(DETERMINATION.c.case_id == case_id, CURRENT)
        .order_by(DETERMINATION.c.id.desc())
        .limit(1)
    )
    return [r[0] for r in hashes], bool(locked)


def read_or_damaged(path: Path, key: CaseKey | None, read: Callable[[], T]) -> T:
    """``read()``, with the driver's errors and unreadable values (what a damaged file
    gives on its first reads) as one CaseFileError naming the file."""
    from sqlalchemy.exc import StatementError  # DBAPIError is one

    try:
        return read()
    except CaseFileError as exc:  # says what is wrong, without the file's name
        text = str(exc)
        raise CaseFileError(text if text.startswith(f"{path}:") else f"{path}: {text}") from None
    except (
        dbapi_module(key).Error,
        StatementError,
        ValueError,
        KeyError,
        TypeError,
    ) as exc:
        name = exc.orig.__class__.__name__ if isinstance(exc, StatementError) else None
        raise CaseFileError(
            f"{path}: the case file is damaged ({name or exc.__class__.__name__})"
        ) from None
