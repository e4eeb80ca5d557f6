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
from reviewer_app.policy import PolicyRegistry
from reviewer_app.server.checkin import CheckedIn
from reviewer_app.server.queue import DEFAULT_LEASE, Claim, DepartmentQueue, QueueEntry

FIRST_SCREEN = 500  # the most urgent rows the queue page lists


@dataclass(frozen=True)
class QueuePage:
    entries: list[QueueEntry]
    total: int  # all rows matching the filter, of which ``entries`` are the first


class DepartmentClient:
    def __init__(self, db: str, registry: PolicyRegistry) -> None:
        self._db = db or None  # "" -> the PGSERVICE service
        self._registry = registry

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

    def check_in(self, path: Path, key: CaseKey | None) -> CheckedIn:
        """Send a claimed case back (the checks of `server checkin`, this computer's trust
        bundle for signatures and letters)."""
        from reviewer_app.config import config_dir
        from reviewer_app.decisions.entry_check import checked_with
        from reviewer_app.decisions.trust import TrustStore
        from reviewer_app.server.checkin import check_in, read_checked

        trust = TrustStore(config_dir() / "trust")
        found = read_checked(
            path, key, self._registry, checked_with(trust.anchors), trust.anchors()
        )
        with self._queue() as dept:
            return check_in(dept, found)
