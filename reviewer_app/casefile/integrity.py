"""A case file is read as hostile: every stored value is checked once, as the file opens.

A file edited outside the app (an answer of 'maybe', a date that is not a date, a
dropped table, a criteria set this version does not know) is refused at once with one
sentence naming the file, rather than failing later in the middle of a review.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from reviewer_app.casefile.convert import answer_from_row
from reviewer_app.casefile.db import CASE_TABLES, LETTER, CaseDB
from reviewer_app.casefile.errors import CaseFileError
from reviewer_app.casefile.records import (
    AnswerRecord,
    HeaderRecord,
    read_answers,
    read_diagnoses,
)
from reviewer_app.casefile.status import STATUSES
from reviewer_app.policy import Policy

# Every table and column the app creates, from the table definitions: anything else in a
# file was put there by someone else.
SCHEMA: dict[str, frozenset[str]] = {t.name: frozenset(t.columns.keys()) for t in CASE_TABLES}


def _schema_problem(db: CaseDB) -> str:
    rows = db.driver_rows("SELECT type, name FROM sqlite_master")
    for kind, name in rows:
        if kind in ("trigger", "view"):  # SQLite would run a planted trigger on our writes
            return f"a {kind} the app never makes"
        if kind == "table" and name not in SCHEMA and not name.startswith("sqlite_"):
            return "a table the app never makes"
    present = {name for kind, name in rows if kind == "table"}
    for table, columns in SCHEMA.items():
        if table not in present:
            raise CaseFileError(f"the case file is damaged (its {table} table is missing)")
        found = {r[1] for r in db.driver_rows(f"PRAGMA table_info({table})")}
        if found - columns:
            return f"a column the app never makes (in {table})"
        if columns - found:
            raise CaseFileError(f"the case file is damaged (a column of {table} is missing)")
    return ""


def check_schema(path: Path, db: CaseDB) -> None:
    """Refuse a file holding anything the app did not create, before any statement of
    ours reads a row of it (a planted trigger would run on our next write)."""
    planted = _schema_problem(db)  # damage is named with the file by read_or_damaged
    if planted:
        raise CaseFileError(
            f"{path}: the case file contains {planted} (added outside the app); it is not opened"
        )


def check_contents(
    path: Path, db: CaseDB, header: HeaderRecord, policy: Policy
) -> dict[str, AnswerRecord]:
    """Raise CaseFileError (or a driver error / ValueError, which the caller reports as
    damage) if anything the app reads from ``db`` is not what the app writes; return the
    answer rows it read (the opening case keeps them rather than reading them again)."""
    # A row of another case was put here by someone else (one statement for every table).
    foreign = db.first(
        select(
            *(
                select(func.count())
                .select_from(t)
                .where(t.c.case_id != header.case_id)
                .scalar_subquery()
                for t in CASE_TABLES
            )
        )
    )
    for tbl, count in zip(CASE_TABLES, foreign, strict=True):
        if count:
            raise CaseFileError(
                f"{path}: the case file holds rows of another case (in {tbl.name}); "
                "it is not opened"
            )
    if header.status not in STATUSES:
        raise CaseFileError(f"{path}: the case file is damaged (unknown case status)")
    try:
        policy.criteria_set(header.criteria_set)
    except KeyError:
        raise CaseFileError(
            f"{path}: the case file names a criteria set this version does not know"
        ) from None
    # answers to criteria the set lacks are ignored by the engine
    answers = read_answers(db, header.case_id)
    for row in answers.values():
        answer = answer_from_row(row)
        if answer.number is not None and not isinstance(answer.number, int | float):
            raise CaseFileError(f"{path}: the case file is damaged (a number that is not one)")
    read_diagnoses(db, header.case_id)
    for name in ("clinical_json", "member_address_json", "intake_json"):
        if not isinstance(json.loads(getattr(header, name)), dict):
            raise CaseFileError(f"{path}: the case file is damaged (its {name} is not an object)")
    blobs = db.scalar(
        select(func.count()).select_from(LETTER).where(func.typeof(LETTER.c.pdf) != "blob")
    )
    if blobs:
        raise CaseFileError(f"{path}: the case file is damaged (a letter is not stored as a PDF)")
    return answers
