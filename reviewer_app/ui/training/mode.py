"""Training mode: the window shows a separate demo workspace under a TRAINING banner.

Training ▸ Open training workspace makes the demo workspace on first use
(``create_demo_workspace``) and shows it instead of the reviewer's own folder, which is
left as it is in the settings; Return to my workspace shows that folder again. Reset
training workspace… puts every demo case back as imported. The guided walkthrough and
the quiz start from here; both switch training mode on.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from reviewer_app import training  # its names load on first use
from reviewer_app.policy import PolicyRegistry
from reviewer_app.policy.models import SourceRef
from reviewer_app.ui.case.case_view import REVIEW_TAB
from reviewer_app.ui.dialogs.messages import Problem, ask_yes_no, show_problem
from reviewer_app.ui.training.banner import TrainingBannerBar
from reviewer_app.ui.training.settings import TrainingSettings

if TYPE_CHECKING:  # the quiz, walkthrough and library code loads when first used
    from reviewer_app.casefile import CaseFile
    from reviewer_app.training import DemoLibrary, WalkthroughStep
    from reviewer_app.ui.main_window import MainWindow
    from reviewer_app.ui.training.quiz_session import QuizSession
    from reviewer_app.ui.training.walkthrough_window import WalkthroughWindow

log = logging.getLogger(__name__)

TITLE_SUFFIX = " — TRAINING"


class TrainingMode(QObject):
    """``changed(bool)`` when training mode is switched on or off."""

    changed = Signal(bool)

    def __init__(
        self,
        window: MainWindow,
        registry: PolicyRegistry,
        settings: TrainingSettings,
        library_folder: Path | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._registry = registry
        self._settings = settings
        self._library_folder = library_folder
        self._library: DemoLibrary | None = None
        self.active = False
        self.walkthrough: WalkthroughWindow | None = None

        self.bar = TrainingBannerBar(window)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        self.bar.hide()
        self._quiz: QuizSession | None = None

        window.case_gate = self._gate
        a = window.actions_.training
        a.open_training.triggered.connect(self.enter)
        a.leave_training.triggered.connect(self.leave)
        a.reset_training.triggered.connect(self.reset)
        a.walkthrough.triggered.connect(self.choose_walkthrough)
        a.quiz.triggered.connect(self.choose_quiz)
        self._update_actions()

    @property
    def quiz(self) -> QuizSession:
        """The quiz (its bar, picker and result window), made on first use."""
        if self._quiz is None:
            from reviewer_app.ui.training.quiz_session import QuizSession

            settings = self._settings
            self._quiz = QuizSession(
                self._window, self._registry, self.library, settings.quiz_root, self
            )
        return self._quiz

    @property
    def folder(self) -> Path:
        return self._settings.folder()

    def library(self) -> DemoLibrary:
        if self._library is None:
            self._library = training.load_library(self._registry, self._library_folder)
        return self._library

    # -- on and off --------------------------------------------------------------------------

    def enter(self) -> bool:
        """Show the training workspace (made on first use) under the TRAINING banner."""
        from reviewer_app.letters.identity import IdentityError  # the training identity's

        folder = self.folder
        try:
            training.create_demo_workspace(
                folder, self._registry, library_folder=self._library_folder
            )
        except (training.WorkspaceError, training.LibraryError, IdentityError, OSError) as exc:
            log.warning("training workspace not made (%s)", exc.__class__.__name__)
            show_problem(
                self._window,
                Problem(
                    "The training workspace could not be opened",
                    f"{exc}.",
                    "Nothing in your own workspace was changed.",
                ),
            )
            return False
        self._settings.set_folder(folder)
        if self.active:
            self._window.workspace.refresh()
            return True
        w = self._window
        w.close_case(refresh=False)
        w.workspace.set_folder(folder)
        self.active = True
        self._show_mode()
        w.show_workspace_page()
        w.statusBar().showMessage("Training mode: synthetic demo cases only", 8000)
        return True

    def leave(self) -> bool:
        """Back to the reviewer's own workspace; training windows and cases are closed."""
        if not self.active:
            return False
        if self.walkthrough is not None:
            self.walkthrough.close()
        if self._quiz is not None:
            self._quiz.abandon()
        w = self._window
        case = w.case
        if case is not None and case.header.training:
            w.close_case(refresh=False)
        w.workspace.set_folder(w.settings.workspace_folder())
        self.active = False
        self._show_mode()
        w.show_workspace_page()
        return True

    def reset(self) -> bool:
        """Put every demo case back as first imported (after a confirmation)."""
        folder = self.folder
        if not ask_yes_no(
            self._window,
            "Reset the training workspace",
            f"Put all demo cases in {folder} back as they were first imported? Answers, "
            "decisions and letters made in them are deleted. Your own workspace is not "
            "touched.",
        ):
            return False
        w = self._window
        case = w.case
        if case is not None and case.path.parent.absolute() == folder.absolute():
            if self.walkthrough is not None:
                self.walkthrough.close()
            w.close_case(refresh=False)
        from reviewer_app.letters.identity import IdentityError  # the training identity's

        try:
            training.reset_demo_workspace(
                folder, self._registry, library_folder=self._library_folder
            )
        except (training.WorkspaceError, training.LibraryError, IdentityError, OSError) as exc:
            log.warning("training workspace not reset (%s)", exc.__class__.__name__)
            show_problem(
                w, Problem("The training workspace was not reset", f"{exc}.", "Try again.")
            )
            return False
        if self.active:
            w.workspace.refresh()
        w.statusBar().showMessage("The training workspace was reset", 8000)
        return True

    def _gate(self, case: CaseFile) -> str:
        """In training mode only training cases show: no real member on a projector."""
        if self.active and not case.header.training:
            return (
                "Training mode shows training cases only, so that no real member data "
                "appears in a classroom. Return to your workspace (Training menu) to open it."
            )
        return ""

    def _show_mode(self) -> None:
        w = self._window
        self.bar.setVisible(self.active)
        w.training_banner = self.active  # a training case's own TRAINING notice steps aside
        w.set_title_suffix(TITLE_SUFFIX if self.active else "")
        # The training workspace is not the reviewer's folder: never save it as theirs.
        w.actions_.change_folder.setEnabled(not self.active)
        w.workspace.view.change_folder_button.setEnabled(not self.active)
        self._update_actions()
        self.changed.emit(self.active)

    def _update_actions(self) -> None:
        a = self._window.actions_.training
        a.open_training.setEnabled(not self.active)
        a.leave_training.setEnabled(self.active)
        for action in (a.reset_training, a.walkthrough, a.quiz):
            action.setEnabled(True)

    # -- walkthrough and quiz ------------------------------------------------------------

    def choose_walkthrough(self) -> WalkthroughWindow | None:
        try:
            library = self.library()
        except training.LibraryError as exc:
            show_problem(self._window, Problem("No demo cases", f"{exc}.", "Reinstall the app."))
            return None
        from reviewer_app.ui.training.pickers import WalkthroughPicker

        dialog = WalkthroughPicker(library, self._window)
        if dialog.exec() != WalkthroughPicker.DialogCode.Accepted:
            return None
        case_id = dialog.case_id()
        return self.open_walkthrough(case_id) if case_id else None

    def open_walkthrough(self, case_id: str) -> WalkthroughWindow | None:
        """Open the training copy of ``case_id`` and the walkthrough window beside it."""
        demo = self.library().case(case_id)
        try:
            walkthrough = training.walkthrough_for(demo)
        except training.WalkthroughError as exc:
            show_problem(self._window, Problem("No walkthrough", f"{exc}.", "Choose another."))
            return None
        if not self.enter():
            return None
        if self.walkthrough is not None:
            self.walkthrough.close()
        if self._quiz is not None:
            self._quiz.abandon()
        if not self._window.open_path(self.folder / f"{case_id}.umcase"):
            return None
        from reviewer_app.ui.training.walkthrough_window import WalkthroughWindow

        window = WalkthroughWindow(
            demo, walkthrough, lambda step: self._show_in_case(case_id, step), self._window
        )
        window.closed.connect(lambda w=window: self._walkthrough_closed(w))
        self.walkthrough = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _walkthrough_closed(self, window: WalkthroughWindow) -> None:
        if self.walkthrough is window:
            self.walkthrough = None

    def _show_in_case(self, case_id: str, step: WalkthroughStep) -> None:
        view = self._window.case_view
        if view is None or view.case.case_id != case_id:
            return  # the trainer closed the case: the walkthrough still reads on
        if step.criterion is not None and step.criterion in view.checklist.rows:
            view.select_criterion(step.criterion)
        view.tabs.setCurrentIndex(REVIEW_TAB)
        # The step's own sentence, which may differ from the criterion's sources.
        view.pane.show_sources([SourceRef(anchor=step.anchor, quote=step.quote)])

    def choose_quiz(self) -> bool:
        try:
            chosen = self.quiz.choose()
        except training.LibraryError as exc:
            show_problem(self._window, Problem("No demo cases", f"{exc}.", "Reinstall the app."))
            return False
        return chosen is not None and self.begin_quiz(*chosen)

    def begin_quiz(self, trainee: str, case_id: str) -> bool:
        if not self.enter():
            return False
        if self.walkthrough is not None:
            self.walkthrough.close()  # the quiz is taken alone, without the narration
        return self.quiz.begin(trainee, case_id)
