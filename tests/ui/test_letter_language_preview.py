"""The letter preview in the member's language (issue 21): a Spanish member's draft shows
the Spanish letter, the English toggle shows its English version, and a language without a
catalog is a note in the letter check, not a blocker."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from decision_helpers import DOCTOR, NURSE, RATIONALE, click, wait_for_draft
from pypdf import PdfReader
from PySide6.QtPdf import QPdfDocument

from reviewer_app.casefile import CaseFile
from reviewer_app.decisions.rules import Decision
from reviewer_app.review.answers import Answer, Reply
from reviewer_app.ui.decision import DecisionPanel

from helpers import make_case, registry

pytestmark = pytest.mark.gui
SPANISH_RATIONALE = (
    "Solo consta un trasplante autólogo; la DLI necesita un donante alogénico, y este "
    "miembro no tiene un injerto de donante cuyos linfocitos se puedan infundir."
)


def shown_text(panel: DecisionPanel) -> str:
    pdf = panel.preview.shown_pdf()
    assert pdf is not None
    pages = PdfReader(BytesIO(pdf)).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


def test_a_spanish_draft_previews_in_spanish_with_an_english_toggle(
    case_file: Callable[..., CaseFile], build: Callable[..., DecisionPanel], qtbot: Any
) -> None:
    panel = build(case_file("hpc-boost-mixed-chimerism"), NURSE)
    click(qtbot, panel.buttons[Decision.APPROVE])
    wait_for_draft(qtbot, panel)
    assert "in Spanish" in panel.preview.caption.text()
    assert panel.preview.english_button.isVisible()
    spanish = shown_text(panel)
    assert "Aviso de aprobación" in spanish and "Notice of Approval" not in spanish

    click(qtbot, panel.preview.english_button)
    document = panel.preview.document
    qtbot.waitUntil(
        lambda: (
            "English version" in panel.preview.caption.text()
            and panel.preview.shown_pdf() is not None
            and document.status() is QPdfDocument.Status.Ready
        ),
        timeout=10_000,
    )
    english = shown_text(panel)
    assert "Notice of Approval" in english and "Aviso de aprobación" not in english
    assert panel.check_status.text() == "Ready to sign"  # the toggle changes no check

    click(qtbot, panel.preview.english_button)  # back to the member's letter
    qtbot.waitUntil(
        lambda: (
            "in Spanish" in panel.preview.caption.text() and panel.preview.shown_pdf() is not None
        ),
        timeout=10_000,
    )  # the render is done before the panel goes
    assert "Aviso de aprobación" in shown_text(panel)


def test_a_language_without_a_catalog_is_a_note_in_the_letter_check(
    tmp_path: Path, build: Callable[..., DecisionPanel], qtbot: Any
) -> None:
    path = make_case(tmp_path, "dli-relapsed-aml", member__preferred_language="vi")
    case = CaseFile.open(path, registry())
    try:
        case.confirm(None, "Test Runner (tests)")
        panel = build(case, NURSE)
        click(qtbot, panel.buttons[Decision.APPROVE])
        wait_for_draft(qtbot, panel)
        assert not panel.preview.english_button.isVisible()
        items = [panel.check_list.item(i).text() for i in range(panel.check_list.count())]
        assert not any(item.startswith("Missing:") for item in items)
        [note] = [item for item in items if "prefers" in item]  # beside any reading-grade note
        assert note.startswith("Note: The member prefers Vietnamese")
        assert "oral interpretation" in note
        assert panel.check_status.text() == "Ready to sign"
        assert "We have approved the request" in shown_text(panel)
    finally:
        case.close()


def test_a_spanish_denial_needs_the_rationale_in_spanish_before_signing(
    tmp_path: Path, build: Callable[..., DecisionPanel], qtbot: Any
) -> None:
    studies = [{"date": "2026-10-30", "lineage": "CD3", "percent_donor": 100}]
    path = make_case(
        tmp_path,
        "hpc-boost-mixed-chimerism",
        clinical__chimerism_percent_donor=None,
        clinical__chimerism_studies=studies,
    )
    case = CaseFile.open(path, registry())
    try:
        case.confirm(None, "Test Runner (tests)")
        case.set_answer("hpc_boost.promote_engraftment", Answer(reply=Reply.NO), "test")
        panel = build(case, DOCTOR)
        click(qtbot, panel.buttons[Decision.DENY])
        qtbot.keyClicks(panel.rationale, RATIONALE)
        wait_for_draft(qtbot, panel)
        assert panel.member_rationale.isVisible()
        assert "in Spanish" in panel.member_rationale_label.text()
        qtbot.waitUntil(lambda: "missing" in panel.check_status.text(), timeout=10_000)
        items = [panel.check_list.item(i).text() for i in range(panel.check_list.count())]
        missing = [item for item in items if item.startswith("Missing:")]  # notes may follow
        assert missing == [
            "Missing: clinical rationale in Spanish (the rationale, translated for the letter)"
        ]
        assert not panel.sign_button.isEnabled()

        panel.member_rationale.setFocus()
        panel.member_rationale.insertPlainText(SPANISH_RATIONALE)  # pasted: QTest types ASCII
        qtbot.waitUntil(lambda: panel.check_status.text() == "Ready to sign", timeout=10_000)
        wait_for_draft(qtbot, panel)
        assert SPANISH_RATIONALE[:40] in shown_text(panel)
    finally:
        case.close()
