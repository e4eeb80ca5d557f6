"""The workspace table: one row per case file summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from reviewer_app.casefile.index import CaseSummary
from reviewer_app.casefile.store import STATUS_LABELS

SERVICE_LABELS = {"DLI": "DLI", "HPC_BOOST": "HPC boost"}
SEALED_TEXT = "Encrypted — unlock to see"
OTHER_PASSPHRASE_TEXT = "Encrypted with another passphrase — open it to enter that one"
URGENCY_LABELS = {"standard": "Standard", "expedited": "Expedited"}

# A red that reads on light and dark backgrounds alike (about 5:1 on white, 3.4:1 on
# near-black); the "Overdue" text (and bold type, from the view's delegate) carry the
# meaning without colour too.
OVERDUE_RED = QColor("#d32f2f")

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 3  # True on an overdue case's due-time cells

Index = QModelIndex | QPersistentModelIndex


def local_time(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


class CaseTableModel(QAbstractTableModel):
    COL_CASE, COL_MEMBER, COL_SERVICE, COL_URGENCY, COL_STATUS = range(5)
    COL_DUE, COL_LEFT, COL_UPDATED = range(5, 8)
    HEADERS = (
        "Case",
        "Member",
        "Service",
        "Urgency",
        "Status",
        "Decision due",
        "Time left",
        "Last change",
    )

    def __init__(self, clock: Callable[[], dt.datetime]) -> None:
        super().__init__()
        self._clock = clock
        self._rows: list[CaseSummary] = []
        self._now = clock()

    # -- feeding --------------------------------------------------------------------------

    def set_rows(self, rows: list[CaseSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = self._clock()
        self.endResetModel()

    def tick(self) -> None:
        """Re-read the clock: the time-left column moves on."""
        self._now = self._clock()
        if self._rows:
            top = self.index(0, self.COL_DUE)
            bottom = self.index(len(self._rows) - 1, self.COL_LEFT)
            self.dataChanged.emit(top, bottom)

    def summary(self, row: int) -> CaseSummary:
        return self._rows[row]

    def row_of(self, path: Path) -> int:
        for i, s in enumerate(self._rows):
            if s.path == path:
                return i
        return -1

    # -- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        s = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(s, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if s.needs_passphrase:
                return f"{s.path.name}: {self._display(s, self.COL_MEMBER)}"
            if s.error:
                return f"{s.path.name}: {s.error}"
            return str(s.path)
        if role == SORT_ROLE:
            return self._sort_key(s, col)
        if role == SUMMARY_ROLE:
            return s
        overdue = col in (self.COL_DUE, self.COL_LEFT) and s.is_overdue(self._now)
        if role == Qt.ItemDataRole.ForegroundRole and (overdue or s.error):
            return QBrush(OVERDUE_RED)
        if role == OVERDUE_ROLE:
            return overdue
        return None

    def _display(self, s: CaseSummary, col: int) -> str:
        if s.needs_passphrase:  # nothing is known about it, and that is not an error
            text = OTHER_PASSPHRASE_TEXT if s.other_passphrase else SEALED_TEXT
            return {
                self.COL_CASE: s.path.name,
                self.COL_MEMBER: text,
                self.COL_STATUS: "Encrypted",
            }.get(col, "")
        if s.error:
            return {
                self.COL_CASE: s.path.name,
                self.COL_MEMBER: f"Cannot read: {s.error}",
                self.COL_STATUS: "Unreadable",
            }.get(col, "")
        training = " (training)" if s.training else ""
        values = {
            self.COL_CASE: s.case_id + training,
            self.COL_MEMBER: s.member_name,
            self.COL_SERVICE: SERVICE_LABELS.get(s.service, s.service),
            self.COL_URGENCY: URGENCY_LABELS.get(s.urgency, s.urgency),
            self.COL_STATUS: STATUS_LABELS.get(s.status, s.status),
            self.COL_DUE: local_time(s.due_at),
            self.COL_LEFT: s.time_left_text(self._now),
            self.COL_UPDATED: local_time(s.updated_at),
        }
        return values.get(col, "")

    def _sort_key(self, s: CaseSummary, col: int) -> Any:
        if col in (self.COL_DUE, self.COL_LEFT):
            # Undecided cases by due time first; decided ones (no time left) after them.
            stamp = s.due_at.timestamp() if s.due_at else float("inf")
            return stamp if s.pending or col == self.COL_DUE else float("inf")
        if col == self.COL_UPDATED:
            return s.updated_at.timestamp() if s.updated_at else 0.0
        return self._display(s, col).lower()
