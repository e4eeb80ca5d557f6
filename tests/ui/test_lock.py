"""Locking, driven as a reviewer meets it: Ctrl+L, File ▸ Lock, and the idle timer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox
from security_helpers import (
    CTRL,
    LEFT,
    LOCKED_TITLE,
    SECRET,
    Secured,
    feed_setup,
    first_run,
    import_via_menu,
    type_on_lock_screen,
)

from reviewer_app.policy import PolicyRegistry
from reviewer_app.ui.app_settings import IDLE_LOCK_MINUTES, AppSettings
from reviewer_app.ui.security.lock import IdleLock
from reviewer_app.ui.security.lock_screen import LOCKED_TEXT


def test_ctrl_l_locks_everything_and_only_the_passphrase_unlocks(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    monkeypatch: pytest.MonkeyPatch,
    registry: PolicyRegistry,
) -> None:
    secured = first_run(secure_window, monkeypatch, qtbot)
    window, guard = secured.window, secured.guard
    import_via_menu(qtbot, window, monkeypatch, "dli-relapsed-aml")
    view = window.case_view
    assert view is not None
    view.tabs.setCurrentIndex(0)
    note = view.checklist.rows["dli.relapsed"].note
    view.checklist.scroll_area.ensureWidgetVisible(note)
    qtbot.mouseClick(note, LEFT)
    qtbot.keyClicks(note, "typed just before the lock")
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)  # no pause: the lock writes the note first

    assert guard.locked and window.windowTitle() == LOCKED_TITLE
    assert window.case is not None
    assert window.case.answer_rows()["dli.relapsed"].note == "typed just before the lock"
    assert not view.isVisible() and not window.workspace.view.table.isVisible()
    assert guard.lock_screen.isVisible() and LOCKED_TEXT in guard.lock_screen.heading.text()
    recent = window.actions_.recent_menu
    assert not recent.isEnabled() and not recent.menuAction().isEnabled()
    recent.fill()  # even when asked, it lists nothing while locked
    assert recent.actions() == []
    assert not window.menuBar().isEnabled()
    assert window.statusBar().currentMessage() == ""

    # No shortcut reaches the window's commands while locked: neither the menus' nor one
    # put on the window itself (as training mode does).
    dialogs: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: dialogs.append("open") or ("", "")
    )
    probe = QAction("probe", window)
    probe.setShortcut(QKeySequence("Ctrl+K"))
    probe.triggered.connect(lambda: dialogs.append("window shortcut"))
    window.addAction(probe)
    for key in (Qt.Key.Key_O, Qt.Key.Key_N, Qt.Key.Key_2, Qt.Key.Key_1, Qt.Key.Key_W, Qt.Key.Key_K):
        qtbot.keyClick(guard.lock_screen.passphrase_edit, key, CTRL)
    assert dialogs == [] and window.case is not None and guard.lock_screen.isVisible()

    type_on_lock_screen(qtbot, guard, "not the passphrase at all")
    assert guard.locked and window.windowTitle() == LOCKED_TITLE
    assert "not right" in guard.lock_screen.message.text()
    assert guard.lock_screen.passphrase_edit.text() == ""

    type_on_lock_screen(qtbot, guard, SECRET)
    assert not guard.locked
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    assert dialogs == ["window shortcut"]  # the probe works once unlocked
    assert window.windowTitle() == "Reviewer Workstation — UM-2026-100001"
    assert window.case_view is view and view.isVisible() and view.tabs.currentIndex() == 0
    assert window.menuBar().isEnabled() and recent.isEnabled()
    recent.fill()
    assert [a.text() for a in recent.actions()] == ["&1 UM-2026-100001.umcase"]


def test_file_lock_menu_locks_from_the_workspace_page(
    qtbot: Any, secure_window: Callable[..., Secured], monkeypatch: pytest.MonkeyPatch
) -> None:
    secured = first_run(secure_window, monkeypatch, qtbot)
    window = secured.window
    assert window.actions_.lock.isVisible() and window.actions_.change_passphrase.isVisible()
    window.actions_.lock.trigger()
    assert secured.guard.locked and window.windowTitle() == LOCKED_TITLE
    assert not window.workspace.isVisible()
    type_on_lock_screen(qtbot, secured.guard, SECRET)
    assert window.workspace.isVisible() and window.windowTitle() == "Reviewer Workstation"


def test_the_window_locks_itself_after_the_idle_time(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    monkeypatch: pytest.MonkeyPatch,
    app_settings: AppSettings,
) -> None:
    assert app_settings.idle_lock_minutes() == IDLE_LOCK_MINUTES == 10
    secured = first_run(secure_window, monkeypatch, qtbot, idle_ms=300)
    qtbot.waitUntil(lambda: secured.guard.locked, timeout=5000)
    assert secured.window.windowTitle() == LOCKED_TITLE
    type_on_lock_screen(qtbot, secured.guard, SECRET)
    assert not secured.guard.locked
    qtbot.waitUntil(lambda: secured.guard.locked, timeout=5000)  # and again, after unlocking


def keep_busy(qtbot: Any, window: QWindow, seconds: float, key: bool = False) -> None:
    """Input as the window system delivers it (to the top-level window first): a mouse
    move, or a Shift press, every 100 ms for ``seconds``."""
    for step in range(round(seconds * 10)):
        if key:
            QTest.keyClick(window, Qt.Key.Key_Shift)
        else:
            QTest.mouseMove(window, QPoint(20 + step % 40, 20))
        qtbot.wait(100)


def test_input_in_the_window_postpones_the_idle_lock(
    qtbot: Any, secure_window: Callable[..., Secured], monkeypatch: pytest.MonkeyPatch
) -> None:
    secured = first_run(secure_window, monkeypatch, qtbot, idle_ms=1000)
    handle = secured.window.windowHandle()
    keep_busy(qtbot, handle, 1.5)  # one and a half idle times of moving the mouse
    assert not secured.guard.locked
    keep_busy(qtbot, handle, 1.5, key=True)  # and of typing
    assert not secured.guard.locked
    qtbot.waitUntil(lambda: secured.guard.locked, timeout=5000)  # then still, it locks


def test_typing_in_a_dialog_postpones_the_idle_lock(
    qtbot: Any, secure_window: Callable[..., Secured], monkeypatch: pytest.MonkeyPatch
) -> None:
    secured = first_run(secure_window, monkeypatch, qtbot, idle_ms=1000)
    box = QMessageBox(QMessageBox.Icon.Question, "Open it?", "UM-2026-100001 for Ava Demo")
    box.setParent(secured.window, box.windowFlags())
    box.open()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is box.windowHandle())
    keep_busy(qtbot, box.windowHandle(), 1.5, key=True)
    assert not secured.guard.locked and box.isVisible()
    qtbot.waitUntil(lambda: secured.guard.locked, timeout=5000)
    assert not box.isVisible()


def test_the_idle_lock_closes_an_open_dialog_too(
    qtbot: Any, secure_window: Callable[..., Secured], monkeypatch: pytest.MonkeyPatch
) -> None:
    secured = first_run(secure_window, monkeypatch, qtbot, idle_ms=300)
    box = QMessageBox(QMessageBox.Icon.Question, "Open it?", "UM-2026-100001 for Ava Demo")
    box.setParent(secured.window, box.windowFlags())
    box.open()  # window-modal, as a dialog waiting for an answer
    assert box.isVisible()
    qtbot.waitUntil(lambda: secured.guard.locked, timeout=5000)
    assert not box.isVisible()


def test_zero_idle_minutes_never_lock(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    monkeypatch: pytest.MonkeyPatch,
    app_settings: AppSettings,
) -> None:
    app_settings.set_idle_lock_minutes(0)
    feed_setup(monkeypatch, qtbot)
    secured = secure_window(idle_ms=None)  # from the settings, as run.py does
    secured.guard.start()
    idle = secured.window.findChild(IdleLock)
    assert idle is not None and idle.interval_ms == 0 and not idle.running


def test_the_idle_minutes_are_chosen_from_the_file_menu(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    monkeypatch: pytest.MonkeyPatch,
    app_settings: AppSettings,
) -> None:
    asked: list[tuple[Any, ...]] = []

    def answer(*args: Any) -> tuple[int, bool]:
        asked.append(args)
        return 25, True

    monkeypatch.setattr(QInputDialog, "getInt", answer)
    feed_setup(monkeypatch, qtbot)
    secured = secure_window(idle_ms=None)  # from the settings, as run.py does
    secured.guard.start()
    idle = secured.window.findChild(IdleLock)
    assert idle is not None and idle.interval_ms == 10 * 60_000
    action = secured.window.actions_.idle_lock
    assert action.isVisible() and action.isEnabled()
    action.trigger()
    assert asked and asked[0][3] == 10  # the dialog starts at the current setting
    assert app_settings.idle_lock_minutes() == 25  # kept for the next start
    assert idle.interval_ms == 25 * 60_000 and idle.running  # and used at once
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a: (5, False))  # cancelled
    action.trigger()
    assert app_settings.idle_lock_minutes() == 25 and idle.interval_ms == 25 * 60_000
