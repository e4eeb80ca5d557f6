"""The workspace page as a first day meets it (issue 22): an empty folder says so once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel
from window_helpers import listed

from reviewer_app.ui.main_window import MainWindow


def visible_texts(window: MainWindow) -> list[str]:
    labels = [w.text() for w in window.findChildren(QLabel) if w.isVisible() and w.text()]
    return [*labels, window.statusBar().currentMessage()]


def test_an_empty_workspace_says_so_once(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    window = make_window()
    view = window.workspace.view
    qtbot.waitUntil(lambda: view.count_label.text() == "0 case files")
    qtbot.waitUntil(view.empty_label.isVisible)
    texts = visible_texts(window)
    assert sum("case file" in t for t in texts) == 1, texts  # "No case files in this folder…"

    make_case("hpc-boost-mixed-chimerism", workspace)
    listed(qtbot, window, 1)
    qtbot.waitUntil(view.count_label.isVisible)
    texts = visible_texts(window)
    assert sum("case file" in t for t in texts) == 1, texts  # "1 case file", once
