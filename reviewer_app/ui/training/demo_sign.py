"""Sign a training case's letter with the bundled demo trainer identity: no passphrase.

Offered by the Decision tab on training cases only (``case.header.training``). The demo
identity's role is trainer, which the domain lets decide training cases only, so even a
mistake here could not sign a real case. The trainee may still use their own identity.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.letters.identity import IdentityError, SigningIdentity
from reviewer_app.training import demo_identity
from reviewer_app.ui.case.styling import set_style_property
from reviewer_app.ui.training.banner import TrainingBanner

log = logging.getLogger(__name__)


class DemoSignDialog(QDialog):
    """Accepted with :meth:`identity` the demo identity, or None for "use my own"; worded
    for a trainer's ``reopening`` of a training determination when asked for one."""

    def __init__(
        self, summary: str, parent: QWidget | None = None, *, reopening: bool = False
    ) -> None:
        super().__init__(parent)
        title = "Reopen the training determination" if reopening else "Sign the training letter"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._identity: SigningIdentity | None = None
        self._chosen: SigningIdentity | None = None
        try:
            self._identity = demo_identity()
            problem = ""
        except IdentityError as exc:
            log.warning("demo identity not loaded (%s)", exc.__class__.__name__)
            problem = f"The demo identity cannot be used: {exc}"

        intro = QLabel(summary)
        intro.setWordWrap(True)
        intro.setAccessibleName("What you are signing")
        self.signer = QLabel()
        self.signer.setWordWrap(True)
        self.signer.setAccessibleName("Demo signer")
        self.signer.setProperty("decision", "verdict")
        if self._identity is not None:
            who = self._identity.name
            if self._identity.credentials:
                who += f", {self._identity.credentials}"
            after = (
                "the reopening is recorded in the training case's audit trail."
                if reopening
                else "the letter is watermarked TRAINING."
            )
            self.signer.setText(
                f"Signer: {who} (trainer) — the bundled demo identity, for training cases "
                f"only. No passphrase is needed; {after}"
            )
            set_style_property(self.signer, "verdict", "ok")
        else:
            self.signer.setText(problem)
            set_style_property(self.signer, "verdict", "bad")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        act = "Reopen" if reopening else "Sign"
        self.demo_button: QPushButton = self.buttons.addButton(
            f"{act} with the &demo trainer identity", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.demo_button.setAccessibleName(f"{act} with the demo trainer identity")
        self.demo_button.setEnabled(self._identity is not None)
        self.own_button: QPushButton = self.buttons.addButton(
            "Use &my own identity…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.own_button.setAccessibleName("Use my own identity")
        self.demo_button.clicked.connect(self._sign_with_demo)
        self.own_button.clicked.connect(self._use_own)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(TrainingBanner())
        layout.addWidget(intro)
        layout.addWidget(self.signer)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)
        (self.demo_button if self._identity is not None else self.own_button).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    def identity(self) -> SigningIdentity | None:
        """The demo identity when the trainee chose it; None for their own identity."""
        return self._chosen

    def _sign_with_demo(self) -> None:
        self._chosen = self._identity
        self.accept()

    def _use_own(self) -> None:
        self._chosen = None
        self.accept()
