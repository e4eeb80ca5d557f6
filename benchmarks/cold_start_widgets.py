"""Cold start of Qt alone: the app's first screen built from plain Qt widgets, no app code.

A lower bound for ``cold_start_app.py`` with this toolkit: what any PySide6 program pays
to show a window like the app's, before any of the app's own work. It shows, as the app
does, a modal passphrase dialog (answered at once) and then a main window with a menu bar,
a status bar, a hidden workspace page and a case page: a header, a scroll area of seven
criterion rows (labels, answer buttons, a note field), an outcome banner and a tabbed
policy pane with a rich-text document the size of the policy's (14 headings, 83
paragraphs, 154 links, a table). About as many widgets as the app has once the case shows
(both counts are reported). None of the app's modules, no style sheet, no policy data, no
database. The clock, the exit and the JSON line are those of ``cold_start_baseline.py``.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402

ROWS = 7
SENTENCE = (
    "The requested infusion is considered medically necessary when every criterion below "
    "is met and documented in the clinical record submitted with the request. "
)


def main() -> tuple[Any, Any]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import (
        QApplication,
        QComboBox,
        QDialog,
        QDialogButtonBox,
        QFormLayout,
        QFrame,
        QHBoxLayout,
        QLabel,
        QLineEdit,
        QMainWindow,
        QPushButton,
        QScrollArea,
        QSplitter,
        QStackedWidget,
        QTableView,
        QTabWidget,
        QTextBrowser,
        QToolButton,
        QVBoxLayout,
        QWidget,
    )

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1200, 800)
    for title in ("&File", "&Edit", "&View", "&Case", "&Training", "&Help"):
        menu = window.menuBar().addMenu(title)
        for i in range(5):
            action = QAction(f"{title.strip('&')} command {i}", window)
            action.setShortcut(QKeySequence(f"Ctrl+Shift+{i}"))
            menu.addAction(action)
    window.statusBar().showMessage("Ready")
    pages = QStackedWidget()
    window.setCentralWidget(pages)

    workspace = QWidget()
    column = QVBoxLayout(workspace)
    bar = QHBoxLayout()
    bar.addWidget(QLabel("Search"))
    bar.addWidget(QLineEdit())
    bar.addWidget(QComboBox())
    for text in ("Open…", "Import…", "Refresh"):
        bar.addWidget(QPushButton(text))
    column.addLayout(bar)
    column.addWidget(QTableView(), 1)
    pages.addWidget(workspace)
    window.show()

    dialog = QDialog(window)
    form = QFormLayout(dialog)
    form.addRow(QLabel("Enter the workspace passphrase to unlock."))
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    form.addRow("Passphrase", edit)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    form.addRow(buttons)

    def answer() -> None:
        edit.setText("passphrase")
        dialog.accept()

    QTimer.singleShot(0, answer)
    dialog.exec()

    case = QWidget()
    page = QVBoxLayout(case)
    header = QHBoxLayout()
    for i in range(10):
        header.addWidget(QLabel(f"<b>Field {i}</b> value {i}"))
    page.addLayout(header)
    split = QSplitter(Qt.Orientation.Horizontal)
    page.addWidget(split, 1)

    rows = QWidget()
    checklist = QVBoxLayout(rows)
    banner = QFrame()
    banner_layout = QHBoxLayout(banner)
    for text in ("icon", "Insufficient information", "still open: criteria"):
        banner_layout.addWidget(QLabel(text))
    checklist.addWidget(banner)
    for n in range(ROWS):
        row = QFrame()
        grid = QVBoxLayout(row)
        line = QHBoxLayout()
        for text in (f"{n + 1}.", SENTENCE, "Source: policy", "Answer", "pre-filled"):
            label = QLabel(text)
            label.setWordWrap(True)
            line.addWidget(label)
        grid.addLayout(line)
        answers = QHBoxLayout()
        for text in ("Met", "Not met", "Unknown", "Not applicable"):
            answers.addWidget(QPushButton(text))
        for text in ("Evidence", "Show in policy"):
            button = QToolButton()
            button.setText(text)
            answers.addWidget(button)
        grid.addLayout(answers)
        notes = QHBoxLayout()
        for text in ("Note", "Evidence: none", "Saved"):
            notes.addWidget(QLabel(text))
        notes.addWidget(QLineEdit())
        grid.addLayout(notes)
        checklist.addWidget(row)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(rows)
    split.addWidget(scroll)

    tabs = QTabWidget()
    document = QWidget()
    document_layout = QVBoxLayout(document)
    find = QHBoxLayout()
    find.addWidget(QLineEdit())
    for text in ("Previous", "Next", "Close"):
        button = QToolButton()
        button.setText(text)
        find.addWidget(button)
    document_layout.addLayout(find)
    browser = QTextBrowser()
    browser.setHtml(_policy_like_html())
    document_layout.addWidget(browser)
    tabs.addTab(document, "Policy")
    tabs.addTab(QTableView(), "References")
    tabs.addTab(QWidget(), "Coding")
    split.addWidget(tabs)
    actions = QHBoxLayout()
    for text in ("Refer to medical director", "Decision", "Close case"):
        actions.addWidget(QPushButton(text))
    page.addLayout(actions)
    pages.addWidget(case)
    pages.setCurrentWidget(case)

    loop, timer = QEventLoop(), QTimer()
    timer.setInterval(2)

    def check() -> None:
        handle = window.windowHandle()
        if handle is not None and handle.isExposed() and case.isVisible():
            timer.stop()
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    app.processEvents()  # the first paint
    elapsed = time.perf_counter() - T0
    print("BENCH " + json.dumps({"ready_s": elapsed, "widgets": len(app.allWidgets())}))
    return app, window


def _policy_like_html() -> str:
    link = '<a href="#ref{n}">[{n}]</a>'
    parts = []
    for i in range(83):
        if i % 6 == 0:
            parts.append(f"<h2>Section {i // 6 + 1}</h2>")
        links = link.format(n=2 * i % 43 + 1) + link.format(n=(2 * i + 1) % 43 + 1)
        parts.append(f"<p>{SENTENCE * 3}{links}</p>")
    cells = "".join(f"<tr><td>3824{i}</td><td>{SENTENCE}</td></tr>" for i in range(9))
    parts.append(f"<table>{cells}</table>")
    return "".join(parts)


if __name__ == "__main__":
    shown = main()
    shown[1].close()
    sys.stdout.flush()
    os._exit(0)
