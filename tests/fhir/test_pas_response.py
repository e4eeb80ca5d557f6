"""PAS request in, decision, PAS response out: parsed with the R4B models, checked with
FHIRPath (first entry, review action per outcome, authorization number, letter hash),
and every identifier the requester sent comes back."""

from __future__ import annotations

import base64
import hashlib
import json
import stat
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhirpath import fp
from pas_builder import BUNDLE_ID, CLAIM_ID, ITEM_TRACE, MEETS, pas_request, write
from pypdf import PdfReader
from trust_helpers import PASS, Org, utc

from reviewer_app.casefile import determinations as store
from reviewer_app.cli import main
from reviewer_app.letters.authority import IssueRequest, issue_identity

from helpers import open_case

REVIEWER_NPI = "1992753880"
RATIONALE = (
    "The request documents an autologous transplant only; donor lymphocytes need an "
    "allogeneic graft from the same donor under the policy."
)
NOT_MET = {**MEETS["dli"], "dli.allogeneic_hsct": False, "dli.same_donor": False}
CASES = [
    # service, DTR answers (None: no QuestionnaireResponse), decision, X12 306 code
    ("dli", MEETS["dli"], "approve", "A1"),
    ("hpc_boost", MEETS["hpc_boost"], "approve", "A1"),
    ("dli", NOT_MET, "deny", "A3"),
    ("hpc_boost", None, "pend", "A4"),
    ("dli", None, "pend", "A4"),
]


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def medical_director(tmp_path: Path, config: Path) -> tuple[Path, Path]:
    """An organization-issued medical director identity with an NPI, and its passphrase."""
    (tmp_path / "ids").mkdir()
    org = Org(tmp_path / "ids")
    org.install(config)
    out = tmp_path / "ids" / "md.p12"
    request = IssueRequest("Dr. Riley Sample", "MD", "medical_director", "Hematology", REVIEWER_NPI)
    issue_identity(org.authority, request, PASS, out, now=utc(-1))
    pw = tmp_path / "pw.txt"
    pw.write_bytes(PASS + b"\n")
    return out, pw


