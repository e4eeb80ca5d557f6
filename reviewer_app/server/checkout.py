"""Claiming a case writes it to a case file on this computer, for work offline."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.casefile.files import atomic_write
from reviewer_app.server.errors import ServerError
from reviewer_app.server.queue import Claim, DepartmentQueue, claim_in
from reviewer_app.server.tables import Queue
from reviewer_app.server.transfer import server_rows, write_case_file


def free_name(folder: Path, case_id: str) -> Path:
    """A new file in ``folder`` named for the case (only letters, digits, - and _ kept):
    CASE.umcase, or CASE-2.umcase … when an earlier copy of the case is still there (a
    case checked in and claimed again), which is never overwritten."""
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", case_id)[:120]
    for n in range(1, 1000):
        path = folder / (f"{stem}.umcase" if n == 1 else f"{stem}-{n}.umcase")
        if not path.exists():
            return path
    raise ServerError(f"{folder}: too many copies of {case_id} here; move some away")


def check_out(
    dept: DepartmentQueue,
    folder: Path,
    key: CaseKey | None,
    lease: dt.timedelta,
    asked: Queue | None = None,
) -> tuple[Claim, Path] | None:
    """Claim the caller's most urgent free case and write it to ``folder``; None when the
    queue is empty. The claim commits only once the file is whole on disk: if writing
    fails, the case stays in the queue."""
    with dept.transaction() as conn:
        claim = claim_in(conn, asked, lease)
        if claim is None:
            return None
        rows = server_rows(conn, claim.case_id)
        dest = free_name(folder, claim.case_id)
        atomic_write(dest, lambda tmp: write_case_file(tmp, rows, key))
        try:
            conn.commit()
        except BaseException:
            dest.unlink(missing_ok=True)
            raise
    return claim, dest
