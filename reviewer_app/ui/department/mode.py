"""The Department menu and page, added to the main window when a server is set up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from reviewer_app.ui.department.department_page import DepartmentPage, QueueSource

if TYPE_CHECKING:
    from reviewer_app.ui.main_window import MainWindow

SHOW_SHORTCUT = "Ctrl+4"
CLAIM_SHORTCUT = "Ctrl+Shift+N"  # "Claim next": one keystroke from anywhere in the window
CHECK_IN_SHORTCUT = "Ctrl+Shift+I"


class DepartmentMode(QObject):
    """Owned by the window: its page in the window's stack, its menu before Help."""

    def __init__(self, window: MainWindow, source: QueueSource) -> None:
        super().__init__(window)
        self._window = window
        session = window.session
        self.page = DepartmentPage(
            source,
            folder=window.settings.workspace_folder,
            key=lambda: session.key if session is not None else None,
            encrypts=session is not None,
        )
        window.stack.addWidget(self.page)
        self.show_queue = QAction("Department &queue", window)
        self.show_queue.setShortcut(QKeySequence(SHOW_SHORTCUT))
        self.claim_next = QAction("&Claim next case", window)
        self.claim_next.setShortcut(QKeySequence(CLAIM_SHORTCUT))
        self.check_in = QAction("Check &in this case", window)
        self.check_in.setShortcut(QKeySequence(CHECK_IN_SHORTCUT))
        bar = window.menuBar()
        help_menu = bar.actions()[-1]
        menu = bar.addMenu("&Department")
        bar.insertMenu(help_menu, menu)
        menu.addActions([self.show_queue, self.claim_next, self.check_in])
        self.show_queue.triggered.connect(self.show_page)
        self.claim_next.triggered.connect(self._claim)
        self.check_in.triggered.connect(self._check_in)
        self.page.claimed.connect(window.open_path)

    def show_page(self) -> None:
        self._window.stack.setCurrentWidget(self.page)
        self.page.refresh()
        self.page.view.table.setFocus()

    def _claim(self) -> None:
        self._window.stack.setCurrentWidget(self.page)
        self.page.claim_next()

    def _check_in(self) -> None:
        """Close the open case (its last note saved, its lock released) and send it back."""
        case = self._window.case
        if case is None:
            self.show_page()
            self.page.view.status.setText("Open a claimed case to check it in")
            return
        path = case.path
        self._window.close_case()
        self._window.stack.setCurrentWidget(self.page)
        self.page.check_in(path)
