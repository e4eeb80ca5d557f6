"""A department set up as a site would: schema, an admin, nurses in two teams, an MD."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from pg_cluster import Department
from server_helpers import run

INTAKES = Path(__file__).parent.parent / "data" / "intake"
EXAMPLES = ("dli-relapsed-aml", "dli-after-autologous", "hpc-boost-mixed-chimerism")


@dataclass(frozen=True)
class Staff:
    dept: Department
    admin: str
    nurse: str
    nurse2: str  # same team as nurse
    other_team: str
    md: str

    def db(self, who: str) -> list[str]:
        return ["--db", self.dept.url(who)]


def staffed(dept: Department, capsys: pytest.CaptureFixture[str]) -> Staff:
    owner = ["--db", dept.owner_url]
    assert run(capsys, "server", "init", *owner)[0] == 0
    staff = Staff(
        dept,
        dept.name("ada"),
        dept.name("nia"),
        dept.name("noor"),
        dept.name("sam"),
        dept.name("riley"),
    )
    for name, role, team in (
        (staff.admin, "admin", None),
        (staff.nurse, "nurse_reviewer", "north"),
        (staff.nurse2, "nurse_reviewer", "north"),
        (staff.other_team, "nurse_reviewer", "south"),
        (staff.md, "medical_director", None),
    ):
        argv = ["server", "add-user", name, "--role", role, *owner]
        status, _, err = run(capsys, *argv, *(["--team", team] if team else []))
        assert status == 0, err
    return staff


def queued(staff: Staff, capsys: pytest.CaptureFixture[str], *names: str) -> None:
    files = [INTAKES / f"{n}.json" for n in (names or EXAMPLES)]
    argv = ["server", "import", *files, "--team", "north", *staff.db(staff.admin)]
    status, _, err = run(capsys, *argv)
    assert status == 0, err


def open_criterion(case: Path) -> tuple[str, str]:
    """A yes/no criterion of a plain case file and a reply that changes it."""
    conn = sqlite3.connect(case)
    try:
        row = conn.execute(
            "SELECT criterion_id, reply FROM answer WHERE reply IN ('yes', 'no', 'unknown') "
            "AND number IS NULL ORDER BY criterion_id LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    assert row is not None
    return str(row[0]), "no" if row[1] == "yes" else "yes"


def claim(staff: Staff, who: str, capsys: pytest.CaptureFixture[str], folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    argv = ["server", "claim", "--next", "--plain", "-o", folder, *staff.db(who)]
    status, out, err = run(capsys, *argv)
    assert status == 0 and "Claimed" in out, err
    return Path(out.strip().rsplit(": ", 1)[1])


def answered(case: Path, capsys: pytest.CaptureFixture[str], note: str = "") -> Path:
    """``case`` with one more answer in its trail (changed by the app, as offline work)."""
    criterion, reply = open_criterion(case)
    status, _, err = run(capsys, "case", "answer", case, criterion, reply, "--note", note)
    assert status == 0, err
    return case


def server_state(dept: Department) -> list[object]:
    """Everything the server holds, for 'nothing changed' checks."""
    import psycopg

    tables = ("dept_queue", "dept_event", "case_header", "answer", "audit", "letter",
              "determination", "audit_signature", "signer_cert", "diagnosis")  # fmt: skip
    with psycopg.connect(dept.owner_url) as conn:
        return [sorted(map(repr, conn.execute(f"SELECT * FROM {t}").fetchall())) for t in tables]


def file_digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
