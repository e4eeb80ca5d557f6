"""A PDF letter shown from memory: QPdfDocument over a QBuffer, never a file on disk.

QtPdf and QtPdfWidgets load on first use: the PDF view is built when the preview is
first shown (or first asked for its document), so opening a case does not pay for them.
A letter handed over before then waits, and is loaded when the view is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.ui.case.styling import set_style_property

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 5.0


class _OneLineCaption(QLabel):
    """The caption on one line, cut with "…" when the pane is narrow (the whole text is
    its tooltip and its text()), rather than wrapping beside the zoom buttons."""

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("M") * 8, super().sizeHint().height())

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown
        )


class LetterPreview(QWidget):
    """Shows one PDF at a time, or a message in its place (rendering, damaged, empty).

    ``viewCreated``: the PDF view now exists (the tab order can include it)."""

    viewCreated = Signal()
    englishToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterPreview")
        self.caption = _OneLineCaption()
        self.caption.setProperty("decision", "preview-caption")
        self.caption.setAccessibleName("Previewed letter")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)

        self.zoom_out_button = self._tool("−", "Zoom the letter out")
        self.zoom_in_button = self._tool("+", "Zoom the letter in")
        self.fit_button = self._tool("Fit width", "Fit the letter to the width of the pane")
        # A letter in the member's language has an English version: this shows it instead.
        self.english_button = self._tool(
            "English", "Show the English version of the letter (it is signed with it)"
        )
        self.english_button.setCheckable(True)
        self.english_button.setVisible(False)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.caption, 1)
        bar.addWidget(self.english_button)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            bar.addWidget(button)

        self._document: QPdfDocument | None = None
        self._view: QPdfView | None = None
        self.message = QLabel()
        self.message.setAccessibleName("Preview message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("decision", "preview-message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self._buffer: QBuffer | None = None
        self._pdf: bytes | None = None
        self._waiting: tuple[bytes, str] | None = None  # a letter given before the view
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_button.clicked.connect(self.fit_width)
        self.english_button.toggled.connect(self.englishToggled)
        self.show_message("", "No letter to show yet.")

    @property
    def document(self) -> QPdfDocument:
        self._build_view()
        assert self._document is not None
        return self._document

    @property
    def view(self) -> QPdfView:
        self._build_view()
        assert self._view is not None
        return self._view

    def has_view(self) -> bool:
        return self._view is not None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._build_view()

    def _build_view(self) -> None:
        if self._view is not None:
            return
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self._document = QPdfDocument(self)
        self._view = QPdfView()
        self._view.setAccessibleName("Letter preview")
        self._view.setDocument(self._document)
        self._view.setPageMode(QPdfView.PageMode.MultiPage)
        self._view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.stack.insertWidget(0, self._view)
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.show_pdf(*waiting)
        self.viewCreated.emit()

    def _tool(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        return button

    # -- content ----------------------------------------------------------------------------

    def show_pdf(self, pdf: bytes, caption: str) -> bool:
        """Load ``pdf`` from memory; False (and a message instead) if it is not readable.

        Before the preview was ever shown, the letter waits for the view (True)."""
        self._unload()
        if self._view is None and not self.isVisible():
            self._waiting = (pdf, caption)
            self._pdf = pdf
            self.caption.setText(caption)
            self.message.setText("")
            set_style_property(self.message, "verdict", "")
            return True
        from PySide6.QtPdf import QPdfDocument

        document = self.document
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer  # PDFium reads lazily: the buffer lives as long as the document
        document.load(buffer)
        if document.status() is not QPdfDocument.Status.Ready:
            self.show_message(caption, "This letter cannot be displayed: it is not a readable PDF.")
            return False
        self._pdf = pdf
        self.caption.setText(caption)
        self.stack.setCurrentWidget(self.view)
        set_style_property(self.message, "verdict", "")
        return True

    def show_message(self, caption: str, text: str, verdict: str = "") -> None:
        """Replace the letter by ``text`` (verdict "bad" marks a damaged letter)."""
        self._unload()
        self.caption.setText(caption)
        self.message.setText(text)
        set_style_property(self.message, "verdict", verdict)
        self.stack.setCurrentWidget(self.message)

    def shown_pdf(self) -> bytes | None:
        """The bytes on screen, or None while a message is shown."""
        return self._pdf

    def message_text(self) -> str:
        showing = self.stack.currentWidget() is self.message and self._waiting is None
        return self.message.text() if showing else ""

    def _unload(self) -> None:
        self._pdf = None
        self._waiting = None
        if self._document is not None:
            self._document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None

    def offer_english(self, offered: bool) -> None:
        """Show the English toggle for a letter in another language (unchecked otherwise)."""
        if not offered:
            self.english_button.setChecked(False)
        self.english_button.setVisible(offered)

    def english_shown(self) -> bool:
        return self.english_button.isVisible() and self.english_button.isChecked()

    # -- zoom ---------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self._zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(self.view.zoomFactor() / ZOOM_STEP)

    def fit_width(self) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _zoom(self, factor: float) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, factor)))
