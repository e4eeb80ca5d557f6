"""Create or upgrade the department schema with the Alembic migrations in this package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def engine_for(conn: Any) -> Any:
    """An SQLAlchemy engine on the already-open psycopg connection ``conn``."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    return create_engine("postgresql+psycopg://", creator=lambda: conn, poolclass=StaticPool)


def current_revision(conn: Any) -> str | None:
    row = conn.execute("SELECT to_regclass('alembic_version') IS NOT NULL").fetchone()
    if not row[0]:
        return None
    found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if found is None else str(found[0])


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config(None)).get_current_head()
    assert head is not None
    return head


def upgrade(conn: Any) -> tuple[str | None, str]:
    """Bring the schema to the newest revision in one transaction: (before, after)."""
    from alembic import command

    before = current_revision(conn)
    conn.rollback()
    engine = engine_for(conn)
    with engine.begin() as sa_conn:
        command.upgrade(_config(sa_conn), "head")
    return before, head_revision()


def drift(conn: Any) -> list[str]:
    """How the database's tables differ from this version's table definitions, column by
    column ('' when a migration brought them level); rolls back what it read."""
    from sqlalchemy import inspect

    from reviewer_app.server.case_tables import CASE_METADATA
    from reviewer_app.server.tables import metadata

    problems: list[str] = []
    with engine_for(conn).connect() as sa_conn:
        found = inspect(sa_conn)
        for table in [*metadata.sorted_tables, *CASE_METADATA.sorted_tables]:
            if not found.has_table(table.name):
                problems.append(f"table {table.name} is missing")
                continue
            have = {str(c["name"]) for c in found.get_columns(table.name)}
            want = {c.name for c in table.c}
            problems += [f"column {table.name}.{n} is missing" for n in sorted(want - have)]
            problems += [f"column {table.name}.{n} is not this app's" for n in sorted(have - want)]
        sa_conn.rollback()
    return problems
