"""The presenter view: one walkthrough step in large, high-contrast type for a projector.

Type scales with the window (at least 36 pt for the title and 28 pt for the narrative
and the policy sentence), so it reads from the back of a classroom at any projector
resolution. When a step's text would not fit at those sizes (a small window, a long
narrative), all type shrinks together until it does: nothing is ever cut off. White on
near-black or black on white (the ``contrast`` property, styled in training.qss). The
keys are the walkthrough window's; it tells the walkthrough what was asked through
signals and shows what it is given.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.ui.training.banner import TrainingBanner
from reviewer_app.ui.training.keys import add_keys, add_step_keys
from reviewer_app.ui.training.walkthrough_view import StepShown

TITLE_PT, NARRATIVE_PT, QUOTE_PT, SMALL_PT, BUTTON_PT = 40.0, 32.0, 28.0, 20.0, 14.0
MIN_TITLE_PT, MIN_NARRATIVE_PT = 36.0, 28.0
MIN_FIT_PT = 12.0  # how far type may shrink for a step to fit the window
_SHRINK = 0.9
DESIGN_SIZE = (1440, 900)  # the sizes above are for this window; larger windows scale up
CONTRASTS = ("dark", "light")


def _label(name: str, kind: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name)
    label.setProperty("presenter", kind)
    return label


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setProperty("presenter", "button")
    return button


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet to a widget and its children (a parent property changed)."""
    for w in [widget, *widget.findChildren(QWidget)]:
        w.style().unpolish(w)
        w.style().polish(w)
        w.update()


def _invalidate(layout: QLayout) -> None:
    """Forget the sizes ``layout`` and its nested layouts measured (invalidate() alone does
    not reach the nested ones until the event loop runs)."""
    for i in range(layout.count()):
        item = layout.itemAt(i)
        nested = item.layout() if item is not None else None
        if nested is not None:
            _invalidate(nested)
    layout.invalidate()


