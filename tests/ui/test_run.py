"""The composition root's small pieces that tests elsewhere do not reach."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox

from reviewer_app.ui.application import ReviewerApplication


def test_files_the_os_hands_over_are_opened_once_the_window_is_there(
    qtbot: Any, tmp_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, ReviewerApplication)  # the tests run the app's own class
    first, second = tmp_path / "first.umcase", tmp_path / "second.umcase"
    opened: list[Path] = []
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(first)))  # during the start
        assert opened == []
        app.set_file_handler(opened.append)
        assert opened == [first]  # handed over once there is a window
        QApplication.sendEvent(app, QFileOpenEvent(str(second)))
        assert opened == [first, second]
    finally:
        app.set_file_handler(None)


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


def test_closing_a_dialog_gives_the_activation_back_to_its_window(qtbot: Any) -> None:
    # Without a window manager (the offscreen platform here) nothing else does, and the
    # window's shortcuts (Ctrl+L, Ctrl+Q) need the active window.
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    box = QMessageBox(QMessageBox.Icon.Information, "Exported", "The letter was exported.")
    box.setParent(window, box.windowFlags())
    box.open()
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    box.accept()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_closing_a_dialog_over_a_dialog_gives_the_activation_to_each_in_turn(
    qtbot: Any,
) -> None:
    # The sign dialog's New identity… opens a dialog over a dialog: once it closes, the
    # sign dialog takes the keys again, and the window once that one closes too.
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    outer = QDialog(window)
    outer.open()
    outer.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is outer)
    inner = QDialog(outer)
    inner.open()
    inner.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is inner)
    inner.reject()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is outer)
    outer.reject()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
