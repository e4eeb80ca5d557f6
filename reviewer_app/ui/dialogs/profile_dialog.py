"""Who is reviewing: asked on first run, editable from File ▸ Profile…"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.ui.app_settings import ROLE_LABELS, ReviewerProfile


class ProfileDialog(QDialog):
    def __init__(
        self,
        profile: ReviewerProfile | None,
        *,
        first_run: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reviewer profile")
        self.setAccessibleName("Reviewer profile")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 34)

        intro = QLabel(
            "Welcome to Reviewer Workstation. Your name and credentials are recorded with "
            "every answer and decision you make, in each case's audit trail."
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
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName("Role")
        for key, label in ROLE_LABELS.items():
            self.role_combo.addItem(label, key)
        if profile is not None:
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(profile.role)))

        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Credentials:", self.credentials_edit)
        form.addRow("&Role:", self.role_combo)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._update_ok)

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
            role=str(self.role_combo.currentData()),
        )
