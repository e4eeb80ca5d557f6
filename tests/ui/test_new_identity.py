"""On a training case, a trainee without an identity makes one from the sign dialog (New
identity…); the letter it signs is stored and verifies as a training letter. On a real
case New identity… is not offered: a determination needs an organization identity. The
new-identity dialog refuses what it must."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from decision_helpers import click, wait_for_draft
from PySide6.QtWidgets import QDialog

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile import determinations as store
from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.trust import TrustStore
from reviewer_app.letters.identity import create_identity, load_identity
from reviewer_app.training import create_demo_workspace
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.decision.identity_dialog import NewIdentityDialog
from reviewer_app.ui.decision.sign_dialog import SignDialog
from reviewer_app.ui.training.demo_sign import DemoSignDialog

NEWCOMER = ReviewerProfile("Sam Newcomer", "RN", "nurse_reviewer")
SECRET = "a brand new identity passphrase"


def test_a_new_identity_made_while_signing_signs_a_training_letter(
    registry: Any,
    build: Callable[..., DecisionPanel],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    config: Path,
    dialogs: list[str],
) -> None:
    create_demo_workspace(tmp_path / "demo", registry)
    case = CaseFile.open(tmp_path / "demo" / "DEMO-0001.umcase", registry)
    case.confirm(None, "Test Runner (tests)")
    monkeypatch.setattr(DemoSignDialog, "exec", lambda d: d.own_button.click() or d.result())
    panel = build(case, NEWCOMER)
    click(qtbot, panel.buttons[Decision.APPROVE])
    wait_for_draft(qtbot, panel)
    qtbot.waitUntil(lambda: panel.sign_button.isEnabled())

    def make_identity(dialog: NewIdentityDialog) -> int:
        dialog.show()
        assert (dialog.name_edit.text(), dialog.credentials_edit.text()) == ("Sam Newcomer", "RN")
        assert not dialog.ok_button.isEnabled()  # no passphrase yet
        qtbot.keyClicks(dialog.passphrase_edit, SECRET)
        qtbot.keyClicks(dialog.confirm_edit, SECRET)
        click(qtbot, dialog.ok_button)
        return dialog.result()

    def sign(dialog: SignDialog) -> int:
        dialog.show()
        assert dialog.new_button.isVisible()
        monkeypatch.setattr(NewIdentityDialog, "exec", make_identity)
        click(qtbot, dialog.new_button)
        assert dialog.name_label.text() == "Sam Newcomer"  # unlocked with the new passphrase
        assert dialog.sign_button.isEnabled()
        click(qtbot, dialog.sign_button)
        return dialog.result()

    monkeypatch.setattr(SignDialog, "exec", sign)
    with qtbot.waitSignals([panel.caseChanged, panel.letterChanged]):
        click(qtbot, panel.sign_button)
    assert dialogs == []

    made = tmp_path / "identities" / "sam-newcomer.p12"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600  # the key: readable by its owner only
    identity = load_identity(made, SECRET.encode())
    assert identity.self_signed and identity.role == "nurse_reviewer"
    assert identity.cert_der in TrustStore(config / "trust").certificates()
    assert len(store.letters(case)) == 1
    click(qtbot, panel.verify_button)
    assert panel.verdict.text().startswith("Training letter, not a determination")
    assert "Sam Newcomer" in panel.verdict.text()
    case.close()


def test_a_real_case_offers_no_new_identity_and_refuses_a_self_signed_one(
    case_file: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    config: Path,
) -> None:
    case = case_file("dli-relapsed-aml")
    panel = build(case, NEWCOMER)
    click(qtbot, panel.buttons[Decision.APPROVE])
    wait_for_draft(qtbot, panel)
    made = create_identity(
        "Sam Newcomer", "RN", "nurse_reviewer", SECRET.encode(), tmp_path / "s.p12"
    )
    seen: list[SignDialog] = []

    def sign(dialog: SignDialog) -> int:
        seen.append(dialog)
        dialog.show()
        assert not dialog.new_button.isVisible()
        assert "org issue" in dialog.note.text()  # says how to get an organization identity
        dialog.path_edit.setText(str(made))
        dialog.passphrase_edit.setText(SECRET)
        assert not dialog.unlock()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SignDialog, "exec", sign)
    click(qtbot, panel.sign_button)
    dialog = seen[0]
    assert dialog.name_label.text() == "Sam Newcomer"  # who it is, shown all the same
    assert dialog.issuer_label.text().startswith("Self-signed")
    assert "training cases only" in dialog.note.text()
    assert not dialog.sign_button.isEnabled() and dialog.identity() is None
    assert store.letters(case) == []


def test_the_new_identity_dialog_refuses_a_taken_file_and_unequal_passphrases(
    qtbot: Any, tmp_path: Path
) -> None:
    taken = tmp_path / "sam-newcomer.p12"
    taken.write_bytes(b"somebody else's identity")
    trust = TrustStore(tmp_path / "trust")
    dialog = NewIdentityDialog(NEWCOMER, tmp_path, trust)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.path_edit.text() == str(taken)
    qtbot.keyClicks(dialog.passphrase_edit, SECRET)
    qtbot.keyClicks(dialog.confirm_edit, SECRET)
    assert not dialog.ok_button.isEnabled()
    assert "already exists" in dialog.message.text()

    other = tmp_path / "sam-2.p12"
    dialog.path_edit.setText(str(other))
    assert dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.confirm_edit, "!")
    assert not dialog.ok_button.isEnabled()
    assert "not the same" in dialog.message.text()
    dialog.name_edit.clear()
    assert "name" in dialog.message.text()

    dialog.reject()
    assert dialog.created() is None and not other.exists()
    assert taken.read_bytes() == b"somebody else's identity"
    assert trust.certificates() == []
