"""The presenter view on a small screen (issue 22, item 16): the window with its title bar
fits the screen's free area, so its buttons are not under the screen's edge, and the
audience sees the policy section by name, never an internal anchor."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QStyle

from reviewer_app.training import load_library, walkthrough_for
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.training.mode import TrainingMode

ANCHOR = re.compile(r"\([a-z0-9-]+\.[a-z0-9.]+\)")  # "(overview.p1)"


def test_the_presenter_fits_the_screen_and_shows_no_anchors(
    qtbot: Any, training: Callable[..., tuple[MainWindow, TrainingMode]], registry: Any
) -> None:
    _window, mode = training()
    wt = mode.open_walkthrough("DEMO-0008")
    assert wt is not None
    presenter = wt.open_presenter()
    free = presenter.screen().availableGeometry()
    style = presenter.style()
    title = style.pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight, None, presenter)
    assert presenter.height() + title <= free.height()  # the window manager's title bar too
    assert presenter.width() <= free.width()

    script = walkthrough_for(load_library(registry).case("DEMO-0008"))
    for i, step in enumerate(script.steps):
        wt.go_to(i)
        source = presenter.source.text()
        assert source.startswith("Coverage Policy 0261 — ")
        assert step.anchor not in source and not ANCHOR.search(source), source
    wt.close()
