"""Training mode, the guided walkthrough, the presenter view, quizzes and demo signing,
driven as a trainer drives them: menus, keys and clicks."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile import determinations as store
from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.trust import TrustStore, load_organization
from reviewer_app.letters.verify import verify_letter
from reviewer_app.review.answers import Reply
from reviewer_app.training import (
    create_demo_workspace,
    demo_identity,
    is_demo_workspace,
    load_library,
    score_quiz,
    walkthrough_for,
)
from reviewer_app.training.quiz import CSV_COLUMNS
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.decision.sign_dialog import SignDialog
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.training.banner import BANNER_NAME, BANNER_TEXT
from reviewer_app.ui.training.demo_sign import DemoSignDialog
from reviewer_app.ui.training.mode import TrainingMode
from reviewer_app.ui.training.pickers import QuizPicker
from reviewer_app.ui.training.quiz_session import trainee_answers
from reviewer_app.ui.training.settings import TrainingSettings
from reviewer_app.ui.training.walkthrough_window import WalkthroughWindow

LEFT = Qt.MouseButton.LeftButton
K = Qt.Key
NURSE = ReviewerProfile("Nora Nurse", "RN", "nurse_reviewer")


@pytest.fixture
def training(
    make_window: Callable[..., MainWindow], registry: Any, tmp_path: Path
) -> Callable[..., tuple[MainWindow, TrainingMode]]:
    """A window with training mode wired as run.py wires it; data under tmp_path."""

    def make(**kwargs: Any) -> tuple[MainWindow, TrainingMode]:
        window = make_window(**kwargs)
        store_ = QSettings(str(tmp_path / "training.ini"), QSettings.Format.IniFormat)
        settings = TrainingSettings(store_, root=tmp_path / "training-data")
        return window, TrainingMode(window, registry, settings)

    return make


def activate(qtbot: Any, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- training mode ------------------------------------------------------------------------


def test_training_mode_switches_workspace_banner_and_title_and_back(
    qtbot: Any,
    training: Callable[..., tuple[MainWindow, TrainingMode]],
    workspace: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, mode = training()
    actions = window.actions_.training
    assert not mode.bar.isVisible() and not actions.leave_training.isEnabled()

    actions.open_training.trigger()
    folder = tmp_path / "training-data" / "training"
    assert mode.active and is_demo_workspace(folder)
    assert len(list(folder.glob("*.umcase"))) == 14
    assert window.workspace.folder == folder
    qtbot.waitUntil(lambda: window.workspace.model.rowCount() == 14)
    assert mode.bar.isVisible() and mode.bar.banner.text() == BANNER_TEXT
    assert mode.bar.banner.accessibleName() == BANNER_NAME
    assert mode.bar.geometry().bottom() < window.centralWidget().geometry().top()
    assert window.windowTitle() == "Reviewer Workstation — TRAINING"
    assert not window.actions_.change_folder.isEnabled()  # never saved as the real folder

    # A training case changed, then the workspace reset: the change is gone.
    path = folder / "DEMO-0001.umcase"
    with CaseFile.open(path, window._opener._registry) as case:
        fresh = case.answers()
    assert window.open_path(path)
    assert window.windowTitle() == "Reviewer Workstation — DEMO-0001 — TRAINING"
    assert window.case_view is not None
    flip = window.case_view.checklist.rows["dli.same_donor"].reply_buttons[Reply.NO]
    window.case_view.checklist.scroll_area.ensureWidgetVisible(flip)
    qtbot.mouseClick(flip, LEFT)
    assert window.case is not None and window.case.answers()["dli.same_donor"].reply is Reply.NO
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    actions.reset_training.trigger()
    assert asked and "back as they were first imported" in asked[0]
    assert window.case is None  # the open training case was closed first
    with CaseFile.open(path, window._opener._registry) as case:
        assert case.answers() == fresh
    qtbot.waitUntil(lambda: window.workspace.model.rowCount() == 14)

    actions.leave_training.trigger()
    assert not mode.active and window.workspace.folder == workspace
    assert not mode.bar.isVisible()
    assert window.windowTitle() == "Reviewer Workstation"
    assert window.actions_.change_folder.isEnabled() and actions.open_training.isEnabled()


def test_a_training_case_shows_the_training_notice_even_outside_training_mode(
    qtbot: Any,
    training: Callable[..., tuple[MainWindow, TrainingMode]],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    window, mode = training()
    assert mode.enter()
    training_case = mode.folder / "DEMO-0005.umcase"
    mode.leave()
    assert window.open_path(training_case)  # from File ▸ Open, say: not in training mode
    assert window.case_view is not None
    assert window.case_view.notice_text().startswith("TRAINING — a synthetic case")
    assert window.case_view._notice_widgets[0].property("notice") == "training"
    assert window.open_path(make_case("dli-relapsed-aml", workspace))
    assert "TRAINING" not in window.case_view.notice_text()


def test_training_mode_refuses_to_show_a_real_case(
    qtbot: Any,
    training: Callable[..., tuple[MainWindow, TrainingMode]],
    make_case: Callable[..., Path],
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    told: list[str] = []
    monkeypatch.setattr(
        "reviewer_app.ui.main_window.show_info", lambda _parent, _title, text: told.append(text)
    )
    window, mode = training()
    real = make_case("dli-relapsed-aml", workspace)
    assert mode.enter()
    assert not window.open_path(real)
    assert window.case_view is None
    assert told and "training cases only" in told[0]
    mode.leave()
    assert window.open_path(real)


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


# -- demo signing -----------------------------------------------------------------------


def _panel(qtbot: Any, case: CaseFile, tmp_path: Path) -> DecisionPanel:
    panel = DecisionPanel(
        case,
        NURSE,
        organization=load_organization(tmp_path / "config"),
        trust=TrustStore(tmp_path / "config" / "trust"),
        now=lambda: dt.datetime.now(dt.UTC),
        settings=QSettings(str(tmp_path / "decision.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(panel)
    panel.resize(1300, 800)
    panel.show()
    return panel


def _approve(qtbot: Any, panel: DecisionPanel) -> None:
    qtbot.mouseClick(panel.buttons[Decision.APPROVE], LEFT)
    doc = panel.preview.document
    qtbot.waitUntil(
        lambda: doc.status() is QPdfDocument.Status.Ready and panel.sign_button.isEnabled(),
        timeout=10_000,
    )


def test_demo_signing_on_a_training_case_and_never_on_a_real_one(
    qtbot: Any,
    registry: Any,
    make_case: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []

    def demo_exec(dialog: DemoSignDialog) -> int:
        shown.append("demo")
        assert dialog.findChild(QWidget, "trainingBanner") is not None
        dialog.show()
        qtbot.mouseClick(dialog.demo_button, LEFT)
        return dialog.result()

    def own_exec(dialog: SignDialog) -> int:
        shown.append("own")
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(DemoSignDialog, "exec", demo_exec)
    monkeypatch.setattr(SignDialog, "exec", own_exec)

    create_demo_workspace(tmp_path / "demo", registry)
    with CaseFile.open(tmp_path / "demo" / "DEMO-0001.umcase", registry) as case:
        case.confirm(None, "Test Runner (tests)")
        panel = _panel(qtbot, case, tmp_path)
        _approve(qtbot, panel)
        with qtbot.waitSignal(panel.letterChanged):
            qtbot.mouseClick(panel.sign_button, LEFT)
        assert shown == ["demo"]  # no passphrase prompt
        rows = store.letters(case)
        assert len(rows) == 1 and rows[0].id is not None
        pdf = store.letter_pdf(case, rows[0].id)
        identity = demo_identity()
        verdict = verify_letter(pdf, [identity.cert_der])
        assert verdict.ok and verdict.trusted, verdict.reason
        assert verdict.signer_name == identity.name
        assert rows[0].signer.startswith(identity.name)

    shown.clear()
    with CaseFile.open(make_case("dli-relapsed-aml"), registry) as case:
        case.confirm(None, "Test Runner (tests)")
        panel = _panel(qtbot, case, tmp_path)
        _approve(qtbot, panel)
        qtbot.mouseClick(panel.sign_button, LEFT)
        assert shown == ["own"]  # the passphrase dialog, never the demo identity
        assert store.letters(case) == []


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
    _window, mode = training()
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
    result = mode.quiz.finish()
    assert result is not None and unreachable(result) == []
    assert result.table.model().rowCount() == len(mode.quiz.results[-1].items)

    dialog = DemoSignDialog("Approve — for case DEMO-0001.")
    qtbot.addWidget(dialog)
    dialog.show()
    assert unreachable(dialog) == []
    assert dialog.findChild(QWidget, "trainingBanner") is not None
    assert dialog.focusWidget() is dialog.demo_button  # Enter signs with the demo identity
