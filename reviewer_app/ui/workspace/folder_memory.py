"""The folder the intake dialog last picked a request from, so the next one starts there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

INTAKE_FOLDER_KEY = "dialogs/intake_folder"


class FolderMemory:
    """Kept in the app's settings file when given one (``store``), else for this session."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._s = store
        self._session: Path | None = None

    def intake_folder(self) -> Path:
        """The last intake request's folder while it still exists, else the home folder."""
        value = self._s.value(INTAKE_FOLDER_KEY, "", type=str) if self._s is not None else ""
        folder = Path(str(value)) if value else self._session
        return folder if folder is not None and folder.is_dir() else Path.home()

    def set_intake_folder(self, folder: Path) -> None:
        self._session = folder
        if self._s is not None:
            self._s.setValue(INTAKE_FOLDER_KEY, str(folder))
