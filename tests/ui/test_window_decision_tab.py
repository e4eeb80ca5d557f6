"""The main window's Decision tab: built by the factory it is given on first show, fed the
checklist's evaluation, and driven by the window's export and print commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget
from window_helpers import CTRL, case_view, click, open_case, row

from reviewer_app.casefile import CaseFile
from reviewer_app.review.answers import Reply
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.main_window import MainWindow


class FakeDecisionPanel(QWidget):
    """Stands in for ui.decision.DecisionPanel: the contract the window and case view use
    (ui.case.contracts.DecisionPanelLike)."""

    letterChanged = Signal()
    caseChanged = Signal()

    def __init__(self, case: CaseFile, profile: ReviewerProfile) -> None:
        super().__init__()
        self.setAccessibleName("Decision")
        self.letter = False
        self.calls: list[str] = []
        self.evaluations: list[object] = []
        self.banner_above: bool | None = None

    def set_evaluation(self, evaluation: object) -> None:
        self.evaluations.append(evaluation)

    def set_banner_above(self, shown: bool) -> None:
        self.banner_above = shown

    def has_letter(self) -> bool:
        return self.letter

    def export_letter(self) -> bool:
        self.calls.append("export")
        return True

    def print_letter(self) -> bool:
        self.calls.append("print")
        return True


def test_the_decision_tab_comes_from_the_factory_and_drives_export_and_print(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    made: list[FakeDecisionPanel] = []

    def factory(case: CaseFile, profile: ReviewerProfile) -> FakeDecisionPanel:
        made.append(FakeDecisionPanel(case, profile))
        return made[-1]

    window = make_window(decision_panel_factory=factory)
    open_case(qtbot, window, make_case("dli-relapsed-aml", workspace))
    view = case_view(window)
    assert made == []  # built when the tab is first shown, not with the case
    view.tabs.setCurrentIndex(1)
    panel = made[0]
    assert panel.isVisible() and view.decision is panel
    assert panel.evaluations  # it saw the checklist's evaluation
    assert panel.banner_above is False  # no TRAINING banner above it outside training
    view.tabs.setCurrentIndex(0)
    click(qtbot, row(window, "dli.same_donor").reply_buttons[Reply.NO], window)
    assert len(panel.evaluations) >= 2  # and every change after it
    assert not window.actions_.export_letter.isEnabled()
    panel.letter = True
    panel.letterChanged.emit()
    assert window.actions_.export_letter.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)
    assert panel.calls == ["export", "print"]
    window.close_case()
    assert not window.actions_.export_letter.isEnabled()


def test_without_a_decision_factory_the_tab_says_it_is_not_available(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    window = make_window()
    open_case(qtbot, window, make_case("dli-relapsed-aml", workspace))
    view = case_view(window)
    assert view.decision is None
    view.tabs.setCurrentIndex(1)
    shown = [label.text() for label in view.tabs.widget(1).findChildren(QLabel)]
    assert any("not available" in text for text in shown), shown
