"""Filtering and sorting of the workspace table: status, and a search on member or case id."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from reviewer_app.casefile.index import CaseSummary
from reviewer_app.casefile.store import STATUS_LABELS
from reviewer_app.ui.workspace.case_table_model import SORT_ROLE, SUMMARY_ROLE

ALL_STATUSES = ""
STATUS_CHOICES: list[tuple[str, str]] = [
    ("All", ALL_STATUSES),
    *((label, key) for key, label in STATUS_LABELS.items()),
]


class CaseFilterProxy(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self._status = ALL_STATUSES
        self._needle = ""
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_status(self, status: str) -> None:
        """Show only cases with this status key ('' for all)."""
        if status != self._status:
            self.beginFilterChange()
            self._status = status
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        summary = index.data(SUMMARY_ROLE)
        if not isinstance(summary, CaseSummary):
            return False
        if self._status and summary.status != self._status:
            return False
        if not self._needle:
            return True
        haystack = (summary.member_name, summary.case_id, summary.path.name)
        return any(self._needle in field.casefold() for field in haystack)
