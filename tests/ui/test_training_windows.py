"""The training windows, driven by keys and clicks: the guided walkthrough and its presenter
view, a quiz scored on a fresh copy and exported, and every training window named and
reachable by keyboard."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid
from window_helpers import LEFT

from reviewer_app.casefile import CaseFile
from reviewer_app.decisions.rules import Decision
from reviewer_app.review.answers import Reply
from reviewer_app.training import load_library, score_quiz, walkthrough_for
from reviewer_app.training.quiz import CSV_COLUMNS
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.training.banner import BANNER_NAME, BANNER_TEXT
from reviewer_app.ui.training.demo_sign import DemoSignDialog
from reviewer_app.ui.training.mode import TrainingMode
from reviewer_app.ui.training.pickers import QuizPicker
from reviewer_app.ui.training.presenter_view import NARRATIVE_PT, PresenterView
from reviewer_app.ui.training.quiz_session import trainee_answers
from reviewer_app.ui.training.walkthrough_view import StepShown
from reviewer_app.ui.training.walkthrough_window import WalkthroughWindow

K = Qt.Key


def activate(qtbot: Any, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- the guided walkthrough and the presenter view -----------------------------------------


def test_walkthrough_keys_step_through_the_case_and_the_presenter_view(
    qtbot: Any, training: Callable[..., tuple[MainWindow, TrainingMode]], registry: Any
) -> None:
    window, mode = training()
    script = walkthrough_for(load_library(registry).case("DEMO-0008"))
    steps, last = script.steps, len(script) - 1
    wt = mode.open_walkthrough("DEMO-0008")
    assert isinstance(wt, WalkthroughWindow) and mode.active
    assert window.case is not None and window.case.case_id == "DEMO-0008"
    view = window.case_view
    assert view is not None
    activate(qtbot, wt)

    def showing(i: int) -> None:
        assert wt.walkthrough.index == i
        assert wt.progress.text() == f"Step {i + 1} of {len(steps)}"
        assert wt.narrative.text() == steps[i].narrative
        assert view.policy_pane.highlighted_text() == steps[i].quote  # type: ignore[attr-defined]
        if steps[i].criterion:
            assert view.checklist.selected_id == steps[i].criterion

    showing(0)
    assert wt.banner.text() == BANNER_TEXT
    qtbot.keyClick(wt, K.Key_PageDown)
    showing(1)
    qtbot.keyClick(wt, K.Key_PageDown)
    showing(2)
    qtbot.keyClick(wt, K.Key_PageUp)
    showing(1)
    wt.next_button.setFocus()  # Space steps on even with a button focused
    qtbot.keyClick(wt.next_button, K.Key_Space)
    showing(2)
    qtbot.keyClick(wt, K.Key_Backspace)
    qtbot.keyClick(wt, K.Key_Left)
    showing(0)
    qtbot.keyClick(wt, K.Key_Right)
    showing(1)
    qtbot.keyClick(wt, K.Key_End)
    showing(last)
    assert not wt.next_button.isEnabled()
    qtbot.keyClick(wt, K.Key_PageDown)  # stays on the last step
    showing(last)
    qtbot.keyClick(wt, K.Key_Home)
    showing(0)
    assert not wt.previous_button.isEnabled()

    qtbot.keyClick(wt, K.Key_F5)
    presenter = wt.presenter
    assert presenter is not None and presenter.isVisible()
    activate(qtbot, presenter)
    screen = presenter.screen().availableGeometry()  # 800x800 offscreen: smaller than 1440x900
    assert presenter.height() <= screen.height()
    assert presenter.width() <= max(screen.width(), presenter.minimumSizeHint().width())
    presenter.resize(1440, 900)  # the size the type is designed for
    qtbot.waitUntil(lambda: presenter.size() == QSize(1440, 900))
    assert presenter.narrative.font().pointSizeF() >= 28
    assert presenter.step_title.font().pointSizeF() >= 36
    assert presenter.quote.font().pointSizeF() >= 28
    assert presenter.narrative.text() == steps[0].narrative
    assert presenter.progress.text() == f"Step 1 of {len(steps)}"
    assert presenter.quote.text() == f"“{steps[0].quote}”"
    assert presenter.banner.text() == BANNER_TEXT
    qtbot.keyClick(presenter, K.Key_PageDown)
    showing(1)
    assert presenter.narrative.text() == steps[1].narrative
    presenter.resize(2560, 1600)  # a bigger projector: bigger type
    assert presenter.narrative.font().pointSizeF() > 40
    qtbot.mouseClick(presenter.contrast_button, LEFT)
    assert presenter.contrast == "light"
    qtbot.keyClick(presenter, K.Key_Escape)
    qtbot.waitUntil(lambda: wt.presenter is None)
    activate(qtbot, wt)
    qtbot.keyClick(wt, K.Key_Escape)
    qtbot.waitUntil(lambda: mode.walkthrough is None)
    assert not isValid(wt) or not wt.isVisible()


# -- the quiz -------------------------------------------------------------------------------


def test_presenter_type_shrinks_until_a_long_step_fits_a_small_window(
    qtbot: Any, registry: Any
) -> None:
    steps = [s for case in load_library(registry).cases for s in walkthrough_for(case).steps]
    longest = max(steps, key=lambda s: len(s.title) + len(s.narrative) + len(s.quote))
    presenter = PresenterView()
    qtbot.addWidget(presenter)
    presenter.show()
    qtbot.waitExposed(presenter)
    texts = (presenter.step_title, presenter.narrative, presenter.quote, presenter.source)

    def shown_whole(width: int, height: int) -> bool:
        """The window at this size, and every text of the step laid out uncut, above the
        buttons."""
        buttons_top = presenter.next_button.mapTo(presenter, QPoint(0, 0)).y()
        return presenter.size() == QSize(width, height) and all(
            label.height() >= label.heightForWidth(label.width())
            and label.mapTo(presenter, QPoint(0, label.height())).y() <= buttons_top
            for label in texts
        )

    def show_at(width: int, height: int) -> float:
        presenter.resize(width, height)
        qtbot.waitUntil(lambda: presenter.size() == QSize(width, height))
        presenter.show_step(
            StepShown(
                "DEMO-0008 · DLI",
                "Step 2 of 4",
                longest.title,
                longest.narrative,
                longest.quote,
                "Coverage Policy 0261 — Overview",
                False,
                False,
            )
        )
        qtbot.waitUntil(lambda: shown_whole(width, height))
        return presenter.narrative.font().pointSizeF()

    assert show_at(1440, 900) == NARRATIVE_PT  # it fits: the full size
    small = show_at(1024, 640)  # a projector's resolution, the longest step
    assert 12 <= small < NARRATIVE_PT
    assert show_at(1440, 900) == NARRATIVE_PT  # back to full size with room again


def test_a_quiz_scores_a_fresh_copy_and_exports_the_session(
    qtbot: Any,
    training: Callable[..., tuple[MainWindow, TrainingMode]],
    registry: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, mode = training()
    assert mode.enter()
    shared = mode.folder / "DEMO-0001.umcase"
    before = digest(shared)

    def pick(dialog: QuizPicker) -> int:
        dialog.show()
        qtbot.keyClicks(dialog.name_edit, "Sam Trainee")
        dialog.cases.select_case("DEMO-0001")
        qtbot.mouseClick(dialog.ok_button, LEFT)
        return dialog.result()

    monkeypatch.setattr(QuizPicker, "exec", pick)
    window.actions_.training.quiz.trigger()
    quiz = mode.quiz.active
    assert quiz is not None and quiz.trainee == "Sam Trainee"
    assert quiz.path.parent.parent == tmp_path / "training-data" / "training-quizzes"
    assert window.case is not None and window.case.path == quiz.path
    assert mode.quiz.bar.isVisible() and mode.bar.isVisible()

    # One criterion answered against the key, with the real checklist button.
    view = window.case_view
    assert view is not None
    wrong = view.checklist.rows["dli.same_donor"].reply_buttons[Reply.NO]
    view.checklist.scroll_area.ensureWidgetVisible(wrong)
    qtbot.mouseClick(wrong, LEFT)
    combo = mode.quiz.bar.decision
    activate(qtbot, window)
    qtbot.keyClick(window, K.Key_Q, Qt.KeyboardModifier.AltModifier)  # &Quiz decision:
    assert QApplication.focusWidget() is combo
    qtbot.keyClick(combo, K.Key_Down)
    assert combo.currentData() == Decision.APPROVE.value
    # Not scored while answers taken from the intake are unchecked, as a decision is not.
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, *_a: warned.append(title))
    qtbot.mouseClick(mode.quiz.bar.finish_button, LEFT)
    assert warned == ["Check the answers from the intake first"] and mode.quiz.active
    qtbot.mouseClick(view.checklist.confirm_all, LEFT)
    qtbot.mouseClick(mode.quiz.bar.finish_button, LEFT)

    assert mode.quiz.active is None and not mode.quiz.bar.isVisible()
    result_window = mode.quiz.result_windows[-1]
    demo = load_library(registry).case("DEMO-0001")
    with CaseFile.open(quiz.path, registry, readonly=True) as case:
        expected = score_quiz(
            demo, trainee_answers(demo, case.answers()), "approve", trainee="Sam Trainee"
        )
    assert result_window.score.text() == expected.score_text()
    assert [i.item for i in expected.different] == ["dli.same_donor"]
    assert result_window.banner.text() == BANNER_TEXT
    model = result_window.model
    results = {model.item(r).item: model.index(r, 3).data() for r in range(model.rowCount())}
    assert results["dli.same_donor"] == "✗ Different" and results["decision"] == "✓ Correct"
    item = expected.different[0]
    text = result_window.differences.toPlainText()
    assert item.citation.quote in text and item.citation.section_title in text
    assert item.explanation in text

    out = tmp_path / "exports" / "results.csv"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(result_window.export_button, LEFT)
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + expected.total + 1  # header, the items, the total
    assert rows[-1][2:5] == ["total", str(expected.total), str(expected.correct)]
    assert [p.name for p in out.parent.iterdir()] == ["results.csv"]  # no temp file left
    assert digest(shared) == before  # the shared training case was never touched


# -- keyboard and accessibility -------------------------------------------------------------


def unreachable(root: QWidget) -> list[str]:
    """Visible controls without an accessible name, or that the keyboard cannot reach."""
    controls: list[QWidget] = []
    for kind in (QAbstractButton, QComboBox, QLineEdit, QAbstractItemView, QTextEdit):
        controls += root.findChildren(kind)  # type: ignore[arg-type]
    return [
        f"{type(w).__name__}:{w.accessibleName() or w.objectName()}"
        for w in controls
        if w.isVisibleTo(root)
        and not isinstance(w, QHeaderView)  # a table's header: not a tab stop of its own
        and (not w.accessibleName() or not w.focusPolicy() & Qt.FocusPolicy.TabFocus)
    ]


def test_training_windows_are_named_and_reachable_by_keyboard(
    qtbot: Any,
    training: Callable[..., tuple[MainWindow, TrainingMode]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, mode = training()
    wt = mode.open_walkthrough("DEMO-0011")
    assert wt is not None
    presenter = wt.open_presenter()
    assert unreachable(wt) == [] and unreachable(presenter) == []
    assert presenter.banner.accessibleName() == BANNER_NAME
    wt.close()

    seen: list[list[str]] = []

    def check(dialog: QuizPicker) -> int:
        dialog.show()
        seen.append(unreachable(dialog))
        assert not dialog.ok_button.isEnabled()  # a trainee's name first
        qtbot.keyClicks(dialog.name_edit, "Kim Trainee")
        assert dialog.ok_button.isEnabled()
        qtbot.keyClick(dialog.cases, K.Key_Down)
        assert dialog.case_id() == "DEMO-0002"
        qtbot.keyClick(dialog.cases, K.Key_Return)  # activating an item starts the quiz
        return dialog.result()

    monkeypatch.setattr(QuizPicker, "exec", check)
    assert mode.choose_quiz()
    assert seen == [[]]
    assert mode.quiz.active is not None and mode.quiz.active.case.case_id == "DEMO-0002"
    assert unreachable(mode.quiz.bar) == []
    assert mode.quiz.begin("Kim Trainee", "DEMO-0002")  # a second quiz replaces the first
    bar = mode.quiz.bar
    bar.decision.setCurrentIndex(bar.decision.findData(Decision.PEND.value))
    assert window.case_view is not None
    window.case_view.checklist.confirm_all.click()  # the answers from the intake, checked
    result = mode.quiz.finish()
    assert result is not None and unreachable(result) == []
    assert result.table.model().rowCount() == len(mode.quiz.results[-1].items)

    dialog = DemoSignDialog("Approve — for case DEMO-0001.")
    qtbot.addWidget(dialog)
    dialog.show()
    assert unreachable(dialog) == []
    assert dialog.findChild(QWidget, "trainingBanner") is not None
    assert dialog.focusWidget() is dialog.demo_button  # Enter signs with the demo identity
