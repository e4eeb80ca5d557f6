"""The evidence fields of one checklist row: the document, its date, and the value found.

Most rows never have their evidence section opened, so the row builds this editor the
first time it is; until then the row keeps the stored evidence as a value.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from reviewer_app.review.answers import Evidence

NO_DATE = QDate(1900, 1, 1)


class _DateEdit(QDateEdit):
    """Tab steps through the year, month and day, then on to the next field. While the
    field says "No date" there are no parts to step through, and Qt's date edit would keep
    the focus for good: Tab then moves on at once."""

    def focusNextPrevChild(self, forward: bool) -> bool:
        if self.date() == self.minimumDate():
            return QWidget.focusNextPrevChild(self, forward)
        return super().focusNextPrevChild(forward)


class EvidenceEditor(QWidget):
    typed = Signal()  # a text field changed by typing (saved after a pause)
    finished = Signal()  # a text field lost the focus or took Enter (saved now)
    dateChanged = Signal()  # saved now

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.document = QLineEdit()
        self.document.setPlaceholderText(placeholder)
        self.document.setAccessibleName("Evidence document")
        self.date = _DateEdit()
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMinimumDate(NO_DATE)
        self.date.setSpecialValueText("No date")
        self.date.setCalendarPopup(True)
        self.date.setKeyboardTracking(False)
        self.date.setAccessibleName("Evidence date")
        self.clear_date = QToolButton()
        self.clear_date.setText("Clear date")
        self.clear_date.setAccessibleName("Clear evidence date")
        self.clear_date.clicked.connect(lambda: self.date.setDate(NO_DATE))
        self.value = QLineEdit()
        self.value.setPlaceholderText("Value or finding")
        self.value.setAccessibleName("Evidence value")
        # One field per line: the checklist stays narrow enough to sit beside the policy.
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        date_line = QHBoxLayout()
        date_line.addWidget(self.date)
        date_line.addWidget(self.clear_date)
        date_line.addStretch(1)
        form.addRow("Document:", self.document)
        form.addRow("Date:", date_line)
        form.addRow("Value:", self.value)
        for line in (self.document, self.value):
            line.textEdited.connect(self.typed)
            line.editingFinished.connect(self.finished)
        self.date.dateChanged.connect(self._date_changed)

    def evidence(self) -> Evidence:
        qdate = self.date.date()
        date = None if qdate == NO_DATE else dt.date(qdate.year(), qdate.month(), qdate.day())
        return Evidence(
            document=self.document.text().strip(), date=date, value=self.value.text().strip()
        )

    def set_evidence(self, evidence: Evidence) -> None:
        """Show ``evidence`` without emitting anything."""
        self._loading = True
        try:
            self.document.setText(evidence.document)
            self.value.setText(evidence.value)
            date = evidence.date
            self.date.setDate(QDate(date.year, date.month, date.day) if date else NO_DATE)
        finally:
            self._loading = False

    def set_editable(self, editable: bool) -> None:
        for widget in (self.document, self.date, self.clear_date, self.value):
            widget.setEnabled(editable)

    def _date_changed(self) -> None:
        if not self._loading:
            self.dateChanged.emit()
