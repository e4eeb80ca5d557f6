"""Encryption and the lock, driven as a reviewer drives them: typed passphrases, Ctrl+L,
clicks on the lock screen, and the idle timer."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.casefile.importer import import_intake
from reviewer_app.casefile.index import WorkspaceIndex
from reviewer_app.intake import load_intake
from reviewer_app.policy import PolicyRegistry
from reviewer_app.ui.app_settings import IDLE_LOCK_MINUTES, AppSettings
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.policy import PolicyPane
from reviewer_app.ui.run import build_session, guard_window
from reviewer_app.ui.security.guard import WindowGuard
from reviewer_app.ui.security.lock import IdleLock
from reviewer_app.ui.security.lock_screen import LOCKED_TEXT
from reviewer_app.ui.security.passphrase_dialogs import (
    ChangePassphraseDialog,
    FilePassphraseDialog,
    SetupPassphraseDialog,
    UnlockDialog,
)
from reviewer_app.ui.workspace.case_table_model import SEALED_TEXT, CaseTableModel

from helpers import INTAKE_DIR, make_case

SECRET = "correct horse battery staple"
LOCKED_TITLE = "Reviewer Workstation — Locked"
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


@dataclass
class Secured:
    window: MainWindow
    guard: WindowGuard


@pytest.fixture
def secure_window(
    qtbot: Any, app_settings: AppSettings, registry: PolicyRegistry, tmp_path: Path
) -> Callable[..., Secured]:
    """A window wired as run.py wires it: a session key, the index keyed by it, the guard
    (``idle_ms`` instead of the settings' minutes)."""

    def make(settings: AppSettings | None = None, idle_ms: int | None = 0) -> Secured:
        settings = settings or app_settings
        session = build_session(settings)
        window = MainWindow(
            settings,
            registry,
            index_factory=lambda folder: WorkspaceIndex(
                folder, tmp_path / "index.sqlite", key=session.key
            ),
            policy_pane_factory=PolicyPane,
            session=session,
        )
        guard = guard_window(window, session, settings, registry, idle_ms=idle_ms)
        qtbot.addWidget(window)
        window.show()
        activate(qtbot, window)
        return Secured(window, guard)

    return make


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


# -- locking ---------------------------------------------------------------------------------


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


def test_changing_the_passphrase_re_encrypts_the_workspace(
    qtbot: Any,
    secure_window: Callable[..., Secured],
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    registry: PolicyRegistry,
) -> None:
    secured = first_run(secure_window, monkeypatch, qtbot)
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
    assert shown and "Re-encrypted 2 case file(s)" in shown[-1]
    assert window.case is not None and window.case.encrypted  # reopened, with the new key
    window.close_case()
    for path in (workspace / "UM-2026-100001.umcase", plain):
        with CaseFile.open(path, registry, key=CaseKey(new)) as case:
            assert case.encrypted
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
) -> None:
    real = make_case(workspace, "dli-relapsed-aml")  # from before encryption existed
    training = workspace / "TRAIN-2.umcase"
    intake = load_intake(INTAKE_DIR / "hpc-boost-mixed-chimerism.json")
    import_intake(intake, training, registry, "Trainer", training=True).close()
    shown = capture_messages(monkeypatch)
    first_run(secure_window, monkeypatch, qtbot)
    assert shown[0].startswith("Encrypt existing case files?\n1 case file is")
    assert "Re-encrypted 1 case file(s)" in shown[1]
    assert not real.read_bytes().startswith(b"SQLite format 3")
    assert training.read_bytes().startswith(b"SQLite format 3")  # training stays plain
    with CaseFile.open(real, registry, key=CaseKey(SECRET)) as case:
        assert case.encrypted
