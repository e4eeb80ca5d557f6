"""The keyboard-only approval, counted (issue 22, "Done when"): with an identity already
set up, from the intake file to a signed letter stored in the case in at most 8 keys plus
the typed path and passphrase, so later work cannot quietly lengthen the everyday path.

The window is wired as run.py wires it, with the session's identity (issue 19): creating
the case asks for it once (Unlock your identity), and signing the letter with it asks only
for a confirmation (no passphrase again). Each dialog is answered as a person would: the
passphrase, then Return for as long as the dialog stays open with its default button
focused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from decision_helpers import NURSE, PASS, utc_now
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from window_helpers import CTRL, case_view, keep_active

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile import determinations as store
from reviewer_app.decisions.session_signing import SessionSigners
from reviewer_app.decisions.trust import TrustStore, load_organization
from reviewer_app.letters.identity import load_identity
from reviewer_app.letters.identity_store import IdentityStore
from reviewer_app.training import demo_identity
from reviewer_app.ui.app_settings import AppSettings, ReviewerProfile
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.decision.session_sign import SessionSignDialog
from reviewer_app.ui.decision.sign_dialog import LAST_IDENTITY_KEY, SignDialog
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.security.identity_unlock import ask_session_identity
from reviewer_app.ui.security.session_identity import SessionIdentity

ALT = Qt.KeyboardModifier.AltModifier
# Ctrl+N, Enter (the typed path), Enter (Unlock your identity), Alt+A (confirm all),
# Alt+D, Alt+A (approve), Alt+S, Enter (Sign letter, as the session's identity)
KEY_BUDGET = 8


def test_keyboard_only_approval_from_the_intake_file_to_a_stored_letter(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    app_settings: AppSettings,
    identities: dict[str, Path],
    config: Path,
    intake_copy: Callable[[str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app_settings.set_profile(NURSE)
    # Set up before: the nurse's identity was unlocked on this computer on an earlier day.
    nurse = identities["nurse_reviewer"]
    decision_ini = QSettings(str(tmp_path / "decision.ini"), QSettings.Format.IniFormat)
    decision_ini.setValue(LAST_IDENTITY_KEY, str(nurse))
    decision_ini.sync()
    known = IdentityStore(tmp_path / "identities")
    known.remember(nurse, load_identity(nurse, PASS.encode()).cert_der)
    trust = TrustStore(config / "trust")

    def panel(case: CaseFile, profile: ReviewerProfile) -> QWidget:
        return DecisionPanel(
            case,
            profile,
            organization=load_organization(config),
            trust=trust,
            now=utc_now,
            settings=decision_ini,
            identity_folder=tmp_path / "identities",
        )

    def unlock(parent: QWidget) -> Any:  # as run.py's session identity asks
        return ask_session_identity(parent, NURSE, decision_ini, trust, known)

    session = SessionIdentity(SessionSigners(trust.anchors, demo_identity), unlock)
    window = make_window(decision_panel_factory=panel, identity=session)
    keep_active(qtbot, window)
    keys: list[str] = []
    answered: list[str] = []

    def key(name: str, code: Qt.Key, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
        keys.append(name)
        target = QApplication.focusWidget() or window
        qtbot.keyClick(target, code, modifier)

    intake = intake_copy("dli-relapsed-aml")

    def file_dialog(*_args: Any, **_kwargs: Any) -> tuple[str, str]:
        # The reviewer types the path into the dialog's name field and presses Enter.
        keys.append("Enter")
        return str(intake), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", file_dialog)
    polling = [True]
    seen: list[QWidget] = []

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SessionSignDialog) and dialog.isVisible() and dialog not in seen:
            seen.append(dialog)
            answered.append(dialog.windowTitle())
            keys.append("Enter")  # Sign letter is the default button
            qtbot.keyClick(dialog, Qt.Key.Key_Return)
            if dialog.isVisible():
                dialog.reject()  # left open, its exec() would hold the test forever
        if isinstance(dialog, SignDialog) and dialog.isVisible() and dialog not in seen:
            seen.append(dialog)
            answered.append(dialog.windowTitle())
            try:
                assert dialog.focusWidget() is dialog.passphrase_edit  # the identity is known
                qtbot.keyClicks(dialog.passphrase_edit, PASS)
                presses = 0
                while dialog.isVisible() and presses < 3:
                    keys.append("Enter")
                    presses += 1
                    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
                assert not dialog.isVisible(), dialog.note.text()
            except BaseException:
                dialog.reject()  # left open, its exec() would hold the test forever
                raise
        if polling:
            QTimer.singleShot(10, in_dialog)

    QTimer.singleShot(0, in_dialog)
    try:
        key("Ctrl+N", Qt.Key.Key_N, CTRL)
        qtbot.waitUntil(lambda: window.case_view is not None and window.case_view.isVisible())
        keep_active(qtbot, window)
        view = case_view(window)
        key("Alt+A", Qt.Key.Key_A, ALT)  # Confirm &all from intake
        qtbot.waitUntil(lambda: not view.case.evaluate().unconfirmed)
        key("Alt+D", Qt.Key.Key_D, ALT)  # the &Decision tab
        decision: Any = view.decision
        qtbot.waitUntil(lambda: view.tabs.currentWidget().isVisible())
        key("Alt+A", Qt.Key.Key_A, ALT)  # &Approve
        qtbot.waitUntil(lambda: decision.sign_button.isEnabled(), timeout=15_000)
        with qtbot.waitSignal(decision.letterChanged, timeout=20_000):
            key("Alt+S", Qt.Key.Key_S, ALT)  # &Sign letter…
    finally:
        polling.clear()
    assert answered == ["Unlock your identity", "Sign the determination letter"]
    assert len(keys) <= KEY_BUDGET, keys
    letters = store.letters(view.case)
    assert len(letters) == 1 and letters[0].kind == "approval"
