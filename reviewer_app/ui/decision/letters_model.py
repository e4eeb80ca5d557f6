"""The case's stored letters as a table: version, letter, signed by, time, supersedes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reviewer_app.casefile.convert import from_db_time
from reviewer_app.casefile.tables import LetterRow
from reviewer_app.ui.app_settings import ROLE_LABELS

KIND_LABELS = {"approval": "Approval", "denial": "Denial", "pend": "Request for information"}
HEADERS = ("Version", "Letter", "Signed by", "Time", "Supersedes")
LETTER_ID_ROLE = Qt.ItemDataRole.UserRole

_Index = QModelIndex | QPersistentModelIndex


def signer_parts(row: LetterRow) -> tuple[str, str]:
    """The stored signer label ("Name, MD (medical_director)") as name and role label."""
    text = row.signer
    for role, label in ROLE_LABELS.items():
        if text.endswith(f" ({role})"):
            return text.removesuffix(f" ({role})"), label
    return text, ""


def letter_time(row: LetterRow) -> str:
    return from_db_time(row.created_at).astimezone().strftime("%Y-%m-%d %H:%M %Z")


class LettersModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[LetterRow] = []
        self._versions: dict[int, int] = {}
        self._copies: frozenset[int] = frozenset()

    def set_rows(
        self, rows: list[LetterRow], copies: set[int] | frozenset[int] = frozenset()
    ) -> None:
        """``copies``: the ids of the authorized representative's copies among ``rows``."""
        self.beginResetModel()
        self._rows = list(rows)
        self._versions = {r.id: r.version for r in rows if r.id is not None}
        self._copies = frozenset(copies)
        self.endResetModel()

    def row_at(self, row: int) -> LetterRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, letter_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == letter_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation is Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == LETTER_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            who, role_label = signer_parts(row)
            return f"{who} ({role_label})" if role_label else who
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, index.column())
        return None

    def _text(self, row: LetterRow, column: int) -> str:
        if column == 0:
            return f"v{row.version}"
        if column == 1:
            kind = KIND_LABELS.get(row.kind, row.kind)
            return f"{kind} — representative's copy" if row.id in self._copies else kind
        if column == 2:
            return signer_parts(row)[0]
        if column == 3:
            return letter_time(row)
        old = self._versions.get(row.supersedes_id) if row.supersedes_id is not None else None
        return f"supersedes v{old}" if old is not None else ""
