"""A case file is read as hostile: every stored value is checked once, as the file opens.

A file edited outside the app (an answer of 'maybe', a date that is not a date, a
dropped table, a criteria set this version does not know) is refused at once with one
sentence naming the file, rather than failing later in the middle of a review.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from reviewer_app.casefile.convert import answer_from_row
from reviewer_app.casefile.errors import CaseFileError
from reviewer_app.casefile.records import (
    AnswerRecord,
    AuditRecord,
    DiagnosisRecord,
    HeaderRecord,
    read_answers,
    read_diagnoses,
)
from reviewer_app.casefile.status import STATUSES
from reviewer_app.policy import Policy


def _names(record: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(record))


# Every table and column the app creates (tests/test_tamper_evident.py keeps this in step
# with the SQLModel tables): anything else in a file was put there by someone else.
SCHEMA: dict[str, frozenset[str]] = {
    "case_header": _names(HeaderRecord),
    "answer": _names(AnswerRecord),
    "audit": _names(AuditRecord),
    "diagnosis": _names(DiagnosisRecord),
    "determination": frozenset(
        [
            "id",
            "version",
            "decision",
            "outcome",
            "rationale",
            "decided_by",
            "credentials",
            "role",
            "decided_at",
            "letter_id",
            "locked",
            "superseded_by",
            "reopen_reason",
        ]
    ),
    "letter": frozenset(
        [
            "id",
            "version",
            "kind",
            "pdf",
            "sha256",
            "created_at",
            "signer",
            "audit_head",
            "supersedes_id",
        ]
    ),
    "signer_cert": frozenset(["fingerprint", "subject", "der", "added_at"]),
    "audit_signature": frozenset(["seq", "signer", "signature"]),
}
TABLES = tuple(SCHEMA)


def _schema_problem(conn: Any) -> str:
    rows = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
    for kind, name in rows:
        if kind in ("trigger", "view"):  # SQLite would run a planted trigger on our writes
            return f"a {kind} the app never makes"
        if kind == "table" and name not in SCHEMA and not name.startswith("sqlite_"):
            return "a table the app never makes"
    present = {name for kind, name in rows if kind == "table"}
    for table, columns in SCHEMA.items():
        if table not in present:
            return ""  # reported below as damage
        found = {r[1] for r in conn.execute(f"PRAGMA table_info({table})").fetchall()}
        if found - columns:
            return f"a column the app never makes (in {table})"
    return ""


def check_contents(path: Path, conn: Any, header: HeaderRecord, policy: Policy) -> None:
    """Raise CaseFileError (or a driver error / ValueError, which the caller reports as
    damage) if anything the app reads from ``conn`` is not what the app writes."""
    planted = _schema_problem(conn)
    if planted:
        raise CaseFileError(
            f"{path}: the case file contains {planted} (added outside the app); it is not opened"
        )
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    present = {r[0] for r in rows}
    for table in TABLES:
        if table not in present:
            raise CaseFileError(f"{path}: the case file is damaged (its {table} table is missing)")
    if header.status not in STATUSES:
        raise CaseFileError(f"{path}: the case file is damaged (unknown case status)")
    try:
        criteria = policy.criteria_set(header.criteria_set)
    except KeyError:
        raise CaseFileError(
            f"{path}: the case file names a criteria set this version does not know"
        ) from None
    del criteria  # known: answers to criteria it lacks are ignored by the engine
    for row in read_answers(conn).values():
        answer = answer_from_row(row)
        if answer.number is not None and not isinstance(answer.number, int | float):
            raise CaseFileError(f"{path}: the case file is damaged (a number that is not one)")
    read_diagnoses(conn)
    for name in ("clinical_json", "member_address_json", "intake_json"):
        if not isinstance(json.loads(getattr(header, name)), dict):
            raise CaseFileError(f"{path}: the case file is damaged (its {name} is not an object)")
    blobs = conn.execute("SELECT count(*) FROM letter WHERE typeof(pdf) != 'blob'").fetchone()
    if blobs[0]:
        raise CaseFileError(f"{path}: the case file is damaged (a letter is not stored as a PDF)")
