"""Make a signing identity on this computer, from the sign dialog.

What ``reviewer-app identity create`` does, for a trainee who never opens a terminal: a
self-signed identity (letters signed with it say so) with the reviewer profile's role,
the signer's name and credentials, a passphrase typed twice, kept in a file the signer
chooses and recorded on this machine. It signs training cases only (the sign dialog
offers it there only); a determination needs the identity the organization issues,
chosen with Browse…
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from reviewer_app.decisions.trust import TrustStore
from reviewer_app.letters.identity import IdentityError, create_identity, load_identity
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.security.passphrase_dialogs import PassphraseDialog, busy_cursor
from reviewer_app.ui.security.session_key import passphrase_problem, strength_hint

log = logging.getLogger(__name__)


def identity_file_name(name: str) -> str:
    """``Riley Sample`` → ``riley-sample.p12``."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{stem or 'signing-identity'}.p12"


class NewIdentityDialog(PassphraseDialog):
    """``created()`` and ``passphrase()`` once accepted."""

    def __init__(
        self,
        profile: ReviewerProfile,
        folder: Path,
        trust: TrustStore,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("New signing identity", "&Create identity", parent)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 44)  # room for the path
        self._profile = profile
        self._trust = trust
        self._created: Path | None = None
        intro = QLabel(
            "A signing identity for training letters on this computer. It is self-signed, "
            "and the signature on each letter says so; it cannot sign a determination. "
            "For real cases, cancel and choose the identity your organization issued."
        )
        intro.setWordWrap(True)
        warning = QLabel(
            "Nobody can recover the passphrase. Without it, the identity cannot sign "
            "again; letters already signed stay valid."
        )
        warning.setWordWrap(True)
        warning.setProperty("role", "warning")

        self.name_edit = QLineEdit(profile.name)
        self.name_edit.setAccessibleName("Signer name")
        self.form.addRow("&Name:", self.name_edit)
        self.credentials_edit = QLineEdit(profile.credentials)
        self.credentials_edit.setAccessibleName("Signer credentials")
        self.form.addRow("C&redentials:", self.credentials_edit)
        role = QLabel(f"{profile.role_label} (your profile's role)")
        role.setAccessibleName("Signer role")
        self.form.addRow("Role:", role)
        self.passphrase_edit = self._field("&Passphrase:", "Identity passphrase")
        self.confirm_edit = self._field("C&onfirm:", "Confirm identity passphrase")
        self.path_edit = QLineEdit(str(folder / identity_file_name(profile.name)))
        self.path_edit.setAccessibleName("Identity file")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setAccessibleName("Choose where to keep the identity")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        path_label = QLabel("Keep &in:")
        path_label.setBuddy(self.path_edit)
        self.form.addRow(path_label, path_row)
        self._finish(intro, warning)

        self.browse_button.clicked.connect(self.browse)
        for edit in (self.name_edit, self.passphrase_edit, self.confirm_edit, self.path_edit):
            edit.textChanged.connect(self._update)
        self._update()
        (self.passphrase_edit if profile.name else self.name_edit).setFocus()

    def created(self) -> Path | None:
        return self._created

    def passphrase(self) -> str:
        return self.passphrase_edit.text()

    def browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Keep the signing identity in",
            self.path_edit.text(),
            "Identities (*.p12)",
            # never replaced: this dialog refuses a file that exists, so do not offer it
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if chosen:
            self.path_edit.setText(chosen if chosen.endswith(".p12") else f"{chosen}.p12")

    def _problem(self) -> str:
        if not self.name_edit.text().strip():
            return "Type the signer's name."
        problem = passphrase_problem(self.passphrase_edit.text(), self.confirm_edit.text())
        if problem:
            return problem
        path = self.path_edit.text().strip()
        if not path:
            return "Choose where to keep the identity."
        if Path(path).exists():
            return "A file with that name already exists: choose another."
        return ""

    def _update(self) -> None:
        problem = self._problem()
        self.ok_button.setEnabled(not problem)
        self._say(problem or strength_hint(self.passphrase_edit.text()), problem=False)

    def accept(self) -> None:
        if self._problem():
            return
        path = Path(self.path_edit.text().strip())
        passphrase = self.passphrase_edit.text().encode("utf-8")
        try:
            with busy_cursor():
                create_identity(
                    self.name_edit.text().strip(),
                    self.credentials_edit.text().strip(),
                    self._profile.role,
                    passphrase,
                    path,
                )
                identity = load_identity(path, passphrase)
        except (IdentityError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._say(f"The identity was not made: {reason}", problem=True)
            return
        try:
            self._trust.add(identity.cert_der)
        except OSError:  # only a record of identities made here: it grants no trust
            log.warning("a new identity was not recorded on this machine")
        self._created = path
        super().accept()


def ask_new_identity(
    profile: ReviewerProfile, folder: Path, trust: TrustStore, parent: QWidget
) -> tuple[Path, str] | None:
    """The new identity's file and passphrase, or None when the signer cancelled."""
    dialog = NewIdentityDialog(profile, folder, trust, parent)
    created = dialog.created() if dialog.exec() == QDialog.DialogCode.Accepted else None
    return (created, dialog.passphrase()) if created is not None else None
