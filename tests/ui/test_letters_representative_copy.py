"""The Decision tab's list of letters names the authorized representative's copy (issue 20,
item 5): two letters of the same version, the member's and the copy, told apart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from decision_helpers import DOCTOR, RATIONALE, signed_letter

from reviewer_app.casefile import CaseFile
from reviewer_app.decisions.rules import Decision
from reviewer_app.ui.decision import DecisionPanel

from helpers import make_case

REPRESENTATIVE = {
    "name": "Jordan Sample",
    "address": {
        "line1": "77 Helper Lane",
        "city": "Madison",
        "state": "WI",
        "postal_code": "53704",
    },
}


def test_the_representatives_copy_is_listed_and_named_beside_the_members_letter(
    tmp_path: Path,
    registry: Any,
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
) -> None:
    path = make_case(tmp_path, "dli-after-autologous", authorized_representative=REPRESENTATIVE)
    with CaseFile.open(path, registry) as case:
        case.confirm(None, "Test Runner (tests)")
        signed_letter(case, identities["medical_director"], Decision.DENY, RATIONALE)
        panel = build(case, DOCTOR)
        model = panel.letters_model
        rows = [[model.index(r, c).data() for c in (0, 1)] for r in range(model.rowCount())]
        assert rows == [["v1", "Denial"], ["v1", "Denial — representative's copy"]]
