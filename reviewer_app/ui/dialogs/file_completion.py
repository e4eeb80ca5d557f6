"""Return on a file name that the completion list shows as the only match opens that file.

Qt's own file dialog (the one used where the desktop offers no native dialog: Xvfb, a
kiosk, a bare X server) lists the completions of a partly typed name, but Return reads the
field as typed: "…/dli-relapsed" then says "File not found", and the reviewer must pick
the completion (Down) and press Return again. With exactly one completion listed and none
picked, Return here takes that completion first, so one Return opens the file (or, for a
folder, goes into it, as Qt does). With several, Return stays Qt's: nothing is guessed.

Native dialogs have their own completion and are left alone. The application watches the
focus (``UniqueCompletion.watch_focus``), so the dialogs of the static
``QFileDialog.getOpenFileName`` get this too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFileDialog, QLineEdit

FILE_NAME_EDIT = "fileNameEdit"  # the object name Qt gives the dialog's name field
_HOOKED = "reviewerUniqueCompletion"


class UniqueCompletion(QObject):
    """The event filter on each file dialog's completion list. One long-lived object for
    all of them (the application's): a filter object per dialog, made in Python for a
    dialog Qt made, could lose its Python side while Qt still calls it."""

    def watch_focus(self, app: QApplication) -> None:
        """Hook each modal file dialog as its window takes the focus. (Not through
        ``focusChanged``: its widgets, wrapped as Qt destroys them, crash PySide.)"""
        app.focusWindowChanged.connect(self._on_focus_window)

    def hook(self, dialog: QFileDialog) -> bool:
        """Give ``dialog`` the one-Return completion; False for a native one (no field)."""
        edit = dialog.findChild(QLineEdit, FILE_NAME_EDIT)
        completer = edit.completer() if edit is not None else None
        popup = completer.popup() if completer is not None else None
        if popup is None:
            return False
        if not dialog.property(_HOOKED):
            dialog.setProperty(_HOOKED, True)
            popup.installEventFilter(self)
        return True

    def _on_focus_window(self, _window: object) -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QFileDialog):
            self.hook(modal)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        # Imported here: the application makes this object before the unlock prompt,
        # which shows before PySide builds the Qt namespace's enums (ui/start.py).
        from PySide6.QtCore import Qt

        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        edit = QApplication.focusWidget()  # the popup passes the focus on to the field
        if not isinstance(watched, QAbstractItemView) or not isinstance(edit, QLineEdit):
            return False
        completer = edit.completer()
        if completer is None or edit.objectName() != FILE_NAME_EDIT:
            return False
        popup = completer.popup()
        if popup is None or popup.currentIndex().isValid():  # one picked: Qt opens it
            return False
        if popup.isVisible() and completer.completionCount() == 1:
            completer.setCurrentRow(0)
            # Highlighting the row writes the whole name into the field (PopupCompletion);
            # the completer then hands this same Return to the field, which opens it.
            popup.setCurrentIndex(completer.currentIndex())
        return False
