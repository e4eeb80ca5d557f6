"""The Coding tab: the notes, the code table and its footnote."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.policy import Policy
from reviewer_app.ui.policy.models import CodingTableModel


def _label(text: str, name: str, role: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        label.setProperty("role", role)
    return label


class CodingView(QWidget):
    def __init__(self, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        coding = policy.coding
        labels = {cs.id: cs.service_label for cs in policy.criteria_sets}
        self.model = CodingTableModel(self)
        self.model.set_rows(
            [
                (c.code, c.description, labels.get(c.criteria_set, c.criteria_set))
                for c in coding.codes
            ]
        )

        notes_title = _label("Notes", "codingNotesTitle", "subheading")
        notes = _label(
            "\n".join(f"{i}. {note}" for i, note in enumerate(coding.notes, start=1)),
            "codingNotes",
        )
        heading = _label(coding.heading, "codingHeading", "subheading")

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setObjectName("codingTable")
        self.table.setAccessibleName("Codes")
        self.table.setToolTip("The codes this policy covers and the criteria set each one uses")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        row_height = self.fontMetrics().height() + 12
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        # Only as tall as its rows: the footnote belongs right under the table.
        rows = self.model.rowCount()
        self.table.setMaximumHeight(rows * row_height + header.sizeHint().height() + 4)

        footnote = _label(coding.footnote, "codingFootnote", "muted")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        layout.addWidget(notes_title)
        layout.addWidget(notes)
        layout.addSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(self.table)
        layout.addWidget(footnote)
        footnote.setVisible(bool(coding.footnote))  # after it has a parent: no stray window
        layout.addStretch(1)
