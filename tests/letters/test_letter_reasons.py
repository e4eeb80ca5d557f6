"""Reasons read from the criteria tree (issue 20): what a member reads in a denial or a pend.

Each letter is built from a real case file, rendered, and read back as PDF text.
"""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from pathlib import Path
from typing import Any

from reviewer_app.casefile.store import CaseFile
from reviewer_app.decisions.letter_builder import LetterRequest, build_letter
from reviewer_app.decisions.rules import Decision
from reviewer_app.letters.content import LetterData, Signer, demo_organization
from reviewer_app.review.answers import Answer, Reply

from helpers import make_case, open_case

LETTER_DATE = dt.date(2026, 11, 22)
RATIONALE = (
    "The most recent chimerism study shows complete donor chimerism in every lineage tested, "
    "so a boost cannot raise the share of donor cells any further for this member."
)
STUDIES = [
    {"date": "2026-09-01", "lineage": "CD3", "percent_donor": 96},
    {"date": "2026-10-30", "lineage": "CD3", "percent_donor": 100},
    {"date": "2026-10-30", "lineage": "whole blood", "percent_donor": 100},
]
SIGNERS = {
    Decision.DENY: Signer("Dr. Riley Sample", "MD", "medical_director"),
    Decision.PEND: Signer("Nora Nurse", "RN", "nurse_reviewer"),
    Decision.APPROVE: Signer("Nora Nurse", "RN", "nurse_reviewer"),
}


def letter_of(case: CaseFile, decision: Decision, rationale: str = RATIONALE) -> LetterData:
    request = LetterRequest(
        decision, rationale, SIGNERS[decision], demo_organization(), LETTER_DATE
    )
    return build_letter(case, case.evaluate(), request)


def pdf_text(data: LetterData) -> str:
    """The rendered letter's text, whitespace collapsed, as a reader would copy it."""
    from pypdf import PdfReader

    from reviewer_app.letters.render import render_letter

    pages = PdfReader(BytesIO(render_letter(data))).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def chimerism_case(tmp_path: Path, **changes: Any) -> Path:
    return make_case(
        tmp_path,
        "hpc-boost-mixed-chimerism",
        clinical__chimerism_percent_donor=None,
        clinical__chimerism_studies=STUDIES,
        **changes,
    )


def test_chimerism_denial_names_the_100_percent_study_and_quotes_both_indications(
    tmp_path: Path,
) -> None:
    with open_case(chimerism_case(tmp_path)) as case:
        case.confirm(None, "test")
        case.set_answer("hpc_boost.promote_engraftment", Answer(reply=Reply.NO), "test")
        text = pdf_text(letter_of(case, Decision.DENY))
    assert "requested for another reason" not in text
    assert "showed 100% donor cells (cells tested: CD3)" in text
    assert "chimerism study dated October 30, 2026" in text
    assert "To promote engraftment:" in text and "help the transplanted cells grow" in text
    # The whole statement: the sentence that opens the list, both bullets, the closing rule.
    quote = (
        "for EITHER of the following indications: • promote engraftment • enhancement of "
        "chimerism when studies reveal <100% donor cells DLI and HPC boost are considered "
        "not medically necessary for any other indication."
    )
    assert quote in text
    assert re.search(r"Indication: EITHER to promote engraftment .* — not met", text)
    assert "section “Coverage Policy”" in text


def test_a_failed_group_lists_each_alternative_with_the_member_s_words(tmp_path: Path) -> None:
    path = make_case(tmp_path, clinical__indication="promote_engraftment")
    with open_case(path) as case:
        case.confirm(None, "test")
        data = letter_of(case, Decision.DENY)
    (reason,) = data.failed_criteria
    assert [b.split(":")[0] for b in reason.branches] == [
        "Relapsed disease",
        "Persistent disease",
        "Refractory disease",
        "High risk of relapse",
    ]
    assert all("indication stated: promote engraftment" in b for b in reason.branches)
    assert "another reason" not in reason.plain_reason
    text = pdf_text(data)
    assert "High risk of relapse: The records we reviewed do not show a high risk" in text


def test_a_single_failed_criterion_names_what_the_records_show(tmp_path: Path) -> None:
    with open_case(make_case(tmp_path, "dli-after-autologous")) as case:
        case.confirm(None, "test")
        data = letter_of(case, Decision.DENY)
    first = data.failed_criteria[0]
    assert first.label == "Prior allogeneic HSCT"
    assert "The request we received states: transplant type: autologous" in first.plain_reason
    assert first.section_title == "Coverage Policy"
    assert first.policy_quote.endswith("high risk of relapse of a hematologic malignancy.")


def test_a_pend_names_the_open_branch_and_the_failed_one_beside_it(tmp_path: Path) -> None:
    with open_case(chimerism_case(tmp_path)) as case:
        case.confirm(None, "test")
        data = letter_of(case, Decision.PEND, "")
    (item,) = data.missing_items
    assert "“To promote engraftment”" in item.why
    assert "showed 100% donor cells (cells tested: CD3)" in item.why
    text = pdf_text(data)
    assert "• promote engraftment • enhancement of chimerism" in text
    assert "Policy section “Coverage Policy” states" in text


def test_two_open_alternatives_quote_the_policy_once(tmp_path: Path) -> None:
    path = make_case(tmp_path, "hpc-boost-mixed-chimerism", clinical__chimerism_percent_donor=None)
    with open_case(path) as case:
        case.confirm(None, "test")
        data = letter_of(case, Decision.PEND, "")
    first, second = data.missing_items
    assert "for EITHER of the following indications:\n• promote engraftment" in first.why
    assert "quoted in item 1" in second.why and "• promote engraftment" not in second.why
