"""From an organization-issued identity to a signed denial with the keyboard only, in no
more keys than before issue 17 (11 plus typed text); the sign dialog shows the identity's
role, credentials, issuer and expiry before anything is signed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from decision_helpers import DOCTOR, PASS, RATIONALE
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile import determinations as store
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.decision.sign_dialog import LAST_IDENTITY_KEY, SignDialog

ALT = Qt.KeyboardModifier.AltModifier
KEY_BUDGET = 11


def test_keyboard_only_from_an_issued_identity_to_a_signed_denial(
    case_file: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    tmp_path: Path,
    dialogs: list[str],
) -> None:
    # The identity file was chosen once before (remembered by path): as on any later day.
    settings = QSettings(str(tmp_path / "decision.ini"), QSettings.Format.IniFormat)
    settings.setValue(LAST_IDENTITY_KEY, str(identities["medical_director"]))
    settings.sync()
    case = case_file("dli-after-autologous")
    panel = build(case, DOCTOR)
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    keys: list[str] = []
    seen: dict[str, str] = {}

    def key(
        name: str,
        code: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        window: QWidget | None = None,
    ) -> None:
        """One key press, to the widget that has the keyboard focus in ``window``."""
        keys.append(name)
        window = window or panel
        target = window.focusWidget() or window
        qtbot.keyClick(target, code, modifier)

    def typed(text: str, window: QWidget | None = None) -> None:
        target = (window or panel).focusWidget()
        assert target is not None
        qtbot.keyClicks(target, text)

    key("Alt+N", Qt.Key.Key_N, ALT)  # De&ny
    key("Alt+L", Qt.Key.Key_L, ALT)  # Clinical rationa&le
    typed(RATIONALE)
    qtbot.waitUntil(lambda: panel.sign_button.isEnabled(), timeout=15_000)

    polling = [True]  # until the test is over, whatever its outcome

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignDialog) or not dialog.isVisible():
            if polling:
                QTimer.singleShot(10, in_dialog)
            return
        try:
            assert dialog.focusWidget() is dialog.passphrase_edit  # the file is remembered
            typed(PASS, dialog)
            key("Enter", Qt.Key.Key_Return, window=dialog)  # unlock
            for label in ("name", "credentials", "role", "issuer", "expiry"):
                seen[label] = getattr(dialog, f"{label}_label").text()
            seen["note"] = dialog.note.text()
            assert dialog.focusWidget() is dialog.sign_button, seen["note"]
        except BaseException:
            # Close the dialog so that the test fails: left open, its exec() would hold
            # the signal wait's event loop (and the whole test run) forever.
            dialog.reject()
            raise
        key("Enter", Qt.Key.Key_Return, window=dialog)  # Sign letter has the focus now

    QTimer.singleShot(0, in_dialog)
    try:
        with qtbot.waitSignal(panel.letterChanged, timeout=20_000):
            key("Alt+S", Qt.Key.Key_S, ALT)  # &Sign letter…
    finally:
        polling.clear()
    assert len(keys) <= KEY_BUDGET, keys
    assert seen["name"] == "Dr. Riley Sample" and seen["credentials"] == "MD"
    assert (
        seen["role"] == "Medical director"
        and seen["issuer"] == "Demo Health Plan (your organization)"
    )
    assert seen["expiry"][:2] == "20"  # a date, shown before signing
    assert "will be signed by Dr. Riley Sample" in seen["note"]
    rows = store.letters(case)
    assert len(rows) == 1 and rows[0].kind == "denial"
    assert dialogs == []
