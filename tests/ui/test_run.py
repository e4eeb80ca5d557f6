"""The composition root's small pieces that tests elsewhere do not reach."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from reviewer_app.ui.run import file_open_filter


def test_files_the_os_hands_over_are_opened(qtbot: Any, tmp_path: Path) -> None:
    opened: list[Path] = []
    app = QApplication.instance()
    assert app is not None
    filt = file_open_filter(opened.append)
    app.installEventFilter(filt)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(tmp_path / "case.umcase")))
    finally:
        app.removeEventFilter(filt)
    assert opened == [tmp_path / "case.umcase"]
