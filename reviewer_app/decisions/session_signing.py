"""Who signs the audit entries of a working session (issue 19, item 1, the app's side).

A person unlocks their identity once per session; its key then stays in memory only
(``IdentitySigner`` holds the loaded private key, nothing is written) and signs every
entry they make on a case it may act on. A training case is signed with the bundled
training identity when theirs cannot sign it, so a trainee needs no identity. A real
case without a usable identity gets no signer: the app opens it read-only.

``SessionCase`` keeps the session's signer as the case's default: a letter or a reopening
is signed by the identity unlocked for that act, and the session's signer is back after it.
Its ``identity`` is offered first when a letter is signed (ui/decision/session_sign.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from reviewer_app.casefile.entry_signing import EntrySigner
from reviewer_app.casefile.store import CaseFile
from reviewer_app.decisions.authorization import authorize

if TYPE_CHECKING:
    from reviewer_app.decisions.trust import TrustAnchors
    from reviewer_app.letters.identity import SigningIdentity

NO_IDENTITY = (
    "Set up your identity to work on cases: every change to a real case is signed with "
    "the identity your organization issued you"
)


class SessionCase(CaseFile):
    """A case whose entries the session's signer signs unless a caller signs one act with
    another identity; ``identity_problem`` says why it has no signer (it is then read-only)."""

    session_signer: EntrySigner | None = None
    identity: SigningIdentity | None = None  # the person's, when it is theirs that signs
    identity_problem: str = ""

    def sign_by_default(self, signer: EntrySigner, identity: SigningIdentity | None) -> None:
        self.session_signer = signer
        self.identity = identity
        super().sign_entries_as(signer)

    def sign_entries_as(self, signer: EntrySigner | None) -> None:
        super().sign_entries_as(signer if signer is not None else self.session_signer)

    def forget_signer(self, signer: EntrySigner, problem: str) -> bool:
        """Let go of ``signer`` (the session's identity, forgotten at the lock) if it is
        this case's: the case is read-only from then on, for ``problem``."""
        if self.session_signer is not signer:
            return False
        self.session_signer, self.identity = None, None
        super().sign_entries_as(None)
        self._read_only_for(problem)
        return True

    def keep_read_only(self, problem: str) -> None:
        """No identity of this session can sign changes to this case (``problem`` says
        why): it stays open read-only, as read and checked already, and its lock is let go
        for whoever can."""
        self._read_only_for(problem)
        self.release_lock()

    def _read_only_for(self, problem: str) -> None:
        self.readonly, self.identity_problem = True, problem
        self.locked_by = "no identity that can sign its changes is unlocked in this session"


class SessionSigners:
    """The session's unlocked identity and the training identity, each loaded once."""

    def __init__(
        self,
        anchors: Callable[[], TrustAnchors],
        training_identity: Callable[[], SigningIdentity],
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self._anchors = anchors
        self._training_identity = training_identity
        self._now = now
        self._own: EntrySigner | None = None
        self._identity: SigningIdentity | None = None
        self._training: EntrySigner | None = None

    @property
    def identity(self) -> SigningIdentity | None:
        return self._identity

    def forget(self) -> EntrySigner | None:
        """Drop the person's unlocked identity (its key is in no other object of ours);
        the training identity, a published demo key, stays. Returns the signer dropped."""
        dropped, self._own, self._identity = self._own, None, None
        return dropped

    def set_identity(self, identity: SigningIdentity) -> None:
        from reviewer_app.decisions.entry_trust import IdentitySigner

        self._identity = identity
        self._own = IdentitySigner(identity)

    def for_case(self, *, training: bool) -> tuple[EntrySigner | None, str]:
        """The signer of a case's entries, or None and why there is none."""
        from reviewer_app.decisions.trust import TrustBundleError

        problem = NO_IDENTITY
        if self._identity is not None and self._own is not None:
            try:
                grant = authorize(
                    self._identity, self._anchors(), now=self._now(), training=training
                )
            except TrustBundleError as exc:
                grant = None
                problem = f"the trust bundle cannot be read ({exc})"
            if grant is not None and grant.allowed:
                return self._own, ""
            if grant is not None:
                problem = f"your identity cannot sign changes to this case: {grant.problem}"
        if training:
            from reviewer_app.letters.identity import IdentityError

            try:
                return self._training_signer(), ""
            except IdentityError as exc:
                return None, f"the training identity cannot be used ({exc})"
        return None, problem

    def _training_signer(self) -> EntrySigner:
        from reviewer_app.decisions.entry_trust import IdentitySigner

        if self._training is None:
            self._training = IdentitySigner(self._training_identity())
        return self._training
