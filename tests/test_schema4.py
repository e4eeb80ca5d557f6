"""Case files of schema 3 (one case per file, rows without their case's key) open as
schema 4: every row keyed by its case, "reopened" its own column, a backup kept."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from file_helpers import run
from sqlalchemy import func, select

from reviewer_app.casefile import determinations as store
from reviewer_app.casefile.db import CASE_TABLES
from reviewer_app.casefile.format import SCHEMA_VERSION
from reviewer_app.casefile.migrations import backup_path

from helpers import open_case

DATA = Path(__file__).parent / "data" / "casefiles"


def _copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.umcase"
    shutil.copy(DATA / f"schema3-{name}.umcase", path)
    return path


def test_a_reopened_case_of_schema_3_opens_reopened_with_every_row_keyed(tmp_path: Path) -> None:
    path = _copy(tmp_path, "reopened")
    with open_case(path) as case:
        assert case.chain.ok, case.chain.problem
        assert case.status == "in_review"
        reopened = store.reopened_determination(case)
        assert reopened is not None and reopened.superseded_by is None and not reopened.locked
        assert store.current_determination(case) is None and not store.locked(case)
        assert store.next_version(case)[1] == store.letters(case)[0].sha256
        for table in CASE_TABLES:
            stmt = select(func.count()).select_from(table).where(table.c.case_id == case.case_id)
            assert case.db.scalar(stmt) > 0, table.name
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    backup = backup_path(path, 3)
    assert sqlite3.connect(backup).execute("PRAGMA user_version").fetchone()[0] == 3


def test_answers_and_trail_of_schema_3_are_kept(tmp_path: Path) -> None:
    path = _copy(tmp_path, "answered")
    before = sqlite3.connect(DATA / "schema3-answered.umcase")
    trail = before.execute("SELECT seq, hash FROM audit ORDER BY seq").fetchall()
    with open_case(path) as case:
        assert case.chain.ok and case.chain.count == len(trail) == 2
        assert [(e.seq, e.hash) for e in case.audit_entries()] == trail
        assert case.answers()["dli.relapsed"].reply.value == "no"
        case.set_answer("dli.relapsed", case.answers()["dli.relapsed"], "Pat Rivera, RN")
        assert case.chain.count == 2  # no change, no entry


def test_entries_of_an_older_file_are_marked_unsigned_before_signed_audit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _copy(tmp_path, "answered")
    status, out, err = run(capsys, "case", "audit", str(path))
    assert status == 0, err
    assert "Signatures: 0 of 2 entries signed; entries 1-2 unsigned (before signed audit)" in out
