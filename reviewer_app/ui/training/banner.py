"""The TRAINING banner: on every window while training mode is on (and on training cases).

Its look (white on dark orange, bold) is in resources/styles/training.qss, keyed by the
``training="banner"`` property; only the weight is set here, so View ▸ Zoom still scales it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QSizePolicy, QToolBar, QWidget

from reviewer_app.ui.case.styling import make_bold

BANNER_TEXT = "TRAINING — synthetic cases only — not coverage determinations"
BANNER_NAME = "Training mode banner"


class TrainingBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(BANNER_TEXT, parent)
        self.setObjectName("trainingBanner")
        self.setProperty("training", "banner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAccessibleName(BANNER_NAME)
        self.setAccessibleDescription(BANNER_TEXT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        make_bold(self)


class TrainingBannerBar(QToolBar):
    """The banner as a fixed, full-width bar under the main window's menus.

    A tool bar, so the window's central widget (workspace, case, lock screen...) is not
    rebuilt around it; it cannot be moved, floated or hidden from the context menu.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Training", parent)
        self.setObjectName("trainingBannerBar")
        self.setProperty("training", "bar")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        self.banner = TrainingBanner()
        self.addWidget(self.banner)


def add_banner(widget: QWidget) -> TrainingBanner:
    """Put a TRAINING banner at the top of ``widget``'s box layout (a dialog, say)."""
    banner = TrainingBanner(widget)
    layout = widget.layout()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(0, banner)
    return banner
