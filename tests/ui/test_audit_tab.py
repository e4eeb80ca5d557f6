"""The Audit tab in words (issue 22, item 13): criterion labels, outcome and decision names
instead of stored identifiers and hashes, under a clear "intact" or "broken" line."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from decision_helpers import RATIONALE, signed_letter

from reviewer_app.casefile import CaseFile
from reviewer_app.decisions.rules import Decision
from reviewer_app.review.answers import Answer, Reply
from reviewer_app.ui.case.audit_view import AuditView

HASH = re.compile(r"\b[0-9a-f]{32,}\b")
IDENTIFIER = re.compile(r"\b[a-z]+(?:[._][a-z]+)+\b")  # dli.same_donor, criteria_not_met


def shown(view: AuditView) -> list[str]:
    model = view.model
    return [
        str(model.index(r, c).data())
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]


def test_the_audit_tab_reads_as_words_under_an_intact_line(
    qtbot: Any,
    case_file: Callable[..., CaseFile],
    identities: dict[str, Path],
    config: Path,  # the organization's trust bundle, so the letter can be signed
) -> None:
    case = case_file("dli-after-autologous")  # created, confirmed
    case.set_answer("dli.same_donor", Answer(reply=Reply.NO, note="No donor."), "Nora Nurse, RN")
    signed_letter(case, identities["medical_director"], Decision.DENY, RATIONALE)
    view = AuditView(case)
    qtbot.addWidget(view)
    view.show()

    texts = shown(view)
    actions = [view.model.index(r, 3).data() for r in range(view.model.rowCount())]
    assert actions == [
        "Case created",
        "Answers from intake confirmed",
        "Answer",
        "Decision signed",
    ]
    assert not [t for t in texts if HASH.search(t)], "a raw hash is shown"
    assert not [t for t in texts if IDENTIFIER.search(t)], [
        t for t in texts if IDENTIFIER.search(t)
    ]
    answer, decided = view.model.index(2, 4).data(), view.model.index(3, 4).data()
    assert answer.startswith("Same donor source as the HSCT") and "No" in answer
    assert "Deny (adverse determination)" in decided and "Criteria not met" in decided
    assert "letter version 1" in decided
    # What is stored, hashes included, stays one hover away for whoever checks it.
    tip = view.model.index(3, 4).data(0x0003)  # ToolTipRole
    assert "criteria_not_met" in tip and HASH.search(tip)

    banner = view.chain_banner
    assert banner is not None and banner.isVisible()
    assert banner.property("notice") == "intact"
    assert banner.text().startswith("Audit trail intact") and "4 entries" in banner.text()
    assert view.warning is None


def test_a_broken_chain_says_broken_where_intact_was(
    qtbot: Any, make_case: Callable[..., Path], registry: Any
) -> None:
    path = make_case("dli-relapsed-aml")
    with CaseFile.open(path, registry) as case:
        case.confirm(None, "Nora Nurse, RN")
    with closing(sqlite3.connect(path)) as conn:  # altered behind the app's back
        conn.execute("UPDATE audit SET actor = 'someone else' WHERE seq = 2")
        conn.commit()
    with CaseFile.open(path, registry, readonly=True) as case:
        view = AuditView(case)
        qtbot.addWidget(view)
        view.show()
        banner = view.chain_banner
        assert banner is not None and banner.property("notice") == "broken"
        assert banner.text().startswith("The audit trail is broken")
        assert "intact" not in banner.text().lower()
        assert view.warning is banner
