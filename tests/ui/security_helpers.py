"""Helpers shared by the encryption and lock tests: the window wired as run.py wires it,
typed passphrases, and what the window shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.security.guard import WindowGuard
from reviewer_app.ui.security.passphrase_dialogs import SetupPassphraseDialog
from reviewer_app.ui.workspace.case_table_model import CaseTableModel

from helpers import INTAKE_DIR

SECRET = "correct horse battery staple"
LOCKED_TITLE = "Reviewer Workstation — Locked"
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


@dataclass
class Secured:
    window: MainWindow
    guard: WindowGuard


def activate(qtbot: Any, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def feed_setup(monkeypatch: pytest.MonkeyPatch, qtbot: Any, passphrase: str = SECRET) -> list[str]:
    """SetupPassphraseDialog.exec types a short one, a mismatch, then ``passphrase`` twice."""
    hints: list[str] = []

    def exec_(dialog: SetupPassphraseDialog) -> int:
        dialog.show()
        qtbot.keyClicks(dialog.passphrase_edit, "too short")
        hints.append(dialog.message.text())
        assert not dialog.ok_button.isEnabled()
        dialog.passphrase_edit.clear()
        qtbot.keyClicks(dialog.passphrase_edit, passphrase)
        qtbot.keyClicks(dialog.confirm_edit, passphrase + "x")
        hints.append(dialog.message.text())
        assert not dialog.ok_button.isEnabled()
        dialog.confirm_edit.clear()
        qtbot.keyClicks(dialog.confirm_edit, passphrase)
        hints.append(dialog.message.text())
        qtbot.mouseClick(dialog.ok_button, LEFT)
        return dialog.result()

    monkeypatch.setattr(SetupPassphraseDialog, "exec", exec_)
    return hints


def first_run(
    secure_window: Callable[..., Secured], monkeypatch: pytest.MonkeyPatch, qtbot: Any, **kw: Any
) -> Secured:
    feed_setup(monkeypatch, qtbot)
    secured = secure_window(**kw)
    secured.guard.start()
    assert not secured.guard.locked
    activate(qtbot, secured.window)
    return secured


def import_via_menu(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    intake = INTAKE_DIR / f"{name}.json"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(intake), ""))
    window.actions_.new_case.trigger()
    activate(qtbot, window)  # the policy pane's first layout can take the activation away


def capture_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def record(_parent: object, title: str, text: str, *_a: object) -> object:
        shown.append(f"{title}\n{text}")
        return QMessageBox.StandardButton.Yes

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, record)
    return shown


def type_on_lock_screen(qtbot: Any, guard: WindowGuard, text: str) -> None:
    edit = guard.lock_screen.passphrase_edit
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def member_column(window: MainWindow) -> list[str]:
    model = window.workspace.model
    return [model.data(model.index(r, CaseTableModel.COL_MEMBER)) for r in range(model.rowCount())]
