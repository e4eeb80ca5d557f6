"""Dialogs for the case passphrase: set it up, unlock, change it, and open a file that
uses another one. None of them keeps the passphrase after it closes; the caller takes it.

A dialog that checks a passphrase (unlock, change, another file's) stays open on a wrong
one and says so; the check itself is a callable handed in.

The unlock prompt is the app's first window, so building it never names a member of Qt's
``Qt`` namespace: the first use makes PySide build the Python enums of the whole namespace
(about 17 ms), which then happens behind the prompt instead (``ui/start.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.ui.case.styling import set_style_property
from reviewer_app.ui.security.session_key import passphrase_problem, strength_hint

Check = Callable[[str], bool]
WRONG = "That passphrase is not right. Try again."
PLAIN_TEXT = 0  # Qt.TextFormat.PlainText, set as a property: see the module's docstring


@contextmanager
def busy_cursor() -> Iterator[None]:
    """A wait cursor while a passphrase is tried (a key derivation takes a moment)."""
    from PySide6.QtCore import Qt

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _text(text: str, role: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("textFormat", PLAIN_TEXT)  # a file name is never read as markup
    if role:
        label.setProperty("role", role)
    return label


class PassphraseDialog(QDialog):
    """Layout shared by the dialogs: text, a form of hidden fields, a message, buttons."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)
        self.form = QFormLayout()
        self.message = _text("", "hint")
        self.message.setAccessibleName("Passphrase message")
        self.message.setVisible(False)
        self.buttons = QDialogButtonBox()  # the constructor's overloads name Qt.Orientation
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.addButton(
            ok_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)

    def _field(self, label: str, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(name)
        self.form.addRow(label, edit)
        return edit

    def _finish(self, *texts: QLabel) -> None:
        for label in texts:
            self.body.addWidget(label)
        self.body.addLayout(self.form)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.body.addWidget(self.buttons)
        self.ok_button.setDefault(True)  # Enter in a field: only once it is in the dialog

    def _say(self, text: str, problem: bool = True) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        set_style_property(self.message, "problem", problem)
        if self.isVisible() and self.height() < self.heightForWidth(self.width()):
            self.adjustSize()  # a message that appears must not squeeze the text above

    def _checked(self, check: Check, edit: QLineEdit) -> bool:
        if not edit.text():
            self._say("Type the passphrase first.")
            edit.setFocus()
            return False
        with busy_cursor():
            ok = check(edit.text())
        if not ok:
            self._say(WRONG)
            edit.clear()
            edit.setFocus()
        return ok


class SetupPassphraseDialog(PassphraseDialog):
    """First run: choose the passphrase every real case file is encrypted with."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Protect case files", "&Protect case files", parent)
        intro = _text(
            "Choose a passphrase to protect the case files on this computer. Every real "
            "case file is encrypted with it; training and demo cases stay unencrypted."
        )
        warning = _text(
            "Nobody can recover this passphrase, not even your support contact. If it is "
            "lost, the encrypted case files cannot be opened again. You will type it once "
            "each time the app starts, and to unlock it after a pause.",
            "warning",
        )
        self.passphrase_edit = self._field("&Passphrase:", "Passphrase")
        self.confirm_edit = self._field("&Confirm:", "Confirm passphrase")
        self._finish(intro, warning)
        self.passphrase_edit.textChanged.connect(self._update)
        self.confirm_edit.textChanged.connect(self._update)
        self._update()

    def passphrase(self) -> str:
        return self.passphrase_edit.text()

    def _update(self) -> None:
        problem = passphrase_problem(self.passphrase_edit.text(), self.confirm_edit.text())
        self.ok_button.setEnabled(not problem)
        if problem:
            self._say(problem, problem=bool(self.confirm_edit.text()))
        else:
            self._say(strength_hint(self.passphrase_edit.text()), problem=False)

    def accept(self) -> None:
        if not passphrase_problem(self.passphrase_edit.text(), self.confirm_edit.text()):
            super().accept()


class UnlockDialog(PassphraseDialog):
    """Type the passphrase to see case data; Cancel leaves the window locked."""

    def __init__(self, check: Check, parent: QWidget | None = None) -> None:
        super().__init__("Unlock Reviewer Workstation", "&Unlock", parent)
        self._check = check
        intro = _text(
            "Enter your passphrase to open the workspace. Case data stays hidden until you do."
        )
        self.passphrase_edit = self._field("&Passphrase:", "Passphrase")
        self._finish(intro)

    def accept(self) -> None:
        if self._checked(self._check, self.passphrase_edit):
            super().accept()


class ChangePassphraseDialog(PassphraseDialog):
    """A new passphrase; the caller re-encrypts the workspace's cases with it."""

    def __init__(self, check_current: Check, parent: QWidget | None = None) -> None:
        super().__init__("Change passphrase", "&Change passphrase", parent)
        self._check = check_current
        intro = _text(
            "The case files in the workspace are re-encrypted with the new passphrase. "
            "Close the case in any other window first: a case open elsewhere keeps the "
            "old passphrase."
        )
        self.current_edit = self._field("C&urrent passphrase:", "Current passphrase")
        self.passphrase_edit = self._field("&New passphrase:", "New passphrase")
        self.confirm_edit = self._field("&Confirm:", "Confirm new passphrase")
        self._finish(intro)
        for edit in (self.passphrase_edit, self.confirm_edit):
            edit.textChanged.connect(self._update)
        self._update()

    def new_passphrase(self) -> str:
        return self.passphrase_edit.text()

    def _update(self) -> None:
        problem = passphrase_problem(self.passphrase_edit.text(), self.confirm_edit.text())
        self.ok_button.setEnabled(not problem)
        self._say(problem or strength_hint(self.passphrase_edit.text()), problem=False)

    def accept(self) -> None:
        if passphrase_problem(self.passphrase_edit.text(), self.confirm_edit.text()):
            return
        if self._checked(self._check, self.current_edit):
            super().accept()


class FilePassphraseDialog(PassphraseDialog):
    """A case file encrypted with another passphrase (a colleague's): ask for that one.

    ``attempt`` tries to open the file with the typed passphrase; it returns False for a
    wrong one (the dialog stays open) and True once done, opened or failed otherwise.
    """

    def __init__(
        self, file_name: str, attempt: Check, *, can_rekey: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__("Case file passphrase", "&Open", parent)
        self._attempt = attempt
        intro = _text(
            f"{file_name} is encrypted with a passphrase other than yours, perhaps by a "
            "colleague who sent it. Enter the passphrase it was sent with."
        )
        self.passphrase_edit = self._field("&Passphrase:", "Case file passphrase")
        self.rekey_box = QCheckBox("&Re-encrypt it with my passphrase, so it opens without asking")
        self.rekey_box.setChecked(can_rekey)
        self.rekey_box.setVisible(can_rekey)
        self.form.addRow(self.rekey_box)
        self._finish(intro)

    def rekey(self) -> bool:
        return self.rekey_box.isChecked() and not self.rekey_box.isHidden()

    def accept(self) -> None:
        if self._checked(self._attempt, self.passphrase_edit):
            super().accept()
