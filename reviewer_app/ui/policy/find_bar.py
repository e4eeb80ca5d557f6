"""Find in the policy text: a slim bar with a field, previous/next and a match count."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QToolButton,
    QWidget,
)
from shiboken6 import isValid

from reviewer_app.ui.policy.document_view import PolicyDocumentView

_SP = QStyle.StandardPixmap


class FindField(QLineEdit):
    """Enter finds the next match, Shift+Enter the previous one, Escape closes."""

    nextRequested = Signal()
    previousRequested = Signal()
    closeRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previousRequested.emit()
            else:
                self.nextRequested.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.closeRequested.emit()
            return
        super().keyPressEvent(event)


class FindBarView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setProperty("role", "findbar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.field = FindField()
        self.field.setObjectName("findField")
        self.field.setAccessibleName("Find in policy")
        self.field.setPlaceholderText("Find in policy")
        self.field.setToolTip("Enter: next match · Shift+Enter: previous · Escape: close")
        self.field.setClearButtonEnabled(True)
        icon = self.style().standardIcon
        self.previous = _tool_button(
            "Previous match", "Previous match (Shift+Enter, Shift+F3)", icon(_SP.SP_ArrowUp)
        )
        self.next = _tool_button("Next match", "Next match (Enter, F3)", icon(_SP.SP_ArrowDown))
        self.status = QLabel()
        self.status.setObjectName("findStatus")
        self.status.setProperty("role", "find-status")
        self.status.setMinimumWidth(90)
        self.close_button = _tool_button(
            "Close find bar", "Close (Escape)", icon(_SP.SP_TitleBarCloseButton)
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.previous)
        layout.addWidget(self.next)
        layout.addWidget(self.status)
        layout.addWidget(self.close_button)


def _tool_button(name: str, tip: str, icon: QIcon) -> QToolButton:
    button = QToolButton()
    button.setIcon(icon)
    button.setText(name)
    button.setAccessibleName(name)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


class FindBar(FindBarView):
    """Searches ``editor``'s document; the current match becomes the editor's selection."""

    closed = Signal()

    def __init__(self, editor: PolicyDocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._matches: list[tuple[int, int]] = []
        self._return_to: QWidget | None = None  # where the focus was when find started
        self._current = -1
        self.field.textChanged.connect(self._on_text)
        self.field.nextRequested.connect(self.find_next)
        self.field.previousRequested.connect(self.find_previous)
        self.field.closeRequested.connect(self.close_bar)
        self.next.clicked.connect(self.find_next)
        self.previous.clicked.connect(self.find_previous)
        self.close_button.clicked.connect(self.close_bar)
        # Escape also closes from the bar's buttons, not only from the field.
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_bar)
        self._set_status("", "")
        self.hide()

    def open_bar(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and not self.isAncestorOf(focus):
            self._return_to = focus
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if self.field.text():
            self._on_text(self.field.text())

    def close_bar(self) -> None:
        """Hide the bar and give the focus back to where the search started (the policy
        text if that is gone)."""
        self.hide()
        self._editor.set_find_marks([])
        back, self._return_to = self._return_to, None
        if back is not None and isValid(back) and back.isVisible() and back.isEnabled():
            back.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def status_text(self) -> str:
        return self.status.text()

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _on_text(self, text: str) -> None:
        self._matches = self._all_matches(text)
        self._editor.set_find_marks(self._matches)
        if not text:
            self._current = -1
            self._clear_selection()
            self._set_status("", "")
            return
        if not self._matches:
            self._current = -1
            self._clear_selection()
            self._set_status("No matches", "none")
            return
        # Start at the first match from the top of what the reader is looking at.
        top = self._editor.cursorForPosition(QPoint(0, 0)).position()
        starts = [start for start, _ in self._matches]
        self._current = next((i for i, s in enumerate(starts) if s >= top), 0)
        self._select()

    def _all_matches(self, text: str) -> list[tuple[int, int]]:
        if not text:
            return []
        doc = self._editor.document()
        found: list[tuple[int, int]] = []
        cursor = doc.find(text, 0)
        while not cursor.isNull():
            found.append((cursor.selectionStart(), cursor.selectionEnd()))
            cursor = doc.find(text, cursor)
        return found

    def _step(self, delta: int) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        if not self._matches:
            return
        # Wraps around at either end.
        self._current = (self._current + delta) % len(self._matches)
        self._select()

    def _select(self) -> None:
        start, end = self._matches[self._current]
        cursor = QTextCursor(self._editor.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.reveal(start, end)
        self._set_status(f"{self._current + 1} of {len(self._matches)}", "found")

    def _clear_selection(self) -> None:
        cursor = self._editor.textCursor()
        cursor.clearSelection()
        self._editor.setTextCursor(cursor)

    def _set_status(self, text: str, state: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(f"Find result: {text}" if text else "Find result")
        if self.status.property("state") != state:
            self.status.setProperty("state", state)
            # A dynamic property only restyles after a re-polish.
            self.status.style().unpolish(self.status)
            self.status.style().polish(self.status)
