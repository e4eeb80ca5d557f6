"""The start a person sees (run.start_gui): the unlock prompt is the first window, alone;
the main window appears, locked, while a typed passphrase is checked, and shows the case
once it is right (locked after Cancel)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
from security_helpers import LEFT, LOCKED_TITLE, SECRET

from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.casefile.importer import case_id_for, import_intake
from reviewer_app.intake import load_intake
from reviewer_app.policy import PolicyRegistry
from reviewer_app.ui import run
from reviewer_app.ui.app_settings import AppSettings
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.security.passphrase_dialogs import WRONG, UnlockDialog
from reviewer_app.ui.security.session_key import SessionKey
from reviewer_app.ui.start import READY_PROPERTY, PrebuiltPanes

from helpers import INTAKE_DIR


@pytest.fixture(autouse=True)
def _application_left_as_found(qapp: QApplication) -> Iterator[None]:
    """start_gui sets the style sheets' font propagation on the application (the
    window's zoom needs it); the other tests' shared application does not have it."""
    yield
    qapp.setAttribute(Qt.ApplicationAttribute.AA_UseStyleSheetPropagationInWidgetStyles, False)


def _prompt() -> UnlockDialog | None:
    dialog = QApplication.activeModalWidget()
    return dialog if isinstance(dialog, UnlockDialog) and dialog.isVisible() else None


def _when_prompted(act: Any) -> list[dict[str, Any]]:
    """Run ``act(dialog)`` once the first prompt is up and the app is built behind it;
    returns what was seen at that moment."""
    seen: list[dict[str, Any]] = []

    def poll() -> None:
        dialog = _prompt()
        if dialog is None or dialog.property(READY_PROPERTY) is None:
            QTimer.singleShot(5, poll)
            return
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        seen.append({"windows": windows, "parent": dialog.parentWidget()})
        act(dialog)

    QTimer.singleShot(0, poll)
    return seen


def test_the_prompt_is_the_only_window_until_the_passphrase_unlocks(
    qtbot: Any, app_settings: AppSettings, registry: PolicyRegistry, tmp_path: Path
) -> None:
    folder = app_settings.workspace_folder()
    intake = load_intake(INTAKE_DIR / "dli-relapsed-aml.json")
    case = folder / f"{case_id_for(intake)}.umcase"
    import_intake(intake, case, registry, "Pat Rivera", key=CaseKey(SECRET)).close()
    app_settings.set_passphrase_set_up(True)
    messages: list[str] = []

    behind: list[tuple[str, bool]] = []

    def answer(dialog: UnlockDialog) -> None:
        qtbot.keyClicks(dialog.passphrase_edit, "not the passphrase")
        qtbot.mouseClick(dialog.ok_button, LEFT)
        messages.append(dialog.message.text())
        assert dialog.isVisible()  # a wrong one keeps the prompt
        # The window came up while the passphrase was checked: locked, with no second
        # passphrase field beside the prompt's.
        (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        screen = window.pages.currentWidget()
        behind.append((window.windowTitle(), screen.card.isVisible()))
        assert window.isVisible() and not window.menuBar().isEnabled()
        qtbot.keyClicks(dialog.passphrase_edit, SECRET)
        qtbot.mouseClick(dialog.ok_button, LEFT)

    seen = _when_prompted(answer)
    opened: list[bool] = []
    window = run.start_gui(
        app_settings, tmp_path / "index.sqlite", then=lambda w: opened.append(w.open_path(case))
    )
    qtbot.addWidget(window)
    assert [type(w) for w in seen[0]["windows"]] == [UnlockDialog]
    assert seen[0]["parent"] is None
    assert messages == [WRONG]
    assert behind == [(LOCKED_TITLE, False)]
    qtbot.waitUntil(lambda: opened == [True])
    assert window.isVisible() and window.case_view is not None
    assert window.case_view.isVisible()
    # The workspace is listed too, once the case is shown (its scan waits for it).
    qtbot.waitUntil(lambda: window.workspace.model.rowCount() == 1)


def test_cancel_at_the_prompt_shows_the_window_locked_until_the_passphrase(
    qtbot: Any, app_settings: AppSettings, tmp_path: Path
) -> None:
    app_settings.set_passphrase_set_up(True)
    seen = _when_prompted(lambda dialog: dialog.reject())
    opened: list[str] = []
    window = run.start_gui(
        app_settings, tmp_path / "index.sqlite", then=lambda _w: opened.append("paths")
    )
    qtbot.addWidget(window)
    assert seen and not any(isinstance(w, QMainWindow) for w in seen[0]["windows"])
    assert isinstance(window, MainWindow) and window.isVisible()
    assert window.windowTitle() == LOCKED_TITLE and not window.menuBar().isEnabled()
    assert opened == []
    screen = window.pages.currentWidget()
    qtbot.keyClicks(screen.passphrase_edit, SECRET)  # a plain workspace: any passphrase
    qtbot.mouseClick(screen.unlock_button, LEFT)
    qtbot.waitUntil(lambda: opened == ["paths"])
    assert window.windowTitle() != LOCKED_TITLE and window.menuBar().isEnabled()


def test_the_first_case_gets_the_policy_pane_built_behind_the_prompt(
    qtbot: Any, registry: PolicyRegistry
) -> None:
    made: list[QLabel] = []

    def factory(policy: Any) -> QLabel:
        made.append(QLabel(policy.id))
        return made[-1]

    panes = PrebuiltPanes(factory)
    policy = registry.get(registry.ids()[0])
    panes.prepare([policy])
    assert len(made) == 1  # built ahead
    first = panes(policy)
    assert first is made[0] and len(made) == 1  # handed out, not built again
    second = panes(policy)
    assert second is made[1] and second is not first  # the next case builds its own


def test_the_passphrase_is_checked_while_the_window_is_shown(qapp: QApplication) -> None:
    """Enter at the prompt: the check (a key derivation) runs on a worker thread while
    the main thread shows the window; unlocked only if the check says so."""
    shown = threading.Event()

    def verify(_key: CaseKey) -> bool:  # returns True only if the window showed meanwhile
        return shown.wait(timeout=10)

    session = SessionKey(verify)
    assert session.unlock(SECRET, meanwhile=shown.set)
    assert not session.locked

    refusing = SessionKey(lambda _key: False)
    ran: list[str] = []
    assert not refusing.unlock(SECRET, meanwhile=lambda: ran.append("shown"))
    assert refusing.locked and ran == ["shown"]


def test_a_failing_check_is_raised_on_the_thread_that_asked(qapp: QApplication) -> None:
    def verify(_key: CaseKey) -> bool:
        raise OSError("the workspace folder is gone")

    session = SessionKey(verify)
    with pytest.raises(OSError, match="workspace folder is gone"):
        session.unlock(SECRET, meanwhile=lambda: None)
    assert session.locked


def test_a_workspace_without_encrypted_cases_opens_only_with_the_chosen_passphrase(
    qapp: QApplication, app_settings: AppSettings
) -> None:
    """Before, with no encrypted case to try it on, any passphrase unlocked the window at
    start, and the real cases made next were encrypted under that typing slip. The
    passphrase chosen on this computer is checked against its record (owner-only, which
    holds neither the passphrase nor its key)."""
    from reviewer_app.casefile.workspace_keys import PASSPHRASE_CHECK
    from reviewer_app.config import data_dir

    record = data_dir() / PASSPHRASE_CHECK
    assert not record.exists()
    run.build_session(app_settings).set_up(SECRET)  # the first start: the passphrase chosen
    assert record.stat().st_mode & 0o777 == 0o600
    assert SECRET.encode() not in record.read_bytes()

    later = run.build_session(app_settings)  # the next start, the workspace still plain
    assert not later.unlock(SECRET + " slip")
    assert later.locked
    assert later.unlock(SECRET)

    record.unlink()  # chosen before the record was kept: the first unlock keeps it
    upgraded = run.build_session(app_settings)
    assert upgraded.unlock(SECRET)
    assert record.exists() and not run.build_session(app_settings).unlock("another one!")
