"""Helpers shared by the main window's tests: reach into the window, list the workspace's
cases, open a case, click as a user would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QFileDialog,
    QMessageBox,
    QWidget,
)

from reviewer_app.ui.case.case_view import CaseView
from reviewer_app.ui.case.criterion_row import CriterionRow
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.workspace.case_table_model import CaseTableModel

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


def case_view(window: MainWindow) -> CaseView:
    assert window.case_view is not None
    return window.case_view


def banner(window: MainWindow) -> str:
    return case_view(window).banner.text()


def row(window: MainWindow, criterion_id: str) -> CriterionRow:
    return case_view(window).checklist.rows[criterion_id]


def shown(window: MainWindow, column: int = CaseTableModel.COL_CASE) -> list[str]:
    model = window.workspace.model  # the rows shown, in their order
    return [model.index(r, column).data() for r in range(model.rowCount())]


def listed(qtbot: Any, window: MainWindow, count: int) -> None:
    qtbot.waitUntil(lambda: window.workspace.model.rowCount() == count, timeout=10_000)


def keep_active(qtbot: Any, window: MainWindow) -> None:
    """Give the window back the activation that a case opening can take away.

    The policy pane's Coding tab shows a parentless label before it is laid out
    (ui/policy/coding.py), which the offscreen platform treats as a window that comes and
    goes, leaving no active window, and then keys and shortcuts reach nothing."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10_000)


def case_shown(qtbot: Any, window: MainWindow) -> None:
    """Wait until the window shows a case, then give it back the activation."""
    qtbot.waitUntil(
        lambda: window.case_view is not None and window.case_view.isVisible(), timeout=10_000
    )
    keep_active(qtbot, window)


def open_case(qtbot: Any, window: MainWindow, path: Path) -> None:
    assert window.open_path(path)
    case_shown(qtbot, window)


def import_via_menu(
    window: MainWindow, intake: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any = None
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(intake), ""))
    window.actions_.new_case.trigger()
    if qtbot is not None:
        case_shown(qtbot, window)


def click(qtbot: Any, widget: QWidget, window: MainWindow) -> None:
    """Scroll the checklist to a widget, as a user would, then click it."""
    case_view(window).checklist.scroll_area.ensureWidgetVisible(widget)
    qtbot.mouseClick(widget, LEFT)


def set_number(qtbot: Any, spin: QAbstractSpinBox, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def capture_dialogs(monkeypatch: pytest.MonkeyPatch, answer: bool = True) -> list[str]:
    """Replace QMessageBox's static functions; return the list of texts they were given."""
    shown: list[str] = []

    def record(_parent: object, title: str, text: str, *args: object) -> object:
        shown.append(f"{title}\n{text}")
        if answer:
            return QMessageBox.StandardButton.Yes
        return QMessageBox.StandardButton.No

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, record)
    return shown
