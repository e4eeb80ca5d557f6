"""The workspace page as a first day meets it (issue 22): an empty folder says so once
(item 18); the search opens its match with Return and Down goes into the list (item 5)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from window_helpers import case_shown, keep_active, listed

from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.workspace.case_table_model import SUMMARY_ROLE


def visible_texts(window: MainWindow) -> list[str]:
    labels = [w.text() for w in window.findChildren(QLabel) if w.isVisible() and w.text()]
    return [*labels, window.statusBar().currentMessage()]


def test_an_empty_workspace_says_so_once(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    window = make_window()
    view = window.workspace.view
    qtbot.waitUntil(lambda: view.count_label.text() == "0 case files")
    qtbot.waitUntil(view.empty_label.isVisible)
    texts = visible_texts(window)
    assert sum("case file" in t for t in texts) == 1, texts  # "No case files in this folder…"

    make_case("hpc-boost-mixed-chimerism", workspace)
    listed(qtbot, window, 1)
    qtbot.waitUntil(view.count_label.isVisible)
    texts = visible_texts(window)
    assert sum("case file" in t for t in texts) == 1, texts  # "1 case file", once


def test_search_return_opens_the_match_and_down_enters_the_list(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    for name in ("dli-relapsed-aml", "dli-after-autologous", "hpc-boost-mixed-chimerism"):
        make_case(name, workspace)
    window = make_window()
    listed(qtbot, window, 3)
    view = window.workspace.view
    keep_active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # &Search:
    assert QApplication.focusWidget() is view.search

    # Several matches, none chosen: Return opens nothing; Down goes into the list.
    qtbot.keyClicks(view.search, "UM-2026")
    assert window.workspace.model.rowCount() == 3
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert window.case is None
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.table
    assert window.workspace.selected_path() is not None
    qtbot.keyClick(view.table, Qt.Key.Key_Down)  # then arrows move in the list
    chosen = window.workspace.selected_path()
    assert chosen == window.workspace.model.index(1, 0).data(SUMMARY_ROLE).path

    # Back in the search, Return opens the selected match...
    view.search.setFocus()
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    case_shown(qtbot, window)
    assert window.case is not None and window.case.path == chosen
    window.close_case()

    # ...and the only match when the search leaves one.
    view.search.setFocus()
    view.search.selectAll()
    qtbot.keyClicks(view.search, "UM-2026-100002")
    assert window.workspace.model.rowCount() == 1
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    case_shown(qtbot, window)
    assert window.case is not None and window.case.case_id == "UM-2026-100002"
