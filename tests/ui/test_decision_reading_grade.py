"""The Decision tab's letter check names member-facing text above reading grade 8
(issue 20, item 4): a note beside the letter check, never a reason to refuse signing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from decision_helpers import DOCTOR, click, wait_for_draft

from reviewer_app.casefile import CaseFile
from reviewer_app.decisions.rules import Decision
from reviewer_app.ui.decision import DecisionPanel

PLAIN = (
    "The records show you had a transplant of your own cells. This treatment needs cells "
    "from a donor. So the policy does not cover it."
)
DENSE = (
    "Documentation substantiating antecedent allogeneic hematopoietic progenitor cell "
    "transplantation, prerequisite for administration of donor-derived lymphocytes, was "
    "unavailable notwithstanding comprehensive evaluation of the submitted documentation."
)


def check_items(panel: DecisionPanel) -> list[str]:
    return [panel.check_list.item(i).text() for i in range(panel.check_list.count())]


def rationale_notes(panel: DecisionPanel) -> list[str]:
    return [t for t in check_items(panel) if t.startswith("Note: the clinical rationale reads")]


def test_a_dense_rationale_is_named_in_the_letter_check_and_signing_goes_on(
    case_file: Callable[..., CaseFile], build: Callable[..., DecisionPanel], qtbot: Any
) -> None:
    panel = build(case_file("dli-after-autologous"), DOCTOR)
    click(qtbot, panel.buttons[Decision.DENY])
    panel.rationale.setFocus()
    qtbot.keyClicks(panel.rationale, DENSE)
    wait_for_draft(qtbot, panel)
    qtbot.waitUntil(lambda: bool(rationale_notes(panel)))
    (note,) = rationale_notes(panel)
    assert note.endswith("(above 8); plainer words would help the member")
    assert panel.check_list.isVisible()
    qtbot.waitUntil(lambda: panel.sign_button.isEnabled())  # a warning, not a block
    assert panel.check_status.text() == "Ready to sign"

    panel.rationale.clear()
    qtbot.keyClicks(panel.rationale, PLAIN)
    wait_for_draft(qtbot, panel)
    qtbot.waitUntil(lambda: not rationale_notes(panel) and panel.sign_button.isEnabled())
    assert not any(t.startswith("Missing:") for t in check_items(panel))
    assert panel.rationale.toPlainText() == PLAIN  # the plain rationale's own draft
