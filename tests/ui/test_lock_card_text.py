"""The lock card's heading and explanation are shown whole (issue 22, item 11: the first
start's card read "…before you", its heading cut), with the app's style sheets, on the
smallest window the app supports and at the largest zoom step."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from reviewer_app.ui.run import stylesheet
from reviewer_app.ui.security.lock_screen import SETUP_TEXT, LockScreen


def whole(label: QLabel) -> bool:
    """Every line of the label fits in the room it was given."""
    if label.wordWrap():
        return label.width() > 0 and label.height() >= label.heightForWidth(label.width())
    hint = label.sizeHint()
    return label.width() >= hint.width() and label.height() >= hint.height()


@pytest.mark.parametrize("setup", [True, False])
@pytest.mark.parametrize("points", [None, 16])  # the default font, and zoomed in
def test_the_lock_card_text_is_never_cut(qtbot: Any, setup: bool, points: int | None) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setStyleSheet(stylesheet())
    if points is not None:
        font = QFont(window.font())
        font.setPointSize(points)
        window.setFont(font)
    screen = LockScreen()
    window.setCentralWidget(screen)
    screen.set_setup_mode(setup)
    window.resize(1024, 640)
    window.show()
    qtbot.waitExposed(window)
    for label in (screen.heading, screen.detail):
        assert whole(label), (label.text(), label.size(), label.heightForWidth(label.width()))
    if setup:
        assert screen.heading.accessibleDescription() == SETUP_TEXT
