"""Helpers shared by the Decision tab's tests: the reviewers and their signing identities,
dialogs answered as a user would, waiting for the draft, and letters signed directly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QFileDialog

from reviewer_app.casefile import CaseFile
from reviewer_app.config import config_dir
from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.service import decide
from reviewer_app.decisions.trust import load_anchors, load_organization
from reviewer_app.letters.identity import load_identity
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.decision.note_dialog import NoteDialog
from reviewer_app.ui.decision.sign_dialog import SignDialog

PASS = "correct horse battery staple"
NURSE = ReviewerProfile("Nora Nurse", "RN", "nurse_reviewer")
DOCTOR = ReviewerProfile("Dr. Riley Sample", "MD", "medical_director")
RATIONALE = (  # at least 20 words (issue 20)
    "Only an autologous transplant is documented; DLI needs an allogeneic donor, and this "
    "member has no donor graft whose lymphocytes could be infused."
)
IDENTITIES = {
    "nurse_reviewer": ("Nora Nurse", "RN"),
    "medical_director": ("Dr. Riley Sample", "MD"),
}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def fake_sign_dialog(
    monkeypatch: pytest.MonkeyPatch, qtbot: Any, identity: Path, passphrase: str = PASS
) -> list[SignDialog]:
    """SignDialog.exec browses to ``identity``, types the passphrase, unlocks, clicks Sign."""
    seen: list[SignDialog] = []

    def exec_(dialog: SignDialog) -> int:
        seen.append(dialog)
        dialog.show()
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(identity), ""))
        qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.passphrase_edit, passphrase)
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        if dialog.sign_button.isEnabled():
            qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
        else:
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(SignDialog, "exec", exec_)
    return seen


def fake_note_dialog(monkeypatch: pytest.MonkeyPatch, qtbot: Any, text: str) -> None:
    def exec_(dialog: NoteDialog) -> int:
        qtbot.keyClicks(dialog.editor, text)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(NoteDialog, "exec", exec_)


def click(qtbot: Any, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_for_draft(qtbot: Any, panel: DecisionPanel) -> None:
    doc = panel.preview.document
    qtbot.waitUntil(
        lambda: (
            doc.status() is QPdfDocument.Status.Ready
            and doc.pageCount() >= 1
            and panel.preview.caption.text().startswith("Unsigned draft")
        ),
        timeout=10_000,
    )


def signed_letter(case: CaseFile, identity: Path, decision: Decision, rationale: str = "") -> int:
    """A letter made through the domain service, for tests about stored letters."""
    ident = load_identity(identity, PASS.encode())
    trust = load_anchors(config_dir())  # the bundle the ``config`` fixture installed
    organization = load_organization(Path("/nonexistent"))
    row = decide(case, decision, rationale, ident, organization, utc_now(), trust)
    assert row.id is not None
    return row.id
