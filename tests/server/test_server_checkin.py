"""Check-in refuses what does not extend the server's copy, and changes nothing then."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import psycopg
import pytest
from dept_helpers import (
    INTAKES,
    Staff,
    answered,
    claim,
    file_digest,
    open_criterion,
    queued,
    server_state,
    staffed,
)
from pg_cluster import Department
from server_helpers import one_line, run
from trust_helpers import PASS, Org


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(folder))
    return folder


def decided(case: Path, capsys: pytest.CaptureFixture[str], nurse_id: Path, secret: Path) -> None:
    """The nurse confirms the pre-filled answers and approves (criteria met): a signed letter."""
    assert run(capsys, "case", "confirm", case)[0] == 0
    argv = ["case", "decide", case, "--decision", "approve", "--identity", nurse_id]
    status, _, err = run(capsys, *argv, "--passphrase-file", secret)
    assert status == 0, err


def sql(case: Path, *statements: str) -> None:
    conn = sqlite3.connect(case)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def refused(staff: Staff, capsys: pytest.CaptureFixture[str], case: Path, words: str) -> None:
    before, digest = server_state(staff.dept), file_digest(case)
    status, _, err = run(capsys, "server", "checkin", case, *staff.db(staff.nurse))
    assert status == 2 and words in one_line(err), err
    assert server_state(staff.dept) == before and file_digest(case) == digest


@pytest.mark.slow  # two signed letters and six check-ins: about 6 s
def test_tampered_files_are_refused_and_change_nothing(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path, config: Path
) -> None:
    org = Org(tmp_path)
    org.install(config)
    nurse_id = org.issue("Nia Nurse", "RN", "nurse_reviewer")
    secret = tmp_path / "pass.txt"
    secret.write_bytes(PASS)
    staff = staffed(department, capsys)
    queued(staff, capsys, "dli-relapsed-aml", "hpc-boost-mixed-chimerism")
    first = claim(staff, staff.nurse, capsys, tmp_path / "a")
    second = claim(staff, staff.nurse, capsys, tmp_path / "b")
    for case in (first, second):
        decided(case, capsys, nurse_id, secret)

    edited = shutil.copy(first, tmp_path / "edited.umcase")
    criterion, _ = open_criterion(edited)
    sql(edited, f"UPDATE answer SET reply = 'no' WHERE criterion_id = '{criterion}'")
    refused(staff, capsys, edited, "changed outside the app")

    deleted = shutil.copy(first, tmp_path / "deleted.umcase")
    sql(
        deleted,
        "DELETE FROM audit WHERE seq = 2",
        "UPDATE audit SET seq = seq - 1 WHERE seq > 2",
    )
    refused(staff, capsys, deleted, "refused: its audit trail does not check")

    moved = shutil.copy(first, tmp_path / "moved.umcase")  # a later due time, no pend
    sql(moved, "UPDATE case_header SET due_at = '2030-01-01 00:00:00.000000'")
    refused(staff, capsys, moved, "refused")
    renamed = shutil.copy(first, tmp_path / "renamed.umcase")  # not sealed, never changed
    sql(renamed, "UPDATE case_header SET created_at = '2020-01-01 00:00:00.000000'")
    refused(staff, capsys, renamed, "the case header's created_at differs from the server's")

    swapped = shutil.copy(first, tmp_path / "swapped.umcase")
    other = sqlite3.connect(second).execute("SELECT pdf, sha256 FROM letter").fetchone()
    conn = sqlite3.connect(swapped)
    conn.execute("UPDATE letter SET pdf = ?, sha256 = ?", other)
    conn.commit()
    conn.close()
    refused(staff, capsys, swapped, "refused")

    swapped_bytes = shutil.copy(first, tmp_path / "swapped2.umcase")
    conn = sqlite3.connect(swapped_bytes)
    (pdf,) = conn.execute("SELECT pdf FROM letter").fetchone()
    conn.execute("UPDATE letter SET pdf = ?", (pdf + b"\n",))  # one byte more
    conn.commit()
    conn.close()
    refused(staff, capsys, swapped_bytes, "is not the letter its trail records")

    status, out, err = run(capsys, "server", "checkin", first, *staff.db(staff.nurse))
    assert status == 0 and "the case is decided" in out, err
    with psycopg.connect(department.owner_url) as db:
        kinds = db.execute("SELECT kind FROM letter").fetchall()
        events = db.execute("SELECT action FROM dept_event ORDER BY id DESC LIMIT 2").fetchall()
    assert kinds == [("approval",)]
    assert [e[0] for e in events] == ["decided", "checked_in"]


def test_an_expired_lease_returns_the_case_and_its_checkin_is_refused(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    staff = staffed(department, capsys)
    queued(staff, capsys, "dli-relapsed-aml")
    case = answered(claim(staff, staff.nurse, capsys, tmp_path / "a"), capsys)
    with psycopg.connect(department.owner_url) as db:  # the lease runs out
        db.execute("UPDATE dept_queue SET lease_expires = now() - interval '1 minute'")
    status, out, _ = run(capsys, "server", "list", *staff.db(staff.nurse2))
    assert status == 0 and " queued " in out and staff.nurse not in out
    refused(staff, capsys, case, "your lease expired")
    theirs = claim(staff, staff.nurse2, capsys, tmp_path / "b")
    assert theirs.name == case.name
    refused(staff, capsys, case, f"claimed by {staff.nurse2}, not by you")
    case_id = case.stem
    status, out, err = run(capsys, "server", "history", case_id, *staff.db(staff.admin))
    assert status == 0, err
    actions = [line.split()[3] for line in out.splitlines()]
    assert actions == ["imported", "claimed", "lease_expired", "claimed"]
    assert f"holder={staff.nurse}" in out.splitlines()[2]


def on_laptop(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    """Work as on another computer: its own record of the case trails it has seen."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / name / "data"))


