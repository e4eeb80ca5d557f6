# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot methods carry no type hints.)
"""The policy pane: text with citation links, source highlights, references, codes, find."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLineEdit, QTabBar
from pytestqt.qtbot import QtBot

from reviewer_app.policy import Policy, load_policy
from reviewer_app.policy.models import Citation, SourceRef
from reviewer_app.resources import policy_data_dir
from reviewer_app.ui.policy import PolicyPane
from reviewer_app.ui.policy.document_html import linked_text, policy_html
from reviewer_app.ui.policy.pane_view import CODING_TAB, POLICY_TAB, REFERENCES_TAB
from reviewer_app.ui.policy.passages import citation_spans, sentence_around

pytestmark = pytest.mark.gui

FAR_ANCHOR = "hpc-boost-literature-review.p5"
FAR_QUOTE = "The two-year probability of overall survival was 45%."


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(policy_data_dir() / "cp0261")


@pytest.fixture
def pane(qtbot: QtBot, policy: Policy) -> PolicyPane:
    widget = PolicyPane(policy)
    qtbot.addWidget(widget)
    widget.resize(900, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _focus(qtbot: QtBot, pane: PolicyPane, widget: object) -> None:
    pane.activateWindow()
    widget.setFocus()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: widget.hasFocus())  # type: ignore[attr-defined]


def _cursor_for(pane: PolicyPane, anchor: str, text: str) -> QTextCursor:
    """A cursor selecting ``text`` inside block ``anchor`` of the rendered document."""
    view = pane.document_view
    assert pane.show_source(anchor, text)  # scrolls it into view
    (selection,) = view.extraSelections()
    return QTextCursor(selection.cursor)


# -- the Policy tab ------------------------------------------------------------------


def test_policy_tab_shows_every_section_and_the_donor_source_sentence(
    pane: PolicyPane, policy: Policy
) -> None:
    text = pane.document_view.toPlainText()
    for section in policy.document.sections:
        assert section.title in text
    assert "The donor source for DLI and HPC boost is the same as that for the HSCT." in text
    assert "when studies reveal <100% donor cells" in text  # escaped, not mangled
    assert pane.tabs.currentIndex() == POLICY_TAB


def test_every_citation_is_a_link_to_its_reference(pane: PolicyPane, policy: Policy) -> None:
    doc = pane.document_view.document()
    hrefs: set[str] = set()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            href = it.fragment().charFormat().anchorHref()
            if href:
                hrefs.add(href)
            it += 1
        block = block.next()
    assert hrefs == {f"ref:{c.reference}" for c in policy.citations}


def test_show_source_highlights_exactly_the_quote_and_only_one(pane: PolicyPane) -> None:
    assert pane.show_source("overview.p1", "The donor source for DLI and HPC boost")
    assert pane.show_source("coverage-policy.p4", "when studies reveal <100% donor cells")
    assert pane.highlighted_text() == "when studies reveal <100% donor cells"
    assert len(pane.document_view.extraSelections()) == 1


def test_show_source_scrolls_a_far_block_into_view(pane: PolicyPane) -> None:
    view = pane.document_view
    bar = view.verticalScrollBar()
    assert bar.value() == 0
    assert pane.show_source(FAR_ANCHOR, FAR_QUOTE)
    assert pane.highlighted_text() == FAR_QUOTE
    assert bar.value() > 0
    (selection,) = view.extraSelections()
    cursor = QTextCursor(selection.cursor)
    cursor.setPosition(selection.cursor.selectionStart())
    assert view.viewport().rect().contains(view.cursorRect(cursor))


def test_show_source_while_hidden_scrolls_once_shown(qtbot: QtBot, policy: Policy) -> None:
    pane = PolicyPane(policy)
    qtbot.addWidget(pane)
    pane.resize(900, 800)
    pane.show_source(FAR_ANCHOR, FAR_QUOTE)
    pane.show()
    qtbot.waitExposed(pane)
    view = pane.document_view
    (selection,) = view.extraSelections()
    cursor = QTextCursor(selection.cursor)
    cursor.setPosition(selection.cursor.selectionStart())
    qtbot.waitUntil(lambda: view.viewport().rect().contains(view.cursorRect(cursor)))


def test_show_sources_marks_several_and_unknown_source_fails(pane: PolicyPane) -> None:
    shown = pane.show_sources(
        [
            SourceRef(anchor="coverage-policy.p3", quote="promote engraftment"),
            SourceRef(anchor="coverage-policy.p5", quote="not medically necessary"),
        ]
    )
    assert shown
    assert pane.highlighted_text() == "promote engraftment\nnot medically necessary"
    assert not pane.show_source("coverage-policy.p1", "words the policy never says")
    assert pane.highlighted_text() == ""


def test_clicking_a_citation_opens_its_reference(qtbot: QtBot, pane: PolicyPane) -> None:
    cursor = _cursor_for(pane, "dli-background.p2", "Soiffer, 2008")
    pane.clear_highlight()
    view = pane.document_view
    inside = QTextCursor(cursor)
    inside.setPosition(cursor.selectionStart() + 3)
    point = view.cursorRect(inside).center()
    with qtbot.waitSignal(pane.referenceActivated) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [39]
    assert pane.tabs.currentIndex() == REFERENCES_TAB
    assert pane.references.current_number() == 39
    selected = pane.references.table.selectionModel().selectedRows()
    assert [index.data() for index in selected] == [39]
    assert "Soiffer RJ. Donor lymphocyte infusions" in pane.references.text.text()


def test_a_citation_opens_from_the_keyboard(qtbot: QtBot, pane: PolicyPane) -> None:
    view = pane.document_view
    _focus(qtbot, pane, view)
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # to the first citation link: Kirtane and Lee
    with qtbot.waitSignal(pane.referenceActivated) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [11]
    assert pane.references.current_number() == 11


# -- the References tab --------------------------------------------------------------


def test_reference_search_filters_to_one(qtbot: QtBot, pane: PolicyPane) -> None:
    pane.tabs.setCurrentIndex(REFERENCES_TAB)
    refs = pane.references
    qtbot.keyClicks(refs.search, "Klyuchnikov")
    assert refs.proxy.rowCount() == 1
    assert refs.proxy.index(0, 0).data() == 12
    assert refs.count.text() == "1 of 43"
    assert refs.current_number() == 12
    refs.search.clear()
    assert refs.proxy.rowCount() == 43


def test_cited_in_lists_passages_and_jumps_to_one(qtbot: QtBot, pane: PolicyPane) -> None:
    assert pane.show_reference(39)
    refs = pane.references
    assert refs.cited_model.rowCount() >= 2
    first = refs.cited_model.index(0, 0).data()
    assert "Donor Lymphocyte Infusion (DLI)" in first
    assert "Soiffer, 2008" in first
    index = refs.cited_model.index(1, 0)
    rect = refs.cited.visualRect(index)
    qtbot.mouseClick(refs.cited.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert pane.tabs.currentIndex() == POLICY_TAB
    assert pane.highlighted_text() == "Soiffer, 2008"
    (selection,) = pane.document_view.extraSelections()
    assert selection.cursor.block().text().startswith("Chronic Myelogenous Leukemia (CML)")


def test_mismatched_citation_shows_a_note(pane: PolicyPane) -> None:
    refs = pane.references
    pane.show_reference(8)
    assert refs.mismatch.isVisible()
    assert "Depril" in refs.mismatch.text()
    assert "Depil" in refs.mismatch.text()
    pane.show_reference(39)
    assert not refs.mismatch.isVisible()


def test_reference_link_is_text_with_a_copy_action(qtbot: QtBot, pane: PolicyPane) -> None:
    refs = pane.references
    pane.show_reference(4)
    url = pane.policy.reference(4).url
    assert refs.url.text() == url
    assert refs.url.isReadOnly()
    qtbot.mouseClick(refs.copy_link, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == url
    pane.show_reference(39)  # no URL: nothing to copy
    assert not refs.copy_link.isVisible()


def test_show_reference_clears_a_search_hiding_it(qtbot: QtBot, pane: PolicyPane) -> None:
    refs = pane.references
    qtbot.keyClicks(refs.search, "Klyuchnikov")
    assert pane.show_reference(39)
    assert refs.search.text() == ""
    assert refs.current_number() == 39


# -- the Coding tab ------------------------------------------------------------------


def test_coding_tab_lists_the_codes(qtbot: QtBot, pane: PolicyPane) -> None:
    _focus(qtbot, pane, pane.document_view)
    qtbot.keyClick(pane.document_view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert pane.tabs.currentIndex() == CODING_TAB
    model = pane.coding.model
    rows = {
        model.index(r, 0).data(): (model.index(r, 1).data(), model.index(r, 2).data())
        for r in range(model.rowCount())
    }
    assert rows["38242"] == ("Allogeneic lymphocyte infusions", "Donor lymphocyte infusion (DLI)")
    assert rows["38243"][0] == "Hematopoietic progenitor cell (HPC); HPC boost"
    assert pane.coding.table.isVisible()


# -- find ----------------------------------------------------------------------------


def test_find_counts_advances_wraps_and_closes(qtbot: QtBot, pane: PolicyPane) -> None:
    bar = pane.find_bar
    view = pane.document_view
    _focus(qtbot, pane, view)
    assert not bar.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible()
    qtbot.waitUntil(lambda: bar.field.hasFocus())

    qtbot.keyClicks(bar.field, "chimerism")
    first, total = bar.status_text().split(" of ")
    assert first == "1"
    assert int(total) >= 5
    assert view.textCursor().selectedText().lower() == "chimerism"
    position = view.textCursor().selectionStart()

    qtbot.keyClick(bar.field, Qt.Key.Key_F3)
    assert bar.status_text() == f"2 of {total}"
    assert view.textCursor().selectionStart() > position
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.status_text() == f"{total} of {total}"  # wrapped to the last
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status_text() == f"1 of {total}"

    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_find_reports_no_matches(qtbot: QtBot, pane: PolicyPane) -> None:
    pane.tabs.setCurrentIndex(CODING_TAB)
    pane.start_find()
    assert pane.tabs.currentIndex() == POLICY_TAB
    qtbot.keyClicks(pane.find_bar.field, "zzqxjv")
    assert pane.find_bar.status_text() == "No matches"
    assert pane.find_bar.status.property("state") == "none"


# -- banner, zoom, accessibility -----------------------------------------------------


def test_banner_warns_about_policy_dates(pane: PolicyPane) -> None:
    pane.set_case_context(dt.date(2026, 6, 1), today=dt.date(2026, 11, 24))
    assert pane.banner.isVisible()
    assert pane.banner.property("role") == "warning"
    assert pane.banner.text() == "This policy is past its next review date (2026-05-15)"

    pane.set_case_context(dt.date(2025, 1, 1), today=dt.date(2025, 6, 1))
    assert pane.banner.text() == (
        "The date of service 2025-01-01 is before this policy's effective date (2025-05-15)"
    )

    pane.set_case_context(dt.date(2026, 2, 1), today=dt.date(2026, 1, 1))
    assert not pane.banner.isVisible()
    pane.set_case_context(None, today=dt.date(2026, 1, 1))
    assert not pane.banner.isVisible()


def test_zoom_changes_the_document_font(pane: PolicyPane) -> None:
    view = pane.document_view
    size = view.font().pointSizeF()
    pane.zoom_in()
    pane.zoom_in()
    assert view.font().pointSizeF() > size
    pane.reset_zoom()
    assert view.font().pointSizeF() == size
    pane.zoom_out()
    assert view.font().pointSizeF() < size


def test_zoom_keeps_the_reader_at_the_same_place_in_the_text(
    qtbot: QtBot, pane: PolicyPane
) -> None:
    view = pane.document_view
    quote = _cursor_for(pane, FAR_ANCHOR, FAR_QUOTE)  # scrolled far down, into view
    quote.setPosition(quote.selectionStart())
    top = view.cursorForPosition(QPoint(0, 0))  # the line the reader sees first

    def still_on_top() -> bool:
        return abs(view.cursorRect(top).top()) < 2 * view.fontMetrics().height()  # a line

    for zoom in (pane.zoom_in, pane.zoom_in, pane.zoom_out):
        zoom()
        qtbot.waitUntil(still_on_top)
        assert view.viewport().rect().contains(view.cursorRect(quote))


def test_every_control_has_a_name_and_a_tooltip(pane: PolicyPane) -> None:
    for tab in range(pane.tabs.count()):  # the References and Coding tabs build when shown
        pane.tabs.setCurrentIndex(tab)
    controls = [
        *pane.findChildren(QLineEdit),
        *pane.findChildren(QAbstractButton),
        *pane.findChildren(QAbstractItemView),
    ]
    assert len(controls) >= 8
    for control in controls:
        if control.focusPolicy() == Qt.FocusPolicy.NoFocus or isinstance(control.parent(), QTabBar):
            continue  # Qt's own parts: a line edit's clear button, the tab bar's arrows
        assert control.accessibleName(), control
        assert control.toolTip(), control.accessibleName()


def test_clicking_outside_links_does_not_navigate(qtbot: QtBot, pane: PolicyPane) -> None:
    view = pane.document_view
    html_before = view.document().toPlainText()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(30, 30))
    assert view.source().isEmpty()
    assert view.document().toPlainText() == html_before


# -- the text helpers (no Qt) --------------------------------------------------------


def _cite(text: str, number: int) -> Citation:
    return Citation(block="b", text=text, reference=number)


def test_citations_are_linked_every_time_without_overlaps() -> None:
    text = "A (Smith, 2001). B (Smith, 2001; Smith and Jones, 2001)."
    spans = citation_spans(text, [_cite("Smith, 2001", 1), _cite("Smith and Jones, 2001", 2)])
    assert [(text[s.start : s.end], s.citation.reference) for s in spans] == [
        ("Smith, 2001", 1),
        ("Smith, 2001", 1),
        ("Smith and Jones, 2001", 2),
    ]
    overlapping = citation_spans("Lee et al., 2020", [_cite("Lee", 1), _cite("Lee et al.", 2)])
    assert [s.citation.reference for s in overlapping] == [2]


def test_linked_text_escapes_around_the_links(policy: Policy) -> None:
    html = linked_text("p<.05 & (Soiffer, 2008)", [_cite("Soiffer, 2008", 39)], policy.references)
    assert html.startswith('p&lt;.05 &amp; (<a href="ref:39"')
    assert html.endswith(">Soiffer, 2008</a>)")


def test_sentence_around_keeps_et_al_inside_the_sentence() -> None:
    text = "First one. Schmid et al. (2007) compared 399 patients. Last one."
    start = text.index("Schmid")
    assert sentence_around(text, start, start + 6) == "Schmid et al. (2007) compared 399 patients."


def test_policy_html_is_built_once_per_policy(policy: Policy) -> None:
    assert policy_html(policy) is policy_html(policy)
