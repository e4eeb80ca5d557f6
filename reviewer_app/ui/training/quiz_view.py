"""Layout of the quiz result window and the table model of its items.
Behaviour (export) lives in :mod:`.quiz_window`."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.training import QuizItem, QuizResult
from reviewer_app.ui.case.styling import make_bold
from reviewer_app.ui.training.banner import TrainingBanner

Index = QModelIndex | QPersistentModelIndex
CORRECT_TEXT, DIFFERENT_TEXT = "✓ Correct", "✗ Different"
# Tints only repeat the words in the Result column; they read on light and dark themes.
_TINTS = {True: QColor(46, 139, 87, 40), False: QColor(211, 47, 47, 46)}


class QuizItemsModel(QAbstractTableModel):
    HEADERS = ("Item", "Expected", "Given", "Result")

    def __init__(self) -> None:
        super().__init__()
        self._items: list[QuizItem] = []

    def set_rows(self, items: list[QuizItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> QuizItem:
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                item.label,
                item.expected,
                item.given,
                CORRECT_TEXT if item.correct else DIFFERENT_TEXT,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return item.item
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 3:
            return _TINTS[item.correct]
        if role == Qt.ItemDataRole.FontRole and index.column() == 3 and not item.correct:
            font = QFont()
            font.setBold(True)
            return font
        return None


def differences_html(result: QuizResult) -> str:
    """Each difference: what was expected and given, why, and the policy words."""
    if not result.different:
        return "<p>No differences: every item agrees with the answer key.</p>"
    parts = []
    for item in result.different:
        c = item.citation
        parts.append(
            f"<h3>{html.escape(item.label)}</h3>"
            f"<p>Expected <b>{html.escape(item.expected)}</b>; "
            f"given <b>{html.escape(item.given)}</b>.</p>"
            f"<p>{html.escape(item.explanation)}</p>"
            f"<p><i>Coverage Policy 0261, section “{html.escape(c.section_title)}” "
            f"({html.escape(c.anchor)}):</i></p>"
            f"<blockquote>“{html.escape(c.quote)}”</blockquote>"
        )
    return "".join(parts)


class QuizResultView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quizResult")
        self.banner = TrainingBanner()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Quiz")
        make_bold(self.heading)
        self.score = QLabel()
        self.score.setAccessibleName("Score")
        self.score.setProperty("training", "score")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Score summary")

        self.model = QuizItemsModel()
        self.table = QTableView()
        self.table.setAccessibleName("Quiz items")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        differences_label = QLabel("Differences, with the policy words that decide them:")
        make_bold(differences_label)
        self.differences = QTextBrowser()
        self.differences.setAccessibleName("Differences")
        self.differences.setOpenLinks(False)
        differences_label.setBuddy(self.differences)

        self.export_button = QPushButton("&Export CSV…")
        self.export_button.setAccessibleName("Export quiz results as CSV")
        self.export_button.setToolTip("Every quiz taken in this session, one row per item")
        self.close_button = QPushButton("&Close")
        self.close_button.setAccessibleName("Close quiz result")
        self.status = QLabel()
        self.status.setAccessibleName("Export status")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.close_button)

        top = QHBoxLayout()
        top.addWidget(self.score)
        top.addWidget(self.summary, 1)
        body = QVBoxLayout()
        body.setContentsMargins(12, 8, 12, 12)
        body.addWidget(self.heading)
        body.addLayout(top)
        body.addWidget(self.table)
        body.addWidget(differences_label)
        body.addWidget(self.differences, 1)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

    def show_result(self, result: QuizResult, title: str) -> None:
        self.heading.setText(f"Quiz result — {result.trainee} — {title}")
        self.score.setText(result.score_text())
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.score.setFont(font)
        count = len(result.different)
        noun = "difference" if count == 1 else "differences"
        self.summary.setText(
            f"{result.correct} of {result.total} items agree with the answer key"
            + (f"; {count} {noun}, explained below." if count else ".")
        )
        self.model.set_rows(list(result.items))
        self.table.resizeRowsToContents()
        self._fit_table()
        self.differences.setHtml(differences_html(result))

    def _fit_table(self) -> None:
        """As tall as its rows (a quiz has a handful): the differences get the rest."""
        table = self.table
        rows = sum(table.rowHeight(r) for r in range(self.model.rowCount()))
        frame = 2 * table.frameWidth()
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + frame + 2)
