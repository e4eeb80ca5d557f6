"""A case file is read as hostile: every stored value is checked once, as the file opens.

A file edited outside the app (an answer of 'maybe', a date that is not a date, a
dropped table, a criteria set this version does not know) is refused at once with one
sentence naming the file, rather than failing later in the middle of a review.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reviewer_app.casefile.convert import answer_from_row
from reviewer_app.casefile.errors import CaseFileError
from reviewer_app.casefile.records import HeaderRecord, read_answers, read_diagnoses
from reviewer_app.casefile.status import STATUSES
from reviewer_app.policy import Policy

TABLES = ("case_header", "answer", "audit", "diagnosis", "determination", "letter")


def check_contents(path: Path, conn: Any, header: HeaderRecord, policy: Policy) -> None:
    """Raise CaseFileError (or a driver error / ValueError, which the caller reports as
    damage) if anything the app reads from ``conn`` is not what the app writes."""
    rows = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
    present = {name for kind, name in rows if kind == "table"}
    planted = sorted(f"{kind} {name}" for kind, name in rows if kind in ("trigger", "view"))
    if planted:  # the app makes neither: SQLite would run a planted trigger on our writes
        raise CaseFileError(
            f"{path}: the case file contains a {planted[0].split()[0]} the app never makes "
            "(added outside the app); it is not opened"
        )
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
