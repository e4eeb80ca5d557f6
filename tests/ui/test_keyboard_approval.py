"""The keyboard-only approval, counted (issue 22, "Done when"): with an identity already set
up, from the intake file to a signed letter stored in the case in at most 8 keys plus the
typed path and passphrase, so later work cannot quietly lengthen the everyday path."""

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
from reviewer_app.decisions.trust import TrustStore, load_organization
from reviewer_app.ui.app_settings import AppSettings, ReviewerProfile
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.decision.sign_dialog import LAST_IDENTITY_KEY, SignDialog
from reviewer_app.ui.main_window import MainWindow

ALT = Qt.KeyboardModifier.AltModifier
KEY_BUDGET = 8  # Ctrl+N, Enter, Alt+A, Alt+D, Alt+A, Alt+S, Enter, Enter


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
    decision_ini = QSettings(str(tmp_path / "decision.ini"), QSettings.Format.IniFormat)
    decision_ini.setValue(LAST_IDENTITY_KEY, str(identities["nurse_reviewer"]))  # set up before
    decision_ini.sync()

    def panel(case: CaseFile, profile: ReviewerProfile) -> QWidget:
        return DecisionPanel(
            case,
            profile,
            organization=load_organization(config),
            trust=TrustStore(config / "trust"),
            now=utc_now,
            settings=decision_ini,
            identity_folder=tmp_path / "identities",
        )

    window = make_window(decision_panel_factory=panel)
    keep_active(qtbot, window)
    keys: list[str] = []

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

    polling = [True]

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignDialog) or not dialog.isVisible():
            if polling:
                QTimer.singleShot(10, in_dialog)
            return
        try:
            assert dialog.focusWidget() is dialog.passphrase_edit  # the identity is known
            qtbot.keyClicks(dialog.passphrase_edit, PASS)
            keys.append("Enter")
            qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # unlock
            assert dialog.focusWidget() is dialog.sign_button, dialog.note.text()
        except BaseException:
            dialog.reject()  # left open, its exec() would hold the test forever
            raise
        keys.append("Enter")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # Sign

    QTimer.singleShot(0, in_dialog)
    try:
        with qtbot.waitSignal(decision.letterChanged, timeout=20_000):
            key("Alt+S", Qt.Key.Key_S, ALT)  # &Sign letter…
    finally:
        polling.clear()
    assert len(keys) <= KEY_BUDGET, keys
    letters = store.letters(view.case)
    assert len(letters) == 1 and letters[0].kind == "approval"
