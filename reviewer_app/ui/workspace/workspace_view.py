"""The workspace page's widgets and layout; WorkspacePage gives them behaviour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.ui.workspace.case_filter import STATUS_CHOICES

# Rows measured when a column is fitted to its contents (Qt's default is 1,000).
FIT_ROWS = 50


class WorkspaceView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")

        self.title = QLabel("<big><b>Workspace</b></big>")
        self.folder_label = QLabel()
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setAccessibleName("Workspace folder")
        # A long path is cut rather than widen the window (the tooltip has it whole).
        self.folder_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.change_folder_button = QPushButton("Change folder…")
        self.change_folder_button.setAccessibleName("Change workspace folder")

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by member name or case ID")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)

        self.status_filter = QComboBox()
        for label, key in STATUS_CHOICES:
            self.status_filter.addItem(label, key)
        self.status_filter.setAccessibleName("Filter by status")
        # Narrower than its longest choice when the window is small or zoomed in.
        self.status_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.status_filter.setMinimumContentsLength(12)
        status_label = QLabel("S&tatus:")
        status_label.setBuddy(self.status_filter)

        self.new_button = QPushButton("New case from intake…")
        self.new_button.setAccessibleName("New case from intake")
        self.new_button.setToolTip("Create a case file from an intake request (.json) — Ctrl+N")
        self.open_button = QPushButton("Open")
        self.open_button.setAccessibleName("Open selected case")
        self.open_button.setToolTip("Open the selected case (Enter)")
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setAccessibleName("Refresh case list")

        self.table = QTableView()
        self.table.setAccessibleName("Cases")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setAccessibleName("Case list columns (click to sort)")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        header.setResizeContentsPrecision(FIT_ROWS)

        self.empty_label = QLabel(
            "No case files in this folder yet. Use <b>New case from intake…</b> (Ctrl+N) "
            "or drop an intake request (.json) onto this window."
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setProperty("role", "hint")
        self.count_label = QLabel()
        self.count_label.setProperty("role", "hint")

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.change_folder_button)

        controls = QHBoxLayout()
        controls.addWidget(search_label)
        controls.addWidget(self.search, 2)
        controls.addWidget(status_label)
        controls.addWidget(self.status_filter, 1)
        controls.addStretch(0)
        controls.addWidget(self.new_button)
        controls.addWidget(self.open_button)
        controls.addWidget(self.refresh_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        QWidget.setTabOrder(self.search, self.status_filter)
        QWidget.setTabOrder(self.status_filter, self.table)
        QWidget.setTabOrder(self.table, self.new_button)
        QWidget.setTabOrder(self.new_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.refresh_button)
        QWidget.setTabOrder(self.refresh_button, self.change_folder_button)
