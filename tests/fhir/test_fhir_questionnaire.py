"""The policy as a DTR Questionnaire: it parses as R4B, and every criterion is an item."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhirpath import fp as evaluate

from reviewer_app.cli import main

from helpers import registry


def export(tmp_path: Path) -> dict[str, object]:
    out = tmp_path / "Q.json"
    assert main(["policy", "export", "cp0261", "--questionnaire", "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data: dict[str, object] = json.loads(out.read_text("utf-8"))
    return data


def test_every_criterion_is_an_item_with_its_question(tmp_path: Path) -> None:
    data = export(tmp_path)
    q = Questionnaire.model_validate(data)
    policy = registry().get("cp0261")
    assert q.url and q.url.endswith("/Questionnaire/cp0261")
    assert q.version == policy.version
    link_ids = set(evaluate(data, "Questionnaire.repeat(item).linkId"))
    for cs in policy.criteria_sets:
        for node in cs.root.walk():
            assert node.id in link_ids
            if node.kind == "criterion":
                text = evaluate(data, f"Questionnaire.repeat(item).where(linkId='{node.id}').text")
                assert text == [node.question]
                sources = evaluate(
                    data,
                    f"Questionnaire.repeat(item).where(linkId='{node.id}')"
                    ".extension.where(url.endsWith('policy-source')).extension"
                    ".where(url='quote').value",
                )
                assert sources == [s.quote for s in node.sources]


def test_chimerism_is_a_decimal_with_its_bounds(tmp_path: Path) -> None:
    data = export(tmp_path)
    item = "Questionnaire.repeat(item).where(linkId='hpc_boost.chimerism_below_100')"
    assert evaluate(data, f"{item}.type") == ["decimal"]
    assert evaluate(data, f"{item}.extension.where(url.endsWith('minValue')).value") == [0]
    assert evaluate(data, f"{item}.extension.where(url.endsWith('maxValue')).value") == [100]


def test_service_groups_depend_on_the_service_answer(tmp_path: Path) -> None:
    data = export(tmp_path)
    for group, cpt in (("dli", "38242"), ("hpc_boost", "38243")):
        when = evaluate(data, f"Questionnaire.item.where(linkId='{group}').enableWhen")
        assert when and when[0]["question"] == "service"
        assert when[0]["answerCoding"]["code"] == cpt
    logic = evaluate(
        data,
        "Questionnaire.repeat(item).where(linkId='dli.indication')"
        ".extension.where(url.endsWith('criteria-group-logic')).value",
    )
    assert logic == ["any"]


def test_export_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "Q.json"
    out.write_text("mine")
    assert main(["policy", "export", "cp0261", "--questionnaire", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err
    assert out.read_text() == "mine"
