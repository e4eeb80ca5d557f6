"""Training mode and demo signing, driven as a trainer drives them: the training workspace,
banner and title in and out, training cases inside and outside training mode, and the demo
identity that signs a training case and never a real one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from decision_helpers import NURSE
from PySide6.QtCore import QSettings
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from window_helpers import LEFT

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile import determinations as store
from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.trust import TrustAnchors, TrustStore, load_organization
from reviewer_app.letters.verify import verify_letter
from reviewer_app.review.answers import Reply
from reviewer_app.training import create_demo_workspace, demo_identity, is_demo_workspace
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.decision.sign_dialog import SignDialog
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.training.banner import BANNER_NAME, BANNER_TEXT
from reviewer_app.ui.training.demo_sign import DemoSignDialog
from reviewer_app.ui.training.mode import TrainingMode

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
        verdict = verify_letter(pdf, TrustAnchors(), training=True)
        assert verdict.ok and verdict.intact, verdict.reason
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
