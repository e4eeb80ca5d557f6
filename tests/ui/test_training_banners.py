"""One TRAINING banner at a time (issue 22, item 17): in training mode the window's banner
says it, so a training case does not stack its own TRAINING notice under it; outside
training mode the case's notice is the one that says it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel
from window_helpers import case_shown

from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.training.mode import TrainingMode


def training_banners(window: MainWindow) -> list[str]:
    """Visible texts shouting TRAINING (the header's "(training case)" is not one)."""
    return [
        label.text()
        for label in window.findChildren(QLabel)
        if label.isVisible() and "TRAINING" in label.text()
    ]


def test_a_training_case_in_training_mode_shows_one_banner(
    qtbot: Any, training: Callable[..., tuple[MainWindow, TrainingMode]]
) -> None:
    window, mode = training()
    assert mode.enter()
    assert window.open_path(mode.folder / "DEMO-0001.umcase")
    case_shown(qtbot, window)
    banners = training_banners(window)
    assert len(banners) == 1, banners
    assert mode.bar.isVisible()

    mode.leave()  # the same case from File ▸ Open: its own notice says TRAINING
    assert window.open_path(mode.folder / "DEMO-0001.umcase")
    case_shown(qtbot, window)
    banners = training_banners(window)
    assert len(banners) == 1 and banners[0].startswith("TRAINING — a synthetic case"), banners
