"""The department queue as a Qt table model: sorted here, over plain lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reviewer_app.server.queue import QueueEntry
from reviewer_app.ui.workspace.case_table_model import URGENCY_LABELS, local_time

COLUMNS = ("Due", "Case", "Urgency", "CPT", "Team", "Queue", "State", "Held by")
DUE_COLUMN = 0
QUEUE_LABELS = {"nurse": "Nurse review", "md": "Medical director"}
STATE_LABELS = {"queued": "Queued", "claimed": "Claimed", "decided": "Decided"}
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class QueueTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[QueueEntry, tuple[str, ...]]] = []
        self._sort = (DUE_COLUMN, Qt.SortOrder.AscendingOrder)

    def set_rows(self, entries: Sequence[QueueEntry], now: dt.datetime) -> None:
        self.beginResetModel()
        self._rows = [(e, _texts(e, now)) for e in entries]
        self._order()
        self.endResetModel()

    def case_id(self, row: int) -> str:
        return self._rows[row][0].case_id

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry, texts = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return texts[index.column()]
        if role == CASE_ID_ROLE:
            return entry.case_id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == DUE_COLUMN:
            return f"Due {entry.due_at:%Y-%m-%d %H:%M} UTC"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._order()
        self.layoutChanged.emit()

    def _order(self) -> None:
        column, order = self._sort
        reverse = order == Qt.SortOrder.DescendingOrder

        def key(row: tuple[QueueEntry, tuple[str, ...]]) -> tuple[Any, ...]:
            entry, texts = row
            first: Any = entry.due_at if column == DUE_COLUMN else texts[column].casefold()
            return (first, entry.due_at, entry.case_id)

        self._rows.sort(key=key, reverse=reverse)


def _texts(entry: QueueEntry, now: dt.datetime) -> tuple[str, ...]:
    state = entry.open_state(now)
    holder = entry.lease_holder or "" if state == "claimed" else ""
    return (
        local_time(entry.due_at),
        entry.case_id,
        URGENCY_LABELS.get(entry.urgency, entry.urgency),
        entry.cpt,
        entry.team,
        QUEUE_LABELS.get(entry.queue, entry.queue),
        STATE_LABELS.get(state, state),
        holder,
    )
