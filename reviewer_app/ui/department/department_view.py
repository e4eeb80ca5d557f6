"""The Department page's widgets and layout; DepartmentPage gives them behaviour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

FIT_ROWS = 50  # rows measured when the columns fit their contents (Qt's default: 1,000)


class DepartmentView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("department")
        title = QLabel("<big><b>Department queue</b></big>")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by case ID, CPT, urgency, team or holder")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter the department queue")
        filter_label = QLabel("&Filter:")
        filter_label.setBuddy(self.filter)
        self.refresh_button = QPushButton("&Refresh")
        self.claim_button = QPushButton("&Claim next case")
        self.claim_button.setAccessibleName("Claim the most urgent case of your queue")
        self.claim_button.setProperty("style", "primary")

        self.table = QTableView()
        self.table.setAccessibleName("Department queue")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.status = QLabel()
        self.status.setAccessibleName("Department queue status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.claim_button)
        bar = QHBoxLayout()
        bar.addWidget(filter_label)
        bar.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    def fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(FIT_ROWS)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
