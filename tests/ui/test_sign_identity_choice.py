"""The sign dialog offers the identity that fits the letter and the signer (issue 22, item
9): not simply the last one used. The identities used here before are listed from the
identity store; those that cannot sign this letter are named with the reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from decision_helpers import DOCTOR, NURSE, PASS, RATIONALE, click, wait_for_draft
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile import determinations as store
from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.trust import TrustStore
from reviewer_app.letters.identity import load_identity
from reviewer_app.letters.identity_store import IdentityStore
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.decision.sign_dialog import LAST_IDENTITY_KEY, SignDialog


@pytest.fixture
def both_known(identities: dict[str, Path], tmp_path: Path) -> IdentityStore:
    """Both identities were unlocked on this computer before."""
    store = IdentityStore(tmp_path / "identities")  # the folder ``build`` hands the panel
    for role in ("nurse_reviewer", "medical_director"):
        store.remember(identities[role], load_identity(identities[role], PASS.encode()).cert_der)
    return store


def last_used(tmp_path: Path, identity: Path) -> None:
    settings = QSettings(str(tmp_path / "decision.ini"), QSettings.Format.IniFormat)
    settings.setValue(LAST_IDENTITY_KEY, str(identity))
    settings.sync()


def open_sign_dialog(
    monkeypatch: pytest.MonkeyPatch, qtbot: Any, panel: DecisionPanel
) -> dict[str, Any]:
    """Sign…, and what the dialog offered when it opened (then cancelled)."""
    seen: dict[str, Any] = {}

    def exec_(dialog: SignDialog) -> int:
        dialog.show()
        seen["path"] = dialog.path_edit.text()
        seen["focus"] = dialog.focusWidget() is dialog.passphrase_edit
        seen["listed"] = [dialog.known_box.itemText(i) for i in range(dialog.known_box.count())]
        seen["chosen"] = dialog.known_box.currentText()
        seen["others"] = dialog.others.text() if dialog.others.isVisibleTo(dialog) else ""
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(SignDialog, "exec", exec_)
    qtbot.waitUntil(lambda: panel.sign_button.isEnabled(), timeout=15_000)
    assert panel.sign() is False
    return seen


def test_a_denial_offers_the_medical_directors_identity_not_the_nurses_used_last(
    case_file: Callable[..., CaseFile],
    build: Callable[[CaseFile, ReviewerProfile], DecisionPanel],
    identities: dict[str, Path],
    both_known: IdentityStore,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    last_used(tmp_path, identities["nurse_reviewer"])
    panel = build(case_file("dli-after-autologous"), DOCTOR)
    click(qtbot, panel.buttons[Decision.DENY])
    qtbot.keyClicks(panel.rationale, RATIONALE)
    wait_for_draft(qtbot, panel)
    seen = open_sign_dialog(monkeypatch, qtbot, panel)
    assert seen["path"] == str(identities["medical_director"])
    assert seen["focus"]  # straight to the passphrase
    assert seen["chosen"] == "Dr. Riley Sample, MD — medical director"
    assert seen["listed"][1] == "Nora Nurse, RN — nurse reviewer (cannot sign this)"
    assert "Nora Nurse, RN — nurse reviewer: A nurse reviewer cannot deny" in seen["others"]


def test_an_approval_by_a_nurse_offers_the_nurses_identity_not_the_directors_used_last(
    case_file: Callable[..., CaseFile],
    build: Callable[[CaseFile, ReviewerProfile], DecisionPanel],
    identities: dict[str, Path],
    both_known: IdentityStore,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    last_used(tmp_path, identities["medical_director"])
    panel = build(case_file("dli-relapsed-aml"), NURSE)
    click(qtbot, panel.buttons[Decision.APPROVE])
    wait_for_draft(qtbot, panel)
    seen = open_sign_dialog(monkeypatch, qtbot, panel)
    assert seen["path"] == str(identities["nurse_reviewer"])
    # the director could sign an approval, but this signer is the nurse: not their identity
    assert (
        "Dr. Riley Sample, MD — medical director: This identity is a medical director's"
        in (seen["others"])
    )


def test_an_identity_unlocked_once_is_offered_the_next_time(
    case_file: Callable[..., CaseFile],
    build: Callable[[CaseFile, ReviewerProfile], DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = SignDialog(
        NURSE,
        "Approve",
        QSettings(str(tmp_path / "first.ini"), QSettings.Format.IniFormat),
        store=IdentityStore(tmp_path / "identities"),
    )
    qtbot.addWidget(dialog)
    assert not dialog.known_box.isVisibleTo(dialog)  # nothing known yet: no empty list
    dialog.path_edit.setText(str(identities["nurse_reviewer"]))
    dialog.passphrase_edit.setText(PASS)
    dialog.unlock()
    # another day, no remembered last file: the store still knows it
    panel = build(case_file("dli-relapsed-aml"), NURSE)
    click(qtbot, panel.buttons[Decision.APPROVE])
    wait_for_draft(qtbot, panel)
    seen = open_sign_dialog(monkeypatch, qtbot, panel)
    assert seen["path"] == str(identities["nurse_reviewer"]) and seen["focus"]
    assert seen["others"] == ""


def test_when_no_known_identity_fits_none_is_offered(
    case_file: Callable[..., CaseFile],
    build: Callable[[CaseFile, ReviewerProfile], DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = IdentityStore(tmp_path / "identities")
    nurse = identities["nurse_reviewer"]
    store.remember(nurse, load_identity(nurse, PASS.encode()).cert_der)
    last_used(tmp_path, nurse)
    panel = build(case_file("dli-after-autologous"), DOCTOR)
    click(qtbot, panel.buttons[Decision.DENY])
    qtbot.keyClicks(panel.rationale, RATIONALE)
    wait_for_draft(qtbot, panel)
    seen = open_sign_dialog(monkeypatch, qtbot, panel)
    assert seen["path"] == "" and not seen["focus"]  # Browse… for the director's file
    assert seen["others"].startswith("None of the identities used here can sign this letter")
    assert "cannot deny" in seen["others"]


def test_a_known_identity_shows_who_signs_before_unlocking_and_one_return_signs(
    case_file: Callable[..., CaseFile],
    build: Callable[[CaseFile, ReviewerProfile], DecisionPanel],
    identities: dict[str, Path],
    both_known: IdentityStore,
    qtbot: Any,
    tmp_path: Path,
) -> None:
    last_used(tmp_path, identities["medical_director"])
    case = case_file("dli-after-autologous")
    panel = build(case, DOCTOR)
    click(qtbot, panel.buttons[Decision.DENY])
    qtbot.keyClicks(panel.rationale, RATIONALE)
    wait_for_draft(qtbot, panel)
    qtbot.waitUntil(panel.sign_button.isEnabled, timeout=15_000)
    before: dict[str, str] = {}
    returns: list[str] = []
    polling = [True]

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignDialog) or not dialog.isVisible():
            if polling:
                QTimer.singleShot(10, in_dialog)
            return
        before["name"] = dialog.name_label.text()  # nothing unlocked yet
        before["role"] = dialog.role_label.text()
        before["note"] = dialog.note.text()
        qtbot.keyClicks(dialog.passphrase_edit, PASS)
        returns.append("Return")
        qtbot.keyClick(dialog.passphrase_edit, Qt.Key.Key_Return)
        if dialog.isVisible():  # a second Return would be needed: the test fails below
            dialog.reject()

    QTimer.singleShot(0, in_dialog)
    try:
        with qtbot.waitSignal(panel.letterChanged, timeout=20_000):
            click(qtbot, panel.sign_button)
    finally:
        polling.clear()
    assert before["name"] == "Dr. Riley Sample" and before["role"] == "Medical director"
    assert "Type the passphrase and press Enter" in before["note"]
    assert returns == ["Return"]
    assert [row.kind for row in store.letters(case)] == ["denial"]


def test_an_identity_never_used_here_is_shown_before_a_second_return_signs(
    identities: dict[str, Path], config: Path, qtbot: Any, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "first.ini"), QSettings.Format.IniFormat)
    dialog = SignDialog(NURSE, "Approve", settings, store=IdentityStore(tmp_path / "ids"))
    dialog.check_with(TrustStore(config / "trust"), training=False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    dialog.path_edit.setText(str(identities["nurse_reviewer"]))
    assert dialog.name_label.text() == "—"  # nothing known of it before it is unlocked
    qtbot.keyClicks(dialog.passphrase_edit, PASS)
    qtbot.keyClick(dialog.passphrase_edit, Qt.Key.Key_Return)
    # unlocked and shown, not signed: the Return did not reach the Sign button
    assert dialog.isVisible() and dialog.name_label.text() == "Nora Nurse"
    assert dialog.focusWidget() is dialog.sign_button
    qtbot.keyClick(dialog.sign_button, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.identity() is not None
