"""The case's audit trail, with a warning when its hash chain does not hold."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.records import AuditRecord
from reviewer_app.ui.case.outcome_banner import NoticeBanner

Index = QModelIndex | QPersistentModelIndex


def _local(at: str) -> str:
    try:
        stamp = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    return stamp.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _detail_text(detail: str) -> str:
    """The entry's detail as 'key: value' pairs, easier to read than JSON."""
    try:
        data = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(data, dict):
        return detail
    parts = []
    for key, value in data.items():
        if value in (None, "", [], ["", None, ""]):
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v not in (None, ""))
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


class AuditTableModel(QAbstractTableModel):
    HEADERS = ("#", "Time", "Actor", "Action", "Detail")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[AuditRecord] = []

    def set_rows(self, rows: list[AuditRecord]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(row.seq),
                _local(row.at),
                row.actor,
                row.action,
                _detail_text(row.detail),
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return f"{row.detail}\nhash {row.hash}"
        return None


class AuditView(QWidget):
    def __init__(self, case: CaseFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case = case
        self.model = AuditTableModel()
        self.table = QTableView()
        self.table.setAccessibleName("Audit trail")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        # Rows follow their wrapped detail as the width changes (no stale heights).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setAccessibleName("Audit trail columns")
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.warning: NoticeBanner | None = None
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.table, 1)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(self._case.audit_entries())
        chain = self._case.chain
        if not chain.ok and self.warning is None:
            self.warning = NoticeBanner(
                "broken",
                f"The audit trail is broken: {chain.problem}. "
                "This case may have been altered outside the app.",
            )
            self._layout.insertWidget(0, self.warning)
