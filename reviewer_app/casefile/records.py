"""Reading a case file without the ORM: its rows as plain records, straight from SQLite.

Opening a case reads the header, the answers and the audit trail. Doing that through the
DB-API connection keeps SQLAlchemy and SQLModel off the path from start-up to a case on
screen (they load on the first change that needs the ORM: a confirmation, a status, a
decision). The records carry the attribute names of the SQLModel tables in ``tables.py``,
and the values in the types SQLModel returns; ``tests/test_records.py`` keeps the two
in step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

from reviewer_app.casefile.crypto import CaseKey, dbapi_module
from reviewer_app.casefile.errors import CaseFileError

T = TypeVar("T")


def _time(value: Any) -> dt.datetime:
    """A DateTime column as SQLModel writes it in SQLite ("2026-05-01 09:00:00.000000",
    UTC without an offset), as the aware UTC time SQLModel reads back."""
    parsed = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _optional_date(value: Any) -> dt.date | None:
    return None if value is None or value == "" else _date(value)


@dataclass
class HeaderRecord:
    """The case header (table ``case_header``), as the case was when last read."""

    id: int
    case_id: str
    training: bool
    received_at: dt.datetime
    due_at: dt.datetime
    urgency: str
    line_of_business: str
    member_id: str
    member_name: str
    member_dob: dt.date
    member_sex: str
    member_language: str
    member_address_json: str
    provider_name: str
    provider_npi: str
    provider_organization: str
    provider_phone: str
    provider_fax: str
    cpt: str
    service: str
    criteria_set: str
    date_of_service: dt.date
    units: int
    clinical_json: str
    intake_json: str
    policy_id: str
    policy_version: str
    policy_hash: str
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    audit_head: str
    audit_count: int


@dataclass(frozen=True)
class AnswerRecord:
    """One stored answer (table ``answer``)."""

    criterion_id: str
    reply: str
    number: float | None
    note: str
    evidence_document: str
    evidence_date: dt.date | None
    evidence_value: str
    source: str
    confirmed: bool
    answered_by: str
    answered_at: dt.datetime


@dataclass(frozen=True)
class AuditRecord:
    """One entry of the audit trail (table ``audit``)."""

    seq: int
    at: str
    actor: str
    action: str
    detail: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class DiagnosisRecord:
    """One diagnosis of the request (table ``diagnosis``)."""

    id: int
    position: int
    icd10: str
    description: str


_HEADER_CONVERT = {
    "training": bool,
    "received_at": _time,
    "due_at": _time,
    "member_dob": _date,
    "date_of_service": _date,
    "created_at": _time,
    "updated_at": _time,
}
_ANSWER_CONVERT = {
    "confirmed": bool,
    "evidence_date": _optional_date,
    "answered_at": _time,
}


def _columns(record: type) -> str:
    return ", ".join(f.name for f in fields(record))


_HEADER_SQL = f"SELECT {_columns(HeaderRecord)} FROM case_header WHERE id = 1"
_ANSWERS_SQL = f"SELECT {_columns(AnswerRecord)} FROM answer"
_AUDIT_SQL = f"SELECT {_columns(AuditRecord)} FROM audit ORDER BY seq"
_DIAGNOSES_SQL = f"SELECT {_columns(DiagnosisRecord)} FROM diagnosis ORDER BY position"


def _convert(row: tuple[Any, ...], names: list[str], convert: dict[str, Any]) -> dict[str, Any]:
    values = dict(zip(names, row, strict=True))
    for name, to in convert.items():
        values[name] = to(values[name])
    return values


_HEADER_NAMES = [f.name for f in fields(HeaderRecord)]
_ANSWER_NAMES = [f.name for f in fields(AnswerRecord)]


def read_header(conn: Any) -> HeaderRecord | None:
    row = conn.execute(_HEADER_SQL).fetchone()
    if row is None:
        return None
    return HeaderRecord(**_convert(row, _HEADER_NAMES, _HEADER_CONVERT))


def read_answers(conn: Any) -> dict[str, AnswerRecord]:
    rows = conn.execute(_ANSWERS_SQL).fetchall()
    records = (AnswerRecord(**_convert(r, _ANSWER_NAMES, _ANSWER_CONVERT)) for r in rows)
    return {r.criterion_id: r for r in records}


def read_audit(conn: Any) -> list[AuditRecord]:
    return [AuditRecord(*row) for row in conn.execute(_AUDIT_SQL).fetchall()]


def read_diagnoses(conn: Any) -> list[DiagnosisRecord]:
    return [DiagnosisRecord(*row) for row in conn.execute(_DIAGNOSES_SQL).fetchall()]


def read_letter_state(conn: Any) -> tuple[list[str], bool]:
    """The SHA-256 of every stored letter, oldest first, and whether the current
    determination (the newest not superseded) is locked."""
    hashes = [r[0] for r in conn.execute("SELECT sha256 FROM letter ORDER BY id").fetchall()]
    row = conn.execute(
        "SELECT locked FROM determination WHERE superseded_by IS NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return hashes, bool(row[0]) if row else False


def read_or_damaged(path: Path, key: CaseKey | None, read: Callable[[], T]) -> T:
    """``read()``, with the driver's errors and unreadable values (what a damaged file
    gives on its first reads) as one CaseFileError naming the file."""
    try:
        return read()
    except (dbapi_module(key).Error, ValueError, KeyError, TypeError) as exc:
        raise CaseFileError(
            f"{path}: the case file is damaged ({exc.__class__.__name__})"
        ) from None
