"""``python -m benchmarks.department``: the department server's figures on 1,000 to
100,000 queued cases (run by ``make bench``, with its own PostgreSQL).

    claim_next   one claim of the most urgent queued case (the queue operation alone)
    first_screen the Department page listing its first screen, from a new connection
    checkin      a typical check-in: one more answer, checked and applied (plain file)
    checkin_encrypted              the same, encrypted, the page key derived when the case
                                   was opened (the app's session key)
    checkin_encrypted_new_process  the same as a new command: one key derivation included

Times are of a running app or command (its code loaded once, by an unmeasured round);
a command line started for one check-in also pays Python's start and its imports.

Budgets (issue 24): claim next median 10 ms and 99th percentile 50 ms, first screen
200 ms, check-in 200 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.fixtures import INTAKE, deployment_env, registry
from benchmarks.pg_cluster import pg_server

SIZES = (1_000, 10_000, 100_000)
BUDGETS_MS = {"claim_next_median": 10, "claim_next_p99": 50, "first_screen": 200}
BUDGETS_MS |= {"checkin": 200, "checkin_encrypted": 200}
PASSPHRASE = "benchmark case passphrase"


def _ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def _cli(*argv: str) -> None:
    from reviewer_app.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        status = main(list(argv))
    if status != 0:
        raise RuntimeError(f"{argv[:2]} failed with status {status}")


class Bench:
    def __init__(self, socket: Path, work: Path) -> None:
        self.socket = socket
        self.work = work
        with psycopg.connect(self.url("postgres", "postgres"), autocommit=True) as conn:
            conn.execute("CREATE ROLE bench_owner LOGIN CREATEROLE")
            conn.execute("CREATE DATABASE um OWNER bench_owner")
        _cli("server", "init", "--db", self.url("bench_owner"))
        for name, role in (("bench_admin", "admin"), ("bench_nurse", "nurse_reviewer")):
            _cli("server", "add-user", name, "--role", role, "--team", "north",
                 "--db", self.url("bench_owner"))  # fmt: skip

    def url(self, user: str, db: str = "um") -> str:
        return f"postgresql://{user}@/{db}?host={self.socket}"

    def fill(self, size: int) -> None:
        """``size`` queued cases: the example request (most urgent) and synthetic ones."""
        from reviewer_app.server.intake import request_from
        from reviewer_app.server.tables import metadata

        with psycopg.connect(self.url("bench_owner")) as conn:
            tables = ", ".join(t.name for t in metadata.sorted_tables if t.name != "dept_user")
            conn.execute(f"TRUNCATE {tables}, case_header, diagnosis, answer, signer_cert, "
                         "letter, determination, audit, audit_signature")  # fmt: skip
        from reviewer_app.cli.context import IDENTITY_ENV, IDENTITY_PASSPHRASE_ENV
        from reviewer_app.decisions.entry_trust import IdentitySigner
        from reviewer_app.letters.identity import load_identity

        secret = Path(os.environ[IDENTITY_PASSPHRASE_ENV]).read_bytes()
        signer = IdentitySigner(load_identity(os.environ[IDENTITY_ENV], secret))
        request = request_from(INTAKE, registry(), signer)
        with self._queue("bench_admin") as dept:
            dept.enqueue([request], "north")
        due = request.due_at.replace(tzinfo=dt.UTC)
        with psycopg.connect(self.url("bench_owner")) as conn:
            with conn.cursor().copy(
                "COPY dept_queue (case_id, team, urgency, cpt, received_at, due_at) FROM STDIN"
            ) as copy:
                for i in range(size - 1):
                    later = due + dt.timedelta(hours=1 + i % 500, seconds=i)
                    copy.write_row((f"UM-BENCH-{i:06d}", "north", "standard", "38242", due, later))
            conn.execute("ANALYZE")

    @contextlib.contextmanager
    def _queue(self, user: str) -> Any:
        from reviewer_app.server.connection import connect
        from reviewer_app.server.queue import DepartmentQueue
        from reviewer_app.server.schema import engine_for

        conn = connect(self.url(user))
        try:
            yield DepartmentQueue(engine_for(conn))
        finally:
            conn.close()

    def checkin(self, rounds: int, *, encrypted: bool, cold: bool = False) -> list[float]:
        """Claim the example case, answer once, time its check-in; ``rounds`` times."""
        from reviewer_app.casefile.crypto import CaseKey
        from reviewer_app.cli.context import CliContext
        from reviewer_app.server.checkin import check_in, read_checked
        from reviewer_app.server.checkout import check_out

        key = CaseKey(PASSPHRASE) if encrypted else None
        os.environ["REVIEWER_APP_PASSPHRASE"] = PASSPHRASE  # for `case answer`
        ctx = CliContext()
        samples = []
        for r in range(rounds + 1):  # the first round loads the code: not measured
            folder = Path(tempfile.mkdtemp(dir=self.work))
            with self._queue("bench_nurse") as dept:
                claimed = check_out(dept, folder, key, dt.timedelta(hours=1))
            assert claimed is not None and not claimed[0].case_id.startswith("UM-BENCH")
            path = claimed[1]
            reply = ("yes", "no")[r % 2]
            _cli("case", "answer", str(path), "dli.relapsed", reply, "--note", f"round {r}")
            check_key = key
            if key is not None and cold:
                check_key = CaseKey(PASSPHRASE)  # as a new command's: derives the page key
            elif key is not None:
                key.pragma_literal_for(path)  # as the app's session key, which opened it

            def run(path: Path = path, check_key: Any = check_key) -> None:
                found = read_checked(
                    path, check_key, ctx.policies, ctx.entry_check(), ctx.trust.anchors()
                )
                with self._queue("bench_nurse") as dept:
                    check_in(dept, found)

            took = _ms(run)[0]
            if r:
                samples.append(took)
        return samples

    def claims(self, count: int) -> list[float]:
        with self._queue("bench_nurse") as dept:
            return [_ms(dept.claim_next)[0] for _ in range(count)]

    def first_screen(self, rounds: int) -> list[float]:
        from PySide6.QtWidgets import QApplication

        from reviewer_app.server.client import DepartmentClient
        from reviewer_app.ui.department.department_page import DepartmentPage

        app = QApplication.instance() or QApplication([])
        samples = []
        for r in range(rounds + 1):  # the first round loads the code: not measured
            page = DepartmentPage(
                DepartmentClient(self.url("bench_nurse"), registry()), Path, lambda: None
            )
            page.resize(1200, 700)

            def show(page: DepartmentPage = page) -> None:
                page.refresh()
                page.show()
                app.processEvents()

            took = _ms(show)[0]
            if r:
                samples.append(took)
            page.close()
            page.deleteLater()
        return samples


def measure(quick: bool) -> dict[str, Any]:
    sizes = (1_000,) if quick else SIZES
    rounds, claims = (2, 20) if quick else (7, 300)
    results: dict[str, Any] = {"sizes": {}, "budgets_ms": BUDGETS_MS}
    with pg_server() as socket, tempfile.TemporaryDirectory() as work:
        bench = Bench(socket, Path(work))
        for size in sizes:
            bench.fill(size)
            plain = bench.checkin(rounds, encrypted=False)
            enc = bench.checkin(max(2, rounds // 2), encrypted=True)
            cold = bench.checkin(2, encrypted=True, cold=True)
            screen = bench.first_screen(rounds)
            claim = bench.claims(claims)
            results["sizes"][size] = {
                "claim_next_median": statistics.median(claim),
                "claim_next_p99": _p99(claim),
                "first_screen": statistics.median(screen),
                "checkin": statistics.median(plain),
                "checkin_encrypted": statistics.median(enc),
                "checkin_encrypted_new_process": statistics.median(cold),
            }
            print(f"{size:>7} queued: " + ", ".join(
                f"{k} {v:.1f} ms" for k, v in results["sizes"][size].items()),
                flush=True)  # fmt: skip
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.department")
    parser.add_argument("--quick", action="store_true", help="1,000 cases, few rounds")
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as home:  # the benchmark's own settings and logs
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[var] = os.path.join(home, var.lower())
        os.environ["REVIEWER_APP_LOG_DIR"] = os.path.join(home, "logs")
        os.environ["REVIEWER_APP_CONFIG_DIR"] = os.path.join(home, "app-config")
        os.environ.update(deployment_env(Path(home) / "app-config", Path(home) / "identity"))
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        results = measure(args.quick)
    over = [
        f"{name} {figures[name]:.1f} ms at {size:,} (budget {budget} ms)"
        for size, figures in results["sizes"].items()
        for name, budget in BUDGETS_MS.items()
        if figures[name] > budget
    ]
    print("over budget: " + "; ".join(over) if over else "all within budget")
    if args.out is not None:
        args.out.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
