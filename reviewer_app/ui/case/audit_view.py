"""The case's audit trail in words, under a line that says whether its hash chain holds
(intact, or broken and where) and how many entries the people who acted signed. A signed
entry's actor is marked: its signature was checked against this computer's trust bundle
as the case opened (a failing one breaks the chain)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.records import AuditRecord
from reviewer_app.ui.case.audit_text import action_label, actor_text, detail_text
from reviewer_app.ui.case.outcome_banner import NoticeBanner

Index = QModelIndex | QPersistentModelIndex
ACTOR_COLUMN = 2
SIGNED = "Signed with this person's identity"
UNSIGNED = "Not signed: made before signed audit entries, or without an identity"


def _local(at: str) -> str:
    try:
        stamp = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    return stamp.astimezone().strftime("%Y-%m-%d %H:%M:%S")


class AuditTableModel(QAbstractTableModel):
    HEADERS = ("#", "Time", "Actor", "Action", "Detail")

    def __init__(self, labels: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self._rows: list[AuditRecord] = []
        self._signed: set[int] = set()  # the seq of each signed entry
        self._labels = dict(labels or {})  # criterion id -> label
        self._mark: Any = None  # the signed entries' icon, made on first use

    def set_rows(self, rows: list[AuditRecord], signed: set[int] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._signed = set(signed or ())
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
                actor_text(row.actor),
                action_label(row.action),
                detail_text(row.action, row.detail, self._labels),
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() >= 3:
            return f"{row.action}: {row.detail}\nhash {row.hash}"  # as stored, for checking
        if index.column() == ACTOR_COLUMN and role == Qt.ItemDataRole.ToolTipRole:
            return SIGNED if row.seq in self._signed else UNSIGNED
        if index.column() == ACTOR_COLUMN and role == Qt.ItemDataRole.DecorationRole:
            return self._signed_mark() if row.seq in self._signed else None
        return None

    def _signed_mark(self) -> Any:
        if self._mark is None:
            from PySide6.QtWidgets import QApplication

            self._mark = QApplication.style().standardIcon(
                QStyle.StandardPixmap.SP_DialogApplyButton
            )
        return self._mark


class AuditView(QWidget):
    def __init__(self, case: CaseFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case = case
        labels = {n.id: n.label for n in case.criteria.root.walk()}
        self.model = AuditTableModel(labels)
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
        self.chain_banner: NoticeBanner | None = None
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.table, 1)
        self.reload()

    @property
    def warning(self) -> NoticeBanner | None:
        """The banner when the chain is broken (None while it holds)."""
        return self.chain_banner if not self._case.chain.ok else None

    def reload(self) -> None:
        entries = self._case.audit_entries()
        signed = set(self._case.entry_signatures()[0])
        self.model.set_rows(entries, signed)
        chain = self._case.chain
        if chain.ok:
            count = len(entries)
            noun = "entry" if count == 1 else "entries"
            kind, headline = "intact", "Audit trail intact"
            detail = (
                f"{count} {noun}, each sealed to the one before it: none was changed or "
                f"removed since it was written. {_signed_text(len(signed), count)}"
            )
        else:
            kind, headline = "broken", f"The audit trail is broken: {chain.problem}."
            detail = "This case may have been altered outside the app."
        if self.chain_banner is not None and self.chain_banner.property("notice") == kind:
            self.chain_banner.detail.setText(detail)
            return
        if self.chain_banner is not None:
            self._layout.removeWidget(self.chain_banner)
            self.chain_banner.deleteLater()
        self.chain_banner = NoticeBanner(kind, headline, detail)
        self.chain_banner.setAccessibleName(headline)
        self._layout.insertWidget(0, self.chain_banner)


def _signed_text(signed: int, count: int) -> str:
    if not signed:
        return "None is signed (made without identities)."
    if signed == count:
        return "Each is signed by the person who acted (marked ✓)."
    rest = count - signed
    before = "the entry before them is" if rest == 1 else f"the {rest} entries before them are"
    return (
        f"{signed} signed by the people who acted (marked ✓); {before} not (made before "
        "signed entries, or without an identity)."
    )
