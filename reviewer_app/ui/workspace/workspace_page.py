"""The workspace page: lists the case files of a folder and keeps the list current.

The folder is scanned off the UI thread (a QRunnable that emits its result); a
QFileSystemWatcher triggers a debounced rescan when files come and go, and a timer moves
the time-left column on.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QFileSystemWatcher,
    QModelIndex,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from reviewer_app.casefile.index import WorkspaceIndex
from reviewer_app.casefile.summary import CaseSummary
from reviewer_app.ui.workspace.case_table_model import SUMMARY_ROLE, CaseTableModel
from reviewer_app.ui.workspace.workspace_view import WorkspaceView

log = logging.getLogger(__name__)

IndexFactory = Callable[[Path], WorkspaceIndex]
RESCAN_DELAY_MS = 400
TICK_MS = 30_000


class _ScanSignals(QObject):
    cached = Signal(int, object)  # generation, list[CaseSummary]: the index cache's rows
    # generation, list[CaseSummary], whether equal to the list it was compared with, that list
    done = Signal(int, object, bool, object)


class _ScanTask(QRunnable):
    def __init__(
        self,
        index: WorkspaceIndex,
        generation: int,
        *,
        first: bool,
        shown: list[CaseSummary],
    ) -> None:
        super().__init__()
        self._shown = shown  # what the table showed at the start (compared off the UI thread)
        self._first = first
        self.setAutoDelete(False)  # Python owns it, so its signals outlive run()
        self.signals = _ScanSignals()
        self._index = index
        self._generation = generation

    def run(self) -> None:
        try:
            shown = self._shown
            if self._first:  # shown at once; the scan below checks every file
                shown = self._index.cached()
                self.signals.cached.emit(self._generation, shown)
            rows = self._index.scan()
        except Exception as exc:  # a bug must not leave the list stuck "scanning"
            # the type and the frames only: an error's text can quote a name or a path
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error("workspace scan failed (%s)\n%s", exc.__class__.__name__, frames)
            rows = []
        try:
            self.signals.done.emit(self._generation, rows, rows == shown, shown)
        except RuntimeError:  # the page went away while scanning: nobody to tell
            log.debug("workspace scan finished after its page closed")


class WorkspacePage(QWidget):
    openRequested = Signal(Path)
    importRequested = Signal()
    changeFolderRequested = Signal()
    listed = Signal(int)  # case files shown from the index cache, before the scan ends
    refreshed = Signal(int)  # number of case files listed, every file checked

    def __init__(
        self,
        index_factory: IndexFactory,
        folder: Path,
        clock: Callable[[], dt.datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._index_factory = index_factory
        self._folder = folder
        self._generation = 0
        self._task: _ScanTask | None = None
        self._rescan_wanted = False
        self._rows_source: list[CaseSummary] = []  # the list the table shows
        self._pool = QThreadPool(self)  # its own, so closing waits only for our scan
        self._pool.setMaxThreadCount(1)

        self.view = WorkspaceView()
        self.model = CaseTableModel(clock)
        self.view.table.setModel(self.model)  # it sorts and filters itself: no proxy
        self.view.table.sortByColumn(CaseTableModel.COL_DUE, Qt.SortOrder.AscendingOrder)
        header = self.view.table.horizontalHeader()
        header.setSectionResizeMode(CaseTableModel.COL_MEMBER, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._schedule_rescan)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(RESCAN_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.model.tick)
        self._ticker.start()

        v = self.view
        v.search.textChanged.connect(self.model.set_search)
        v.search.textChanged.connect(self._update_counts)
        v.search.returnPressed.connect(self._open_from_search)
        # Down from the search goes into the list, as in a file dialog's name field.
        into_list = QShortcut(QKeySequence(Qt.Key.Key_Down), v.search)
        into_list.setContext(Qt.ShortcutContext.WidgetShortcut)
        into_list.activated.connect(self._enter_list)
        v.status_filter.currentIndexChanged.connect(self._on_status_chosen)
        v.table.activated.connect(self._on_activated)
        v.open_button.clicked.connect(self._open_selected)
        v.new_button.clicked.connect(self.importRequested)
        v.refresh_button.clicked.connect(self.refresh)
        v.change_folder_button.clicked.connect(self.changeFolderRequested)
        self._show_folder()

    # -- public -----------------------------------------------------------------------------

    @property
    def folder(self) -> Path:
        return self._folder

    def set_folder(self, folder: Path) -> None:
        self._folder = folder
        self._show_folder()
        self._generation += 1  # a scan of the old folder still running is not shown
        self._show_rows([])
        self.refresh()

    def refresh(self, *, check: bool = True) -> None:
        """Rescan the folder in the background; `refreshed` says when the list is current.

        ``check=False`` (a start behind the lock screen, whose unlock refreshes again):
        only the index cache's rows, read here and now if the list is empty (one query,
        before the window shows); no file is looked at.
        """
        self._debounce.stop()
        if not check:
            if self.model.total() == 0 and self._task is None:
                rows = self._index_factory(self._folder).cached()
                if rows:
                    self._show_rows(rows)
                    self.listed.emit(len(rows))
            return
        if self._task is not None:
            self._rescan_wanted = True
            return
        self._watch_folder()
        self._generation += 1
        # The cache's rows first when the table is empty (a start, another folder); a
        # rescan of a shown list only replaces it once every file is checked.
        first = self.model.total() == 0
        index = self._index_factory(self._folder)
        task = _ScanTask(index, self._generation, first=first, shown=self._rows_source)
        task.signals.cached.connect(self._on_cached)
        task.signals.done.connect(self._on_scanned)
        self._task = task
        self._pool.start(task)

    def shutdown(self) -> None:
        """Stop watching and wait for a scan in progress (the window is closing)."""
        self._debounce.stop()
        self._ticker.stop()
        self._rescan_wanted = False
        self._watcher.removePaths(self._watcher.directories())
        self._pool.waitForDone(10_000)
        self._task = None

    def selected_path(self) -> Path | None:
        rows = self.view.table.selectionModel().selectedRows()
        if not rows:
            return None
        summary = rows[0].data(SUMMARY_ROLE)
        return summary.path if isinstance(summary, CaseSummary) else None

    def select_path(self, path: Path) -> None:
        row = self.model.row_of(path)
        if row >= 0:
            self.view.table.selectRow(row)
            self.view.table.scrollTo(self.model.index(row, 0))

    def focus_list(self) -> None:
        self.view.table.setFocus()

    # -- private ----------------------------------------------------------------------------

    def _show_folder(self) -> None:
        self.view.folder_label.setText(str(self._folder))
        self.view.folder_label.setToolTip(str(self._folder))

    def _watch_folder(self) -> None:
        watched = self._watcher.directories()
        if watched and watched != [str(self._folder)]:
            self._watcher.removePaths(watched)
        if self._folder.is_dir() and str(self._folder) not in self._watcher.directories():
            self._watcher.addPath(str(self._folder))

    def _schedule_rescan(self, _path: str = "") -> None:
        self._debounce.start()

    def _on_cached(self, generation: int, rows: list[CaseSummary]) -> None:
        if generation == self._generation and rows and self.model.total() == 0:
            self._show_rows(rows)
            self.listed.emit(len(rows))

    def _on_scanned(
        self, generation: int, rows: list[CaseSummary], same: bool, basis: list[CaseSummary]
    ) -> None:
        self._task = None
        if generation == self._generation:
            # Usually nothing changed since the list now shown was made: nothing to redo.
            if not (same and basis is self._rows_source):
                self._show_rows(rows)
            self.refreshed.emit(len(rows))
        if self._rescan_wanted:
            self._rescan_wanted = False
            self.refresh()

    def _show_rows(self, rows: list[CaseSummary]) -> None:
        self._rows_source = rows
        keep = self.selected_path()
        self.model.set_rows(rows)
        self._fit_columns()
        if keep is not None:
            self.select_path(keep)
        self._update_counts()

    def _fit_columns(self) -> None:
        # Qt measures only the first rows here (the header's resize precision), not all.
        table = self.view.table
        for col in range(self.model.columnCount()):
            if col != CaseTableModel.COL_MEMBER:
                table.resizeColumnToContents(col)

    def _update_counts(self) -> None:
        total = self.model.total()
        shown = self.model.rowCount()
        # Empty, the hint says so; the count (the page's only one) would repeat it.
        self.view.empty_label.setVisible(total == 0)
        self.view.count_label.setVisible(total > 0)
        noun = "case file" if total == 1 else "case files"
        text = f"{total} {noun}" if shown == total else f"{shown} of {total} {noun} shown"
        self.view.count_label.setText(text)

    def _on_status_chosen(self, _index: int) -> None:
        self.model.set_status(str(self.view.status_filter.currentData() or ""))
        self._update_counts()

    def _on_activated(self, index: QModelIndex) -> None:
        summary = index.data(SUMMARY_ROLE)
        if isinstance(summary, CaseSummary):
            self.openRequested.emit(summary.path)

    def _open_from_search(self) -> None:
        """Return in the search opens the only match, or the selected one if it is shown."""
        if self.model.rowCount() == 1:
            self.view.table.selectRow(0)
        self._open_selected()

    def _enter_list(self) -> None:
        table = self.view.table
        if self.model.rowCount() == 0:
            return
        if not table.selectionModel().selectedRows():
            table.selectRow(0)
        table.setFocus(Qt.FocusReason.TabFocusReason)

    def _open_selected(self) -> None:
        path = self.selected_path()
        if path is not None:
            self.openRequested.emit(path)
