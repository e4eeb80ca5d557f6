"""File ▸ Open Recent: the last cases opened, newest first (nothing while disabled: the
window is locked, and file names can name a case)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QWidget

from reviewer_app.ui.app_settings import AppSettings
from reviewer_app.ui.dialogs.messages import missing_recent_problem, show_problem


class RecentCasesMenu(QMenu):
    openRequested = Signal(Path)

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__("Open &Recent", parent)
        self._settings = settings
        self.aboutToShow.connect(self.fill)

    def set_locked(self, locked: bool) -> None:
        """Locked: disabled and empty (its entries are file names of cases)."""
        self.setEnabled(not locked)
        self.menuAction().setEnabled(not locked)
        if locked:
            self.clear()

    def fill(self) -> None:
        self.clear()
        if not self.isEnabled():
            return
        recent = self._settings.recent_files()
        for i, path in enumerate(recent, start=1):
            action = self.addAction(f"&{i % 10} {path.name}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self._open(p))
        if not recent:
            self.addAction("No recent cases").setEnabled(False)

    def _open(self, path: Path) -> None:
        if not path.exists():
            self._settings.remove_recent(path)
            show_problem(self.parentWidget(), missing_recent_problem(path))
            return
        self.openRequested.emit(path)
