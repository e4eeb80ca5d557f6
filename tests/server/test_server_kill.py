"""A check-in killed with SIGKILL at any moment leaves the server unchanged or fully updated."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import psycopg
import pytest
from dept_helpers import answered, claim, queued, server_state, staffed
from pg_cluster import Department

from reviewer_app.cli import main
from reviewer_app.server.transfer import read_file_rows

ROUNDS = 20


def checkin_process(case: Path, db: list[str]) -> multiprocessing.process.BaseProcess:
    forked = multiprocessing.get_context("fork")  # already imported: the kill lands sooner
    proc = forked.Process(target=main, args=(["server", "checkin", str(case), *db],))
    proc.start()
    return proc


def fully_checked_in(dept: Department, case: Path) -> bool:
    """The server holds exactly the file's rows, and the case is back in the queue."""
    wanted = read_file_rows(case, None)
    with psycopg.connect(dept.owner_url) as conn:
        state = conn.execute("SELECT state, lease_holder FROM dept_queue").fetchone()
        trail = conn.execute("SELECT hash FROM audit ORDER BY seq").fetchall()
        answers = conn.execute("SELECT criterion_id, reply, note FROM answer").fetchall()
    want_answers = sorted((a["criterion_id"], a["reply"], a["note"]) for a in wanted["answer"])
    return (
        state == ("queued", None)
        and [h for (h,) in trail] == [a["hash"] for a in wanted["audit"]]
        and sorted(answers) == want_answers
    )


@pytest.mark.slow
def test_a_killed_checkin_leaves_the_server_whole(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    staff = staffed(department, capsys)
    queued(staff, capsys, "dli-relapsed-aml")
    db = staff.db(staff.nurse)
    case = answered(claim(staff, staff.nurse, capsys, tmp_path / "0"), capsys, "round 0")
    began = time.monotonic()
    calibration = checkin_process(case, db)  # how long a whole check-in takes
    calibration.join(timeout=60)
    whole = time.monotonic() - began
    assert calibration.exitcode == 0 and fully_checked_in(department, case)
    rng = random.Random(24)
    outcomes = {"unchanged": 0, "updated": 0}
    case = claim(staff, staff.nurse, capsys, tmp_path / "1")
    for round_ in range(1, ROUNDS + 1):
        case = answered(case, capsys, f"round {round_}")
        before = server_state(department)
        proc = checkin_process(case, db)
        time.sleep(rng.uniform(0.3, 1.1) * whole)
        if proc.pid is not None and proc.exitcode is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.join(timeout=60)
        if server_state(department) == before:
            outcomes["unchanged"] += 1  # still ours: work on and try again
            continue
        assert fully_checked_in(department, case), f"round {round_}: half a check-in"
        outcomes["updated"] += 1
        case = claim(staff, staff.nurse, capsys, tmp_path / str(round_ + 1))
    assert sum(outcomes.values()) == ROUNDS  # each round one of the two, never half
