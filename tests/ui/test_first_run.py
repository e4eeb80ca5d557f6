"""The first run as one sequence, one field at a time (issue 22, item 11): the passphrase
dialog with nothing of the lock card behind it, then the profile (not on top of the
card), and on later starts one passphrase field, not the card's and a dialog's at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QLineEdit
from security_helpers import SECRET, Secured, feed_setup

from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.ui.app_settings import AppSettings
from reviewer_app.ui.dialogs.profile_dialog import ProfileDialog
from reviewer_app.ui.run import start_guarded
from reviewer_app.ui.security.passphrase_dialogs import SetupPassphraseDialog, UnlockDialog

from helpers import make_case


def password_fields(secured: Secured) -> int:
    """Passphrase fields the window itself shows (a dialog's are its own)."""
    return sum(
        1
        for edit in secured.window.findChildren(QLineEdit)
        if edit.isVisible()
        and edit.echoMode() == QLineEdit.EchoMode.Password
        and edit.window() is secured.window
    )


def test_first_run_asks_the_passphrase_then_the_profile_one_at_a_time(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    workspace: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fresh = AppSettings(QSettings(str(tmp_path / "first.ini"), QSettings.Format.IniFormat))
    fresh.set_workspace_folder(workspace)
    assert fresh.profile() is None  # a first run: no profile yet
    feed_setup(monkeypatch, qtbot)
    typed = SetupPassphraseDialog.exec
    steps: list[str] = []
    secured = secure_window(settings=fresh)

    def setup(dialog: SetupPassphraseDialog) -> int:
        card = secured.guard.lock_screen.card
        steps.append(f"passphrase (card shown: {card.isVisible()})")
        return typed(dialog)

    def profile(dialog: ProfileDialog) -> int:
        locked = secured.guard.locked
        steps.append(f"profile (locked: {locked}, fields: {password_fields(secured)})")
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SetupPassphraseDialog, "exec", setup)
    monkeypatch.setattr(ProfileDialog, "exec", profile)
    opened: list[str] = []
    start_guarded(secured.window, secured.guard, fresh, then=lambda: opened.append("x"))
    qtbot.waitUntil(lambda: opened == ["x"])  # run once the window is unlocked
    assert steps == ["passphrase (card shown: False)", "profile (locked: False, fields: 0)"]
    assert not secured.guard.locked


def test_a_later_start_shows_one_passphrase_field(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    app_settings: AppSettings,
    workspace: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_case(workspace, "dli-relapsed-aml", key=CaseKey(SECRET))
    app_settings.set_passphrase_set_up(True)
    secured = secure_window()
    seen: list[int] = []

    def unlock(dialog: UnlockDialog) -> int:
        seen.append(password_fields(secured))  # the lock card's field, behind the dialog
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(UnlockDialog, "exec", unlock)
    start_guarded(secured.window, secured.guard, app_settings, then=lambda: None)
    assert seen == [0]
    # Cancelled: the lock screen's own field is there to type into, alone.
    assert secured.guard.locked and password_fields(secured) == 1
