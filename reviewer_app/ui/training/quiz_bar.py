"""The quiz bar over the case view while a trainee takes a quiz: who, which case, the
decision they choose, and Finish quiz. Behaviour lives in :mod:`.quiz_session`."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSizePolicy, QToolBar, QWidget

from reviewer_app.decisions.rules import DECISION_LABELS, Decision
from reviewer_app.ui.case.styling import make_bold

CHOOSE = "Choose…"


class QuizBar(QToolBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Quiz", parent)
        self.setObjectName("quizBar")
        self.setProperty("training", "quiz-bar")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)

        self.about = QLabel()
        self.about.setAccessibleName("Quiz")
        self.about.setWordWrap(True)
        self.about.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        make_bold(self.about)
        self.decision = QComboBox()
        self.decision.setAccessibleName("Quiz decision")
        self.decision.addItem(CHOOSE, "")
        for decision in Decision:
            self.decision.addItem(DECISION_LABELS[decision], decision.value)
        decision_label = QLabel(" &Quiz decision: ")
        decision_label.setBuddy(self.decision)
        self.finish_button = QPushButton("Finish qui&z")
        self.finish_button.setAccessibleName("Finish quiz")
        self.finish_button.setToolTip("Score your checklist and decision against the answer key")
        self.cancel_button = QPushButton("Abandon quiz")
        self.cancel_button.setAccessibleName("Abandon quiz")
        self.cancel_button.setToolTip("Stop without a score (the quiz copy stays on disk)")
        for widget in (
            self.about,
            decision_label,
            self.decision,
            self.finish_button,
            self.cancel_button,
        ):
            self.addWidget(widget)

    def chosen(self) -> Decision | None:
        value = self.decision.currentData()
        return Decision(value) if value else None
