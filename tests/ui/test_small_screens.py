"""Small screens and zoom (issue 22, item 2): on a 1024×640 and a 1366×768 window, at every
zoom step, the checklist keeps at least half the window's height with no horizontal scroll
bar; the case header reflows to fewer columns, collapses by itself when it would crowd the
checklist, and Ctrl+H shows or hides its details."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from window_helpers import CTRL, case_view, keep_active, open_case

from reviewer_app.ui.app_settings import ZOOM_MAX, ZOOM_MIN
from reviewer_app.ui.main_window import MainWindow

K = Qt.Key


def laid_out() -> None:
    """Deliver the layout requests a zoom posts (each pass may post the next), so what is
    measured is the new layout, not the one before the key."""
    for _ in range(10):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def checklist_has_room(window: MainWindow) -> bool:
    checklist = case_view(window).checklist
    return (
        checklist.height() >= window.height() / 2
        and not checklist.scroll_area.horizontalScrollBar().isVisible()
    )


@pytest.mark.parametrize("size", [(1024, 640), (1366, 768)])
def test_the_checklist_keeps_half_the_height_at_every_zoom_step(
    qtbot: Any, make_window: Callable[..., MainWindow], make_case: Any, size: tuple[int, int]
) -> None:
    window = make_window()
    window.resize(*size)
    open_case(qtbot, window, make_case("dli-relapsed-aml"))
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    for _ in range(-ZOOM_MIN):
        qtbot.keyClick(window, K.Key_Minus, CTRL)
    assert window.settings.zoom() == ZOOM_MIN
    for step in range(ZOOM_MIN, ZOOM_MAX + 1):
        if step > ZOOM_MIN:
            qtbot.keyClick(window, K.Key_Plus, CTRL)
        assert window.settings.zoom() == step
        laid_out()
        view = case_view(window)
        assert checklist_has_room(window), (
            f"{size} at zoom {step}: checklist {view.checklist.height()} px of "
            f"{window.height()}, header {view.header.height()} px"
        )
        assert window.size().toTuple() == size  # nothing forced the window wider


def test_the_header_reflows_collapses_and_ctrl_h_toggles_its_details(
    qtbot: Any, make_window: Callable[..., MainWindow], make_case: Any
) -> None:
    window = make_window()
    window.resize(1440, 900)
    open_case(qtbot, window, make_case("dli-relapsed-aml"))
    header = case_view(window).header
    qtbot.waitUntil(lambda: header.details.isVisible() and header.columns == 3)
    assert not header.summary.isVisible()
    # Its height is computed for its width: all eight fields fit in the header's own height.
    qtbot.waitUntil(lambda: header.height() >= header.expanded_height() - 2)

    keep_active(qtbot, window)
    qtbot.keyClick(window, K.Key_H, CTRL)
    qtbot.waitUntil(lambda: not header.details.isVisible())
    assert header.summary.isVisible() and "Overdue" in header.summary.text()
    assert "born" not in header.member.text()  # one line: name, case, status, time left
    qtbot.keyClick(window, K.Key_H, CTRL)
    qtbot.waitUntil(header.details.isVisible)

    # A small window: fewer columns, and the details step aside for the checklist...
    window.resize(1024, 640)
    for _ in range(3):
        qtbot.keyClick(window, K.Key_Plus, CTRL)
    qtbot.waitUntil(lambda: header.collapsed and not header.details.isVisible())
    assert header.columns < 3
    # ...unless the reviewer asks for them (and gets them), then hides them again.
    qtbot.keyClick(window, K.Key_H, CTRL)
    qtbot.waitUntil(header.details.isVisible)
    qtbot.keyClick(window, K.Key_H, CTRL)
    qtbot.waitUntil(lambda: not header.details.isVisible())
