"""A quiz: a trainee reviews a fresh copy of a demo case alone, chooses a decision and
finishes; the result is scored against the answer key (``score_quiz``).

The fresh copy is imported from the library's intake into a folder of its own under the
quiz root, so the shared training case stays as it is. The quiz bar sits over the case
view; every result of this session is kept for Export CSV….
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.importer import import_intake
from reviewer_app.policy import PolicyRegistry
from reviewer_app.review.answers import Answer
from reviewer_app.training import DemoCase, DemoLibrary, QuizError, QuizResult, score_quiz
from reviewer_app.training.quiz import TraineeAnswer
from reviewer_app.ui.case.case_view import REVIEW_TAB
from reviewer_app.ui.dialogs.messages import Problem, show_problem
from reviewer_app.ui.training.pickers import QuizPicker, blind_title, case_title
from reviewer_app.ui.training.quiz_bar import QuizBar
from reviewer_app.ui.training.quiz_window import QuizResultWindow

if TYPE_CHECKING:
    from reviewer_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ActiveQuiz:
    trainee: str
    case: DemoCase
    path: Path


def trainee_answers(case: DemoCase, answers: Mapping[str, Answer]) -> dict[str, TraineeAnswer]:
    """The checklist as ``score_quiz`` takes it: the reply, or the number of a number
    criterion (the chimerism percentage); None where nothing was answered."""
    out: dict[str, TraineeAnswer] = {}
    for node in case.leaves():
        answer = answers.get(node.id)
        if answer is None:
            out[node.id] = None
        else:
            out[node.id] = answer.number if node.input == "number" else answer.reply
    return out


class QuizSession(QObject):
    """``finished(QuizResult)`` after a quiz is scored."""

    finished = Signal(object)

    def __init__(
        self,
        window: MainWindow,
        registry: PolicyRegistry,
        library: Callable[[], DemoLibrary],
        quiz_root: Callable[[], Path],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._registry = registry
        self._library = library
        self._quiz_root = quiz_root
        self.results: list[QuizResult] = []
        self.active: ActiveQuiz | None = None
        self.result_windows: list[QuizResultWindow] = []
        self._last_trainee = ""

        self.bar = QuizBar(window)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        self.bar.hide()
        self.bar.finish_button.clicked.connect(self.finish)
        self.bar.cancel_button.clicked.connect(self.abandon)

    # -- starting ----------------------------------------------------------------------------

    def choose(self) -> tuple[str, str] | None:
        """Ask for the trainee's name and the demo case: (trainee, case id)."""
        dialog = QuizPicker(self._library(), self._last_trainee, self._window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        case_id = dialog.case_id()
        return (dialog.trainee(), case_id) if case_id else None

    def begin(self, trainee: str, case_id: str) -> bool:
        """Import a fresh copy of the demo case and open it with the quiz bar over it."""
        from reviewer_app.letters.identity import IdentityError
        from reviewer_app.training.identity import training_signer

        case = self._library().case(case_id)
        root = self._quiz_root()
        try:
            root.mkdir(parents=True, exist_ok=True)
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            folder = Path(tempfile.mkdtemp(prefix=f"{case_id}-{stamp}-", dir=root))
            path = folder / f"{case_id}.umcase"
            signer = training_signer()  # a training case: the training identity signs
            import_intake(
                case.intake, path, self._registry, signer.actor, training=True, signer=signer
            ).close()
        except (OSError, ValueError, IdentityError) as exc:
            log.warning("quiz copy not made (%s)", exc.__class__.__name__)
            show_problem(
                self._window,
                Problem(
                    "The quiz could not start",
                    f"A fresh copy of {case_id} could not be made in {root} ({exc}).",
                    "Check that the folder can be written to, then try again.",
                ),
            )
            return False
        if not self._window.open_path(path):
            return False
        self.active = ActiveQuiz(trainee, case, path)
        self._last_trainee = trainee
        self.bar.about.setText(
            f"Quiz · {trainee} · {blind_title(case)} — review the case alone, choose your "
            "decision, then finish."
        )
        self.bar.decision.setCurrentIndex(0)
        self.bar.show()
        view = self._window.case_view
        if view is not None:
            view.tabs.setCurrentIndex(REVIEW_TAB)
        return True

    # -- finishing ---------------------------------------------------------------------------

    def finish(self) -> QuizResultWindow | None:
        quiz = self.active
        if quiz is None:
            return None
        decision = self.bar.chosen()
        if decision is None:
            show_problem(
                self._window,
                Problem(
                    "Choose your decision first",
                    "The quiz scores your decision as well as your checklist.",
                    "Choose it in the quiz bar (Alt+Q), then finish the quiz.",
                ),
            )
            self.bar.decision.setFocus()
            return None
        try:
            given = self._answers(quiz.path)
            unconfirmed = [a for a in given.values() if a.unconfirmed]
            if unconfirmed:  # as in a review: no decision on answers nobody checked
                noun = (
                    "answer from the intake is"
                    if len(unconfirmed) == 1
                    else "answers from the intake are"
                )
                show_problem(
                    self._window,
                    Problem(
                        "Check the answers from the intake first",
                        f"{len(unconfirmed)} {noun} not confirmed yet. A review "
                        "confirms or changes each one before a decision, and so does the "
                        "quiz.",
                        "Confirm or change them in the checklist (Alt+A confirms them "
                        "all), then finish the quiz.",
                    ),
                )
                return None
            answers = trainee_answers(quiz.case, given)
            result = score_quiz(quiz.case, answers, decision, trainee=quiz.trainee)
        except (QuizError, OSError, ValueError) as exc:
            log.warning("quiz not scored (%s)", exc.__class__.__name__)
            show_problem(
                self._window,
                Problem("The quiz could not be scored", f"{exc}.", "Check the answers."),
            )
            return None
        self.results.append(result)
        self._end()
        window = QuizResultWindow(
            result,
            case_title(quiz.case),
            lambda: list(self.results),
            parent=self._window,
        )
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        window.destroyed.connect(lambda _=None, w=window: self._forget(w))
        self.result_windows.append(window)
        window.show()
        window.raise_()
        window.activateWindow()
        self.finished.emit(result)
        return window

    def abandon(self) -> None:
        self._end()

    def _end(self) -> None:
        self.active = None
        self.bar.hide()

    def _forget(self, window: QuizResultWindow) -> None:
        if window in self.result_windows:
            self.result_windows.remove(window)

    def _answers(self, path: Path) -> dict[str, Answer]:
        view = self._window.case_view
        if view is not None and view.case.path.absolute() == path.absolute():
            view.flush()  # a note or a number still being typed counts
            return view.case.answers()
        with CaseFile.open(path, self._registry, readonly=True) as case:
            return case.answers()
