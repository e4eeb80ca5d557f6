"""Letters leaving the app: an atomic file write and printing through QPrinter."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPainter

from reviewer_app import safe_files

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

PRINT_DPI = 300  # pages are rasterised at this resolution, then scaled to the printer


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside ``path`` (owner-only), then rename over it: whole or untouched. The
    user chose to replace an existing file in the save dialog."""
    safe_files.write_file(path, data, replace=True)


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print every page of ``pdf`` (rendered by QtPdf) on ``printer``; return the page count."""
    from PySide6.QtPdf import QPdfDocument  # loads on first use, not at start

    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    try:
        document.load(buffer)
        if document.status() is not QPdfDocument.Status.Ready:
            raise ValueError("the letter is not a readable PDF")
        _paint_pages(document, printer)
        return document.pageCount()
    finally:
        document.close()
        buffer.close()


def _paint_pages(document: QPdfDocument, printer: QPrinter) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(
                round(points.width() * PRINT_DPI / 72), round(points.height() * PRINT_DPI / 72)
            )
            image = document.render(page, size)
            scale = min(area.width() / image.width(), area.height() / image.height())
            painter.drawImage(QRectF(0, 0, image.width() * scale, image.height() * scale), image)
    finally:
        painter.end()
