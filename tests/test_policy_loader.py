"""The policy loader and engine work for any policy folder, and reject broken ones clearly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.policy import PolicyError, PolicyRegistry, load_policy
from reviewer_app.resources import policy_data_dir
from reviewer_app.review.answers import Answer, Reply
from reviewer_app.review.engine import EvidenceError, Outcome, evaluate

TINY = Path(__file__).resolve().parent / "fixtures" / "policy_tiny"

YES = Answer(reply=Reply.YES)
NO = Answer(reply=Reply.NO)


def level(value: float) -> Answer:
    return Answer(number=value)


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(TINY, tmp_path / "tiny9999"))


def edit_json(path: Path, change: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def test_tiny_policy_loads() -> None:
    policy = load_policy(TINY)
    assert policy.meta.title == "Test Policy 9999 — Widget infusion"
    assert policy.covered_cpts == ["99999"]
    assert [n.id for n in policy.criteria_set("widget").root.leaves()] == [
        "widget.deficiency",
        "widget.level",
    ]
    assert policy.citations_of(1)[0].block == "overview.p1"


@pytest.mark.parametrize(
    ("answers", "outcome", "open_ids", "failed_ids"),
    [
        ({"widget.deficiency": YES, "widget.level": level(30)}, Outcome.CRITERIA_MET, [], []),
        (
            {"widget.deficiency": YES, "widget.level": level(70)},
            Outcome.CRITERIA_NOT_MET,
            [],
            ["widget.level"],
        ),
        ({"widget.deficiency": NO}, Outcome.CRITERIA_NOT_MET, [], ["widget.deficiency"]),
        (
            {"widget.deficiency": YES},
            Outcome.INSUFFICIENT_INFORMATION,
            ["widget.level"],
            [],
        ),
        (
            {},
            Outcome.INSUFFICIENT_INFORMATION,
            ["widget.deficiency", "widget.level"],
            [],
        ),
    ],
)
def test_tiny_policy_evaluates(
    answers: dict[str, Answer], outcome: Outcome, open_ids: list[str], failed_ids: list[str]
) -> None:
    criteria = load_policy(TINY).criteria_set("widget")
    result = evaluate(criteria, answers)
    assert result.outcome is outcome
    assert [n.id for n in result.open_items] == open_ids
    assert [n.id for n in result.failed_items] == failed_ids


def test_not_met_cites_the_closing_sentence() -> None:
    policy = load_policy(TINY)
    result = evaluate(policy.criteria_set("widget"), {"widget.deficiency": NO})
    anchors = [ref.anchor for ref in result.failure_sources()]
    assert anchors == ["coverage-policy.p1", "coverage-policy.p2"]


def test_number_outside_its_range_is_refused() -> None:
    criteria = load_policy(TINY).criteria_set("widget")
    with pytest.raises(EvidenceError, match=r"widget\.level"):
        evaluate(criteria, {"widget.level": level(900)})


def test_registry_serves_both_policies(tmp_path: Path) -> None:
    shutil.copytree(policy_data_dir() / "cp0261", tmp_path / "cp0261")
    shutil.copytree(TINY, tmp_path / "tiny9999")
    registry = PolicyRegistry(tmp_path)
    assert registry.ids() == ["cp0261", "tiny9999"]
    assert registry.for_cpt("99999")[0].id == "tiny9999"
    assert registry.for_cpt("38242") == (registry.get("cp0261"), "dli")


def test_missing_file(tiny_copy: Path) -> None:
    (tiny_copy / "coding.json").unlink()
    with pytest.raises(PolicyError, match=r"coding\.json: file is missing"):
        load_policy(tiny_copy)


def test_invalid_json(tiny_copy: Path) -> None:
    (tiny_copy / "references.json").write_text('[{"number": 1,', encoding="utf-8")
    with pytest.raises(PolicyError, match=r"references\.json: not valid JSON"):
        load_policy(tiny_copy)


def test_wrong_field_type(tiny_copy: Path) -> None:
    edit_json(tiny_copy / "policy.json", lambda d: d.update(effective_date="not-a-date"))
    with pytest.raises(PolicyError, match=r"policy\.json: field effective_date: .*date"):
        load_policy(tiny_copy)


def test_criterion_quote_not_in_block(tiny_copy: Path) -> None:
    def change(data: Any) -> None:
        data[0]["root"]["children"][1]["sources"][0]["quote"] = "below 40 mg/dL"

    edit_json(tiny_copy / "criteria.json", change)
    with pytest.raises(PolicyError) as err:
        load_policy(tiny_copy)
    message = str(err.value)
    assert "criteria.json" in message
    assert "widget.level" in message
    assert "quote not found in block coverage-policy.p1" in message


def test_citation_to_unknown_reference(tiny_copy: Path) -> None:
    edit_json(tiny_copy / "citations.json", lambda d: d[0].update(reference=99))
    with pytest.raises(PolicyError) as err:
        load_policy(tiny_copy)
    message = str(err.value)
    assert "citations.json" in message
    assert "Doe et al., 2020" in message
    assert "no reference 99" in message
