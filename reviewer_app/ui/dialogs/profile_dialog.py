"""Who is reviewing: asked on first run, editable from File ▸ Profile…

The role is not typed or chosen: it is the role in the signing identity's certificate
(From my identity… reads it, with the name and credentials), so nobody becomes a medical
director from a settings dialog. Without an identity the role is nurse reviewer, or
whatever an identity set before. Join organization… installs the organization's trust
bundle on this machine (what `reviewer-app org join` does); without one, this
installation signs training cases only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.ui.app_settings import ROLE_LABELS, ReviewerProfile
from reviewer_app.ui.dialogs.messages import Problem, show_problem

DEFAULT_ROLE = "nurse_reviewer"


class ProfileDialog(QDialog):
    def __init__(
        self,
        profile: ReviewerProfile | None,
        *,
        first_run: bool = False,
        parent: QWidget | None = None,
        config: Path | None = None,
    ) -> None:
        super().__init__(parent)
        if config is None:
            from reviewer_app.config import config_dir

            config = config_dir()
        self._config = config
        self.setWindowTitle("Reviewer profile")
        self.setAccessibleName("Reviewer profile")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 34)

        intro = QLabel(
            "Welcome to Reviewer Workstation. Your name and credentials are recorded with "
            "every answer and decision you make, in each case's audit trail. Joining your "
            "organization? Join organization… installs its trust bundle and From my "
            "identity… reads your role from the identity it issued you. Without them, this "
            "installation is for training only."
            if first_run
            else "Your name and credentials are recorded with every answer and decision."
        )
        intro.setWordWrap(True)

        self.name_edit = QLineEdit(profile.name if profile else "")
        self.name_edit.setAccessibleName("Name")
        self.name_edit.setPlaceholderText("e.g. Pat Rivera")
        self.credentials_edit = QLineEdit(profile.credentials if profile else "")
        self.credentials_edit.setAccessibleName("Credentials")
        self.credentials_edit.setPlaceholderText("e.g. RN, CCM  or  MD")
        self._role = profile.role if profile is not None else DEFAULT_ROLE
        self.role_label = QLabel(ROLE_LABELS.get(self._role, self._role))
        self.role_label.setAccessibleName("Role, from your signing identity")
        self.identity_button = QPushButton("From my &identity…")
        self.identity_button.setAccessibleName("Read name, credentials and role from my identity")
        role_row = QHBoxLayout()
        role_row.addWidget(self.role_label, 1)
        role_row.addWidget(self.identity_button)
        role_note = QLabel(
            "Your role is the one in your signing identity's certificate, issued by your "
            "organization; it cannot be chosen here."
        )
        role_note.setWordWrap(True)
        self.organization_label = QLabel()
        self.organization_label.setWordWrap(True)
        self.organization_label.setAccessibleName("Organization trusted on this machine")
        self.join_button = QPushButton("&Join organization…")
        self.join_button.setAccessibleName("Install my organization's trust bundle")
        org_row = QHBoxLayout()
        org_row.addWidget(self.organization_label, 1)
        org_row.addWidget(self.join_button)
        self._show_organization()

        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Credentials:", self.credentials_edit)
        form.addRow("Role:", role_row)
        form.addRow("", role_note)
        form.addRow("Organization:", org_row)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._update_ok)
        self.identity_button.clicked.connect(self.read_identity)
        self.join_button.clicked.connect(self.join_organization)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name_edit.text().strip()))

    def profile(self) -> ReviewerProfile:
        return ReviewerProfile(
            name=self.name_edit.text().strip(),
            credentials=self.credentials_edit.text().strip(),
            role=self._role,
        )

    def read_identity(self) -> bool:
        """Name, credentials and role from a .p12 the signer unlocks here."""
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Choose your signing identity",
            str(Path.home()),
            "Signing identities (*.p12 *.pfx)",
        )
        if not chosen:
            return False
        passphrase, ok = QInputDialog.getText(
            self, "Unlock your identity", "Identity passphrase:", QLineEdit.EchoMode.Password
        )
        if not ok:
            return False
        from reviewer_app.letters.identity import IdentityError, load_identity

        try:
            identity = load_identity(Path(chosen), passphrase.encode("utf-8"))
        except IdentityError as exc:
            show_problem(
                self,
                Problem("Cannot read the identity", str(exc), "The profile was not changed."),
            )
            return False
        if identity.role not in ROLE_LABELS:
            show_problem(
                self,
                Problem(
                    "The identity grants no role",
                    "Its certificate does not say what its holder may sign.",
                    "The profile was not changed. Ask your organization's administrator.",
                ),
            )
            return False
        self.set_from_identity(identity.name, identity.credentials, identity.role)
        return True

    def _show_organization(self) -> None:
        from reviewer_app.decisions.trust import TrustBundleError, load_organization, read_bundle

        try:
            certs, _ = read_bundle(self._config)
            name = load_organization(self._config).name if certs else ""
        except (TrustBundleError, ValueError):
            certs, name = [], ""
        self.organization_label.setText(
            f"{name} (trust bundle installed)" if certs else "None: training only"
        )

    def join_organization(self) -> bool:
        """Install the organization's trust bundle the administrator handed over."""
        from reviewer_app.decisions.trust import TrustBundleError, install_bundle

        chosen, _ = QFileDialog.getOpenFileName(
            self, "Your organization's trust bundle", str(Path.home()), "Trust bundle (*.json)"
        )
        if not chosen:
            return False
        try:
            install_bundle(Path(chosen), self._config)
        except (TrustBundleError, OSError) as exc:
            show_problem(
                self,
                Problem("The trust bundle was not installed", str(exc), "Nothing was changed."),
            )
            return False
        self._show_organization()
        return True

    def set_from_identity(self, name: str, credentials: str, role: str) -> None:
        self.name_edit.setText(name)
        self.credentials_edit.setText(credentials)
        self._role = role
        self.role_label.setText(ROLE_LABELS.get(role, role))
