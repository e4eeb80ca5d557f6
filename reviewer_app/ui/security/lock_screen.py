"""The lock screen: fills the window while it is locked, so no case data shows.

Two modes: unlock (type the passphrase here) and, when no passphrase has been chosen yet
(first run, setup cancelled), a button that opens the setup dialog.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

LOCKED_TEXT = "Locked — enter your passphrase to continue"
SETUP_TEXT = "Set a passphrase to protect case files before you start"
LOCKED_DETAIL = "Case data is hidden while Reviewer Workstation is locked. Your work was saved."
SETUP_DETAIL = "Every real case file is encrypted with it. No case data is shown until it is set."


class LockScreen(QWidget):
    unlockRequested = Signal(str)
    setupRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAccessibleName("Locked")

        self.heading = QLabel()
        self.heading.setAccessibleName("Lock screen")
        self.heading.setWordWrap(True)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setProperty("role", "lock-heading")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setProperty("role", "hint")

        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName("Passphrase")
        self.passphrase_edit.setPlaceholderText("Passphrase")
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setDefault(True)
        self.setup_button = QPushButton("&Set passphrase…")
        self.setup_button.setAccessibleName("Set passphrase")
        self.message = QLabel()
        self.message.setAccessibleName("Unlock message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("role", "lock-message")

        entry = QHBoxLayout()
        entry.addWidget(self.passphrase_edit, 1)
        entry.addWidget(self.unlock_button)
        setup_row = QHBoxLayout()
        setup_row.addStretch(1)
        setup_row.addWidget(self.setup_button)
        setup_row.addStretch(1)

        self.card = card = QFrame()
        card.setObjectName("lockCard")
        card.setProperty("panel", "lock")
        card.setMinimumWidth(card.fontMetrics().horizontalAdvance("M") * 30)
        card.setMaximumWidth(card.fontMetrics().horizontalAdvance("M") * 44)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(10)
        inner.addWidget(self.heading)
        inner.addWidget(self.detail)
        inner.addLayout(entry)
        inner.addLayout(setup_row)
        inner.addWidget(self.message)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.passphrase_edit.returnPressed.connect(self._submit)
        self.unlock_button.clicked.connect(self._submit)
        self.setup_button.clicked.connect(self.setupRequested)
        self.set_setup_mode(False)

    def set_setup_mode(self, setup: bool) -> None:
        """No passphrase yet: offer to set one instead of asking for it."""
        text = SETUP_TEXT if setup else LOCKED_TEXT
        self.heading.setText(f"<big><b>{html.escape(text)}</b></big>")  # big, yet zoomable
        self.heading.setAccessibleDescription(text)
        self.detail.setText(SETUP_DETAIL if setup else LOCKED_DETAIL)
        self.passphrase_edit.setVisible(not setup)
        self.unlock_button.setVisible(not setup)
        self.setup_button.setVisible(setup)
        self.message.clear()

    def set_waiting(self, waiting: bool) -> None:
        """While a passphrase dialog is open over the window, the card steps aside: one
        passphrase field at a time, and nothing behind the dialog to read or click."""
        self.card.setVisible(not waiting)

    def reset(self) -> None:
        """Ready for a passphrase: empty field, no old message, the focus in the field."""
        self.passphrase_edit.clear()
        self.message.clear()
        target = self.setup_button if self.setup_button.isVisibleTo(self) else self.passphrase_edit
        target.setFocus()

    def show_wrong(self) -> None:
        self.message.setText("That passphrase is not right. Try again.")
        self.passphrase_edit.clear()
        self.passphrase_edit.setFocus()

    def _submit(self) -> None:
        text = self.passphrase_edit.text()
        if text:
            self.unlockRequested.emit(text)
