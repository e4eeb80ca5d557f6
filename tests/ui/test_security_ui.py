"""Encryption, driven as a reviewer drives it: the first-run passphrase, later starts,
other people's files, training cases and changing the passphrase."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication
from security_helpers import (
    CTRL,
    LEFT,
    LOCKED_TITLE,
    SECRET,
    Secured,
    activate,
    capture_messages,
    feed_setup,
    first_run,
    import_via_menu,
    member_column,
    type_on_lock_screen,
)

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.casefile.importer import import_intake
from reviewer_app.intake import load_intake
from reviewer_app.policy import PolicyRegistry
from reviewer_app.ui.app_settings import AppSettings
from reviewer_app.ui.security.passphrase_dialogs import (
    ChangePassphraseDialog,
    FilePassphraseDialog,
    SetupPassphraseDialog,
    UnlockDialog,
)
from reviewer_app.ui.workspace.case_table_model import SEALED_TEXT

from helpers import INTAKE_DIR, make_case

# -- first run and encryption by default ---------------------------------------------------


def test_first_run_sets_a_passphrase_and_imports_cases_encrypted(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    app_settings: AppSettings,
    isolated_settings: Path,
    workspace: Path,
    registry: PolicyRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hints = feed_setup(monkeypatch, qtbot)
    secured = secure_window()
    window = secured.window
    assert window.windowTitle() == LOCKED_TITLE  # nothing shows before the passphrase
    assert secured.guard.lock_screen.isVisible() and not window.workspace.isVisible()
    secured.guard.start()
    assert "At least 12 characters" in hints[0]
    assert "not the same" in hints[1] and hints[2].startswith("Strong")
    assert not secured.guard.locked and window.windowTitle() == "Reviewer Workstation"
    app_settings.sync()
    assert app_settings.passphrase_set_up()
    assert SECRET not in isolated_settings.read_text("utf-8")  # a flag, never the secret

    activate(qtbot, window)
    import_via_menu(qtbot, window, monkeypatch, "dli-relapsed-aml")
    path = workspace / "UM-2026-100001.umcase"
    assert window.case is not None and window.case.path == path and window.case.encrypted
    assert window.windowTitle() == "Reviewer Workstation — UM-2026-100001"
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and b"Ava Demo" not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT member_name FROM case_header").fetchone()

    qtbot.keyClick(window, Qt.Key.Key_W, CTRL)  # closed, then listed with the key
    qtbot.waitUntil(lambda: member_column(window) == ["Ava Demo"])
    window.workspace.view.table.selectRow(0)
    qtbot.keyClick(window.workspace.view.table, Qt.Key.Key_Return)
    assert window.case is not None and window.case.encrypted
    assert window.case_view is not None and "Ava Demo" in window.case_view.header.member.text()
    assert "Ava Demo" not in window.windowTitle()


def test_cancelling_the_setup_leaves_the_window_locked(
    qtbot: Any, secure_window: Callable[..., Secured], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        SetupPassphraseDialog, "exec", lambda self: SetupPassphraseDialog.DialogCode.Rejected
    )
    secured = secure_window()
    opened: list[str] = []
    secured.guard.start(then=lambda: opened.append("paths from the command line"))
    assert opened == []  # not before there is a passphrase
    window, screen = secured.window, secured.guard.lock_screen
    assert secured.guard.locked and window.windowTitle() == LOCKED_TITLE
    assert screen.setup_button.isVisible() and not screen.passphrase_edit.isVisible()
    assert not window.menuBar().isEnabled()

    feed_setup(monkeypatch, qtbot)
    qtbot.mouseClick(screen.setup_button, LEFT)
    assert not secured.guard.locked and window.workspace.isVisible()
    qtbot.waitUntil(lambda: opened == ["paths from the command line"])


# -- later starts ----------------------------------------------------------------------------


def test_a_later_start_asks_for_the_passphrase_and_cancel_keeps_it_locked(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    app_settings: AppSettings,
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_case(workspace, "dli-relapsed-aml", key=CaseKey(SECRET))
    app_settings.set_passphrase_set_up(True)
    asked: list[UnlockDialog] = []

    def cancel(dialog: UnlockDialog) -> int:
        asked.append(dialog)
        return UnlockDialog.DialogCode.Rejected

    monkeypatch.setattr(UnlockDialog, "exec", cancel)
    secured = secure_window()
    window, guard = secured.window, secured.guard
    guard.start()
    assert len(asked) == 1 and guard.locked and window.windowTitle() == LOCKED_TITLE
    assert not window.workspace.view.table.isVisible()
    activate(qtbot, window)
    probe: list[str] = []  # the window's commands stay shut after the cancelled start too
    command = QAction("probe", window)
    command.setShortcut(QKeySequence("Ctrl+K"))
    command.triggered.connect(lambda: probe.append("window shortcut"))
    window.addAction(command)
    qtbot.keyClick(guard.lock_screen.passphrase_edit, Qt.Key.Key_K, CTRL)
    assert probe == []
    window.workspace.refresh()  # a scan while locked (the folder changed, say)
    qtbot.waitUntil(lambda: member_column(window) == [SEALED_TEXT])  # no name without a key

    type_on_lock_screen(qtbot, guard, "a wrong passphrase here")  # tried on the case file
    assert guard.locked and "not right" in guard.lock_screen.message.text()
    type_on_lock_screen(qtbot, guard, SECRET)
    assert not guard.locked and window.workspace.view.table.isVisible()
    qtbot.waitUntil(lambda: member_column(window) == ["Ava Demo"])
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    assert probe == ["window shortcut"]


def test_the_unlock_dialog_says_when_the_passphrase_is_wrong(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    app_settings: AppSettings,
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_case(workspace, "dli-relapsed-aml", key=CaseKey(SECRET))
    app_settings.set_passphrase_set_up(True)
    messages: list[str] = []

    def type_twice(dialog: UnlockDialog) -> int:
        dialog.show()
        dialog.activateWindow()  # the dialog has the keyboard, as over a real start
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        qtbot.keyClicks(dialog.passphrase_edit, "wrong wrong wrong")
        qtbot.mouseClick(dialog.ok_button, LEFT)
        messages.append(dialog.message.text())
        assert dialog.isVisible()  # still asking
        qtbot.keyClicks(dialog.passphrase_edit, SECRET)
        qtbot.keyClick(dialog.passphrase_edit, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(UnlockDialog, "exec", type_twice)
    secured = secure_window()
    secured.guard.start()
    assert messages == ["That passphrase is not right. Try again."]
    assert not secured.guard.locked
    assert secured.window.session is not None and secured.window.session.key == CaseKey(SECRET)
    # The window has the keyboard back, its shortcuts included: typing is never left
    # going to fields whose window cannot take Ctrl+L.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is secured.window)
    qtbot.keyClick(secured.window, Qt.Key.Key_L, CTRL)
    assert secured.guard.locked


# -- other passphrases, training cases, changing the passphrase ------------------------------


def test_a_colleagues_file_asks_for_its_passphrase_and_can_take_ours(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    registry: PolicyRegistry,
) -> None:
    secured = first_run(secure_window, monkeypatch, qtbot)
    window = secured.window
    path = make_case(workspace, "hpc-boost-mixed-chimerism", key=CaseKey("the colleague's one"))
    shown = capture_messages(monkeypatch)
    seen: list[str] = []

    def answer(dialog: FilePassphraseDialog) -> int:
        dialog.show()
        assert dialog.rekey_box.isChecked()
        qtbot.keyClicks(dialog.passphrase_edit, SECRET)  # ours: not this file's
        qtbot.mouseClick(dialog.ok_button, LEFT)
        seen.append(dialog.message.text())
        qtbot.keyClicks(dialog.passphrase_edit, "the colleague's one")
        qtbot.mouseClick(dialog.ok_button, LEFT)
        return dialog.result()

    monkeypatch.setattr(FilePassphraseDialog, "exec", answer)
    assert window.open_path(path)
    assert seen == ["That passphrase is not right. Try again."] and shown == []
    assert window.case is not None and window.case.encrypted
    window.close_case()
    with CaseFile.open(path, registry, key=CaseKey(SECRET)) as case:  # now ours
        assert case.audit_entries()[-1].action == "rekeyed"


def test_a_file_name_that_looks_like_markup_is_shown_as_it_is(qtbot: Any) -> None:
    from PySide6.QtWidgets import QLabel

    dialog = FilePassphraseDialog("<b>UM-1</b>.umcase", lambda _p: False, can_rekey=False)
    qtbot.addWidget(dialog)
    labels = dialog.findChildren(QLabel)
    named = [label for label in labels if "<b>UM-1</b>.umcase is encrypted" in label.text()]
    assert len(named) == 1
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in [*named, dialog.message])


def test_cancelling_a_colleagues_passphrase_opens_nothing_and_shows_no_error(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secured = first_run(secure_window, monkeypatch, qtbot)
    path = make_case(workspace, "dli-relapsed-aml", key=CaseKey("the colleague's one"))
    shown = capture_messages(monkeypatch)
    monkeypatch.setattr(
        FilePassphraseDialog, "exec", lambda self: FilePassphraseDialog.DialogCode.Rejected
    )
    assert not secured.window.open_path(path)
    assert secured.window.case is None and shown == []
    assert not path.read_bytes().startswith(b"SQLite format 3")


def test_training_cases_stay_plain_and_say_so(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    registry: PolicyRegistry,
) -> None:
    secured = first_run(secure_window, monkeypatch, qtbot)
    path = workspace / "TRAIN-1.umcase"
    intake = load_intake(INTAKE_DIR / "dli-after-autologous.json")
    import_intake(intake, path, registry, "Trainer", training=True, key=CaseKey(SECRET)).close()
    assert path.read_bytes().startswith(b"SQLite format 3")
    assert secured.window.open_path(path)
    view = secured.window.case_view
    assert view is not None and secured.window.case is not None
    assert not secured.window.case.encrypted
    texts = [view.notices.itemAt(i).widget().text() for i in range(view.notices.count())]
    assert any("Training case — stored unencrypted" in t for t in texts)
    assert len(texts) == 1, "one notice for a training case, not two"


def _nurse_session(config: Path, identities: dict[str, Path]) -> Any:
    """The session's identity: the organization's nurse, given whenever it is asked for."""
    from decision_helpers import PASS

    from reviewer_app.decisions.session_signing import SessionSigners
    from reviewer_app.decisions.trust import TrustStore
    from reviewer_app.letters.identity import load_identity
    from reviewer_app.training import demo_identity
    from reviewer_app.ui.security.session_identity import SessionIdentity

    nurse = load_identity(identities["nurse_reviewer"], PASS.encode())
    signers = SessionSigners(TrustStore(config / "trust").anchors, demo_identity)
    return SessionIdentity(signers, lambda _parent: nurse)


def test_changing_the_passphrase_re_encrypts_the_workspace(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    registry: PolicyRegistry,
    config: Path,
    identities: dict[str, Path],
) -> None:
    identity = _nurse_session(config, identities)
    secured = first_run(secure_window, monkeypatch, qtbot, identity=identity)
    window = secured.window
    import_via_menu(qtbot, window, monkeypatch, "dli-relapsed-aml")
    plain = make_case(workspace, "hpc-boost-mixed-chimerism")  # made before encryption
    shown = capture_messages(monkeypatch)
    new = "an entirely new passphrase"
    wrong: list[str] = []

    def change(dialog: ChangePassphraseDialog) -> int:
        dialog.show()
        qtbot.keyClicks(dialog.current_edit, "not the current one")
        qtbot.keyClicks(dialog.passphrase_edit, new)
        qtbot.keyClicks(dialog.confirm_edit, new)
        qtbot.mouseClick(dialog.ok_button, LEFT)
        wrong.append(dialog.message.text())
        qtbot.keyClicks(dialog.current_edit, SECRET)
        qtbot.mouseClick(dialog.ok_button, LEFT)
        return dialog.result()

    monkeypatch.setattr(ChangePassphraseDialog, "exec", change)
    window.actions_.change_passphrase.trigger()
    assert wrong == ["That passphrase is not right. Try again."]
    assert shown and "Re-encrypted 2 case files with the new passphrase" in shown[-1]
    assert window.case is not None and window.case.encrypted  # reopened, with the new key
    window.close_case()
    for path in (workspace / "UM-2026-100001.umcase", plain):
        with CaseFile.open(path, registry, key=CaseKey(new)) as case:
            assert case.encrypted  # its rekey entry signed by the nurse, not a typed name
            assert case.audit_entries()[-1].actor == "Nora Nurse, RN (nurse_reviewer)"
    window.actions_.lock.trigger()
    type_on_lock_screen(qtbot, secured.guard, SECRET)  # the old one no longer unlocks
    assert secured.guard.locked
    type_on_lock_screen(qtbot, secured.guard, new)
    assert not secured.guard.locked


def test_settings_keep_a_flag_and_the_idle_minutes_but_never_the_passphrase(
    tmp_path: Path, qapp: Any
) -> None:
    path = tmp_path / "s.ini"
    settings = AppSettings(QSettings(str(path), QSettings.Format.IniFormat))
    assert not settings.passphrase_set_up() and settings.idle_lock_minutes() == 10
    settings.set_passphrase_set_up(True)
    settings.set_idle_lock_minutes(-5)
    settings.sync()
    again = AppSettings(QSettings(str(path), QSettings.Format.IniFormat))
    assert again.passphrase_set_up() and again.idle_lock_minutes() == 0


def test_setting_up_offers_to_encrypt_the_cases_already_there(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    registry: PolicyRegistry,
    config: Path,
    identities: dict[str, Path],
) -> None:
    real = make_case(workspace, "dli-relapsed-aml")  # from before encryption existed
    training = workspace / "TRAIN-2.umcase"
    intake = load_intake(INTAKE_DIR / "hpc-boost-mixed-chimerism.json")
    import_intake(intake, training, registry, "Trainer", training=True).close()
    shown = capture_messages(monkeypatch)
    first_run(secure_window, monkeypatch, qtbot, identity=_nurse_session(config, identities))
    assert shown[0].startswith("Encrypt existing case files?\n1 case file is")
    assert "Re-encrypted 1 case file with the new passphrase" in shown[1]
    assert not real.read_bytes().startswith(b"SQLite format 3")
    assert training.read_bytes().startswith(b"SQLite format 3")  # training stays plain
    with CaseFile.open(real, registry, key=CaseKey(SECRET)) as case:
        assert case.encrypted
