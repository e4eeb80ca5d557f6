"""The app's QApplication, for the one event that is sent to the application itself.

macOS hands a file opened from the Finder (or dropped on the Dock icon) to the app as a
QFileOpenEvent sent to the QApplication object. Handling it in the application's own
``event`` sees only the events sent to that object; an application-wide event filter
would call into Python for every event of every widget, thousands while a case opens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication


class ReviewerApplication(QApplication):
    def __init__(self, argv: Sequence[str]) -> None:
        super().__init__(list(argv))
        self._open_file: Callable[[Path], object] | None = None
        self._waiting: list[Path] = []

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
