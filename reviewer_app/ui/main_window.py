"""The main window: the workspace page and the open case, with menus and shortcuts."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QFont,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from reviewer_app import APP_NAME
from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.convert import utc_now
from reviewer_app.casefile.seen import SeenTrails, default_folder
from reviewer_app.policy import Policy, PolicyRegistry
from reviewer_app.ui.app_settings import AppSettings, ReviewerProfile
from reviewer_app.ui.case.case_view import CaseView
from reviewer_app.ui.case.contracts import DecisionPanelLike
from reviewer_app.ui.dialogs.messages import show_about, show_info
from reviewer_app.ui.dialogs.shortcuts import ShortcutsDialog
from reviewer_app.ui.menu_actions import MenuActions
from reviewer_app.ui.security.session_identity import SessionIdentity
from reviewer_app.ui.security.session_key import SessionKey
from reviewer_app.ui.security.storage_notice import storage_notice
from reviewer_app.ui.workspace.case_opener import CaseOpener, dropped_case_files
from reviewer_app.ui.workspace.folder_memory import FolderMemory
from reviewer_app.ui.workspace.workspace_page import IndexFactory, WorkspacePage

log = logging.getLogger(__name__)

PolicyPaneFactory = Callable[[Policy], QWidget]
DecisionPanelFactory = Callable[[CaseFile, ReviewerProfile], DecisionPanelLike]
SPLITTER_KEY = "case-review"
ZOOM_STEP = 0.1


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: AppSettings,
        registry: PolicyRegistry,
        *,
        index_factory: IndexFactory,
        policy_pane_factory: PolicyPaneFactory,
        decision_panel_factory: DecisionPanelFactory | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        session: SessionKey | None = None,  # encrypts cases, locks (ui/security/guard.py)
        folders: FolderMemory | None = None,  # where the intake dialog starts
        identity: SessionIdentity | None = None,  # signs the entries made in this session
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.session = session
        self._policy_pane_factory = policy_pane_factory
        self._decision_panel_factory = decision_panel_factory
        self._clock = clock
        self._folders = folders or FolderMemory()
        self.identity = identity  # signs the entries of a rekey too (ui/security/guard.py)
        self._opener = CaseOpener(registry, self, session, SeenTrails(default_folder()), identity)
        self._base_font = QFont(self.font())
        self.case_view: CaseView | None = None
        self.title_suffix = ""  # " — TRAINING" in training mode (ui/training/mode.py)
        self.training_banner = False  # the window shows the TRAINING banner (same module)
        # Says why a case may not be shown now (a real case in training mode), or "".
        self.case_gate: Callable[[CaseFile], str] | None = None

        self.setAcceptDrops(True)
        self.workspace = WorkspacePage(index_factory, settings.workspace_folder(), clock)
        # The listing starts now, while the rest is built. Behind the lock screen only the
        # index cache is read: the unlock refreshes again, with the key, checking every file.
        self.workspace.refresh(check=session is None or not session.locked)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.workspace)
        # The window's pages sit one level down, so a lock screen can be put beside them
        # (ui/security/guard.py) without moving them: a move restyles the whole tree.
        self.pages = QStackedWidget()
        self.pages.addWidget(self.stack)
        self.setCentralWidget(self.pages)

        self.actions_ = MenuActions(self, settings)
        self._connect_actions()
        self.profile_label = QLabel()
        self.profile_label.setAccessibleName("Reviewer")
        self.statusBar().addPermanentWidget(self.profile_label)
        self._show_profile()

        self.workspace.openRequested.connect(self.open_path)
        self.workspace.importRequested.connect(self.new_case_from_intake)
        self.workspace.changeFolderRequested.connect(self.change_workspace_folder)
        if session is not None:
            session.lockedChanged.connect(lambda _locked: self._update_title())

        self._restore_window()
        self._apply_zoom()
        self._update_title()
        self._update_actions()
        self.workspace.focus_list()  # keyboard first: the case list has the focus

    # -- opening and closing cases ----------------------------------------------------------

    @property
    def case(self) -> CaseFile | None:
        return self.case_view.case if self.case_view else None

    def new_case_from_intake(self, path: Path | None = None) -> bool:
        if not isinstance(path, Path):
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                "New case from intake request",
                str(self._folders.intake_folder()),
                "Intake requests (*.json);;All files (*)",
            )
            if not chosen:
                return False
            path = Path(chosen)
            self._folders.set_intake_folder(path.parent)
        profile = self._require_profile()
        if profile is None:
            return False
        case = self._opener.create_from_intake(path, self.workspace.folder, profile.actor)
        if case is None:
            return False
        self._show_case(case)
        self.statusBar().showMessage(f"Created {case.path.name} in the workspace", 8000)
        self.workspace.refresh()
        return True

    def open_case_dialog(self) -> bool:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Open case", str(self.workspace.folder), "Case files (*.umcase)"
        )
        return self.open_path(Path(chosen)) if chosen else False

    def open_path(self, path: Path) -> bool:
        path = Path(path)
        if self.case is not None and self.case.path.absolute() == path.absolute():
            self.show_case_page()
            return True
        profile = self._require_profile()
        if profile is None:
            return False
        case = self._opener.open(path, profile.actor)
        if case is None:
            return False
        refusal = self.case_gate(case) if self.case_gate is not None else ""
        if refusal:
            case.close()
            show_info(self, "Case not opened", refusal)
            return False
        self._show_case(case)
        return True

    def close_case(self, *, refresh: bool = True) -> bool:
        view = self.case_view
        if view is None:
            return False
        view.flush()
        self.settings.set_splitter_state(SPLITTER_KEY, view.splitter.saveState())
        self.case_view = None
        self.stack.removeWidget(view)
        view.case.close()
        view.deleteLater()
        self.stack.setCurrentWidget(self.workspace)
        self._update_title()
        self._update_actions()
        if refresh:
            self.workspace.refresh()
        self.workspace.focus_list()
        return True

    def _show_case(self, case: CaseFile) -> None:
        self.close_case()
        profile = self.settings.profile()
        actor = profile.actor if profile else "unknown reviewer"
        pane = self._policy_pane_factory(case.policy)
        factory, decision = self._decision_panel_factory, None
        if factory is not None and profile is not None:
            decision = lambda: factory(case, profile)  # noqa: E731 - built on first use
        view = CaseView(
            case,
            actor,
            pane,
            decision,
            self._clock,
            parent=self.stack,
            training_banner=self.training_banner,
        )
        notice = storage_notice(case, encrypting=self.session is not None)
        if notice is not None:  # a plain real case in an encrypting session
            view.notices.addWidget(notice)
        for extra in self._opener.notices(case, lambda p: self.close_case() and self.open_path(p)):
            view.notices.addWidget(extra)
        view.setFont(self.font())  # the zoom (see _apply_zoom)
        view.statusMessage.connect(lambda text: self.statusBar().showMessage(text, 5000))
        view.caseChanged.connect(self._update_actions)
        view.decisionReady.connect(self._on_decision_ready)
        state = self.settings.splitter_state(SPLITTER_KEY)
        if state is not None:
            view.splitter.restoreState(state)
        else:
            half = max(1, self.width() // 2)
            view.splitter.setSizes([half, half])
        self.case_view = view
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.settings.add_recent(case.path)
        self._update_title()
        self._update_actions()
        first = next(iter(view.checklist.rows), None)
        if first is not None:
            view.select_criterion(first)

    # -- menu actions -------------------------------------------------------------------------

    def _connect_actions(self) -> None:
        a = self.actions_
        a.new_case.triggered.connect(lambda: self.new_case_from_intake())
        a.open.triggered.connect(self.open_case_dialog)
        a.close_case.triggered.connect(lambda: self.close_case())
        a.export_letter.triggered.connect(lambda: self._letter(export=True))
        a.print_letter.triggered.connect(lambda: self._letter(export=False))
        a.change_folder.triggered.connect(self.change_workspace_folder)
        a.profile.triggered.connect(self.edit_profile)
        a.quit.triggered.connect(self.close)
        a.find.triggered.connect(self.find_in_policy)
        a.zoom_in.triggered.connect(lambda: self.zoom(+1))
        a.zoom_out.triggered.connect(lambda: self.zoom(-1))
        a.reset_zoom.triggered.connect(lambda: self.zoom(None))
        a.show_workspace.triggered.connect(self.show_workspace_page)
        a.show_case.triggered.connect(self.show_case_page)
        a.case_details.triggered.connect(self._toggle_case_details)
        a.show_policy.triggered.connect(self._show_policy)
        a.shortcuts.triggered.connect(self.show_shortcuts)
        a.about.triggered.connect(self.show_about)
        a.recent_menu.openRequested.connect(self.open_path)

    def _on_decision_ready(self, panel: DecisionPanelLike) -> None:
        panel.letterChanged.connect(self._update_actions)
        self._update_actions()

    def _letter(self, *, export: bool) -> None:  # File ▸ Export letter… / Print letter…
        if self.case_view is not None and (panel := self.case_view.decision) is not None:
            if export:
                panel.export_letter()
            else:
                panel.print_letter()

    def change_workspace_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Choose the workspace folder", str(self.workspace.folder)
        )
        if chosen:
            self.settings.set_workspace_folder(Path(chosen))
            self.workspace.set_folder(Path(chosen))

    def edit_profile(self, *, first_run: bool = False) -> ReviewerProfile | None:
        from reviewer_app.ui.dialogs.profile_dialog import ProfileDialog

        dialog = ProfileDialog(self.settings.profile(), first_run=first_run, parent=self)
        if dialog.exec() != ProfileDialog.DialogCode.Accepted:
            return self.settings.profile()
        self.settings.set_profile(dialog.profile())
        self._show_profile()
        if self.case_view is not None:
            self.case_view.checklist.set_actor(dialog.profile().actor)
        return self.settings.profile()

    def _require_profile(self) -> ReviewerProfile | None:
        return self.settings.profile() or self.edit_profile(first_run=True)

    def find_in_policy(self) -> None:
        if self.case_view is not None:
            self.show_case_page()
            self.case_view.tabs.setCurrentIndex(0)
            self.case_view.pane.start_find()

    def zoom(self, steps: int | None) -> None:
        self.settings.set_zoom(0 if steps is None else self.settings.zoom() + steps)
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        font = QFont(self._base_font)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * (1 + ZOOM_STEP * self.settings.zoom()))
        self.setFont(font)
        if self.case_view is not None:  # style-sheet polish does not pass the font on here
            self.case_view.setFont(font)

    def show_workspace_page(self) -> None:
        self.stack.setCurrentWidget(self.workspace)
        self.workspace.focus_list()
        self._update_actions()

    def show_case_page(self) -> None:
        if self.case_view is not None:
            self.stack.setCurrentWidget(self.case_view)
            self._update_actions()

    def show_about(self) -> None:
        show_about(self)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

    def _show_policy(self) -> None:
        if self.case_view is not None:
            self.show_case_page()
            self.case_view.show_policy()

    def _toggle_case_details(self) -> None:
        if self.case_view is not None:
            self.show_case_page()
            self.case_view.header.toggle_details()

    # -- window state ---------------------------------------------------------------------

    def _update_title(self) -> None:
        case = self.case
        if self.session is not None and self.session.locked:  # no case id while locked
            self.setWindowTitle(f"{APP_NAME} — Locked")
            return
        if case is None:
            self.setWindowTitle(APP_NAME + self.title_suffix)
            return
        suffix = " (read-only)" if case.readonly else ""
        self.setWindowTitle(f"{APP_NAME} — {case.case_id}{suffix}{self.title_suffix}")

    def set_title_suffix(self, suffix: str) -> None:
        self.title_suffix = suffix
        self._update_title()

    def _update_actions(self) -> None:
        a = self.actions_
        has_case = self.case_view is not None
        for action in (a.close_case, a.find, a.show_case, a.show_policy, a.case_details):
            action.setEnabled(has_case)
        has_letter = self.case_view is not None and self.case_view.has_letter()
        a.export_letter.setEnabled(has_letter)
        a.print_letter.setEnabled(has_letter)

    def _show_profile(self) -> None:
        p = self.settings.profile()
        self.profile_label.setText(f"{p.actor} · {p.role_label}" if p else "No reviewer profile")

    def _restore_window(self) -> None:
        geometry = self.settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QApplication.primaryScreen().availableGeometry()
            self.resize(min(1440, int(screen.width() * 0.9)), min(900, int(screen.height() * 0.9)))
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_case(refresh=False)
        self.workspace.shutdown()
        self.settings.set_window_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.sync()
        event.accept()

    # -- drag and drop ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_case_files(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = dropped_case_files(event.mimeData().urls())
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        first = files[0]
        if len(files) > 1:
            self.statusBar().showMessage(f"Used {first.name}; drop one file at a time", 8000)
        if first.suffix.lower() == ".json":
            self.new_case_from_intake(first)
        else:
            self.open_path(first)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._base_font = QFont(QApplication.font())
            self._apply_zoom()
        super().changeEvent(event)
