"""Twenty processes claiming at once from 2,000 queued cases: each case goes to exactly one."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pg_cluster import Department
from server_helpers import run

from reviewer_app.server.connection import connect
from reviewer_app.server.people import add_user
from reviewer_app.server.queue import DepartmentQueue
from reviewer_app.server.schema import engine_for
from reviewer_app.server.tables import Role

CASES = 2000
WORKERS = 20


def claim_all(url: str, start: Any, out: Any) -> None:
    """One reviewer's process: connect, wait for the others, claim until the queue is empty."""
    dept = DepartmentQueue(engine_for(connect(url)))
    start.wait(timeout=60)
    claimed = []
    while (claim := dept.claim_next()) is not None:
        claimed.append(claim.case_id)
    out.send(claimed)


@pytest.mark.slow
def test_twenty_processes_claim_each_case_exactly_once(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "server", "init", "--db", department.owner_url)[0] == 0
    nurses = [department.name(f"n{i}") for i in range(WORKERS)]
    due = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    with psycopg.connect(department.owner_url) as conn:
        for name in nurses:
            add_user(conn, name, Role.NURSE_REVIEWER, "north", None)
        with conn.cursor().copy(
            "COPY dept_queue (case_id, team, urgency, cpt, received_at, due_at) FROM STDIN"
        ) as copy:
            for i in range(CASES):
                when = due + dt.timedelta(minutes=i % 97)  # many share a due time
                copy.write_row((f"UM-LOAD-{i:05d}", "north", "standard", "38242", due, when))
    forked = multiprocessing.get_context("fork")  # no second start-up of Python and imports
    start = forked.Barrier(WORKERS + 1)
    pipes = [forked.Pipe(duplex=False) for _ in nurses]
    procs = [
        forked.Process(target=claim_all, args=(department.url(n), start, sender))
        for n, (_, sender) in zip(nurses, pipes, strict=True)
    ]
    for proc in procs:
        proc.start()
    start.wait(timeout=60)  # all connected: claim at once
    claimed = {name: receiver.recv() for name, (receiver, _) in zip(nurses, pipes, strict=True)}
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0
    every = [case for cases in claimed.values() for case in cases]
    assert len(every) == CASES and len(set(every)) == CASES  # none lost, none twice
    assert sum(1 for cases in claimed.values() if cases) > 1  # they did compete
    with psycopg.connect(department.owner_url) as conn:
        holders = dict(conn.execute("SELECT case_id, lease_holder FROM dept_queue").fetchall())
        events = conn.execute("SELECT count(*) FROM dept_event WHERE action = 'claimed'").fetchone()
    assert all(holders[case] == name for name, cases in claimed.items() for case in cases)
    assert events == (CASES,)
