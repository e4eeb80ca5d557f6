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

from reviewer_app.casefile.db import CASE_TABLES  # the one list of a case's tables


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
    for table in CASE_TABLES:
        _server_copy(table, metadata)
    return metadata


CASE_METADATA = server_case_metadata()
CASE_TABLE_NAMES: tuple[str, ...] = tuple(t.name for t in CASE_TABLES)


def case_table(name: str) -> Table:
    return CASE_METADATA.tables[name]
