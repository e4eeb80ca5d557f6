"""New case from intake… starts in the folder the last request came from (issue 22,
item 4), in this session and the next one, not always in the home folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from reviewer_app.casefile.index import WorkspaceIndex
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.policy import PolicyPane
from reviewer_app.ui.workspace.folder_memory import FolderMemory


def test_the_intake_dialog_starts_where_the_last_request_was(
    qtbot: Any,
    app_settings: Any,
    registry: Any,
    tmp_path: Path,
    intake_copy: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = QSettings(str(tmp_path / "app.ini"), QSettings.Format.IniFormat)

    def window() -> MainWindow:
        made = MainWindow(
            app_settings,
            registry,
            index_factory=lambda folder: WorkspaceIndex(folder, tmp_path / "index.sqlite"),
            policy_pane_factory=PolicyPane,
            folders=FolderMemory(store),
        )
        qtbot.addWidget(made)
        made.show()
        return made

    started_in: list[str] = []
    answers = [intake_copy("dli-relapsed-aml"), intake_copy("dli-after-autologous")]

    def pick(_parent: Any, _title: str, folder: str, _filter: str = "") -> tuple[str, str]:
        started_in.append(folder)
        return str(answers.pop(0)), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)
    first = window()
    first.actions_.new_case.trigger()
    assert first.case is not None
    first.actions_.new_case.trigger()  # the next request: where the first one was
    downloads = str(tmp_path / "downloads")
    assert started_in == [str(Path.home()), downloads]
    first.close()

    answers.append(intake_copy("hpc-boost-mixed-chimerism"))
    window().actions_.new_case.trigger()  # the next start of the app remembers it too
    assert started_in[-1] == downloads
