"""The person's identity, unlocked once per session in the app (issue 19, item 1).

Creating a case, or opening the first real case for someone who has used an identity on
this computer (one is in the sign dialog's list of known identities, in the user's data
folder), asks for it (the sign dialog's path, passphrase and who-is-this check,
worded for the session); the unlocked key stays in memory until the window locks, and every
entry the person makes is signed with it. Without one (cancelled, or never set up), real
cases open read-only with a notice "Set up your identity to work on cases" and a button
that unlocks one; training cases are signed with the training identity. It is asked by
itself once per session; the notice's button asks again. Locking the window (idle time,
Ctrl+L) forgets the identity: after the passphrase, the person unlocks it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton, QWidget

from reviewer_app.decisions.session_signing import NO_IDENTITY, SessionSigners
from reviewer_app.ui.app_settings import AppSettings
from reviewer_app.ui.case.outcome_banner import NoticeBanner

if TYPE_CHECKING:
    from reviewer_app.casefile.entry_signing import EntrySigner
    from reviewer_app.decisions.trust import TrustAnchors, TrustStore
    from reviewer_app.letters.identity import SigningIdentity

log = logging.getLogger(__name__)


class SessionIdentity:
    """Asks for the identity (``ask``) at most once by itself, and only of someone who has
    used one on this computer (``remembered``) or who creates a case; ``signers`` holds it."""

    def __init__(
        self,
        signers: SessionSigners,
        ask: Callable[[QWidget], SigningIdentity | None],
        remembered: Callable[[], bool] = lambda: True,
    ) -> None:
        self.signers = signers
        self._ask = ask
        self._remembered = remembered
        self._asked = False

    def signer_for(
        self, parent: QWidget, *, training: bool, creating: bool = False
    ) -> tuple[EntrySigner | None, str]:
        """The signer for a case; the first real case without one asks for the identity."""
        signer, problem = self.signers.for_case(training=training)
        wanted = creating or self._remembered()
        if signer is None and not training and not self._asked and wanted:
            self.unlock(parent)
            signer, problem = self.signers.for_case(training=training)
        return signer, problem

    def forget(self) -> EntrySigner | None:
        """At the lock: the unlocked key goes; the next real case (or the unlock after
        the lock) asks for the identity again. Returns the signer dropped, if any."""
        dropped = self.signers.forget()
        if dropped is not None:
            self._asked = False
            log.info("identity forgotten at the lock")
        return dropped

    def unlock(self, parent: QWidget) -> bool:
        self._asked = True
        identity = self._ask(parent)
        if identity is None:
            return False
        self.signers.set_identity(identity)
        log.info("identity unlocked for the session")
        return True


def session_identity(settings: AppSettings, store: QSettings) -> SessionIdentity:
    """The app's session identity: checked with this machine's trust bundle, the bundled
    training identity for training cases, asked with the unlock dialog. Nothing of the
    signing machinery loads before it is needed."""
    from reviewer_app.config import config_dir, data_dir
    from reviewer_app.letters.identity_store import INDEX_FILE

    identities = data_dir() / "identities"  # the sign dialog's list of known identities

    def trust() -> TrustStore:
        from reviewer_app.decisions.trust import TrustStore

        return TrustStore(config_dir() / "trust")

    def anchors() -> TrustAnchors:
        return trust().anchors()

    def training_identity() -> SigningIdentity:
        from reviewer_app.training import demo_identity

        return demo_identity()

    def ask(parent: QWidget) -> SigningIdentity | None:
        from reviewer_app.letters.identity_store import IdentityStore
        from reviewer_app.ui.security.identity_unlock import ask_session_identity

        profile = settings.profile()
        if profile is None:
            return None
        return ask_session_identity(parent, profile, store, trust(), IdentityStore(identities))

    def remembered() -> bool:
        return (identities / INDEX_FILE).is_file()

    signers = SessionSigners(anchors, training_identity)
    return SessionIdentity(signers, ask, remembered)


class IdentityNotice(NoticeBanner):
    """Over a real case opened read-only for want of an identity, with a way to unlock."""

    def __init__(self, problem: str, unlock: Callable[[], None]) -> None:
        headline, _, why = problem.partition(": ")
        if problem != NO_IDENTITY:
            headline, why = "Read-only: your identity cannot sign changes to this case", problem
        super().__init__("readonly", headline, f"{why[:1].upper()}{why[1:]}.")
        self.unlock_button = QPushButton("&Unlock identity…")
        self.unlock_button.setAccessibleName("Unlock identity")
        layout = self.layout()
        assert layout is not None
        layout.addWidget(self.unlock_button)
        self.unlock_button.clicked.connect(unlock)
