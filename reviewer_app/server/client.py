"""The desktop app's door to the department server.

Each operation opens a short connection and closes it: between operations the app holds
nothing open, so a laptop that leaves the network keeps working on its claimed cases and
only the queue's own commands say the server cannot be reached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.server.queue import DEFAULT_LEASE, Claim, DepartmentQueue, QueueEntry

FIRST_SCREEN = 500  # the most urgent rows the queue page lists


@dataclass(frozen=True)
class QueuePage:
    entries: list[QueueEntry]
    total: int  # all rows matching the filter, of which ``entries`` are the first


class DepartmentClient:
    def __init__(self, db: str) -> None:
        self._db = db or None  # "" -> the PGSERVICE service

    @contextmanager
    def _queue(self) -> Iterator[DepartmentQueue]:
        from reviewer_app.server.connection import connect
        from reviewer_app.server.schema import engine_for

        conn = connect(self._db)
        try:
            yield DepartmentQueue(engine_for(conn))
        finally:
            conn.close()

    def queue_page(self, text_filter: str = "", limit: int = FIRST_SCREEN) -> QueuePage:
        with self._queue() as dept:
            entries = dept.entries(text_filter=text_filter, limit=limit)
            total = len(entries) if len(entries) < limit else dept.count(text_filter=text_filter)
        return QueuePage(entries, total)

    def claim_next(
        self, folder: Path, key: CaseKey | None, lease: dt.timedelta = DEFAULT_LEASE
    ) -> tuple[Claim, Path] | None:
        from reviewer_app.server.checkout import check_out

        with self._queue() as dept:
            return check_out(dept, folder, key, lease)
