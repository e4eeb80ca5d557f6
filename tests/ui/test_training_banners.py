"""One TRAINING banner at a time (issue 22, item 17): in training mode the window's banner
says it, so a training case does not stack its own TRAINING notice under it; outside
training mode the case's notice is the one that says it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from decision_helpers import utc_now
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QWidget
from window_helpers import case_shown

from reviewer_app.casefile import CaseFile
from reviewer_app.decisions.trust import TrustStore, load_organization
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.case.case_view import DECISION_TAB
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.training.mode import TrainingMode


def training_banners(window: MainWindow) -> list[str]:
    """Visible texts shouting TRAINING (the header's "(training case)" is not one)."""
    return [
        label.text()
        for label in window.findChildren(QLabel)
        if label.isVisible() and "TRAINING" in label.text()
    ]


def test_a_training_case_in_training_mode_shows_one_banner(
    qtbot: Any, training: Callable[..., tuple[MainWindow, TrainingMode]]
) -> None:
    window, mode = training()
    assert mode.enter()
    assert window.open_path(mode.folder / "DEMO-0001.umcase")
    case_shown(qtbot, window)
    banners = training_banners(window)
    assert len(banners) == 1, banners
    assert mode.bar.isVisible()

    mode.leave()  # the same case from File ▸ Open: its own notice says TRAINING
    assert window.open_path(mode.folder / "DEMO-0001.umcase")
    case_shown(qtbot, window)
    banners = training_banners(window)
    assert len(banners) == 1 and banners[0].startswith("TRAINING — a synthetic case"), banners


def test_the_decision_tab_in_training_mode_shows_one_banner(
    qtbot: Any,
    training: Callable[..., tuple[MainWindow, TrainingMode]],
    config: Path,
    tmp_path: Path,
) -> None:
    def panel(case: CaseFile, profile: ReviewerProfile) -> QWidget:
        return DecisionPanel(
            case,
            profile,
            organization=load_organization(config),
            trust=TrustStore(config / "trust"),
            now=utc_now,
            settings=QSettings(str(tmp_path / "decision.ini"), QSettings.Format.IniFormat),
            identity_folder=tmp_path / "identities",
        )

    window, mode = training(decision_panel_factory=panel)
    assert mode.enter()
    assert window.open_path(mode.folder / "DEMO-0001.umcase")
    case_shown(qtbot, window)
    view = window.case_view
    assert view is not None
    view.tabs.setCurrentIndex(DECISION_TAB)
    qtbot.waitUntil(lambda: view.decision is not None and view.decision.isVisible())
    banners = training_banners(window)
    assert len(banners) == 1, banners
