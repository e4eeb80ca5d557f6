"""Getting cases into the workspace and opening them: a dropped or re-imported intake, a
corrupt file, another folder, the recent cases, the Open dialog and page switching by keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from window_helpers import LEFT, capture_dialogs, listed, shown

from reviewer_app.ui.app_settings import AppSettings
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.workspace.case_table_model import CaseTableModel


def test_dropping_an_intake_creates_and_opens_the_case(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    intake_copy: Callable[[str], Path],
    workspace: Path,
    tmp_path: Path,
) -> None:
    window = make_window()
    intake = intake_copy("hpc-boost-mixed-chimerism")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(intake))])
    enter = QDragEnterEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, drop)
    created = workspace / "UM-2026-100002.umcase"
    assert created.is_file()
    assert window.case is not None and window.case.path == created
    assert intake.is_file()  # the dropped request itself is left alone

    other = tmp_path / "notes.txt"
    other.write_text("not an intake")
    mime_txt = QMimeData()
    mime_txt.setUrls([QUrl.fromLocalFile(str(other))])
    refused = QDragEnterEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime_txt, LEFT, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()


def test_importing_the_same_request_twice_never_overwrites(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    intake_copy: Callable[[str], Path],
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    intake = intake_copy("dli-relapsed-aml")
    assert window.new_case_from_intake(intake)
    window.close_case()
    created = workspace / "UM-2026-100001.umcase"
    before = created.read_bytes()
    asked = capture_dialogs(monkeypatch, answer=False)
    assert not window.new_case_from_intake(intake)
    assert "already exists" in asked[0] and "not overwritten" in asked[0]
    assert created.read_bytes() == before
    assert sorted(p.name for p in workspace.iterdir()) == ["UM-2026-100001.umcase"]


def test_a_corrupt_file_is_listed_and_explained_and_left_alone(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_case("dli-relapsed-aml", workspace)
    broken = workspace / "broken.umcase"
    broken.write_bytes(b"PK\x03\x04 this is a zip file, not a case" * 20)
    before = broken.read_bytes()
    texts = capture_dialogs(monkeypatch)
    window = make_window()
    listed(qtbot, window, 2)
    model = window.workspace.model
    row = next(r for r in range(2) if model.index(r, 0).data() == "broken.umcase")
    assert model.index(row, CaseTableModel.COL_MEMBER).data().startswith("Cannot read: not ")
    assert model.index(row, CaseTableModel.COL_STATUS).data() == "Unreadable"

    table = window.workspace.view.table
    window.workspace.select_path(broken)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.case is None
    assert len(texts) == 1
    assert "Cannot open the case file" in texts[0] and "broken.umcase" in texts[0]
    assert "not a Reviewer Workstation case file, or it is damaged" in texts[0]
    assert "The file has not been changed." in texts[0]
    assert broken.read_bytes() == before


def test_changing_the_workspace_folder(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    tmp_path: Path,
    app_settings: AppSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = tmp_path / "elsewhere"
    make_case("dli-after-autologous", other)
    window = make_window()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(other))
    window.actions_.change_folder.trigger()
    listed(qtbot, window, 1)
    assert shown(window) == ["UM-2026-100003"]
    assert app_settings.workspace_folder() == other
    assert window.workspace.view.folder_label.text() == str(other)


def test_recent_cases_reopen_and_forget_missing_files(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    app_settings: AppSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = make_case("dli-relapsed-aml", workspace)
    second = make_case("dli-after-autologous", workspace)
    window = make_window()
    assert window.open_path(first)
    assert window.open_path(second)  # opening another closes the first
    window.close_case()
    assert app_settings.recent_files()[:2] == [second, first]

    menu = window.actions_.recent_menu
    menu.fill()
    entries = [a for a in menu.actions() if a.isEnabled()]
    assert [a.text() for a in entries[:2]] == [
        "&1 UM-2026-100003.umcase",
        "&2 UM-2026-100001.umcase",
    ]
    entries[1].trigger()
    assert window.case is not None and window.case.path == first
    window.close_case()

    texts = capture_dialogs(monkeypatch)
    second.unlink()
    menu.fill()
    menu.actions()[1].trigger()  # UM-2026-100003, now gone
    assert "Case not found" in texts[0]
    assert second not in app_settings.recent_files()


def test_open_dialog_and_keyboard_page_switching(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = make_case("hpc-boost-mixed-chimerism", workspace)
    window = make_window()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.case is not None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.workspace
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.case_view
