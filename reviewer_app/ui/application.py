"""The app's QApplication: files the system hands over, and the focus after a dialog.

macOS hands a file opened from the Finder (or dropped on the Dock icon) to the app as a
QFileOpenEvent sent to the QApplication object. Handling it in the application's own
``event`` sees only the events sent to that object; an application-wide event filter
would call into Python for every event of every widget, thousands while a case opens.

When a dialog closes, the window manager gives the activation back to the window the
dialog belonged to. Without one (a bare X server, a kiosk, the offscreen platform) no
window is active afterwards: keys still reach the focused field, but shortcuts, which
need the active window, do not (Ctrl+L would do nothing). So when one of our windows
had the focus and goes away, its parent window is activated again. A focus lost while
that window is still shown went to another application and is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QFileOpenEvent, QWindow
from PySide6.QtWidgets import QApplication, QMainWindow


class ReviewerApplication(QApplication):
    def __init__(self, argv: Sequence[str]) -> None:
        super().__init__(list(argv))
        self._open_file: Callable[[Path], object] | None = None
        self._waiting: list[Path] = []
        self._focus_window: QWindow | None = None
        self.focusWindowChanged.connect(self._on_focus_window)

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
        self._focus_window = window
        if window is not None and not window.property("reviewerWatched"):
            window.setProperty("reviewerWatched", True)
            window.visibleChanged.connect(lambda shown, w=window: self._on_hidden(w, shown))

    def _on_hidden(self, window: QWindow, shown: bool) -> None:
        # Qt clears the focus window when it hides, without a focusWindowChanged(None);
        # a switch to another application does say None, so it never gets here.
        if shown or not shiboken6.isValid(window) or self._focus_window is not window:
            return  # still shown, being destroyed with the app, or not the focused one
        self._focus_window = None
        parent = window.transientParent()
        QTimer.singleShot(0, lambda: self._activate_after_dialog(parent))

    def _activate_after_dialog(self, parent: QWindow | None) -> None:
        if self.focusWindow() is not None or self.activeModalWidget() is not None:
            return  # a window manager, or the next dialog, has done it already
        if parent is not None and shiboken6.isValid(parent) and parent.isVisible():
            parent.requestActivate()
            return
        for widget in self.topLevelWidgets():
            if isinstance(widget, QMainWindow) and widget.isVisible():
                widget.activateWindow()
                return
