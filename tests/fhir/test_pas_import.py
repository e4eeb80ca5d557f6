"""`case import` reads a Da Vinci PAS request Bundle (no flag) into the usual case."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pas_builder import CLAIM_ID, CLINICAL, ITEM_TRACE, MEETS, pas_request, write

from reviewer_app.cli import main
from reviewer_app.intake import parse_intake

from helpers import intake_data, open_case


def cli(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def imported(tmp_path: Path, bundle: dict[str, Any], name: str = "pas") -> Path:
    case = tmp_path / f"{name}.umcase"
    src = write(tmp_path, bundle, f"{name}.json")
    assert main(["case", "import", str(src), "-o", str(case), "--training"]) == 0
    return case


def test_request_maps_to_the_case_header(tmp_path: Path) -> None:
    case = imported(tmp_path, pas_request("dli", expedited=True))
    with open_case(case, readonly=True) as c:
        h = c.header
        assert (h.member_id, h.member_name, str(h.member_dob)) == (
            "DEMO-M-0001",
            "Ava Demo",
            "1968-03-14",
        )
        assert (h.provider_name, h.provider_npi, h.provider_organization) == (
            "Dr. Sam Example",
            "1234567893",
            "Example Cancer Center",
        )
        assert (h.cpt, str(h.date_of_service), h.units) == ("38242", "2026-12-03", 1)
        assert (h.urgency, h.line_of_business) == ("expedited", "commercial")
        assert [d.icd10 for d in c.diagnoses()] == ["C92.02"]
        kept = json.loads(h.intake_json)["pas_request"]
        assert kept["claim_identifiers"] == [CLAIM_ID]
        assert kept["item_trace_numbers"] == [ITEM_TRACE]


def test_answers_prefill_unconfirmed_with_their_origin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = imported(tmp_path, pas_request("hpc_boost", MEETS["hpc_boost"], origin="override"))
    with open_case(case, readonly=True) as c:
        answers = c.answers()
        assert set(answers) == set(MEETS["hpc_boost"])
        assert all(a.unconfirmed for a in answers.values())
        assert answers["hpc_boost.chimerism_below_100"].number == 82.5
        evidence = answers["hpc_boost.prior_hsct"].evidence
        assert evidence.document == "DTR QuestionnaireResponse"
        assert "origin: override" in evidence.value
    status, out, _ = cli(capsys, "case", "show", case)
    assert status == 0 and "origin: override" in out


@pytest.mark.parametrize(
    ("service", "answers", "clinical"),
    [
        ("dli", MEETS["dli"], CLINICAL["dli"]),
        ("hpc_boost", MEETS["hpc_boost"], CLINICAL["hpc_boost"]),
        (
            "dli",
            {**MEETS["dli"], "dli.allogeneic_hsct": False, "dli.same_donor": False},
            {"transplant": {"type": "autologous"}, "indication": "relapse"},
        ),
    ],
)
def test_questionnaire_answers_reach_the_intake_outcome(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    service: str,
    answers: dict[str, bool | float],
    clinical: dict[str, Any],
) -> None:
    pas = imported(tmp_path, pas_request(service, answers))
    data = intake_data("dli-relapsed-aml")
    data["service"]["cpt"] = {"dli": "38242", "hpc_boost": "38243"}[service]
    data["clinical"] = clinical
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(data))
    parse_intake(data)
    other = tmp_path / "plain.umcase"
    assert main(["case", "import", str(plain), "-o", str(other), "--training"]) == 0
    outcomes = []
    for case in (pas, other):
        assert main(["case", "confirm", str(case)]) == 0
        _, out, _ = cli(capsys, "case", "evaluate", case)
        outcomes.append(out.splitlines()[0])
    assert outcomes[0] == outcomes[1]
    assert outcomes[0] in ("criteria_met", "criteria_not_met")


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(bundle: dict[str, Any]) -> None:
        target: Any = bundle
        *parents, last = path.split("/")
        for part in parents:
            target = target[int(part) if part.isdigit() else part]
        target[int(last) if last.isdigit() else last] = value

    return change


def _drop_claim(bundle: dict[str, Any]) -> None:
    del bundle["entry"][0]


BAD: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("not a bundle", _set("resourceType", "Patient"), "Bundle.resourceType"),
    ("no claim", _drop_claim, "Bundle.entry:"),
    ("not preauthorization", _set("entry/0/resource/use", "claim"), "Bundle.entry[0].resource.use"),
    (
        "unknown cpt",
        _set("entry/0/resource/item/0/productOrService/coding/0/code", "99213"),
        "Bundle.entry[0].resource.item[0].productOrService",
    ),
    (
        "dangling patient",
        _set("entry/0/resource/patient/reference", "Patient/nobody"),
        "Bundle.entry[0].resource.patient.reference",
    ),
    (
        "another questionnaire",
        _set("entry/7/resource/questionnaire", "http://example.org/Questionnaire/other"),
        "Bundle.entry[7].resource.questionnaire",
    ),
    (
        "unknown linkId",
        _set("entry/7/resource/item/1/item/0/linkId", "dli.unheard_of"),
        "Bundle.entry[7].resource.item[1].item[0].linkId",
    ),
    (
        "dangling supporting info",
        _set("entry/0/resource/supportingInfo/0/valueReference/reference", "DocumentReference/x"),
        "Bundle.entry[0].resource.supportingInfo[0].valueReference.reference",
    ),
    (
        "answers about another patient",
        _set("entry/7/resource/subject/reference", "Organization/insurer-1"),
        "Bundle.entry[7].resource.subject.reference",
    ),
    (
        "not FHIR",
        _set("entry/0/resource/item/0/sequence", "first"),
        "Bundle.entry[0].resource.item[0].sequence",
    ),
    (
        "npi check digit",
        _set("entry/5/resource/identifier/0/value", "1234567890"),
        "Bundle.entry[5].resource.identifier[0].value",
    ),
    (
        "no address",
        _set("entry/1/resource/address", []),
        "Bundle.entry[1].resource.address",
    ),
]


@pytest.mark.parametrize(("name", "change", "where"), BAD, ids=[b[0] for b in BAD])
def test_bad_request_exits_2_naming_the_fhir_path(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    change: Callable[[dict[str, Any]], None],
    where: str,
) -> None:
    bundle = copy.deepcopy(pas_request("dli", MEETS["dli"]))
    change(bundle)
    src = write(tmp_path, bundle)
    out = tmp_path / "case.umcase"
    status, _, err = cli(capsys, "case", "import", src, "-o", out)
    assert status == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert where in err, err
    assert "Ava" not in err and "DEMO-M-0001" not in err  # no PHI in the message
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in ("home", "logs")) == [
        "request.json"
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            '{"resourceType": "Bundle", "type": "collection"' + ', "x": [' * 40 + "]" * 40 + "}",
            "nested",
        ),
        ('{"resourceType": "Bundle", "type": "collection", "type": "batch"}', "duplicate key"),
        (
            '{"resourceType": "Bundle", "entry": [' + '{"fullUrl": "x"},' * 200_000 + "{}]}",
            "too large",
        ),
    ],
    ids=["deep", "duplicate key", "huge"],
)
def test_hostile_bytes_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, problem: str
) -> None:
    src = tmp_path / "request.json"
    src.write_text(text)
    status, _, err = cli(capsys, "case", "import", src, "-o", tmp_path / "case.umcase")
    assert status == 2 and err.count("\n") == 1 and problem in err, err
    assert not (tmp_path / "case.umcase").exists()


def test_detection_needs_no_flag_and_no_key_order(tmp_path: Path) -> None:
    bundle = pas_request("dli")
    reordered = {k: v for k, v in bundle.items() if k != "resourceType"}
    reordered["resourceType"] = "Bundle"  # FHIR writes it first; it need not be
    imported(tmp_path, reordered, "reordered")
    data = intake_data("dli-relapsed-aml")
    data["clinical"]["notes"] = 'The EHR sent {"resourceType": "Bundle"} by mistake.'
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(data))
    case = tmp_path / "plain.umcase"
    assert main(["case", "import", str(plain), "-o", str(case), "--training"]) == 0
