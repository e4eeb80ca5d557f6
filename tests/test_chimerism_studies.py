"""Chimerism studies, the numbers a reviewer types, old cases keeping their criteria, and
the policy data issue 16 added (derived criterion, diagnosis list, Instructions for Use).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from prefill_helpers import AUTO, POLICY, hpc, prefill

from reviewer_app.casefile.importer import build_new_case
from reviewer_app.casefile.store import CaseFile
from reviewer_app.cli import main
from reviewer_app.cli.report import warnings_for
from reviewer_app.intake import IntakeError, parse_intake
from reviewer_app.review.answers import Answer, AnswerSource, Reply
from reviewer_app.review.engine import EvidenceError, Outcome, check_number

from helpers import make_case, open_case, registry

STUDY = "hpc_boost.chimerism_below_100"
EARLIER_HASH = "0f361abdb29c9acb068da2e2cc0382205b0bcbc9db52f30dbc8c8e00aebc13c5"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def studies(*items: tuple[str, str, float]) -> list[dict[str, Any]]:
    return [{"date": d, "lineage": lin, "percent_donor": p} for d, lin, p in items]


def test_lowest_lineage_of_the_latest_study_is_the_number_with_its_date_and_lineage() -> None:
    got = prefill(
        hpc(
            chimerism_percent_donor=None,
            chimerism_studies=studies(
                ("2026-09-01", "CD3", 60.0),
                ("2026-10-30", "whole blood", 100),
                ("2026-10-30", "CD3", 92.5),
            ),
        )
    )
    answer = got.answers[STUDY]
    assert answer.number == 92.5
    assert answer.evidence.date == dt.date(2026, 10, 30)
    assert answer.evidence.value.startswith("chimerism study of 2026-10-30: CD3 92.5% donor")
    assert "also whole blood 100%" in answer.evidence.value
    assert "earlier studies: 2026-09-01" in answer.evidence.value
    assert got.evaluation.outcome is Outcome.CRITERIA_MET


def test_a_dated_study_wins_over_an_undated_number_and_both_are_shown() -> None:
    got = prefill(
        hpc(chimerism_percent_donor=100, chimerism_studies=studies(("2026-11-02", "CD33", 97)))
    )
    assert got.answers[STUDY].number == 97
    assert "the request also states 100% donor without a date" in got.words[STUDY]


@pytest.mark.parametrize("field", ["chimerism_percent_donor", "chimerism_studies"])
def test_an_intake_above_100_percent_is_refused(field: str) -> None:
    value: Any = 100.0000001
    if field == "chimerism_studies":
        value = studies(("2026-11-02", "CD3", 100.0000001))
    with pytest.raises(IntakeError, match=r"out of range \(at most 100\)"):
        parse_intake(hpc(**{field: value}))


def test_a_typed_100_0000001_is_called_above_100() -> None:
    rule = POLICY.criteria_set("hpc_boost").root.walk()
    node = next(n for n in rule if n.id == STUDY)
    assert node.rule is not None
    with pytest.raises(EvidenceError, match=r"100\.0000001 is outside 0-100 % donor: it is above"):
        check_number(node.rule, 100.0000001, STUDY)
    check_number(node.rule, 100.0, STUDY)  # 100 itself is a result, not an error


def test_cli_answer_of_100_0000001_says_it_is_above_100(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_case(tmp_path, "hpc-boost-mixed-chimerism")
    status, _, err = run(capsys, "case", "answer", str(case), STUDY, "100.0000001")
    assert status != 0
    assert "100.0000001" in err and "above 100" in err
    assert "100 is outside" not in err


def test_zero_percent_donor_cells_warns_for_a_medical_director(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_case(tmp_path, "hpc-boost-mixed-chimerism", clinical__chimerism_percent_donor=0)
    _, out, _ = run(capsys, "case", "evaluate", str(case), "--json")
    data = json.loads(out)
    assert data["outcome"] == "criteria_met"  # 0 is below 100: the warning, not the rule, speaks
    assert any("0% donor cells" in w and "medical director" in w for w in data["warnings"])


def test_case_text_shows_the_intakes_words_beside_an_open_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_case(tmp_path, clinical__indication="enhance_chimerism")
    _, out, _ = run(capsys, "case", "show", str(case))
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "dli.high_risk_of_relapse" in line)
    assert "intake says: indication stated: enhance_chimerism" in lines[at + 1]


def _old_autologous_boost(path: Path) -> CaseFile:
    """A case as the criteria of 2026-11-24 pre-filled it: autologous, 'enhance', 90%."""
    intake = parse_intake(
        hpc(
            transplant=AUTO,
            product_donor_id="autologous",
            **{
                "chimerism_percent_donor": 90,
            },
        )
    )
    new = build_new_case(intake, registry())
    new.header.policy_hash = EARLIER_HASH
    answers = {
        "hpc_boost.prior_hsct": Reply.YES,
        "hpc_boost.promote_engraftment": Reply.NO,
        "hpc_boost.enhance_chimerism": Reply.YES,
        "hpc_boost.same_source": Reply.YES,
    }
    new.answers.clear()
    for cid, reply in answers.items():
        new.answers[cid] = Answer(reply=reply, source=AnswerSource.INTAKE, confirmed=False)
    new.answers[STUDY] = Answer(number=90.0, source=AnswerSource.INTAKE, confirmed=False)
    return CaseFile.create(path, new, POLICY, "test")


def test_a_case_made_under_the_old_criteria_keeps_its_tree_and_outcome(tmp_path: Path) -> None:
    path = tmp_path / "old.umcase"
    _old_autologous_boost(path).close()
    with open_case(path) as case:
        ids = [n.id for n in case.criteria.root.leaves()]
        assert "hpc_boost.chimerism_after_allogeneic" not in ids
        assert case.evaluate().outcome is Outcome.CRITERIA_MET  # as it was; no silent change
        warnings = warnings_for(case, dt.date(2026, 12, 6))
    assert any("keeps the criteria of 2026-11-24" in w for w in warnings)
    assert any("chimerism_after_allogeneic" in w for w in warnings)


def test_the_same_request_made_today_goes_to_a_medical_director(tmp_path: Path) -> None:
    path = make_case(
        tmp_path,
        "hpc-boost-mixed-chimerism",
        clinical__transplant=AUTO,
        clinical__product_donor_id="autologous",
        clinical__chimerism_percent_donor=90,
    )
    with open_case(path) as case:
        ev = case.evaluate()
    assert ev.outcome is Outcome.INSUFFICIENT_INFORMATION
    assert "hpc_boost.chimerism_after_allogeneic" in [n.id for n in ev.open_items]


def test_policy_show_names_the_derived_criterion_and_the_diagnosis_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "policy", "show", "cp0261")
    assert status == 0
    block = out[out.index("[hpc_boost.chimerism_after_allogeneic]") :]
    assert 'source coverage-policy.p4: "enhancement of chimerism when studies reveal' in block
    assert "derived: The policy's test “<100% donor cells” presumes donor cells" in block
    assert "Diagnosis list: ICD-10-CM codes read as hematologic malignancy" in out
    assert "dated 2026-12-06" in out and "source: ICD-10-CM Tabular List" in out
    assert "(from the Overview)" in out


def test_instructions_for_use_are_embedded_without_the_payers_name() -> None:
    section = POLICY.document.sections[0]
    assert section.title == "Instructions for Use"
    text = " ".join(b.text for b in section.blocks)
    assert "a customer's benefit plan document always supersedes the information" in text
    assert "Medical directors are expected to exercise clinical judgment" in text
    assert "administered by [Payer] Companies" in text


def test_donor_letters_word_it_as_the_overview_does() -> None:
    for set_id, node_id in (("dli", "dli.same_donor"), ("hpc_boost", "hpc_boost.same_source")):
        node = next(n for n in POLICY.criteria_set(set_id).root.leaves() if n.id == node_id)
        assert node.sources[0].anchor == "overview.p1"
        assert "overview states that the donor source" in node.not_met_text
        assert "requires" not in node.not_met_text
