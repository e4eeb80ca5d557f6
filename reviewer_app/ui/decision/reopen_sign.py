"""The sign dialog worded for a medical director's reopening: the same identity check, a
reopening's title and button, and no word of a letter (what is signed is the reopening's
audit entry)."""

from __future__ import annotations

from typing import Any

from reviewer_app.letters.identity import SigningIdentity
from reviewer_app.ui.decision.identity_labels import role_label, who
from reviewer_app.ui.decision.sign_dialog import SignDialog


class ReopenSignDialog(SignDialog):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setWindowTitle("Reopen the determination")
        self.setAccessibleName("Reopen the determination")
        self.sign_button.setText("&Reopen")
        self.sign_button.setAccessibleName("Reopen")
        self.others.setAccessibleName("Identities that cannot reopen it")

    def _signing_as(self, identity: SigningIdentity) -> str:
        return (
            f"The determination will be reopened by {who(identity)} ({role_label(identity)}); "
            "the audit trail records the reopening, signed with this identity."
        )
