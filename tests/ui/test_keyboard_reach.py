"""Keys that reach from anywhere (issue 22, items 7 and 8): the policy pane's tabs from the
whole case view, the pane itself from the View menu, the find bar that marks every match
and gives the focus back on Escape, and Help ▸ Keyboard shortcuts read from the window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu
from window_helpers import CTRL, case_view, open_case, row

from reviewer_app.ui.case.case_view import AUDIT_TAB, REVIEW_TAB
from reviewer_app.ui.dialogs.shortcuts import ShortcutsDialog, shortcut_rows
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.policy.pane_view import CODING_TAB, POLICY_TAB, REFERENCES_TAB

K = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier


def focus_in(widget: Any) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def test_policy_tab_keys_work_from_anywhere_in_the_case_view(
    qtbot: Any, make_window: Callable[..., MainWindow], make_case: Callable[..., Path]
) -> None:
    window = make_window()
    open_case(qtbot, window, make_case("dli-relapsed-aml"))
    view = case_view(window)
    pane: Any = view.policy_pane
    note = row(window, "dli.relapsed").note
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClick(note, K.Key_2, ALT)  # from the checklist
    assert pane.tabs.currentIndex() == REFERENCES_TAB and focus_in(pane)

    view.tabs.setCurrentIndex(AUDIT_TAB)
    view.audit.table.setFocus()
    qtbot.keyClick(view.audit.table, K.Key_3, ALT)  # from another case tab
    assert view.tabs.currentIndex() == REVIEW_TAB
    assert pane.tabs.currentIndex() == CODING_TAB and focus_in(pane)
    qtbot.keyClick(QApplication.focusWidget(), K.Key_1, ALT)  # and inside the pane
    assert pane.tabs.currentIndex() == POLICY_TAB

    note.setFocus()
    qtbot.keyClick(note, K.Key_3, CTRL)  # View ▸ Policy: the pane, wherever the focus is
    assert focus_in(pane) and not focus_in(view.checklist)


def test_find_marks_every_match_and_escape_returns_where_it_started(
    qtbot: Any, make_window: Callable[..., MainWindow], make_case: Callable[..., Path]
) -> None:
    window = make_window()
    open_case(qtbot, window, make_case("dli-relapsed-aml"))
    pane: Any = case_view(window).policy_pane
    note = row(window, "dli.relapsed").note
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClick(note, K.Key_F, CTRL)
    field = pane.find_bar.field
    assert field.hasFocus()
    qtbot.keyClicks(field, "allogeneic")
    count = len(pane.find_bar._matches)
    assert count > 3
    assert len(pane.document_view.find_marks()) == count  # all of them, not only the current
    assert pane.find_bar.status_text().endswith(f"of {count}")
    qtbot.keyClick(field, K.Key_Escape)
    assert not pane.find_bar.isVisible()
    assert note.hasFocus()  # back in the note the search started from
    assert pane.document_view.find_marks() == []


def test_help_lists_every_shortcut_from_the_window(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    open_case(qtbot, window, make_case("dli-relapsed-aml"))
    shown: list[ShortcutsDialog] = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda d: shown.append(d) or 0)
    qtbot.keyClick(window, K.Key_F1)
    (dialog,) = shown
    model = dialog.model
    listed = {(model.index(r, 1).data(), model.index(r, 0).data()) for r in range(model.rowCount())}

    def menu_actions(menu: QMenu) -> list[Any]:
        out = []
        for action in menu.actions():
            sub = action.menu()
            out += menu_actions(sub) if isinstance(sub, QMenu) else [action]
        return out

    expected = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        for action in menu_actions(menu):
            if action.isVisible() and action.shortcuts():
                ctrl = [
                    s.toString(QKeySequence.SequenceFormat.NativeText)
                    for s in action.shortcuts()
                    if s.toString().startswith(("Ctrl+", "Alt+", "F"))
                ]
                expected.add((action.text().replace("&", "").rstrip("…").strip(), ctrl[0]))
    keys_of = {command: keys.split(" or ") for command, keys in listed}
    missing = [(c, k) for c, k in expected if k not in keys_of.get(c, [])]
    assert expected and not missing, missing
    assert "New" not in keys_of["New case from intake"]  # not the media keys Qt adds
    commands = {command for command, _ in listed}
    assert "Show the policy pane's References tab" in commands  # Alt+2, from the case view
    assert "Show Decision" in commands  # the case tabs' Alt+D
    assert ("Keyboard shortcuts", "F1") in listed
    # A command added later is listed without anyone editing a list of shortcuts.
    extra = window.actions_.show_case
    extra.setShortcuts([QKeySequence("Ctrl+2"), QKeySequence("Ctrl+Shift+2")])
    rows = shortcut_rows(window)
    assert any(r.command == "Case" and r.keys == "Ctrl+2 or Ctrl+Shift+2" for r in rows)
