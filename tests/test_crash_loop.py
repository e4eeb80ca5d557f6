"""Kill a writer at random moments; every file must open whole with every returned commit."""

from __future__ import annotations

import os
import random
import select
import signal
import time
from pathlib import Path

import pytest

from reviewer_app.casefile.crypto import CaseKey, connect
from reviewer_app.review.answers import Answer, Reply

from helpers import make_case, open_case

KILLS = 120
AFTER_ACK = (0.0, 0.08)  # seconds: when a kill waits for a first commit, a moment after it


def _writer(path: Path, start: int, fd: int, key: CaseKey | None) -> None:
    """Child process: answer with increasing numbers, acknowledging each returned commit."""
    try:
        with open_case(path, key=key) as case:
            n = start
            while True:
                n += 1
                reply = Reply.YES if n % 2 else Reply.NO
                case.set_answer("dli.relapsed", Answer(reply=reply, note=f"n={n}"), "crash-test")
                os.write(fd, f"{n}\n".encode())
    finally:
        os._exit(0)


def _last_note(path: Path, key: CaseKey | None) -> int:
    with open_case(path, readonly=True, key=key) as case:
        assert case.chain.ok, case.chain.problem
        note = case.answer_rows()["dli.relapsed"].note
    return int(note.removeprefix("n=")) if note.startswith("n=") else 0


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize(
    ("encrypted", "kills", "window"),
    # An encrypted open pays for key derivation first: kill later so writes happen too.
    [(False, KILLS, (0.0, 0.08)), (True, 40, (0.15, 0.6))],
    ids=["plain", "encrypted"],
)
def test_sigkill_at_random_points_loses_nothing(
    tmp_path: Path, encrypted: bool, kills: int, window: tuple[float, float]
) -> None:
    rng = random.Random(20261124)
    key = CaseKey("crash-loop passphrase") if encrypted else None
    path = make_case(tmp_path, key=key)
    acked = 0
    for round_ in range(kills):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            os.close(read_fd)
            _writer(path, acked, write_fd, key)
        os.close(write_fd)
        # Every other kill comes only once this child has returned a commit, so that kills
        # land among writes however slowly the machine opens the case; the others may land
        # in the open (and the recovery it does) as well.
        waits = round_ % 2 == 1
        buf = _first_ack(read_fd) if waits else b""
        deadline = time.monotonic() + rng.uniform(*(AFTER_ACK if waits else window))
        while time.monotonic() < deadline:
            ready, _, _ = select.select([read_fd], [], [], max(0.0, deadline - time.monotonic()))
            if ready:
                chunk = os.read(read_fd, 4096)
                if not chunk:
                    break
                buf += chunk
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        buf += _drain(read_fd)
        os.close(read_fd)
        lines = [int(x) for x in buf.decode().split()]
        if lines:
            acked = lines[-1]

        # A read-only open comes first, as `case show` after a crash would: it must recover.
        stored = _last_note(path, key)
        conn = connect(path, key)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        # Every acknowledged commit is there; at most one more (committed, not yet acked).
        assert stored >= acked
        assert stored <= acked + 1
        acked = stored


def _first_ack(fd: int, limit_s: float = 60.0) -> bytes:
    """Read until the writer has acknowledged a commit (a whole line)."""
    buf = b""
    deadline = time.monotonic() + limit_s
    while b"\n" not in buf:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"the writer returned no commit in {limit_s:.0f} s"
        chunk = os.read(fd, 4096)
        assert chunk, "the writer ended without returning a commit"
        buf += chunk
    return buf


def _drain(fd: int) -> bytes:
    out = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 0)
        if not ready:
            return out
        chunk = os.read(fd, 4096)
        if not chunk:
            return out
        out += chunk
