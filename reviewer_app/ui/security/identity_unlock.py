"""The dialog that unlocks a person's identity for the session (see session_identity)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QWidget

from reviewer_app.decisions.trust import TrustStore
from reviewer_app.letters.identity import SigningIdentity
from reviewer_app.letters.identity_store import IdentityStore
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.decision.sign_dialog import SignDialog

INTRO = (
    "Unlock your signing identity for this session. Every change you make to a case "
    "(answers, confirmations, notes, referrals) is then signed with it and recorded "
    "under the name in its certificate. It stays unlocked, in memory only, until you quit "
    "or the window locks."
)


class IdentityUnlockDialog(SignDialog):
    """The sign dialog's identity check, asking for the session instead of a letter; the
    identities used on this computer (``store``) are offered, and the one unlocked joins
    them."""

    def __init__(
        self,
        profile: ReviewerProfile,
        settings: QSettings,
        parent: QWidget,
        store: IdentityStore | None = None,
    ) -> None:
        super().__init__(profile, INTRO, settings, parent, store=store)
        self.setWindowTitle("Unlock your identity")
        self.setAccessibleName("Unlock your identity")
        self.sign_button.setText("&Work as this person")
        self.sign_button.setAccessibleName("Work as this person")

    def _signing_as(self, identity: SigningIdentity) -> str:
        who = f"{identity.name}, {identity.credentials}" if identity.credentials else identity.name
        return f"Your changes to cases in this session will be signed by {who}."


def ask_session_identity(
    parent: QWidget,
    profile: ReviewerProfile,
    settings: QSettings,
    trust: TrustStore,
    store: IdentityStore,
) -> SigningIdentity | None:
    """The identity unlocked for the session, or None if the person cancelled."""
    dialog = IdentityUnlockDialog(profile, settings, parent, store)
    dialog.check_with(trust, training=False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.identity()
