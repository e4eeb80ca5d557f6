"""The quiz picker and the quiz bar show only what a reviewer knows before reviewing: the
service, the member and when the request came in, never the case's title or summary (which
name the outcome). Issue 22, item 1."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel

from reviewer_app.training import load_library
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.training.mode import TrainingMode
from reviewer_app.ui.training.pickers import QuizPicker, WalkthroughPicker

# Words of the library's titles and summaries that give an outcome away.
GIVEAWAYS = ("met", "den", "pend", "autologous", "relapse", "refractory", "persistent")


def texts(dialog: QuizPicker) -> list[str]:
    items = [dialog.cases.item(r) for r in range(dialog.cases.count())]
    return (
        [i.text() for i in items]
        + [i.toolTip() for i in items]
        + [label.text() for label in dialog.findChildren(QLabel)]
    )


def test_the_quiz_picker_shows_service_member_and_received_only(qtbot: Any, registry: Any) -> None:
    library = load_library(registry)
    dialog = QuizPicker(library, "Sam Trainee")
    qtbot.addWidget(dialog)
    dialog.show()
    shown = texts(dialog)
    for case in library:
        assert not any(case.summary in t or case.title in t for t in shown), case.case_id
    items = [dialog.cases.item(r).text() for r in range(dialog.cases.count())]
    for case, text in zip(library, items, strict=True):
        assert case.case_id in text and case.intake.member.name in text
        assert case.criteria.service_label in text
        assert case.intake.received_at.strftime("%d %b %Y") in text
        assert not any(word in text.lower() for word in GIVEAWAYS), text
    assert "no answer key is shown" not in " ".join(shown)

    # The walkthrough teaches the case: its picker keeps the title and summary.
    walkthrough = WalkthroughPicker(library)
    qtbot.addWidget(walkthrough)
    first = library.cases[0]
    assert walkthrough.cases.item(0).text() == f"{first.case_id} — {first.title}\n{first.summary}"


def test_the_quiz_bar_does_not_name_the_outcome(
    training: Callable[..., tuple[MainWindow, TrainingMode]],
    registry: Any,
) -> None:
    _window, mode = training()
    assert mode.enter()
    case = load_library(registry).case("DEMO-0005")  # "DLI after an autologous transplant"
    assert mode.quiz.begin("Sam Trainee", case.case_id)
    about = mode.quiz.bar.about.text()
    assert case.title not in about and "autologous" not in about.lower()
    assert case.intake.member.name in about and "Sam Trainee" in about
