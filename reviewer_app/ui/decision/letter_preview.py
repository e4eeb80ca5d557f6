"""A PDF letter shown from memory: QPdfDocument over a QBuffer, never a file on disk."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.ui.case.styling import set_style_property

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 5.0
_VIEW_PAGE, _MESSAGE_PAGE = 0, 1


class LetterPreview(QWidget):
    """Shows one PDF at a time, or a message in its place (rendering, damaged, empty)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterPreview")
        self.caption = QLabel()
        self.caption.setProperty("decision", "preview-caption")
        self.caption.setAccessibleName("Previewed letter")
        self.caption.setWordWrap(True)

        self.zoom_out_button = self._tool("−", "Zoom the letter out")
        self.zoom_in_button = self._tool("+", "Zoom the letter in")
        self.fit_button = self._tool("Fit width", "Fit the letter to the width of the pane")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.caption, 1)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            bar.addWidget(button)

        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setAccessibleName("Letter preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.message = QLabel()
        self.message.setAccessibleName("Preview message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("decision", "preview-message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.message)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self._buffer: QBuffer | None = None
        self._pdf: bytes | None = None
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_button.clicked.connect(self.fit_width)
        self.show_message("", "No letter to show yet.")

    def _tool(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        return button

    # -- content ----------------------------------------------------------------------------

    def show_pdf(self, pdf: bytes, caption: str) -> bool:
        """Load ``pdf`` from memory; False (and a message instead) if it is not readable."""
        self._unload()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer  # PDFium reads lazily: the buffer lives as long as the document
        self.document.load(buffer)
        if self.document.status() is not QPdfDocument.Status.Ready:
            self.show_message(caption, "This letter cannot be displayed: it is not a readable PDF.")
            return False
        self._pdf = pdf
        self.caption.setText(caption)
        self.stack.setCurrentIndex(_VIEW_PAGE)
        set_style_property(self.message, "verdict", "")
        return True

    def show_message(self, caption: str, text: str, verdict: str = "") -> None:
        """Replace the letter by ``text`` (verdict "bad" marks a damaged letter)."""
        self._unload()
        self.caption.setText(caption)
        self.message.setText(text)
        set_style_property(self.message, "verdict", verdict)
        self.stack.setCurrentIndex(_MESSAGE_PAGE)

    def shown_pdf(self) -> bytes | None:
        """The bytes on screen, or None while a message is shown."""
        return self._pdf

    def message_text(self) -> str:
        return self.message.text() if self.stack.currentIndex() == _MESSAGE_PAGE else ""

    def _unload(self) -> None:
        self._pdf = None
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None

    # -- zoom ---------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self._zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(self.view.zoomFactor() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, factor)))
