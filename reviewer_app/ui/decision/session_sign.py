"""Signing a letter with the identity unlocked for the session (issue 19, item 1).

The person unlocked their identity once, when the session began to change real cases; a
letter it may sign (its certificate allows the decision for the checklist's outcome, and
its role is the profile's) is signed with it after one confirmation, without the
passphrase again. Another identity (a medical director's, say) is one button away, in the
usual sign dialog.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum, auto
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from reviewer_app.casefile import CaseFile
from reviewer_app.decisions.authorization import authorize_decision
from reviewer_app.decisions.session_signing import SessionCase
from reviewer_app.decisions.trust import TrustBundleError, TrustStore
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.decision.identity_labels import role_label, role_mismatch, who

if TYPE_CHECKING:
    from reviewer_app.decisions.rules import Decision
    from reviewer_app.letters.identity import SigningIdentity
    from reviewer_app.review.engine import Outcome


class Choice(Enum):
    SIGN = auto()
    ANOTHER = auto()
    CANCEL = auto()


def unlocked_identity(case: CaseFile) -> SigningIdentity | None:
    """The person's identity unlocked for the session, if it signs this case's entries."""
    return case.identity if isinstance(case, SessionCase) else None


def can_sign(
    identity: SigningIdentity,
    profile: ReviewerProfile,
    trust: TrustStore,
    letter: tuple[Decision, Outcome],
) -> bool:
    """Whether ``identity`` may sign ``letter`` here, as the sign dialog judges it."""
    try:
        anchors = trust.anchors()
    except TrustBundleError:
        return False
    now = dt.datetime.now(dt.UTC)
    grant = authorize_decision(identity, anchors, *letter, now=now, training=False)
    return grant.allowed and not role_mismatch(identity, profile)


class SessionSignDialog(QDialog):
    """What is signed and by whom; Sign letter, Use another identity…, or Cancel."""

    def __init__(self, identity: SigningIdentity, summary: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign the determination letter")
        self.setAccessibleName("Sign the determination letter")
        self.choice = Choice.CANCEL
        intro = QLabel(summary)
        intro.setWordWrap(True)
        intro.setAccessibleName("What you are signing")
        self.signer = QLabel(
            f"Signed by {who(identity)} ({role_label(identity)}): your identity, unlocked "
            "for this session."
        )
        self.signer.setWordWrap(True)
        self.signer.setAccessibleName("Signer")
        self.signer.setProperty("decision", "verdict")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = buttons.addButton("&Sign letter", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setAccessibleName("Sign letter")
        self.another_button = buttons.addButton(
            "Use &another identity…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.another_button.setAccessibleName("Use another identity")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.signer)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.sign_button.clicked.connect(lambda: self._close_with(Choice.SIGN))
        self.another_button.clicked.connect(lambda: self._close_with(Choice.ANOTHER))
        buttons.rejected.connect(self.reject)
        self.sign_button.setDefault(True)
        self.sign_button.setFocus()

    def _close_with(self, choice: Choice) -> None:
        self.choice = choice
        self.accept()


def confirm_session_signer(parent: QWidget, identity: SigningIdentity, summary: str) -> Choice:
    dialog = SessionSignDialog(identity, summary, parent)
    dialog.exec()
    return dialog.choice
