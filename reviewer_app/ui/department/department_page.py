"""The Department page: the queue the user may see, filtered, and Claim next.

The server is reached through a ``QueueSource`` (the domain's DepartmentClient), handed
in by the window's builder. A failure to reach it is one line on the page: the cases
already claimed stay on this computer and open as always.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from reviewer_app.casefile.convert import utc_now
from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.server.checkin import CheckedIn
from reviewer_app.server.client import QueuePage
from reviewer_app.server.queue import Claim
from reviewer_app.ui.department.department_view import DepartmentView
from reviewer_app.ui.department.queue_model import DUE_COLUMN, QueueTableModel

FILTER_DELAY_MS = 250
QUEUE_NAMES = {"nurse": "nurse reviewers' queue", "md": "medical directors' queue"}


class QueueSource(Protocol):
    def queue_page(self, text_filter: str = "") -> QueuePage: ...

    def claim_next(self, folder: Path, key: CaseKey | None) -> tuple[Claim, Path] | None: ...

    def check_in(self, path: Path, key: CaseKey | None) -> CheckedIn: ...


class DepartmentPage(QWidget):
    claimed = Signal(Path)  # a claimed case's file, written to the workspace folder
    loaded = Signal(int)  # rows listed

    def __init__(
        self,
        source: QueueSource,
        folder: Callable[[], Path],
        key: Callable[[], CaseKey | None],
        clock: Callable[[], dt.datetime] = utc_now,
        *,
        encrypts: bool = True,  # False only for a window without a session key (tests)
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._encrypts = encrypts
        self._source = source
        self._folder = folder
        self._key = key
        self._clock = clock
        self.model = QueueTableModel()
        self.view = DepartmentView()
        self.view.table.setModel(self.model)
        self.view.table.sortByColumn(DUE_COLUMN, Qt.SortOrder.AscendingOrder)  # most urgent first
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.refresh)
        self.view.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self.view.refresh_button.clicked.connect(self.refresh)
        self.view.claim_button.clicked.connect(self.claim_next)

    def refresh(self) -> None:
        try:
            page = self._source.queue_page(self.view.filter.text())
        except Exception as exc:  # the server's errors are one line without PHI
            self._say(f"Department server not reachable: {_first_line(exc)}")
            return
        self.model.set_rows(page.entries, self._clock())
        self.view.fit_columns()
        shown = len(page.entries)
        more = f" (the {shown} most urgent of {page.total})" if page.total > shown else ""
        self._say(f"{page.total} cases{more}" if page.total else "The queue is empty")
        self.loaded.emit(shown)

    def claim_next(self) -> None:
        key = self._key()
        if key is None and self._encrypts:
            self._say("Unlock the app first: a claimed case is written encrypted")
            return
        try:
            done = self._source.claim_next(self._folder(), key)
        except Exception as exc:
            self._say(f"Could not claim a case: {_first_line(exc)}")
            return
        if done is None:
            self._say("Nothing to claim: your queue is empty")
            return
        claim, path = done
        self.refresh()
        self._say(f"Claimed {claim.case_id} until {claim.lease_expires:%Y-%m-%d %H:%M} UTC")
        self.claimed.emit(path)

    def check_in(self, path: Path) -> bool:
        """Send the claimed case at ``path`` back; say what became of it, or why not."""
        try:
            done = self._source.check_in(path, self._key())
        except Exception as exc:  # a refusal: one line, both copies left as they are
            self._say(f"Not checked in: {_first_line(exc)}")
            return False
        where = "decided" if done.state == "decided" else f"in the {QUEUE_NAMES[done.queue]}"
        self.refresh()
        self._say(f"Checked in {done.case_id} ({done.new_entries} new audit entries): {where}")
        return True

    def _say(self, text: str) -> None:
        self.view.status.setText(text)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
