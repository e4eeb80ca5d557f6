"""The app's QApplication: files the system hands over, and the focus after a dialog.

macOS hands a file opened from the Finder (or dropped on the Dock icon) to the app as a
QFileOpenEvent sent to the QApplication object. Handling it in the application's own
``event`` sees only the events sent to that object; an application-wide event filter
would call into Python for every event of every widget, thousands while a case opens.

When a dialog closes, the window manager gives the activation back to the window the
dialog belonged to. Without one (a bare X server, a kiosk, the offscreen platform) no
window is active afterwards: keys still reach the focused field, but shortcuts, which
need the active window, do not (Ctrl+L would do nothing). So when one of our windows
had the focus and goes away, the dialog still open under it (New identity… over the sign
dialog) or else its parent window is activated again. A focus lost while
that window is still shown went to another application and is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QFileOpenEvent, QWindow
from PySide6.QtWidgets import QApplication, QMainWindow

from reviewer_app.ui.dialogs.file_completion import UniqueCompletion


class ReviewerApplication(QApplication):
    def __init__(self, argv: Sequence[str]) -> None:
        super().__init__(list(argv))
        self._open_file: Callable[[Path], object] | None = None
        self._waiting: list[Path] = []
        self._focus_window = 0  # the focused window's C++ address (0: none)
        self.focusWindowChanged.connect(self._on_focus_window)
        self._completion = UniqueCompletion(self)  # one Return opens a name's only match
        self._completion.watch_focus(self)

    def set_file_handler(self, open_file: Callable[[Path], object] | None) -> None:
        """Files the system hands over go to ``open_file`` (those that came before it, now)."""
        self._open_file = open_file
        waiting, self._waiting = self._waiting, []
        for path in waiting:
            self._hand_over(path)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QFileOpenEvent) and (name := event.file()):
            self._hand_over(Path(name))
            return True
        return super().event(event)

    def _hand_over(self, path: Path) -> None:
        if self._open_file is None:
            self._waiting.append(path)  # the window is not there yet (the start, macOS)
        else:
            self._open_file(path)

    def _on_focus_window(self, window: QWindow | None) -> None:
        # Windows are compared by address: a Python wrapper kept from an earlier signal can
        # be invalidated while its window lives on (a dialog's, once a dialog over it closed).
        self._focus_window = _address(window)
        if window is not None and not window.property("reviewerWatched"):
            window.setProperty("reviewerWatched", True)
            window.visibleChanged.connect(self._on_visible_changed)

    def _on_visible_changed(self, shown: bool) -> None:
        # Qt clears the focus window when it hides, without a focusWindowChanged(None);
        # a switch to another application does say None, so it never gets here.
        window = self.sender()
        if shown or not isinstance(window, QWindow) or _address(window) != self._focus_window:
            return  # still shown, or not the focused one
        self._focus_window = 0
        parent = _address(window.transientParent())
        QTimer.singleShot(0, lambda: self._activate_after_dialog(parent))

    def _activate_after_dialog(self, parent: int) -> None:
        if self.focusWindow() is not None:
            return  # a window manager, or a dialog shown since, has done it already
        modal = self.activeModalWidget()
        if modal is not None:  # the dialog under the one that closed: input can only go there
            modal.activateWindow()
            return
        for window in self.topLevelWindows():
            if parent and _address(window) == parent and window.isVisible():
                window.requestActivate()
                return
        for widget in self.topLevelWidgets():
            if isinstance(widget, QMainWindow) and widget.isVisible():
                widget.activateWindow()
                return


def _address(window: QWindow | None) -> int:
    return int(shiboken6.getCppPointer(window)[0]) if window is not None else 0
