"""Peak memory of the app with a case open and its letter previewed.

Run by ``benchmarks.run`` as ``python peak_memory.py SETTINGS_INI INDEX_CACHE CASE ROWS``,
CASE being a decided case holding a signed letter. The app starts as ``run_gui`` starts
it, waits until the workspace table lists ROWS case files (when ROWS > 0) and opens the
case. When the case view's decision panel shows the letter in a
QPdfView, that preview is measured; otherwise (no decision panel wired yet) the letter
PDF is loaded from the case, in memory, into a QPdfDocument shown in a QPdfView. The
peak resident set size (VmHWM) is read once the preview has been painted.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

SETTLE_S = 1.0  # QPdfView renders pages asynchronously: let it finish
_KEEP: list[Any] = []  # the preview objects, alive until the process ends


def main(argv: list[str]) -> None:
    settings_ini, cache_path, case_path = (Path(a) for a in argv[1:4])
    rows = int(argv[4])
    from benchmarks.qt_driver import (
        emit,
        exposed,
        finish,
        memory_mb,
        settle,
        start_app,
        wait_until,
    )

    steps: dict[str, Any] = {}
    listed: list[int] = []
    app, window, _marks = start_app(
        settings_ini, cache_path, built=lambda w: w.workspace.refreshed.connect(listed.append)
    )
    wait_until(lambda: exposed(window), "the window")
    steps["window shown and unlocked"] = memory_mb()
    if rows:
        wait_until(lambda: rows in listed, "the workspace table")
        steps[f"{rows:,} case files listed"] = memory_mb()
    if not window.open_path(case_path):
        raise SystemExit(f"the case did not open: {case_path}")
    wait_until(lambda: window.case_view is not None, "the case view")
    app.processEvents()
    steps["case open"] = memory_mb()

    source, keep = _preview(window)
    settle(SETTLE_S)
    for view in keep:
        view.grab()  # make sure the visible pages were rendered and painted
    app.processEvents()
    steps["letter previewed"] = memory_mb()
    emit({"peak_mb": steps["letter previewed"]["peak"], "preview": source, "steps": steps})
    finish(window)


def _preview(window: Any) -> tuple[str, list[Any]]:
    """Show the letter; say whether the app's own panel did it or this driver."""
    from PySide6.QtPdfWidgets import QPdfView

    from benchmarks.qt_driver import wait_until
    from reviewer_app.ui.case.case_view import DECISION_TAB

    view = window.case_view
    panel = view.decision  # built here if the tab was never shown
    if panel is not None:
        view.tabs.setCurrentIndex(DECISION_TAB)

        def shown() -> list[Any]:
            return [
                v
                for v in panel.findChildren(QPdfView)
                if v.document() is not None and v.document().pageCount() > 0
            ]

        wait_until(lambda: bool(shown()), "the decision panel's letter preview", timeout=30)
        return "the app's decision panel", shown()

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    from reviewer_app.casefile import determinations

    case = view.case
    row = determinations.latest_letter(case)
    if row is None or row.id is None:
        raise SystemExit("the case holds no letter")
    pdf = determinations.letter_pdf(case, row.id)
    buffer = QBuffer(window)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(window)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise SystemExit(f"QtPdf did not load the letter ({document.error().name})")
    pdf_view = QPdfView()
    pdf_view.setDocument(document)
    pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
    pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
    pdf_view.resize(900, 1100)
    pdf_view.show()
    _KEEP.extend([buffer, document, pdf_view])
    return "a QPdfView of the benchmark (no decision panel wired)", [pdf_view]


if __name__ == "__main__":
    main(sys.argv)
