"""The References tab gives the table the room (issue 22, item 12): the selected reference
below is as tall as its content, not a large empty "Cited in" box, and the columns show
who and what rather than cut-off author lists."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from reviewer_app.policy import Policy, load_policy
from reviewer_app.resources import policy_data_dir
from reviewer_app.ui.policy import PolicyPane
from reviewer_app.ui.policy.pane import REFERENCES_TAB


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(policy_data_dir() / "cp0261")


def visible_rows(pane: PolicyPane) -> int:
    table = pane.references.table
    return sum(
        1
        for r in range(table.model().rowCount())
        if table.rowViewportPosition(r) >= 0
        and table.rowViewportPosition(r) + table.rowHeight(r) <= table.viewport().height()
    )


def laid_out() -> None:
    for _ in range(5):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


@pytest.mark.parametrize(("size", "rows"), [((650, 520), 10), ((490, 420), 7)])
def test_the_table_gets_the_room_and_the_detail_fits_its_content(
    qtbot: Any, policy: Policy, size: tuple[int, int], rows: int
) -> None:
    pane = PolicyPane(policy)  # as beside the checklist at 1366x768 and 1024x640
    qtbot.addWidget(pane)
    pane.resize(*size)
    pane.show()
    qtbot.waitExposed(pane)
    pane.tabs.setCurrentIndex(REFERENCES_TAB)
    refs = pane.references
    for number in (1, 39):  # cited once; cited in several passages
        assert pane.show_reference(number)
        laid_out()
        cited = refs.cited
        passages = [cited.visualRect(cited.model().index(r, 0)) for r in range(2)]
        content = sum(r.height() + 2 * cited.spacing() for r in passages if r.isValid())
        assert cited.height() <= content + 2 * cited.frameWidth() + 2 * cited.spacing() or (
            cited.verticalScrollBar().isVisible()  # many passages: it scrolls, capped
        ), f"reference {number}: a {cited.height()} px box for {content} px of passages"
        first = cited.visualRect(cited.model().index(0, 0))
        assert cited.viewport().rect().contains(first), "the first passage is cut off"
        needed = refs.detail.layout().totalHeightForWidth(refs.splitter.width())
        slack = refs.detail.height() - needed
        assert slack < refs.fontMetrics().height(), f"{slack} px of empty detail"
    assert visible_rows(pane) >= rows

    # The authors column names who wrote it, whole: "Arellano ML et al.", not a cut list.
    table = refs.table
    authors = table.model().index(0, 1).data()
    assert authors == "Arellano ML et al."
    assert table.fontMetrics().horizontalAdvance(authors) < table.columnWidth(1)