def test_a_diverged_chain_is_refused_and_both_copies_stay(
    department: Department,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    staff = staffed(department, capsys)
    queued(staff, capsys, "dli-relapsed-aml")
    mine = answered(claim(staff, staff.nurse, capsys, tmp_path / "a"), capsys, "mine")
    with psycopg.connect(department.owner_url) as db:
        db.execute("UPDATE dept_queue SET lease_expires = now() - interval '1 minute'")
    on_laptop(monkeypatch, tmp_path, "theirs")  # a colleague's computer
    theirs = answered(claim(staff, staff.nurse2, capsys, tmp_path / "b"), capsys, "theirs")
    status, _, err = run(capsys, "server", "checkin", theirs, *staff.db(staff.nurse2))
    assert status == 0, err
    on_laptop(monkeypatch, tmp_path, "mine")
    again = claim(staff, staff.nurse, capsys, tmp_path / "a")  # a new lease, on their version
    assert again.name == mine.stem + "-2.umcase"  # beside the old copy, which stays
    refused(staff, capsys, mine, "the server's copy has changes this file does not have")
    status, _, err = run(
        capsys, "server", "checkin", answered(again, capsys), *staff.db(staff.nurse)
    )
    assert status == 0, err


def test_a_referral_goes_to_the_medical_directors_queue(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    staff = staffed(department, capsys)
    queued(staff, capsys, "dli-after-autologous")
    status, out, _ = run(capsys, "server", "list", *staff.db(staff.md))
    assert status == 0 and "The queue is empty" in out
    case = claim(staff, staff.nurse, capsys, tmp_path / "a")
    assert run(capsys, "case", "refer", case, "--note", "for the MD")[0] == 0
    status, out, err = run(capsys, "server", "checkin", case, *staff.db(staff.nurse))
    assert status == 0 and "back in the md queue" in out, err
    status, out, _ = run(capsys, "server", "list", *staff.db(staff.nurse))
    assert "The queue is empty" in out
    md_case = claim(staff, staff.md, capsys, tmp_path / "md")
    assert md_case.name == case.name


def test_a_pended_case_returns_to_the_queue_at_its_new_due_time(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path, config: Path
) -> None:
    import datetime as dt
    import json

    org = Org(tmp_path)
    org.install(config)
    nurse_id = org.issue("Nia Nurse", "RN", "nurse_reviewer")
    secret = tmp_path / "pass.txt"
    secret.write_bytes(PASS)
    staff = staffed(department, capsys)
    intake = json.loads((INTAKES / "hpc-boost-mixed-chimerism.json").read_text("utf-8"))
    del intake["clinical"]["chimerism_percent_donor"]  # no study result: information missing
    received = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=2)
    intake["received_at"] = received.isoformat().replace("+00:00", "Z")
    request = tmp_path / "request.json"
    request.write_text(json.dumps(intake), "utf-8")
    argv = ["server", "import", request, "--team", "north", *staff.db(staff.admin)]
    assert run(capsys, *argv)[0] == 0
    with psycopg.connect(department.owner_url) as db:
        (due_before,) = db.execute("SELECT due_at FROM dept_queue").fetchone()
    case = claim(staff, staff.nurse, capsys, tmp_path / "a")
    assert run(capsys, "case", "confirm", case)[0] == 0
    pend = ["case", "decide", case, "--decision", "pend", "--identity", nurse_id]
    status, _, err = run(capsys, *pend, "--passphrase-file", secret)
    assert status == 0, err
    status, out, err = run(capsys, "server", "checkin", case, *staff.db(staff.nurse))
    assert status == 0 and "back in the nurse queue" in out, err
    with psycopg.connect(department.owner_url) as db:
        queue_due, header_due = db.execute(
            "SELECT q.due_at, h.due_at FROM dept_queue q JOIN case_header h USING (case_id)"
        ).fetchone()
        kinds = db.execute("SELECT kind FROM letter").fetchall()
    assert kinds == [("pend",)]
    assert queue_due > due_before and queue_due == header_due  # the pend moved it


def test_an_admin_releases_a_claim_and_its_holder_can_no_longer_check_in(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    staff = staffed(department, capsys)
    queued(staff, capsys, "dli-relapsed-aml")
    case = answered(claim(staff, staff.nurse, capsys, tmp_path / "a"), capsys)
    release = ["server", "release", case.stem]
    status, _, err = run(capsys, *release, *staff.db(staff.nurse2))  # not an admin
    assert status == 2 and "the database refused: permission denied" in one_line(err)
    status, out, err = run(capsys, *release, *staff.db(staff.admin))
    assert status == 0 and f"{staff.nurse}'s copy can no longer be checked in" in out, err
    refused(staff, capsys, case, "not claimed, not by you")
    assert claim(staff, staff.nurse2, capsys, tmp_path / "b").name == case.name
    status, _, err = run(capsys, *release, *staff.db(staff.admin))
    assert status == 0, err
    status, _, err = run(capsys, *release, *staff.db(staff.admin))
    assert status == 2 and "not a claimed case" in one_line(err)