def decided_response(
    tmp_path: Path,
    who: tuple[Path, Path],
    service: str,
    answers: dict[str, bool | float] | None,
    decision: str,
) -> tuple[dict[str, Any], Path]:
    src = write(tmp_path, pas_request(service, answers))
    case = tmp_path / "case.umcase"
    assert main(["case", "import", str(src), "-o", str(case)]) == 0
    assert main(["case", "confirm", str(case)]) == 0
    rationale = RATIONALE if decision == "deny" else ""
    sign = ["--identity", str(who[0]), "--passphrase-file", str(who[1])]
    status = main(
        ["case", "decide", str(case), "--decision", decision, "--rationale", rationale, *sign]
    )
    assert status == 0
    out = tmp_path / "response.json"
    assert main(["case", "export", str(case), "--fhir", "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return data, case


@pytest.mark.parametrize(("service", "answers", "decision", "code"), CASES)
def test_response_bundle(
    tmp_path: Path,
    medical_director: tuple[Path, Path],
    service: str,
    answers: dict[str, bool | float] | None,
    decision: str,
    code: str,
) -> None:
    data, case = decided_response(tmp_path, medical_director, service, answers, decision)
    bundle = Bundle.model_validate(data)  # the R4B models accept it
    assert bundle.entry and bundle.entry[0].resource.get_resource_type() == "ClaimResponse"
    assert fp(data, "Bundle.entry.first().resource.resourceType") == ["ClaimResponse"]
    cr = "Bundle.entry.first().resource"
    action = (
        f"{cr}.item.adjudication.extension.where(url.endsWith('extension-reviewAction'))"
        ".extension.where(url.endsWith('extension-reviewActionCode')).value.coding.code"
    )
    assert fp(data, action) == [code]
    assert fp(data, f"{cr}.use") == ["preauthorization"]
    assert fp(data, f"{cr}.outcome") == ["queued" if decision == "pend" else "complete"]
    reviewer = f"{cr}.extension.where(url.endsWith('claimResponseReviewer')).extension"
    assert fp(data, f"{reviewer}.where(url='wasHumanReviewedFlag').value") == [True]
    assert fp(data, f"{reviewer}.where(url='reviewerNPI').value.value") == [REVIEWER_NPI]
    notes = fp(data, f"{cr}.processNote.text")
    assert notes
    with open_case(case, readonly=True) as c:
        row = store.latest_letter(c)
        assert row is not None and row.id is not None
        pdf = store.letter_pdf(c, row.id)
    letter_text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    number = fp(data, f"{cr}.preAuthRef")
    if decision == "approve":
        assert number and number[0] in letter_text  # the number the letter prints
        assert (
            fp(data, f"{cr}.item.adjudication.extension.extension.where(url='number').value")
            == number
        )
        assert fp(data, f"{cr}.preAuthPeriod.start")
    else:
        assert number == []
    reason = fp(data, f"{cr}.item.adjudication.reason.coding.code")
    if decision == "deny":
        assert RATIONALE in notes
        assert reason == ["dli.allogeneic_hsct"]  # the first criterion not met
    elif decision == "pend":
        assert reason and reason[0].startswith(service)
    else:
        assert reason == []
    doc = "Bundle.entry.resource.where(resourceType='DocumentReference')"
    sha1 = fp(data, f"{doc}.content.attachment.hash")
    assert sha1 == [base64.b64encode(hashlib.sha1(pdf).digest()).decode()]
    assert fp(data, f"{doc}.identifier.value") == [hashlib.sha256(pdf).hexdigest()]
    assert base64.b64decode(fp(data, f"{doc}.content.attachment.data")[0]) == pdf
    prov = "Bundle.entry.resource.where(resourceType='Provenance')"
    assert len(fp(data, f"{prov}.target")) == 3
    assert fp(data, f"{prov}.agent.who.reference") == fp(data, f"{doc}.author.reference")


def test_every_identifier_the_requester_sent_comes_back(
    tmp_path: Path, medical_director: tuple[Path, Path]
) -> None:
    data, _ = decided_response(tmp_path, medical_director, "dli", MEETS["dli"], "approve")
    assert fp(data, "Bundle.identifier.value") == [BUNDLE_ID["value"]]
    cr = "Bundle.entry.first().resource"
    assert CLAIM_ID["value"] in fp(data, f"{cr}.identifier.value")
    assert fp(data, f"{cr}.request.identifier.value") == [CLAIM_ID["value"]]
    trace = fp(data, f"{cr}.item.extension.where(url.endsWith('itemTraceNumber')).value")
    assert trace == [ITEM_TRACE]
    patient = "Bundle.entry.resource.where(resourceType='Patient')"
    assert fp(data, f"{patient}.identifier.value") == ["DEMO-M-0001"]
    insurer = "Bundle.entry.resource.where(resourceType='Organization')"
    assert fp(data, f"{insurer}.identifier.value") == ["DHP-001"]


def test_final_answers_say_where_they_came_from(
    tmp_path: Path, medical_director: tuple[Path, Path]
) -> None:
    src = write(tmp_path, pas_request("dli", MEETS["dli"]))
    case = tmp_path / "case.umcase"
    assert main(["case", "import", str(src), "-o", str(case)]) == 0
    assert main(["case", "confirm", str(case), "dli.allogeneic_hsct"]) == 0
    assert main(["case", "answer", str(case), "dli.high_risk_of_relapse", "yes"]) == 0
    assert main(["case", "confirm", str(case)]) == 0
    who, pw = medical_director
    args = ["--identity", str(who), "--passphrase-file", str(pw)]
    assert main(["case", "decide", str(case), "--decision", "approve", *args]) == 0
    out = tmp_path / "r.json"
    assert main(["case", "export", str(case), "--fhir", "-o", str(out)]) == 0
    data = json.loads(out.read_text())
    qr = "Bundle.entry.resource.where(resourceType='QuestionnaireResponse')"
    assert fp(data, f"{qr}.questionnaire")[0].endswith("/Questionnaire/cp0261|2025-05-15")

    def origin(link_id: str, url: str) -> list[Any]:
        item = f"{qr}.repeat(item).where(linkId='{link_id}')"
        return fp(data, f"{item}.answer.extension.where(url.endsWith('{url}'))")

    assert [e["valueCode"] for e in origin("dli.allogeneic_hsct", "answer-origin")] == ["confirmed"]
    assert [e["valueCode"] for e in origin("dli.high_risk_of_relapse", "answer-origin")] == [
        "reviewer"
    ]
    dtr = origin("dli.allogeneic_hsct", "information-origin")
    assert dtr and dtr[0]["extension"][0]["valueCode"] == "auto"


def test_undecided_case_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path, pas_request("dli"))
    case = tmp_path / "case.umcase"
    assert main(["case", "import", str(src), "-o", str(case), "--training"]) == 0
    capsys.readouterr()
    out = tmp_path / "r.json"
    assert main(["case", "export", str(case), "--fhir", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no determination yet" in err
    assert not out.exists()
