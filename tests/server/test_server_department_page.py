"""The Department page: the queue sorted by due time, filtered, and Claim next as one key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dept_helpers import queued, staffed
from pg_cluster import Department
from PySide6.QtCore import QPoint, Qt

from reviewer_app.server.client import DepartmentClient
from reviewer_app.ui.department.mode import DepartmentMode
from reviewer_app.ui.department.queue_model import COLUMNS, DUE_COLUMN

pytestmark = pytest.mark.gui


def column(mode: DepartmentMode, name: str) -> list[str]:
    model = mode.page.model
    c = COLUMNS.index(name)
    return [model.index(r, c).data() for r in range(model.rowCount())]


def test_the_queue_page_sorts_filters_and_claims_with_one_key(
    department: Department,
    capsys: pytest.CaptureFixture[str],
    qtbot: Any,
    app_settings: Any,
    registry: Any,
    tmp_path: Path,
) -> None:
    from reviewer_app.ui.run import build_window

    staff = staffed(department, capsys)
    queued(staff, capsys)
    window = build_window(app_settings, registry, tmp_path / "index.sqlite")
    qtbot.addWidget(window)
    mode = DepartmentMode(window, DepartmentClient(department.url(staff.nurse), registry))
    window.show()
    mode.show_queue.trigger()
    assert window.stack.currentWidget() is mode.page
    due = column(mode, "Due")
    assert len(due) == 3 and due == sorted(due)
    assert "3 cases" in mode.page.view.status.text()

    header = mode.page.view.table.horizontalHeader()
    middle = header.sectionViewportPosition(DUE_COLUMN) + header.sectionSize(DUE_COLUMN) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(middle, 5))
    assert column(mode, "Due") == sorted(due, reverse=True)

    wanted = column(mode, "Case")[0]
    with qtbot.waitSignal(mode.page.loaded, timeout=5000):
        qtbot.keyClicks(mode.page.view.filter, wanted[-4:])
    assert column(mode, "Case") == [wanted]
    mode.page.view.filter.clear()
    qtbot.waitUntil(lambda: mode.page.model.rowCount() == 3, timeout=5000)

    most_urgent = min(zip(column(mode, "Due"), column(mode, "Case"), strict=True))[1]
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.case_view is not None, timeout=10000)
    assert window.case.case_id == most_urgent
    assert (app_settings.workspace_folder() / f"{most_urgent}.umcase").exists()
    window.actions_.show_workspace.trigger()
    mode.show_queue.trigger()
    assert f"{staff.nurse}" in column(mode, "Held by")

    window.open_path(app_settings.workspace_folder() / f"{most_urgent}.umcase")
    assert window.case is not None
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_I, both)  # Check in this case
    status = mode.page.view.status.text()
    assert status.startswith(f"Checked in {most_urgent}") and "nurse reviewers' queue" in status
    assert window.case is None and column(mode, "Held by") == ["", "", ""]
    window.open_path(app_settings.workspace_folder() / f"{most_urgent}.umcase")
    qtbot.keyClick(window, Qt.Key.Key_I, both)  # no longer ours: refused, in one line
    assert mode.page.view.status.text().startswith("Not checked in:")
    assert "not claimed" in mode.page.view.status.text()


def test_without_a_server_the_window_is_as_before(
    qtbot: Any, app_settings: Any, registry: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer_app.ui.run import build_window

    monkeypatch.delenv("PGSERVICE", raising=False)
    monkeypatch.delenv("REVIEWER_APP_DEPARTMENT_DB", raising=False)
    window = build_window(app_settings, registry, tmp_path / "index.sqlite")
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Department" not in menus and window.stack.count() == 1
    monkeypatch.setenv("REVIEWER_APP_DEPARTMENT_DB", "postgresql://nia@/um?host=/nonexistent")
    window = build_window(app_settings, registry, tmp_path / "index.sqlite")
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[-2:] == ["&Department", "&Help"]
    mode = window.findChild(DepartmentMode)
    mode.show_queue.trigger()  # no server there: one line, the window goes on
    assert mode.page.view.status.text().startswith("Department server not reachable")


def test_a_locked_session_claims_nothing(qtbot: Any, registry: Any, tmp_path: Path) -> None:
    from reviewer_app.ui.department.department_page import DepartmentPage

    client = DepartmentClient("postgresql://nia@/um?host=/nonexistent", registry)
    page = DepartmentPage(client, lambda: tmp_path, lambda: None)  # no key: locked
    qtbot.addWidget(page)
    page.claim_next()
    assert page.view.status.text().startswith("Unlock the app first")
    assert list(tmp_path.iterdir()) == []
