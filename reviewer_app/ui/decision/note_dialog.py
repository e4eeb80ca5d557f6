"""A short written note: why a case goes to a medical director, or why it is reopened."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class NoteDialog(QDialog):
    def __init__(
        self,
        title: str,
        prompt: str,
        field: str,
        ok_text: str,
        *,
        required: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._required = required
        intro = QLabel(prompt)
        intro.setWordWrap(True)
        label = QLabel(f"&{field}:")
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(field)
        self.editor.setTabChangesFocus(True)
        label.setBuddy(self.editor)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.editor.textChanged.connect(self._update_ok)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.buttons)
        self.resize(460, 260)
        self._update_ok()

    def text(self) -> str:
        return self.editor.toPlainText().strip()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.text()) or not self._required)


def referral_dialog(parent: QWidget | None) -> NoteDialog:
    return NoteDialog(
        "Refer to a medical director",
        "The case goes to a medical director, who may deny or approve against the "
        "checklist. Say what they should look at (optional).",
        "Referral note",
        "Re&fer",
        required=False,
        parent=parent,
    )


def reopen_dialog(parent: QWidget | None) -> NoteDialog:
    return NoteDialog(
        "Reopen the determination",
        "Reopening unlocks the case. The next signed letter supersedes the current one; "
        "both stay in the case file. The reason is recorded in the audit trail.",
        "Reason for reopening",
        "Re&open",
        required=True,
        parent=parent,
    )
