"""The case file's tables on the server: the same SQLModel definitions, keyed by case.

Every table of ``reviewer_app.casefile.tables`` carries its case's key (schema 4). Five
of them have it in their primary key and are used exactly as defined. Diagnoses,
determinations and letters are numbered by their case file (1, 2, … in every file, and a
determination names its letter by that number), so on the server their key is the pair
(case_id, id) and the server never numbers them: a case moves between the server and a
case file row for row, its numbers unchanged.
"""

from __future__ import annotations

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, Table
from sqlmodel import SQLModel

from reviewer_app.casefile.tables import (
    AnswerRow,
    AuditRow,
    AuditSignatureRow,
    CaseHeader,
    DeterminationRow,
    DiagnosisRow,
    LetterRow,
    SignerCertRow,
)

# In the order rows are written (none refers to another by a foreign key).
CASE_MODELS: tuple[type[SQLModel], ...] = (
    CaseHeader,
    DiagnosisRow,
    AnswerRow,
    SignerCertRow,
    LetterRow,
    DeterminationRow,
    AuditRow,
    AuditSignatureRow,
)


def _server_copy(source: Table, metadata: MetaData) -> Table:
    own_key = [c.name for c in source.primary_key.columns if c.name != "case_id"]
    columns: list[Column[object]] = []
    for col in source.c:
        copy = col._copy()
        copy.primary_key = False
        copy.autoincrement = False  # the case file's numbers, never the server's
        columns.append(copy)
    return Table(source.name, metadata, *columns, PrimaryKeyConstraint("case_id", *own_key))


def server_case_metadata() -> MetaData:
    metadata = MetaData()
    for model in CASE_MODELS:
        _server_copy(model.__table__, metadata)  # type: ignore[attr-defined]
    return metadata


CASE_METADATA = server_case_metadata()
CASE_TABLE_NAMES: tuple[str, ...] = tuple(str(m.__table__.name) for m in CASE_MODELS)  # type: ignore[attr-defined]


def case_table(name: str) -> Table:
    return CASE_METADATA.tables[name]
