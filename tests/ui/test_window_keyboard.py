"""The main window from the keyboard and to a screen reader: Tab order through pages built
on first show, a name on every control, a shortcut or mnemonic for every menu command, and
Ctrl+F into the policy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from window_helpers import CTRL, case_view, open_case

from reviewer_app.ui.main_window import MainWindow

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTabBar,
    QTextEdit,
    QPlainTextEdit,
)


def unnamed_controls(window: QWidget) -> list[str]:
    missing = []
    for w in window.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or not w.isVisibleTo(window):
            continue
        if isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # the editor inside a spin box or combo box: its owner is named
        text = w.text() if isinstance(w, QAbstractButton | QLineEdit) else ""
        if not (w.accessibleName().strip() or text.strip().strip("&")):
            missing.append(f"{type(w).__name__} {w.objectName()!r} in {type(w.parent()).__name__}")
    return missing


def test_tab_goes_from_a_tab_bar_into_a_page_built_on_first_show(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    # The policy's References and Coding pages are built when first shown, after the
    # checklist; their fields must still come right after their tab bar, not after it.
    window = make_window()
    open_case(qtbot, window, make_case("dli-relapsed-aml", workspace))
    pane: Any = case_view(window).pane
    bar = pane.tabs.tabBar()
    for index, first in ((1, lambda: pane.references.search), (2, lambda: pane.coding.table)):
        pane.tabs.setCurrentIndex(index)
        bar.setFocus()
        qtbot.keyClick(bar, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is first()
    # Tab leaves a table (arrows move inside it), instead of stepping through every cell.
    pane.tabs.setCurrentIndex(1)
    references = pane.references
    for widget, after in (
        (references.search, references.table),
        (references.table, references.cited),
    ):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is after


def test_every_control_has_a_name(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    path = make_case("hpc-boost-mixed-chimerism", workspace)
    window = make_window()
    qtbot.waitUntil(lambda: window.workspace.model.rowCount() == 1)
    assert unnamed_controls(window) == []
    assert window.open_path(path)
    for r in case_view(window).checklist.rows.values():
        r.evidence_toggle.setChecked(True)  # the evidence fields too
    for tab in range(3):
        case_view(window).tabs.setCurrentIndex(tab)
        assert unnamed_controls(window) == [], f"tab {tab}"


def test_every_menu_command_has_a_shortcut_or_menu_mnemonic(
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window()
    expected = {
        "new_case": "Ctrl+N",
        "open": "Ctrl+O",
        "close_case": "Ctrl+W",
        "quit": "Ctrl+Q",
        "export_letter": "Ctrl+E",
        "print_letter": "Ctrl+P",
        "find": "Ctrl+F",
        "zoom_in": "Ctrl++",
        "zoom_out": "Ctrl+-",
        "reset_zoom": "Ctrl+0",
        "show_workspace": "Ctrl+1",
        "show_case": "Ctrl+2",
    }
    for name, key in expected.items():
        keys = [s.toString() for s in getattr(window.actions_, name).shortcuts()]
        assert key in keys, name
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "Trainin&g", "&Help"]
    assert not window.actions_.export_letter.isEnabled()  # no letter without a decision


def test_find_in_policy_opens_the_pane_find_bar(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    window = make_window()
    assert not window.actions_.find.isEnabled()  # no case, no policy to search
    open_case(qtbot, window, make_case("dli-relapsed-aml", workspace))
    pane: Any = case_view(window).policy_pane
    pane.setFocus()  # even with the focus inside the pane, Ctrl+F is not ambiguous
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert pane.find_bar.isVisible()


def test_alt_a_confirms_every_answer_from_intake(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    window = make_window()
    open_case(qtbot, window, make_case("dli-relapsed-aml", workspace))
    view = case_view(window)
    assert view.case.evaluate().unconfirmed  # pre-filled from the intake, not confirmed
    assert view.checklist.confirm_all.text().startswith("Confirm &all from intake (")
    view.checklist.rows["dli.allogeneic_hsct"].setFocus()
    qtbot.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not view.case.evaluate().unconfirmed)
    assert not view.checklist.confirm_all.isEnabled()
