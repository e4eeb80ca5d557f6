"""A letter signed with the identity unlocked for the session (issue 19, item 1): one
confirmation, no passphrase again; the decision's audit entry and the letter carry the same
certificate. Another identity is still one button away."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from decision_helpers import NURSE as NURSE_PROFILE
from decision_helpers import PASS, click, wait_for_draft
from PySide6.QtWidgets import QDialog
from window_helpers import case_view, open_case

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.index import WorkspaceIndex
from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.session_signing import SessionSigners
from reviewer_app.decisions.trust import TrustStore
from reviewer_app.decisions.verification import verify_case_letter
from reviewer_app.letters.identity import load_identity
from reviewer_app.policy import PolicyRegistry
from reviewer_app.training import demo_identity
from reviewer_app.ui.app_settings import AppSettings
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.decision.session_sign import SessionSignDialog
from reviewer_app.ui.decision.sign_dialog import SignDialog
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.policy import PolicyPane
from reviewer_app.ui.security.session_identity import SessionIdentity

NURSE = "Nora Nurse, RN (nurse_reviewer)"


@pytest.fixture
def approving(
    qtbot: Any,
    app_settings: AppSettings,
    registry: PolicyRegistry,
    tmp_path: Path,
    config: Path,
    identities: dict[str, Path],
    make_case: Callable[..., Path],
    workspace: Path,
    build: Callable[..., DecisionPanel],
) -> tuple[MainWindow, DecisionPanel, Path]:
    """The nurse's session (her identity unlocked), a case confirmed, Approve previewed."""
    app_settings.set_profile(NURSE_PROFILE)  # the name the preview prints is the signer's
    nurse = load_identity(identities["nurse_reviewer"], PASS.encode())
    signers = SessionSigners(TrustStore(config / "trust").anchors, demo_identity)
    window = MainWindow(
        app_settings,
        registry,
        index_factory=lambda folder: WorkspaceIndex(folder, tmp_path / "index.sqlite"),
        policy_pane_factory=PolicyPane,
        decision_panel_factory=build,
        identity=SessionIdentity(signers, lambda _parent: nurse),
    )
    qtbot.addWidget(window)
    window.show()
    path = make_case("dli-relapsed-aml", workspace)
    open_case(qtbot, window, path)
    view = case_view(window)
    click(qtbot, view.checklist.confirm_all)
    view.tabs.setCurrentIndex(1)
    panel = view.decision
    assert isinstance(panel, DecisionPanel)
    click(qtbot, panel.buttons[Decision.APPROVE])
    wait_for_draft(qtbot, panel)
    qtbot.waitUntil(panel.sign_button.isEnabled)
    return window, panel, path


def test_the_session_identity_signs_the_letter_after_one_confirmation(
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[str],
    approving: tuple[MainWindow, DecisionPanel, Path],
    registry: PolicyRegistry,
    config: Path,
) -> None:
    window, panel, path = approving
    shown: list[str] = []

    def confirm(dialog: SessionSignDialog) -> int:
        shown.append(dialog.signer.text())
        click(qtbot, dialog.sign_button)
        return dialog.result()

    def no_passphrase_asked(_dialog: SignDialog) -> int:
        raise AssertionError("the sign dialog asked for the identity again")

    monkeypatch.setattr(SessionSignDialog, "exec", confirm)
    monkeypatch.setattr(SignDialog, "exec", no_passphrase_asked)
    click(qtbot, panel.sign_button)
    assert dialogs == []  # nothing refused
    assert panel.has_letter()
    assert shown and "Nora Nurse, RN" in shown[0] and "unlocked for this session" in shown[0]
    window.close_case()

    with CaseFile.open(path, registry, readonly=True) as case:
        last = case.audit_entries()[-1]
        assert (last.action, last.actor) == ("decided", NURSE)
        check = verify_case_letter(case, TrustStore(config / "trust").anchors())
        assert check.ok, check.reason  # the decision entry is signed by the letter's signer


def test_another_identity_is_one_button_away(
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[str],
    approving: tuple[MainWindow, DecisionPanel, Path],
) -> None:
    _window, panel, _path = approving
    asked: list[str] = []

    def another(dialog: SessionSignDialog) -> int:
        click(qtbot, dialog.another_button)
        return dialog.result()

    def sign_dialog(dialog: SignDialog) -> int:
        asked.append(dialog.windowTitle())
        return QDialog.DialogCode.Rejected.value  # the person then cancels

    monkeypatch.setattr(SessionSignDialog, "exec", another)
    monkeypatch.setattr(SignDialog, "exec", sign_dialog)
    click(qtbot, panel.sign_button)
    assert asked == ["Sign the determination letter"]
    assert not panel.has_letter()
