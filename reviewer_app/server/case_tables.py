"""The case file's tables on the server: the same SQLModel definitions, keyed by case.

Each table of ``reviewer_app.casefile.tables`` is copied into the server's metadata with
a ``case_id`` column leading its primary key (the header's own ``case_id`` becomes its
key), so one set of tables holds every case and a case moves between the server and a
case file row for row. Identifiers the file numbers itself (letter and determination
ids, audit seq) stay the file's: the server never numbers them.
"""

from __future__ import annotations

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table
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
    header = source.name == CaseHeader.__tablename__
    own_key = [c.name for c in source.primary_key.columns if c.name != "case_id"]
    columns: list[Column[object]] = []
    if "case_id" not in source.c:
        columns.append(Column("case_id", String, nullable=False))
    for col in source.c:
        copy = col._copy()
        copy.primary_key = False
        copy.autoincrement = False
        if col.name == "case_id":
            copy.nullable = False
        columns.append(copy)
    key = ["case_id"] if header else ["case_id", *own_key]
    return Table(source.name, metadata, *columns, PrimaryKeyConstraint(*key))


def server_case_metadata() -> MetaData:
    metadata = MetaData()
    for model in CASE_MODELS:
        _server_copy(model.__table__, metadata)  # type: ignore[attr-defined]
    return metadata


CASE_METADATA = server_case_metadata()
CASE_TABLE_NAMES: tuple[str, ...] = tuple(str(m.__table__.name) for m in CASE_MODELS)  # type: ignore[attr-defined]


def case_table(name: str) -> Table:
    return CASE_METADATA.tables[name]


def file_columns(name: str) -> list[str]:
    """The columns of the case file's own table ``name`` (without the server's key)."""
    model = CASE_MODELS[CASE_TABLE_NAMES.index(name)]
    return [c.name for c in model.__table__.c]  # type: ignore[attr-defined]
