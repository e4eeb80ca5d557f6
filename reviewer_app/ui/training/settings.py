"""Where the training workspace lives, remembered apart from the reviewer's own workspace."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from PySide6.QtCore import QSettings

DATA_DIR_NAME = "reviewer-workstation"
FOLDER_KEY = "training/folder"


def default_training_root() -> Path:
    return Path(user_data_dir(DATA_DIR_NAME, False))


class TrainingSettings:
    """``folder`` holds the demo workspace; quizzes get fresh copies under ``quiz_root``."""

    def __init__(self, store: QSettings, *, root: Path | None = None) -> None:
        self._s = store
        self._root = root

    @property
    def root(self) -> Path:
        return self._root or default_training_root()

    def folder(self) -> Path:
        value = self._s.value(FOLDER_KEY, "", type=str)
        return Path(str(value)) if value else self.root / "training"

    def set_folder(self, folder: Path) -> None:
        self._s.setValue(FOLDER_KEY, str(folder))

    def quiz_root(self) -> Path:
        return self.folder().parent / "training-quizzes"