class PresenterView(QWidget):
    nextRequested = Signal()
    previousRequested = Signal()
    firstRequested = Signal()
    lastRequested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presenterView")
        self.setAccessibleName("Presenter view")
        self.setWindowTitle("Walkthrough — presenter view")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setProperty("contrast", CONTRASTS[0])

        self.banner = TrainingBanner()
        self.case_line = _label("Walkthrough case", "small")
        self.progress = _label("Step", "small")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.step_title = _label("Step title", "title")
        self.narrative = _label("Narrative", "narrative")
        self.quote = _label("Policy sentence", "quote")
        self.source = _label("Policy section", "small")

        self.previous_button = _button("Previous", "Previous step")
        self.next_button = _button("Next", "Next step")
        self.contrast_button = _button("Black on white", "Switch contrast")
        self.full_screen_button = _button("Full screen (F11)", "Full screen")
        self.close_button = _button("Close (Esc)", "Close presenter view")
        for button in (self.previous_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click keeps the keys on the view

        top = QHBoxLayout()
        top.addWidget(self.case_line, 1)
        top.addWidget(self.progress)
        controls = QHBoxLayout()
        for button in (self.previous_button, self.next_button):
            controls.addWidget(button)
        controls.addStretch(1)
        for button in (self.contrast_button, self.full_screen_button, self.close_button):
            controls.addWidget(button)

        body = QVBoxLayout()
        body.setContentsMargins(48, 16, 48, 20)
        body.setSpacing(18)
        body.addLayout(top)
        body.addStretch(1)
        body.addWidget(self.step_title)
        body.addWidget(self.narrative)
        body.addSpacing(12)
        body.addWidget(self.quote)
        body.addWidget(self.source)
        body.addStretch(2)
        body.addLayout(controls)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.banner)
        self._layout.addLayout(body, 1)

        add_step_keys(
            self,
            next_=self.nextRequested.emit,
            previous=self.previousRequested.emit,
            first=self.firstRequested.emit,
            last=self.lastRequested.emit,
            leave=self.close,
        )
        add_keys(self, (Qt.Key.Key_F5,), self.close)
        add_keys(self, (Qt.Key.Key_F11,), self.toggle_full_screen)
        self.previous_button.clicked.connect(self.previousRequested)
        self.next_button.clicked.connect(self.nextRequested)
        self.contrast_button.clicked.connect(self.toggle_contrast)
        self.full_screen_button.clicked.connect(self.toggle_full_screen)
        self.close_button.clicked.connect(self.close)
        self._normal_geometry: QRect | None = None
        self._fit_screen()
        self._apply_sizes()
        self.next_button.setFocus()  # its outline marks the way on

    # -- public -----------------------------------------------------------------------------

    def show_step(self, shown: StepShown) -> None:
        self.case_line.setText(shown.case_line)
        self.progress.setText(shown.progress)
        self.step_title.setText(shown.title)
        self.narrative.setText(shown.narrative)
        self.quote.setText(f"“{shown.quote}”")
        self.source.setText(shown.source)
        self.previous_button.setEnabled(not shown.at_start)
        self.next_button.setEnabled(not shown.at_end)
        self._apply_sizes()  # another step's text may need smaller type to fit

    @property
    def contrast(self) -> str:
        return str(self.property("contrast"))

    def set_contrast(self, contrast: str) -> None:
        if contrast not in CONTRASTS:
            raise ValueError(f"unknown contrast {contrast!r}")
        self.setProperty("contrast", contrast)
        other = "White on black" if contrast == "light" else "Black on white"
        self.contrast_button.setText(other)
        repolish(self)

    def toggle_contrast(self) -> None:
        self.set_contrast("light" if self.contrast == "dark" else "dark")

    def toggle_full_screen(self) -> None:
        # Under X without a window manager (a classroom kiosk) nothing resizes a window for
        # its full-screen state: the view sizes itself, and back.
        sized_by_us = QGuiApplication.platformName() == "xcb"
        if self.isFullScreen():
            self.showNormal()
            if sized_by_us and self._normal_geometry is not None:
                self.setGeometry(self._normal_geometry)
        else:
            self._normal_geometry = self.geometry()
            self.showFullScreen()
            if sized_by_us:
                self.setGeometry(self.screen().geometry())
        self.full_screen_button.setText(
            "Leave full screen (F11)" if self.isFullScreen() else "Full screen (F11)"
        )

    def _fit_screen(self) -> None:
        """The design size, or less: the window with its title bar and frame stays inside
        the screen's free area, so the buttons at its foot are never under the screen's
        edge or a task bar."""
        free = self.screen().availableGeometry()
        style = self.style()
        title = style.pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight, None, self)
        frame = 2 * style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, self)
        width = min(DESIGN_SIZE[0], free.width() - frame)
        height = min(DESIGN_SIZE[1], free.height() - title - frame)
        self.resize(width, height)

    def point_sizes(self) -> dict[str, float]:
        """The point size of each text for the current window size, before any shrinking
        for a step that would not fit."""
        scale = max(1.0, min(self.width() / DESIGN_SIZE[0], self.height() / DESIGN_SIZE[1]))
        return {
            "title": max(MIN_TITLE_PT, TITLE_PT * scale),
            "narrative": max(MIN_NARRATIVE_PT, NARRATIVE_PT * scale),
            "quote": max(MIN_NARRATIVE_PT, QUOTE_PT * scale),
            "small": SMALL_PT * scale,
            "button": BUTTON_PT * scale,
        }

    # -- events -----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_sizes()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)

    def _apply_sizes(self) -> None:
        """The window's point sizes, shrunk together (down to MIN_FIT_PT) as far as the
        step's wrapped text needs to fit the window's height."""
        preferred = self.point_sizes()
        factor = 1.0
        while True:
            sizes = {kind: max(MIN_FIT_PT, size * factor) for kind, size in preferred.items()}
            self._set_fonts(sizes)
            if self._fits() or max(sizes.values()) <= MIN_FIT_PT:
                return
            factor *= _SHRINK

    def _fits(self) -> bool:
        layout = self._layout
        _invalidate(layout)  # the layouts keep the heights measured at the fonts before
        needed = (
            layout.heightForWidth(self.width())
            if layout.hasHeightForWidth()
            else layout.sizeHint().height()
        )
        return needed <= self.height()

    def _set_fonts(self, sizes: dict[str, float]) -> None:
        targets = {
            "title": (self.step_title,),
            "narrative": (self.narrative,),
            "quote": (self.quote,),
            "small": (self.case_line, self.progress, self.source, self.banner),
        }
        for kind, labels in targets.items():
            for label in labels:
                font = QFont(label.font())
                font.setPointSizeF(sizes[kind])
                font.setBold(kind in ("title", "small") and label is not self.source)
                font.setItalic(label is self.quote)
                label.setFont(font)
        for button in self.findChildren(QPushButton):
            font = QFont(button.font())
            font.setPointSizeF(sizes["button"])
            button.setFont(font)
