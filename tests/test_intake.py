"""Reading umcase-intake/1 requests and pre-filling the checklist from their facts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.intake import IntakeError, load_intake, parse_intake
from reviewer_app.intake.checks import is_hematologic_malignancy, npi_check_digit_ok
from reviewer_app.intake.facts import intake_facts
from reviewer_app.resources import resource
from reviewer_app.review.answers import Reply
from reviewer_app.review.engine import Outcome, evaluate
from reviewer_app.review.prefill import prefill_answers

from helpers import INTAKE_DIR, intake_data, registry

POLICY = registry().get("cp0261")


def _set(data: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    target = data
    *parents, last = dotted.split(".")
    for key in parents:
        target = target[key]
    if value is None:
        del target[last]
    else:
        target[last] = value
    return data


def test_schema_file_is_shipped_and_valid_json() -> None:
    schema = json.loads(resource("schemas", "umcase-intake-1.schema.json").read_text("utf-8"))
    assert schema["properties"]["schema"]["const"] == "umcase-intake/1"


@pytest.mark.parametrize("path", sorted(INTAKE_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_examples_parse(path: Path) -> None:
    intake = load_intake(path)
    assert intake.received_at.tzinfo is not None
    assert intake.service.cpt in ("38242", "38243")


@pytest.mark.parametrize(
    ("dotted", "value", "message"),
    [
        ("schema", "umcase-intake/2", "schema: unsupported version 'umcase-intake/2'"),
        ("urgency", "urgent", "urgency: unknown value 'urgent'"),
        ("line_of_business", "medigap", "line_of_business: unknown value 'medigap'"),
        ("clinical.indication", "curiosity", "clinical.indication: unknown value 'curiosity'"),
        (
            "clinical.chimerism_percent_donor",
            100.5,
            "clinical.chimerism_percent_donor: 100.5 is out of range",
        ),
        (
            "clinical.chimerism_percent_donor",
            -1,
            "clinical.chimerism_percent_donor: -1 is out of range",
        ),
        (
            "requesting_provider.npi",
            "12345",
            "requesting_provider.npi: is not in the expected format (10 digits",
        ),
        ("member.name", None, "member.name: is missing"),
        ("service", None, "service: is missing"),
        (
            "service.date_of_service",
            "2026-02-30",
            "service.date_of_service: is not a real date",
        ),
        (
            "received_at",
            "2026-11-20T14:05:00",
            "received_at: '2026-11-20T14:05:00' has no time zone",
        ),
        (
            "service.date_of_service",
            "2025-01-01",
            "service.date_of_service: is before the transplant date",
        ),
        (
            "clinical.transplant.type",
            "xenogeneic",
            "clinical.transplant.type: unknown value 'xenogeneic'",
        ),
        ("service.units", 0, "service.units: 0 is out of range"),
    ],
)
def test_bad_values_name_the_field_and_problem(dotted: str, value: Any, message: str) -> None:
    data = _set(intake_data("dli-relapsed-aml"), dotted, value)
    with pytest.raises(IntakeError) as info:
        parse_intake(data)
    assert str(info.value).startswith(message)


def test_not_json_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    with pytest.raises(IntakeError, match="not valid JSON"):
        load_intake(bad)
    with pytest.raises(IntakeError, match="file not found"):
        load_intake(tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("npi", "ok"),
    [
        ("1234567893", True),
        ("1526018159", True),
        ("1908301660", True),
        ("1234567890", False),
        ("123456789", False),
    ],
)
def test_npi_check_digit(npi: str, ok: bool) -> None:
    assert npi_check_digit_ok(npi) is ok


@pytest.mark.parametrize(
    ("code", "heme"),
    [
        ("C81.00", True),
        ("C92.02", True),
        ("C96.9", True),
        ("D46.9", True),
        ("D46", True),
        ("C80.1", False),
        ("C97", False),
        ("C50.911", False),
        ("D47.1", True),
        ("D45", True),
    ],
)
def test_hematologic_malignancy_ranges(code: str, heme: bool) -> None:
    assert is_hematologic_malignancy(code) is heme


def test_prefill_marks_answers_from_intake_unconfirmed() -> None:
    intake = parse_intake(intake_data("dli-relapsed-aml"))
    answers = prefill_answers(POLICY.criteria_set("dli"), intake_facts(intake))
    assert answers["dli.allogeneic_hsct"].reply is Reply.YES
    assert all(a.unconfirmed for a in answers.values())
    assert evaluate(POLICY.criteria_set("dli"), answers).outcome is Outcome.CRITERIA_MET


@pytest.mark.parametrize(
    ("dotted", "criterion"),
    [
        ("clinical.transplant", "dli.allogeneic_hsct"),
        ("clinical.product_donor_id", "dli.same_donor"),
        ("clinical.indication", "dli.relapsed"),
    ],
)
def test_missing_facts_leave_their_criterion_open(dotted: str, criterion: str) -> None:
    data = _set(intake_data("dli-relapsed-aml"), dotted, None)
    intake = parse_intake(data)
    cs = POLICY.criteria_set("dli")
    answers = prefill_answers(cs, intake_facts(intake))
    assert criterion not in answers
    ev = evaluate(cs, answers)
    assert ev.outcome is Outcome.INSUFFICIENT_INFORMATION
    assert criterion in [n.id for n in ev.open_items]


def test_no_diagnosis_code_leaves_malignancy_open() -> None:
    data = intake_data("dli-relapsed-aml")
    data["diagnoses"] = []
    answers = prefill_answers(POLICY.criteria_set("dli"), intake_facts(parse_intake(data)))
    assert "dli.hematologic_malignancy" not in answers


def test_missing_chimerism_leaves_it_open() -> None:
    data = _set(intake_data("hpc-boost-mixed-chimerism"), "clinical.chimerism_percent_donor", None)
    cs = POLICY.criteria_set("hpc_boost")
    ev = evaluate(cs, prefill_answers(cs, intake_facts(parse_intake(data))))
    assert ev.outcome is Outcome.INSUFFICIENT_INFORMATION
    # "enhance chimerism" says nothing either way about engraftment: both stay open.
    assert [n.id for n in ev.open_items] == [
        "hpc_boost.promote_engraftment",
        "hpc_boost.chimerism_below_100",
    ]


def test_different_product_donor_fails_same_donor() -> None:
    data = _set(intake_data("dli-relapsed-aml"), "clinical.product_donor_id", "DNR-9999")
    cs = POLICY.criteria_set("dli")
    ev = evaluate(cs, prefill_answers(cs, intake_facts(parse_intake(data))))
    assert ev.outcome is Outcome.CRITERIA_NOT_MET
    assert [n.id for n in ev.failed_items] == ["dli.same_donor"]


def test_non_hematologic_cancer_fails_dli() -> None:
    data = intake_data("dli-relapsed-aml")
    data["diagnoses"] = [{"icd10": "C50.911", "description": "Breast cancer"}]
    cs = POLICY.criteria_set("dli")
    ev = evaluate(cs, prefill_answers(cs, intake_facts(parse_intake(data))))
    assert [n.id for n in ev.failed_items] == ["dli.hematologic_malignancy"]
