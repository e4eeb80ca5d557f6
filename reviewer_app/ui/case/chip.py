"""A badge that keeps its text on one line while the row has room for it."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel


class WrappingChip(QLabel):
    """A label as wide as its text on one line, wrapping only when the row is narrower (a
    small window zoomed in) rather than pushing the checklist into a horizontal scroll."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:
        frame = self.width() - self.contentsRect().width()
        # Qt's wrapping measures by the text's bounding box, a little wider than its advance.
        text = (
            self.fontMetrics().boundingRect(self.text()).width()
            + self.fontMetrics().averageCharWidth()
        )
        width = text + frame + 2 * self.margin()
        return QSize(width, self.heightForWidth(width))
