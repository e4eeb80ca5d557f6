"""Synthetic Da Vinci PAS request Bundles for DLI and HPC boost (all people invented).

Shaped after the PAS 2.0 guide's examples: a collection Bundle whose first entry is a
Claim with ``use = preauthorization``, then the Patient, the Coverage, the insurer and
the requester (PractitionerRole, Practitioner, Organization), and optionally a DTR
QuestionnaireResponse for the policy's Questionnaire, named by ``supportingInfo``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PAS = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/"
DTR = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/"
QUESTIONNAIRE = "http://demo-health-plan.example.org/fhir/Questionnaire/cp0261"
CLAIM_ID = {"system": "urn:trnorg:9012345678", "value": "PAS-TRACE-0001"}
ITEM_TRACE = {"system": "http://example.org/ITEM_TRACE_NUMBER", "value": "ITEM-TRACE-77"}
BUNDLE_ID = {"system": "http://example.org/SUBMITTER_TRANSACTION_IDENTIFIER", "value": "TX-5501"}

SERVICES = {
    "dli": {
        "cpt": "38242",
        "display": "Donor lymphocyte infusion",
        "icd10": "C9202",
        "diagnosis": "Acute myeloblastic leukemia, in relapse",
    },
    "hpc_boost": {
        "cpt": "38243",
        "display": "HPC boost",
        "icd10": "D46.9",
        "diagnosis": "Myelodysplastic syndrome, unspecified",
    },
}

# Answers that meet each service's criteria; CLINICAL states the same as intake facts.
MEETS: dict[str, dict[str, bool | float]] = {
    "dli": {
        "dli.allogeneic_hsct": True,
        "dli.hematologic_malignancy": True,
        "dli.relapsed": True,
        "dli.same_donor": True,
    },
    "hpc_boost": {
        "hpc_boost.prior_hsct": True,
        "hpc_boost.chimerism_after_allogeneic": True,
        "hpc_boost.enhance_chimerism": True,
        "hpc_boost.chimerism_below_100": 82.5,
        "hpc_boost.same_source": True,
    },
}
CLINICAL: dict[str, dict[str, Any]] = {
    "dli": {
        "transplant": {"type": "allogeneic", "date": "2025-09-10", "donor_id": "DNR-7781"},
        "product_donor_id": "DNR-7781",
        "indication": "relapse",
    },
    "hpc_boost": {
        "transplant": {"type": "allogeneic", "date": "2026-06-02", "donor_id": "DNR-1204"},
        "product_donor_id": "DNR-1204",
        "indication": "enhance_chimerism",
        "chimerism_percent_donor": 82.5,
    },
}


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _coding(system: str, code: str, display: str = "") -> dict[str, Any]:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


def pas_request(
    service: str = "dli",
    answers: dict[str, bool | float] | None = None,
    *,
    origin: str = "auto",
    expedited: bool = False,
) -> dict[str, Any]:
    svc = SERVICES[service]
    claim: dict[str, Any] = {
        "resourceType": "Claim",
        "id": "claim-1",
        "meta": {"profile": [PAS + "profile-claim"]},
        "extension": [
            {
                "url": PAS + "extension-levelOfServiceCode",
                "valueCodeableConcept": _coding(
                    "https://codesystem.x12.org/005010/1338", "U" if expedited else "E"
                ),
            }
        ],
        "identifier": [CLAIM_ID],
        "status": "active",
        "type": _coding("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
        "use": "preauthorization",
        "patient": {"reference": "Patient/patient-1"},
        "created": "2026-11-20T14:05:00Z",
        "insurer": {"reference": "Organization/insurer-1"},
        "provider": {"reference": "PractitionerRole/role-1"},
        "priority": _coding(
            "http://terminology.hl7.org/CodeSystem/processpriority",
            "stat" if expedited else "normal",
        ),
        "diagnosis": [
            {
                "sequence": 1,
                "diagnosisCodeableConcept": _coding(
                    "http://hl7.org/fhir/sid/icd-10-cm", svc["icd10"], svc["diagnosis"]
                ),
            }
        ],
        "insurance": [
            {"sequence": 1, "focal": True, "coverage": {"reference": "Coverage/coverage-1"}}
        ],
        "item": [
            {
                "extension": [
                    {"url": PAS + "extension-itemTraceNumber", "valueIdentifier": ITEM_TRACE}
                ],
                "sequence": 1,
                "category": _coding("https://codesystem.x12.org/005010/1365", "1"),
                "productOrService": _coding(
                    "http://www.ama-assn.org/go/cpt", svc["cpt"], svc["display"]
                ),
                "servicedDate": "2026-12-03",
                "quantity": {"value": 1},
            }
        ],
    }
    patient = {
        "resourceType": "Patient",
        "id": "patient-1",
        "identifier": [
            {
                "type": _coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MB"),
                "system": "http://demo-health-plan.example.org/member",
                "value": "DEMO-M-0001",
            }
        ],
        "name": [{"family": "Demo", "given": ["Ava"]}],
        "gender": "female",
        "birthDate": "1968-03-14",
        "address": [
            {
                "use": "home",
                "line": ["12 Example Road"],
                "city": "Springfield",
                "state": "IL",
                "postalCode": "62701",
            }
        ],
        "communication": [{"language": _coding("urn:ietf:bcp:47", "en"), "preferred": True}],
    }
    coverage = {
        "resourceType": "Coverage",
        "id": "coverage-1",
        "status": "active",
        "type": _coding("https://nahdo.org/sopt", "5", "Private Health Insurance"),
        "subscriberId": "DEMO-M-0001",
        "beneficiary": {"reference": "Patient/patient-1"},
        "payor": [{"reference": "Organization/insurer-1"}],
    }
    insurer = {
        "resourceType": "Organization",
        "id": "insurer-1",
        "identifier": [{"system": "http://example.org/payer-id", "value": "DHP-001"}],
        "name": "Demo Health Plan",
    }
    role = {
        "resourceType": "PractitionerRole",
        "id": "role-1",
        "practitioner": {"reference": "Practitioner/practitioner-1"},
        "organization": {"reference": "Organization/requester-org-1"},
        "telecom": [
            {"system": "phone", "value": "555-0100"},
            {"system": "fax", "value": "555-0101"},
        ],
    }
    practitioner = {
        "resourceType": "Practitioner",
        "id": "practitioner-1",
        "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}],
        "name": [{"family": "Example", "given": ["Sam"], "prefix": ["Dr."]}],
    }
    org = {"resourceType": "Organization", "id": "requester-org-1", "name": "Example Cancer Center"}
    entries = [claim, patient, coverage, insurer, role, practitioner, org]
    if answers is not None:
        entries.append(questionnaire_response(service, answers, origin=origin))
        claim["supportingInfo"] = [
            {
                "sequence": 1,
                "category": _coding(
                    "http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes",
                    "additionalInformation",
                ),
                "valueReference": {"reference": "QuestionnaireResponse/qr-1"},
            }
        ]
    return {
        "resourceType": "Bundle",
        "meta": {"profile": [PAS + "profile-pas-request-bundle"]},
        "identifier": BUNDLE_ID,
        "type": "collection",
        "timestamp": "2026-11-20T14:05:00Z",
        "entry": [_entry(r) for r in entries],
    }


def questionnaire_response(
    service: str, answers: dict[str, bool | float], *, origin: str = "auto"
) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for link_id, value in answers.items():
        key = "valueBoolean" if isinstance(value, bool) else "valueDecimal"
        origin_ext = {
            "url": DTR + "information-origin",
            "extension": [{"url": "source", "valueCode": origin}],
        }
        items.append({"linkId": link_id, "answer": [{"extension": [origin_ext], key: value}]})
    service_item = {
        "linkId": "service",
        "answer": [
            {
                "valueCoding": {
                    "system": "http://www.ama-assn.org/go/cpt",
                    "code": SERVICES[service]["cpt"],
                }
            }
        ],
    }
    return {
        "resourceType": "QuestionnaireResponse",
        "id": "qr-1",
        "meta": {"profile": [DTR + "dtr-questionnaireresponse"]},
        "questionnaire": f"{QUESTIONNAIRE}|2025-05-15",
        "status": "completed",
        "subject": {"reference": "Patient/patient-1"},
        "authored": "2026-11-19T10:00:00Z",
        "item": [service_item, {"linkId": service, "item": items}],
    }


def write(folder: Path, bundle: dict[str, Any], name: str = "request.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(bundle, indent=1), "utf-8")
    return path
