"""Qt item models for the policy pane's lists: references, the passages citing one, codes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from reviewer_app.policy.models import Reference
from reviewer_app.ui.policy.passages import CitedPassage

_Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()

NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1
PASSAGE_ROLE = Qt.ItemDataRole.UserRole + 2


def short_authors(authors: str) -> str:
    """ "Arellano ML et al." for three authors or more (all of them are in the reference
    text): the column then shows who, not a cut-off list."""
    names = [n.strip() for n in authors.split(",") if n.strip()]
    return f"{names[0]} et al." if len(names) > 2 else authors


class ReferenceTableModel(QAbstractTableModel):
    HEADERS = ("No.", "Authors", "Title", "Journal", "Year")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Reference] = []

    def set_rows(self, rows: list[Reference]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, number: int) -> int:
        for row, ref in enumerate(self._rows):
            if ref.number == number:
                return row
        return -1

    def rowCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ref = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            # The number stays an int so the column sorts 1, 2, ... 10, not 1, 10, 2.
            authors = short_authors(ref.authors)
            return (ref.number, authors, ref.title, ref.journal, ref.year)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return ref.text
        if role == NUMBER_ROLE:
            return ref.number
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class CitedInModel(QAbstractListModel):
    """The passages that cite the selected reference."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CitedPassage] = []

    def set_rows(self, rows: list[CitedPassage]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def passage_at(self, row: int) -> CitedPassage:
        return self._rows[row]

    def rowCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.section_path}\n{item.passage}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Show this passage in the policy text (Enter or double-click)"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{item.section_path}: {item.passage}"
        if role == PASSAGE_ROLE:
            return item
        return None


class CodingTableModel(QAbstractTableModel):
    """Rows of (code, description, criteria set label)."""

    HEADERS = ("Code", "Description", "Criteria set")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str]] = []

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
