"""The workspace table: one row per case file summary, sorted and filtered here.

Sorting and filtering run once per change over plain lists (texts, sort keys and
search text worked out once per listing), not through a QSortFilterProxyModel that
calls ``data()`` per row and per comparison: for 10,000 case files that is a few
milliseconds instead of seconds. The model exposes only the rows shown, in their order.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from reviewer_app.casefile.status import STATUS_LABELS
from reviewer_app.casefile.summary import CaseSummary

SERVICE_LABELS = {"DLI": "DLI", "HPC_BOOST": "HPC boost"}
SEALED_TEXT = "Encrypted — unlock to see"
OTHER_PASSPHRASE_TEXT = "Encrypted with another passphrase — open it to enter that one"
URGENCY_LABELS = {"standard": "Standard", "expedited": "Expedited"}
ALL_STATUSES = ""

# A red that reads on light and dark backgrounds alike (about 5:1 on white, 3.4:1 on
# near-black); the "Overdue" text and bold type carry the meaning without colour too.
OVERDUE_RED = QColor("#d32f2f")

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 3  # True on an overdue case's due-time cells

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FONT = Qt.ItemDataRole.FontRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_NO_TIME = float("inf")

Index = QModelIndex | QPersistentModelIndex


def local_time(value: dt.datetime | None) -> str:
    """'2026-12-05 15:05' in local time (with its DST rule for that date)."""
    if value is None:
        return ""
    # time.localtime and an f-string, not astimezone().strftime(): strftime imports a
    # module on each call, which PySide6's import hook makes ~50 µs; this is ~1 µs.
    t = time.localtime(value.timestamp())
    return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d} {t.tm_hour:02d}:{t.tm_min:02d}"


def _bold() -> QFont:
    # Only the weight is set, so the view resolves the rest from its own (zoomable) font.
    font = QFont()
    font.setBold(True)
    return font


class _Row:
    """One case file as listed: its summary and what sorting and searching need.

    The display texts are made when a row is first shown (a view shows a few dozen of
    thousands), the search text when the first search runs."""

    __slots__ = ("_haystack", "_texts", "due_key", "left_key", "summary", "updated_key")

    def __init__(self, s: CaseSummary) -> None:
        self.summary = s
        self._texts: tuple[str, ...] | None = None
        self._haystack: str | None = None
        due = s.due_at.timestamp() if s.due_at else _NO_TIME
        self.due_key = due
        # Undecided cases by due time first; decided ones (no time left) after them.
        self.left_key = due if s.pending else _NO_TIME
        self.updated_key = s.updated_at.timestamp() if s.updated_at else 0.0

    @property
    def texts(self) -> tuple[str, ...]:
        if self._texts is None:
            self._texts = _texts(self.summary)
        return self._texts

    @property
    def haystack(self) -> str:
        """Member, case id and file name, lower-cased; "\0" keeps a match in one field."""
        if self._haystack is None:
            s = self.summary
            self._haystack = f"{s.member_name}\0{s.case_id}\0{s.path.name}".casefold()
        return self._haystack


def _texts(s: CaseSummary) -> tuple[str, ...]:
    """The display text of each column but the times: "Time left" moves with the clock,
    and dates are formatted when shown (sorting uses their timestamps)."""
    if s.needs_passphrase:  # nothing is known about it, and that is not an error
        text = OTHER_PASSPHRASE_TEXT if s.other_passphrase else SEALED_TEXT
        return (s.path.name, text, "", "", "Encrypted", "", "", "", "")
    if s.error:
        return (s.path.name, f"Cannot read: {s.error}", "", "", "Unreadable", "", "", "", "")

    return (
        s.case_id + (" (training)" if s.training else ""),
        s.member_name,
        SERVICE_LABELS.get(s.service, s.service),
        URGENCY_LABELS.get(s.urgency, s.urgency),
        STATUS_LABELS.get(s.status, s.status),
        "",
        "",
        "",
        s.outcome_label,
    )


class CaseTableModel(QAbstractTableModel):
    COL_CASE, COL_MEMBER, COL_SERVICE, COL_URGENCY, COL_STATUS = range(5)
    COL_DUE, COL_LEFT, COL_UPDATED, COL_OUTCOME = range(5, 9)
    HEADERS = (
        "Case",
        "Member",
        "Service",
        "Urgency",
        "Status",
        "Decision due",
        "Time left",
        "Last change",
        "Outcome",
    )

    def __init__(self, clock: Callable[[], dt.datetime]) -> None:
        super().__init__()
        self._clock = clock
        self._now = clock()
        self._all: list[_Row] = []  # as listed (by file name)
        self._sorted: list[_Row] = []  # all of them, in the chosen order
        self._shown: list[_Row] = []  # those passing the filters
        self._sort_column = -1  # -1: as listed
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._status = ALL_STATUSES
        self._needle = ""
        self._bold = _bold()
        self._red = QBrush(OVERDUE_RED)

    # -- feeding --------------------------------------------------------------------------

    def set_rows(self, rows: list[CaseSummary]) -> None:
        self.beginResetModel()
        self._all = [_Row(s) for s in rows]
        self._now = self._clock()
        self._sorted = self._in_order(self._all)
        self._shown = self._filtered(self._sorted)
        self.endResetModel()

    def tick(self) -> None:
        """Re-read the clock: the time-left column moves on."""
        self._now = self._clock()
        if self._shown:
            top = self.index(0, self.COL_DUE)
            bottom = self.index(len(self._shown) - 1, self.COL_LEFT)
            self.dataChanged.emit(top, bottom)

    def set_status(self, status: str) -> None:
        """Show only cases with this status key ('' for all)."""
        if status != self._status:
            self._status = status
            self._relayout(lambda: self._filtered(self._sorted))

    def set_search(self, text: str) -> None:
        """Show only cases whose member name, case id or file name contains ``text``."""
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        narrower = self._needle in needle  # typing on: only rows shown now can match
        self._needle = needle
        base = self._shown if narrower else self._sorted
        self._relayout(lambda: self._filtered(base))

    def total(self) -> int:
        """Every case file listed, shown or not."""
        return len(self._all)

    def summary(self, row: int) -> CaseSummary:
        return self._shown[row].summary

    def row_of(self, path: Path) -> int:
        """The row showing ``path``, or -1 (not listed, or filtered out)."""
        for i, r in enumerate(self._shown):
            if r.summary.path == path:
                return i
        return -1

    # -- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not 0 <= row < len(self._shown):
            return None
        r = self._shown[row]
        col = index.column()
        if role == _DISPLAY:
            if col == self.COL_DUE:
                return local_time(r.summary.due_at)
            if col == self.COL_LEFT:
                return r.summary.time_left_text(self._now)
            if col == self.COL_UPDATED:
                return local_time(r.summary.updated_at)
            return r.texts[col]
        if role == _FONT:
            return self._bold if self._overdue(r, col) else None
        if role == _FOREGROUND:
            return self._red if r.summary.error or self._overdue(r, col) else None
        if role == OVERDUE_ROLE:
            return self._overdue(r, col)
        if role == SUMMARY_ROLE:
            return r.summary
        if role == _TOOLTIP:
            s = r.summary
            if s.needs_passphrase:
                return f"{s.path.name}: {r.texts[self.COL_MEMBER]}"
            if s.error:
                return f"{s.path.name}: {s.error}"
            return str(s.path)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Called by the view when a column header is clicked (and by sortByColumn)."""
        self._sort_column, self._sort_order = column, order

        def shown() -> list[_Row]:
            self._sorted = self._in_order(self._all)
            return self._filtered(self._sorted)

        self._relayout(shown)

    # -- private --------------------------------------------------------------------------

    def _overdue(self, r: _Row, col: int) -> bool:
        return (col == self.COL_DUE or col == self.COL_LEFT) and r.summary.is_overdue(self._now)

    def _in_order(self, rows: list[_Row]) -> list[_Row]:
        col = self._sort_column
        if not 0 <= col < len(self.HEADERS):
            return list(rows)
        key: Callable[[_Row], Any]
        if col == self.COL_DUE:
            key = _due_key
        elif col == self.COL_LEFT:
            key = _left_key
        elif col == self.COL_UPDATED:
            key = _updated_key
        else:

            def key(r: _Row) -> str:
                return r.texts[col].lower()

        # Stable, like Qt's own sort: equal rows keep their listed order either way.
        return sorted(rows, key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def _filtered(self, rows: list[_Row]) -> list[_Row]:
        status, needle = self._status, self._needle
        if status and needle:
            return [r for r in rows if r.summary.status == status and needle in r.haystack]
        if status:
            return [r for r in rows if r.summary.status == status]
        if needle:
            return [r for r in rows if needle in r.haystack]
        return list(rows)

    def _relayout(self, shown: Callable[[], list[_Row]]) -> None:
        """Re-sort or re-filter as one layout change, so the selection and the current
        row follow their case (or go, when it is filtered out)."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        before = self._shown
        kept = [(before[i.row()] if 0 <= i.row() < len(before) else None, i.column()) for i in old]
        self._shown = shown()
        if old:
            # A handful of indexes (selection, current row): look each row up directly.
            where: dict[int, int] = {}
            for r, _ in kept:
                if r is not None and id(r) not in where:
                    try:
                        where[id(r)] = self._shown.index(r)
                    except ValueError:
                        where[id(r)] = -1
            new = []
            for r, col in kept:
                n = where[id(r)] if r is not None else -1
                new.append(self.index(n, col) if n >= 0 else QModelIndex())
            self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()


def _due_key(r: _Row) -> float:
    return r.due_key


def _left_key(r: _Row) -> float:
    return r.left_key


def _updated_key(r: _Row) -> float:
    return r.updated_key
