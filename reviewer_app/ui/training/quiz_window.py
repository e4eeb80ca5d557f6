"""The quiz result: the score, every item (expected, given, correct or different) and,
for each difference, the explanation and the policy citation. Export CSV… writes every
quiz taken in this session (``results_to_csv``), atomically."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QWidget

from reviewer_app.training import QuizResult, results_to_csv
from reviewer_app.ui.decision.letter_output import write_atomically
from reviewer_app.ui.dialogs.messages import Problem, show_problem
from reviewer_app.ui.training.quiz_view import QuizResultView

log = logging.getLogger(__name__)


class QuizResultWindow(QuizResultView):
    def __init__(
        self,
        result: QuizResult,
        title: str,
        session_results: Callable[[], list[QuizResult]],
        *,
        export_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle(f"Quiz result — {result.trainee} — {result.case_id}")
        self.setAccessibleName("Quiz result")
        self.result = result
        self._session_results = session_results
        self._export_folder = export_folder or Path.home()
        self.export_button.clicked.connect(self.export_csv)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.show_result(result, title)
        self.resize(self.fontMetrics().horizontalAdvance("M") * 64, 640)

    def export_csv(self) -> bool:
        results = self._session_results()
        stamp = dt.date.today().isoformat()
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Export quiz results",
            str(self._export_folder / f"quiz-results-{stamp}.csv"),
            "CSV files (*.csv)",
        )
        if not chosen:
            return False
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(".csv")
        try:
            # with a BOM, so a spreadsheet opened by double-click reads the quotes as UTF-8
            write_atomically(path, results_to_csv(results).encode("utf-8-sig"))
        except OSError as exc:
            log.warning("quiz results not exported (%s)", exc.__class__.__name__)
            show_problem(
                self,
                Problem(
                    "The quiz results were not exported",
                    f"{path.name} could not be written ({exc.strerror or exc}).",
                    "Choose another folder and try again.",
                ),
            )
            return False
        self._export_folder = path.parent
        noun = "quiz" if len(results) == 1 else "quizzes"
        self.status.setText(f"Exported {len(results)} {noun} to {path.name}.")
        return True
