"""The composition root's small pieces that tests elsewhere do not reach."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from reviewer_app.ui.run import file_open_filter


def test_files_the_os_hands_over_are_opened(qtbot: Any, tmp_path: Path) -> None:
    opened: list[Path] = []
    app = QApplication.instance()
    assert app is not None
    filt = file_open_filter(opened.append)
    app.installEventFilter(filt)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(tmp_path / "case.umcase")))
    finally:
        app.removeEventFilter(filt)
    assert opened == [tmp_path / "case.umcase"]


def test_a_broken_organization_file_is_reported_not_raised(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from reviewer_app.decisions.trust import load_organization
    from reviewer_app.ui import run

    (tmp_path / "organization.json").write_text("{ not json")
    told: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda *a, **k: told.append(str(a[2]))
    )
    org = run._organization(load_organization, tmp_path)
    assert org.name == "Demo Health Plan"
    assert told and "organization.json" in told[0] and "Demo Health Plan" in told[0]


def test_garbage_collection_paused_by_the_start_resumes_once_the_event_loop_runs(
    qtbot: Any,
) -> None:
    import gc

    from reviewer_app.ui.run import make_application

    gc.disable()  # what `reviewer-app` does before loading the GUI
    try:
        make_application(["test"])
        assert not gc.isenabled()  # still building: nothing collected meanwhile
        qtbot.waitUntil(gc.isenabled)  # the first turn of the event loop resumes it
    finally:
        gc.enable()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setStyleSheet("")  # make_application styled the shared test application
        app.setAttribute(Qt.ApplicationAttribute.AA_UseStyleSheetPropagationInWidgetStyles, False)
