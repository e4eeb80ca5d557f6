"""The Decision tab tells one status (issue 22, item 3): while signing is blocked (answers
from intake unconfirmed, a rationale missing) the letter check never says "Ready to sign"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from decision_helpers import DOCTOR, NURSE, RATIONALE, click, wait_for_draft

from reviewer_app.casefile import CaseFile
from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.trust import load_organization
from reviewer_app.letters.content import demo_organization
from reviewer_app.ui.decision import DecisionPanel


def test_a_blocked_decision_is_never_ready_to_sign(
    case_file: Callable[..., CaseFile], build: Callable[..., DecisionPanel], qtbot: Any
) -> None:
    panel = build(case_file("dli-relapsed-aml", confirm=False), NURSE)
    assert panel.blocker.isVisible() and "not confirmed" in panel.blocker.text()
    click(qtbot, panel.buttons[Decision.APPROVE])
    wait_for_draft(qtbot, panel)
    assert not panel.sign_button.isEnabled()
    assert "Ready" not in panel.check_status.text()
    assert panel.check_status.property("check") != "ready"  # not shown in green either
    assert "dli." not in panel.sign_reason.text()  # the criteria by their labels
    assert "Relapsed disease" in panel.sign_reason.text()

    # Confirmed, the same letter is ready to sign: the check turns green then.
    panel.case.confirm(None, "Test Runner (tests)")
    panel.set_evaluation(panel.case.evaluate())
    qtbot.waitUntil(lambda: panel.sign_button.isEnabled(), timeout=10_000)
    assert not panel.blocker.isVisible()
    assert panel.check_status.text() == "Ready to sign"
    assert panel.check_status.property("check") == "ready"


def test_a_missing_rationale_is_not_ready_to_sign(
    case_file: Callable[..., CaseFile], build: Callable[..., DecisionPanel], qtbot: Any
) -> None:
    doctor = build(case_file("dli-after-autologous"), DOCTOR)
    click(qtbot, doctor.buttons[Decision.DENY])
    wait_for_draft(qtbot, doctor)
    if doctor.check_list.count():  # the letter itself lacks the rationale: "missing"
        assert doctor.check_status.property("check") == "missing"
    else:
        assert doctor.check_status.property("check") != "ready"
    assert "Ready" not in doctor.check_status.text() and not doctor.sign_button.isEnabled()
    doctor.rationale.setFocus()
    qtbot.keyClicks(doctor.rationale, RATIONALE)
    qtbot.waitUntil(lambda: doctor.sign_button.isEnabled(), timeout=10_000)
    assert doctor.check_status.text() == "Ready to sign"


def test_the_rationale_hint_and_the_preview_caption_follow_what_is_there(
    case_file: Callable[..., CaseFile], build: Callable[..., DecisionPanel], qtbot: Any
) -> None:
    # Issue 22, item 14: "Required" goes once the rationale is written well enough, and
    # the preview's caption stays on one line beside the zoom buttons.
    doctor = build(case_file("dli-after-autologous"), DOCTOR)
    doctor.resize(1000, 600)  # the Decision tab of a 1024x640 window
    click(qtbot, doctor.buttons[Decision.DENY])
    wait_for_draft(qtbot, doctor)
    assert doctor.rationale_hint.text().startswith("Required")
    doctor.rationale.setFocus()
    qtbot.keyClicks(doctor.rationale, "Too short to count.")
    qtbot.waitUntil(lambda: "at least 20" in doctor.sign_reason.text(), timeout=10_000)
    assert doctor.rationale_hint.text().startswith("Required")  # not yet enough
    qtbot.keyClicks(doctor.rationale, " " + RATIONALE)
    qtbot.waitUntil(lambda: doctor.sign_button.isEnabled(), timeout=10_000)
    assert not doctor.rationale_hint.text().startswith("Required")
    assert doctor.rationale_hint.property("required") is False

    caption = doctor.preview.caption
    assert caption.text().startswith("Unsigned draft") and caption.toolTip() == caption.text()
    line = caption.fontMetrics().height()
    assert caption.height() < 2 * line, "the caption wraps to a second line"


def test_demo_letters_say_so_until_the_organization_is_installed(
    case_file: Callable[..., CaseFile], build: Callable[..., DecisionPanel], config: Path
) -> None:
    # Issue 22, item 15 (what the Decision tab can say): with no organization's details
    # installed, the letters carry the demo plan's made-up letterhead, and the tab says so.
    panel = build(case_file("dli-relapsed-aml"), NURSE)
    installed = load_organization(config)
    demo = installed == demo_organization()
    assert panel.letterhead_note.isVisible() is demo
    panel.show_letterhead(demo_organization())
    note = panel.letterhead_note.text()
    assert panel.letterhead_note.isVisible() and note.startswith("Demo letters")
    assert "Springfield, ST 00000" in note
    assert "Join organization…" in note  # where the app itself installs the details
    panel.show_letterhead(replace(demo_organization(), name="Acme Health"))
    assert not panel.letterhead_note.isVisible()
