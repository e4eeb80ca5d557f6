"""Row-level security: what each user's own database connection may read and write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest
from dept_helpers import claim, queued, staffed
from pg_cluster import Department
from sqlalchemy import Boolean, create_engine, insert
from sqlalchemy.exc import ProgrammingError

from reviewer_app.server.case_tables import case_table


def count(dept: Department, who: str, table: str) -> int:
    with psycopg.connect(dept.url(who)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_each_user_reads_only_their_queues_cases(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    staff = staffed(department, capsys)
    queued(staff, capsys)
    for table in ("dept_queue", "case_header", "answer", "audit", "diagnosis"):
        assert count(department, staff.nurse, table) > 0, table
        assert count(department, staff.other_team, table) == 0, table  # another team's
        assert count(department, staff.md, table) == 0, table  # nothing referred yet
    assert count(department, staff.admin, "case_header") == 3
    claim(staff, staff.nurse, capsys, tmp_path / "a")
    with psycopg.connect(department.url(staff.nurse2)) as conn:  # a colleague's claim
        edited = conn.execute("UPDATE answer SET note = 'x'")
        assert edited.rowcount == 0  # no lease of theirs: no case content to change
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # only through dept_claim
            conn.execute("UPDATE dept_queue SET lease_holder = current_user")
    with psycopg.connect(department.url(staff.nurse)) as conn:
        assert conn.execute("UPDATE answer SET note = note").rowcount > 0  # the holder may
        held = conn.execute("SELECT case_id FROM dept_queue WHERE state = 'claimed'").fetchone()
        mine = {"id": held[0]}
        # ... but the trail of the case they hold only grows, even through their own connection
        assert conn.execute("DELETE FROM audit WHERE case_id = %(id)s", mine).rowcount == 0
        assert (
            conn.execute("UPDATE audit SET actor = 'x' WHERE case_id = %(id)s", mine).rowcount == 0
        )


def _determination(case_id: str, decision: str) -> dict[str, object]:
    values: dict[str, object] = {
        "case_id": case_id,
        "id": 1,
        "version": 1,
        "decision": decision,
        "outcome": "criteria_not_met",
        "rationale": "synthetic",
        "decided_by": "Nia Nurse",
        "credentials": "RN",
        "role": "nurse_reviewer",
        "decided_at": dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC),
        "locked": True,
        "reopen_reason": "",
    }
    for column in case_table("determination").c:  # any other required column
        if column.name not in values and not column.nullable:
            values[column.name] = False if isinstance(column.type, Boolean) else ""
    return values


def test_a_nurse_cannot_record_a_denial_even_on_a_case_they_hold(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    staff = staffed(department, capsys)
    queued(staff, capsys, "dli-after-autologous")
    claim(staff, staff.nurse, capsys, tmp_path / "a")
    with psycopg.connect(department.url(staff.nurse)) as conn:
        case_id = conn.execute("SELECT case_id FROM dept_queue").fetchone()[0]
    engine = create_engine(f"postgresql+psycopg://{staff.nurse}@/{department.dbname}",
                           connect_args={"host": str(department.server.socket_dir),
                                         "port": department.server.port})  # fmt: skip
    table = case_table("determination")
    with engine.connect() as conn, pytest.raises(ProgrammingError, match="row-level security"):
        conn.execute(insert(table).values(_determination(case_id, "deny")))
    with engine.connect() as conn:  # the same row as an approval is the nurse's to write
        conn.execute(insert(table).values(_determination(case_id, "approve")))
        conn.rollback()
    engine.dispose()
