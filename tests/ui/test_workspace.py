"""The workspace page's case list: what each row shows, sorting, the status filter and
search, the selection through them, overdue cases, and keeping up with the folder."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QApplication
from window_helpers import LEFT, listed, shown

from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.workspace.case_table_model import OVERDUE_RED, OVERDUE_ROLE, CaseTableModel

UTC = dt.UTC
# Due times of the examples: HPC boost (expedited) 2026-11-24 09:30 UTC, relapsed AML
# 2026-12-05 14:05, autologous 2026-12-07; the clock is fixed so "time left" is stable.
BEFORE_ALL_DUE = dt.datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
AFTER_HPC_DUE = dt.datetime(2026, 11, 25, 0, 0, tzinfo=UTC)


def set_header(path: Path, **values: object) -> None:
    columns = ", ".join(f"{k} = ?" for k in values)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"UPDATE case_header SET {columns}", tuple(values.values()))
        conn.commit()


@pytest.fixture
def three(make_case: Callable[..., Path], workspace: Path) -> dict[str, Path]:
    return {
        name: make_case(name, workspace)
        for name in ("dli-relapsed-aml", "dli-after-autologous", "hpc-boost-mixed-chimerism")
    }


def click_header(qtbot: Any, window: MainWindow, column: int) -> None:
    header = window.workspace.view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(x, header.height() // 2))


def test_the_list_shows_each_case(
    qtbot: Any, three: dict[str, Path], make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(clock=lambda: BEFORE_ALL_DUE)
    listed(qtbot, window, 3)
    model = window.workspace.model
    rows = {model.index(r, 0).data(): r for r in range(3)}
    hpc = rows["UM-2026-100002"]
    cells = [model.index(hpc, c).data() for c in range(model.columnCount())]
    assert cells[1:5] == ["Ben Sample", "HPC boost", "Expedited", "Draft"]
    assert cells[CaseTableModel.COL_LEFT] == "9h 30m left"
    assert model.index(rows["UM-2026-100001"], CaseTableModel.COL_SERVICE).data() == "DLI"
    assert window.workspace.view.count_label.text() == "3 case files"


def test_sorting_by_time_left_uses_the_due_time_not_the_text(
    qtbot: Any, three: dict[str, Path], make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(clock=lambda: BEFORE_ALL_DUE)
    listed(qtbot, window, 3)
    # As text, "11d 11h left" < "13d ..." < "9h 30m left"; by due time HPC comes first.
    click_header(qtbot, window, CaseTableModel.COL_LEFT)
    assert shown(window) == ["UM-2026-100002", "UM-2026-100001", "UM-2026-100003"]
    click_header(qtbot, window, CaseTableModel.COL_LEFT)
    assert shown(window) == ["UM-2026-100003", "UM-2026-100001", "UM-2026-100002"]
    click_header(qtbot, window, CaseTableModel.COL_MEMBER)
    assert shown(window, CaseTableModel.COL_MEMBER) == ["Ava Demo", "Ben Sample", "Cora Fixture"]
    click_header(qtbot, window, CaseTableModel.COL_DUE)
    assert shown(window) == ["UM-2026-100002", "UM-2026-100001", "UM-2026-100003"]


def test_status_filter_and_search(
    qtbot: Any, three: dict[str, Path], make_window: Callable[..., MainWindow]
) -> None:
    set_header(three["dli-relapsed-aml"], status="decided")
    set_header(three["hpc-boost-mixed-chimerism"], status="referred_to_md")
    window = make_window()
    listed(qtbot, window, 3)
    view = window.workspace.view
    combo = view.status_filter
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All",
        "Draft",
        "In review",
        "Referred to medical director",
        "Decided",
        "Closed",
    ]
    combo.setFocus()
    combo.setCurrentIndex(combo.findText("Decided"))
    assert shown(window) == ["UM-2026-100001"]
    combo.setCurrentIndex(combo.findText("Referred to medical director"))
    assert shown(window) == ["UM-2026-100002"]
    assert view.count_label.text() == "1 of 3 case files shown"
    combo.setCurrentIndex(combo.findText("Closed"))
    assert shown(window) == []
    combo.setCurrentIndex(0)
    assert len(shown(window)) == 3

    assert view.search.accessibleName() == "Search cases"
    qtbot.keyClicks(view.search, "ben")
    assert shown(window, CaseTableModel.COL_MEMBER) == ["Ben Sample"]
    view.search.clear()
    qtbot.keyClicks(view.search, "100003")
    assert shown(window, CaseTableModel.COL_MEMBER) == ["Cora Fixture"]
    view.search.clear()
    qtbot.keyClicks(view.search, "AVA DEMO")
    assert shown(window) == ["UM-2026-100001"]
    view.search.clear()
    qtbot.keyClicks(view.search, "nobody")
    assert shown(window) == []


def test_the_selected_case_stays_selected_through_sorting_and_search(
    qtbot: Any, three: dict[str, Path], make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(clock=lambda: BEFORE_ALL_DUE)
    listed(qtbot, window, 3)
    page, view = window.workspace, window.workspace.view
    page.select_path(three["dli-after-autologous"])  # UM-2026-100003, due last
    click_header(qtbot, window, CaseTableModel.COL_MEMBER)
    assert shown(window, CaseTableModel.COL_MEMBER) == ["Ava Demo", "Ben Sample", "Cora Fixture"]
    assert page.selected_path() == three["dli-after-autologous"]
    qtbot.keyClicks(view.search, "a")  # all three names hold an "a"
    qtbot.keyClicks(view.search, "va")
    assert shown(window) == ["UM-2026-100001"]
    assert view.table.verticalHeader().count() == 1  # the view follows the row count
    assert page.selected_path() is None  # filtered out: nothing hidden stays selected
    assert view.count_label.text() == "1 of 3 case files shown"
    view.search.clear()
    assert len(shown(window)) == 3 and view.table.verticalHeader().count() == 3
    page.select_path(three["hpc-boost-mixed-chimerism"])
    view.status_filter.setCurrentIndex(view.status_filter.findText("Draft"))
    assert page.selected_path() == three["hpc-boost-mixed-chimerism"]  # still shown
    table = view.table
    table.setFocus()
    opened: list[Path] = []
    page.openRequested.connect(opened.append)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened == [three["hpc-boost-mixed-chimerism"]]


def test_overdue_cases_say_so_in_text_and_red(
    qtbot: Any, three: dict[str, Path], make_window: Callable[..., MainWindow]
) -> None:
    set_header(
        three["dli-after-autologous"], status="decided", due_at="2026-11-20 00:00:00.000000"
    )  # decided: no longer counts as overdue
    window = make_window(clock=lambda: AFTER_HPC_DUE)
    listed(qtbot, window, 3)
    model = window.workspace.model
    rows = {model.index(r, 0).data(): r for r in range(3)}
    late = model.index(rows["UM-2026-100002"], CaseTableModel.COL_LEFT)
    assert late.data() == "Overdue by 14h 30m"
    brush = late.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color() == OVERDUE_RED
    assert late.data(OVERDUE_ROLE) is True
    bold = late.data(Qt.ItemDataRole.FontRole)
    assert isinstance(bold, QFont) and bold.bold()  # bold, in the view's own font otherwise
    on_time = model.index(rows["UM-2026-100001"], CaseTableModel.COL_LEFT)
    assert on_time.data() == "10d 14h left"
    assert on_time.data(Qt.ItemDataRole.ForegroundRole) is None
    assert on_time.data(Qt.ItemDataRole.FontRole) is None
    decided = model.index(rows["UM-2026-100003"], CaseTableModel.COL_LEFT)
    assert decided.data() == "" and decided.data(Qt.ItemDataRole.ForegroundRole) is None


def test_new_files_in_the_folder_appear_by_themselves(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.workspace.view.count_label.text() == "0 case files")
    assert window.workspace.view.empty_label.isVisible()
    make_case("hpc-boost-mixed-chimerism", workspace)  # e.g. copied in by a colleague
    listed(qtbot, window, 1)
    assert not window.workspace.view.empty_label.isVisible()
    (workspace / "UM-2026-100002.umcase").unlink()
    listed(qtbot, window, 0)


def test_a_start_lists_from_the_index_cache_then_checks_every_file(
    qtbot: Any, three: dict[str, Path], workspace: Path, tmp_path: Path
) -> None:
    from reviewer_app.casefile.index import WorkspaceIndex
    from reviewer_app.ui.workspace.workspace_page import WorkspacePage

    cache = tmp_path / "start-cache.sqlite"
    WorkspaceIndex(workspace, cache).scan()  # the last session's listing
    three["dli-after-autologous"].unlink()  # gone since

    def page() -> tuple[WorkspacePage, list[tuple[str, int]]]:
        made = WorkspacePage(lambda f: WorkspaceIndex(f, cache), workspace, lambda: BEFORE_ALL_DUE)
        qtbot.addWidget(made)
        events: list[tuple[str, int]] = []
        made.listed.connect(lambda n: events.append(("listed", n)))
        made.refreshed.connect(lambda n: events.append(("refreshed", n)))
        return made, events

    started, events = page()
    started.refresh()
    qtbot.waitUntil(lambda: ("refreshed", 2) in events)
    assert events == [("listed", 3), ("refreshed", 2)]  # at once from the cache, then checked
    assert started.model.total() == 2
    resets: list[int] = []
    started.model.modelReset.connect(lambda: resets.append(1))
    started.refresh()  # nothing changed since: the table is left as it is
    qtbot.waitUntil(lambda: events.count(("refreshed", 2)) == 2)
    assert resets == []
    three["hpc-boost-mixed-chimerism"].unlink()
    started.refresh()  # one file fewer: the table is redone
    qtbot.waitUntil(lambda: ("refreshed", 1) in events)
    assert resets == [1] and started.model.total() == 1

    locked, events = page()
    locked.refresh(check=False)  # behind the lock screen: the cache only, no file looked at
    qtbot.waitUntil(lambda: ("listed", 1) in events)
    # No scan follows: had one started, shutdown() waits for it and its result is then
    # among the events waiting to be handled.
    locked.shutdown()
    QApplication.processEvents()
    assert events == [("listed", 1)] and locked.model.total() == 1
