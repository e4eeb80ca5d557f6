"""A Da Vinci PAS request Bundle read into the same ``Intake`` as ``umcase-intake/1``.

The Bundle is mapped to an intake document and handed to ``parse_intake``, so every
check an intake gets (schema, text, dates, NPI check digit) applies; a problem it finds
is reported at the FHIR element the value came from. The mapping:

- service: the Claim's one item, ``productOrService`` coded in the AMA CPT system;
  date ``servicedDate`` or ``servicedPeriod.start``; ``quantity`` as units (default 1);
- diagnoses: ``Claim.diagnosis`` coded in ICD-10-CM (``C9202`` reads as ``C92.02``);
- urgency: expedited when ``priority`` is ``stat`` or the PAS level of service is
  U (urgent) or 03 (emergency), standard otherwise;
- line of business: the focal Coverage's ``type`` in the Source of Payment Typology
  (1x Medicare: medicare_advantage, 2x Medicaid: medicaid, 5x/6x private: commercial),
  or a Coverage ``class`` of type ``plan`` whose value is one of the three names;
- member: the Patient (name, birth date, gender, preferred language, home address) and
  the Coverage's ``subscriberId`` (else the Patient's MB identifier) as member ID;
- requester: ``Claim.provider`` (Practitioner, PractitionerRole or Organization) with
  its NPI, organization, phone and fax;
- received: ``Claim.created``; the identifiers (Bundle, Claim, item trace numbers,
  Patient, insurer) are kept under ``pas_request`` for the response.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reviewer_app.fhir import codes
from reviewer_app.fhir.bundle_index import BundleIndex, validate_bundle
from reviewer_app.fhir.dtr_answers import questionnaire_responses, read_answers
from reviewer_app.fhir.errors import FhirInputError
from reviewer_app.fhir.parties import member, requester
from reviewer_app.fhir.reading import read_fhir_json
from reviewer_app.intake.model import SCHEMA_ID, Intake, IntakeError
from reviewer_app.policy import PolicyRegistry

_EXPEDITED_LEVELS = {"U", "03"}
_SOPT_LINES = {"1": "medicare_advantage", "2": "medicaid", "5": "commercial", "6": "commercial"}
_LINES = ("commercial", "medicare_advantage", "medicaid")


def intake_from_fhir(raw: bytes, where: str, registry: PolicyRegistry | None = None) -> Intake:
    """The intake a PAS request Bundle's bytes state; ``FhirInputError`` if they are not one."""
    from reviewer_app.intake.parse import parse_intake
    from reviewer_app.resources import policy_data_dir

    registry = registry or PolicyRegistry(policy_data_dir())
    bundle = validate_bundle(read_fhir_json(raw, where))
    document, origins = map_request(BundleIndex(bundle), registry)
    try:
        return parse_intake(document)
    except FhirInputError:
        raise
    except IntakeError as exc:
        raise FhirInputError(_origin_of(exc.field, origins), exc.problem) from None


def _origin_of(field: str, origins: dict[str, str]) -> str:
    parts = field.split(".") if field else []
    while parts:
        found = origins.get(".".join(parts))
        if found:
            return found
        parts.pop()
    return "Bundle"


def map_request(
    index: BundleIndex, registry: PolicyRegistry
) -> tuple[dict[str, Any], dict[str, str]]:
    """The intake document, and for each of its fields the FHIR path it was read from."""
    if index.bundle.type != "collection":
        raise FhirInputError("Bundle.type", "a PAS request Bundle is of type collection")
    claims = list(index.entries("Claim"))
    if not claims:
        raise FhirInputError("Bundle.entry", "holds no Claim (a PAS request is a Claim Bundle)")
    if len(claims) > 1:
        raise FhirInputError(index.path(claims[1][0]), "a second Claim (one request per Bundle)")
    at, claim = claims[0]
    if claim.use != "preauthorization":
        raise FhirInputError(index.path(at, "use"), "is not preauthorization (PAS requests only)")
    origins: dict[str, str] = {}
    doc: dict[str, Any] = {"schema": SCHEMA_ID}
    if claim.created is None or not isinstance(claim.created, dt.datetime):
        raise FhirInputError(index.path(at, "created"), "needs a date and time with a time zone")
    doc["received_at"] = claim.created.isoformat()
    origins["received_at"] = index.path(at, "created")
    doc["urgency"] = _urgency(claim)
    origins["urgency"] = index.path(at, "priority")
    coverage_at, coverage = _coverage(index, claim, at)
    doc["line_of_business"] = _line_of_business(coverage, index.path(coverage_at, "type"))
    origins["line_of_business"] = index.path(coverage_at, "type")
    patient_at, patient = index.resolve(claim.patient, index.path(at, "patient"), "Patient")
    doc["member"] = member(index, patient_at, patient, coverage_at, coverage, origins)
    doc["requesting_provider"] = requester(index, at, claim, origins)
    cpt, item_no = _service(index, at, claim, registry, doc, origins)
    doc["diagnoses"] = _diagnoses(index, at, claim, origins)
    doc["clinical"] = _clinical(claim)
    policy, set_id = registry.for_cpt(cpt)
    criteria = policy.criteria_set(set_id)
    pas: dict[str, Any] = {
        "claim_identifiers": _identifiers(claim.identifier),
        "item_sequence": int(claim.item[item_no].sequence),
        "item_trace_numbers": _trace_numbers(claim.item[item_no]),
        "patient_identifiers": _identifiers(patient.identifier),
    }
    origins["pas_request.claim_identifiers"] = index.path(at, "identifier")
    origins["pas_request.patient_identifiers"] = index.path(patient_at, "identifier")
    origins["pas_request.item_trace_numbers"] = index.path(at, "item", item_no, "extension")
    if index.bundle.identifier is not None and index.bundle.identifier.value:
        pas["bundle_identifier"] = _identifiers([index.bundle.identifier])[0]
        origins["pas_request.bundle_identifier"] = "Bundle.identifier"
    if claim.insurer is not None:
        insurer_at, insurer = index.resolve(
            claim.insurer, index.path(at, "insurer"), "Organization"
        )
        if insurer.name:
            pas["insurer_name"] = str(insurer.name)
        pas["insurer_identifiers"] = _identifiers(insurer.identifier)
        origins["pas_request.insurer_name"] = index.path(insurer_at, "name")
        origins["pas_request.insurer_identifiers"] = index.path(insurer_at, "identifier")
    answers: list[dict[str, Any]] = []
    for qr_at in questionnaire_responses(index, claim, at):
        qr = index.resource(qr_at)
        if qr.subject is not None:
            subject_at, _ = index.resolve(qr.subject, index.path(qr_at, "subject"), "Patient")
            if subject_at != patient_at:
                raise FhirInputError(
                    index.path(qr_at, "subject"), "is another patient than the Claim's"
                )
        found, paths, named = read_answers(index, qr_at, qr, policy, criteria)
        for entry, path in zip(found, paths, strict=True):
            origins[f"questionnaire_answers.{len(answers)}"] = path
            answers.append(entry)
        pas["questionnaire"] = named
    if answers:
        doc["questionnaire_answers"] = answers
    doc["pas_request"] = pas
    return doc, origins


def _urgency(claim: Any) -> str:
    priority = {c.code for c in (claim.priority.coding or [])} if claim.priority else set()
    levels: set[str] = set()
    for ext in claim.extension or []:
        if ext.url == codes.LEVEL_OF_SERVICE and ext.valueCodeableConcept is not None:
            levels |= {str(c.code) for c in ext.valueCodeableConcept.coding or []}
    # The sooner deadline wins when the two disagree: a missed urgent deadline harms.
    return "expedited" if "stat" in priority or levels & _EXPEDITED_LEVELS else "standard"


def _coverage(index: BundleIndex, claim: Any, at: int) -> tuple[int, Any]:
    insurance = claim.insurance or []
    if not insurance:
        raise FhirInputError(index.path(at, "insurance"), "is missing (the member's Coverage)")
    k = next((k for k, ins in enumerate(insurance) if ins.focal), 0)
    return index.resolve(
        insurance[k].coverage, index.path(at, "insurance", k, "coverage"), "Coverage"
    )


def _line_of_business(coverage: Any, where: str) -> str:
    for cls in coverage.class_fhir or []:
        kinds = {c.code for c in (cls.type.coding or [])} if cls.type else set()
        if "plan" in kinds and cls.value in _LINES:
            return str(cls.value)
    for coding in (coverage.type.coding or []) if coverage.type else []:
        if coding.system == codes.SOPT and coding.code and coding.code[0] in _SOPT_LINES:
            return _SOPT_LINES[coding.code[0]]
    raise FhirInputError(
        where,
        "names no line of business this workstation knows (Source of Payment Typology "
        "1x Medicare, 2x Medicaid, 5x or 6x private insurance)",
    )


def _service(
    index: BundleIndex,
    at: int,
    claim: Any,
    registry: PolicyRegistry,
    doc: dict[str, Any],
    origins: dict[str, str],
) -> tuple[str, int]:
    items = claim.item or []
    if len(items) != 1:
        raise FhirInputError(
            index.path(at, "item"), "must hold exactly one service line (one review per request)"
        )
    item = items[0]
    where = index.path(at, "item", 0, "productOrService")
    cpts = [c.code for c in (item.productOrService.coding or []) if c.system == codes.CPT]
    if not cpts:
        raise FhirInputError(where, f"has no AMA CPT code (system {codes.CPT})")
    covered = sorted({c for pid in registry.ids() for c in registry.get(pid).covered_cpts})
    cpt = str(cpts[0])
    if cpt not in covered:
        shown = repr(cpt) if cpt.isdigit() and len(cpt) == 5 else "the code"
        raise FhirInputError(
            where, f"CPT {shown} is not reviewed here (covered: {', '.join(covered)})"
        )
    if item.servicedDate is not None:
        when, origin = item.servicedDate, index.path(at, "item", 0, "servicedDate")
    elif item.servicedPeriod is not None and item.servicedPeriod.start is not None:
        when, origin = (
            item.servicedPeriod.start,
            index.path(at, "item", 0, "servicedPeriod", "start"),
        )
    else:
        raise FhirInputError(
            index.path(at, "item", 0, "servicedDate"), "is missing (the date of service)"
        )
    units: Any = 1
    if item.quantity is not None and item.quantity.value is not None:
        units = item.quantity.value
        units = int(units) if float(units).is_integer() else units
    when = when.date() if isinstance(when, dt.datetime) else when
    doc["service"] = {"cpt": cpt, "date_of_service": when.isoformat(), "units": units}
    origins["service.cpt"] = where
    origins["service.date_of_service"] = origin
    origins["service.units"] = index.path(at, "item", 0, "quantity")
    return cpt, 0


def _diagnoses(
    index: BundleIndex, at: int, claim: Any, origins: dict[str, str]
) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for j, diag in enumerate(claim.diagnosis or []):
        where = index.path(at, "diagnosis", j, "diagnosisCodeableConcept")
        concept = diag.diagnosisCodeableConcept
        coding = (
            next((c for c in (concept.coding or []) if c.system == codes.ICD10CM), None)
            if concept
            else None
        )
        if coding is None or not coding.code:
            raise FhirInputError(where, f"has no ICD-10-CM code (system {codes.ICD10CM})")
        code = str(coding.code).upper()
        if len(code) > 3 and "." not in code:
            code = f"{code[:3]}.{code[3:]}"
        text = coding.display or concept.text or f"ICD-10-CM {code}"
        origins[f"diagnoses.{len(out)}"] = where
        out.append({"icd10": code, "description": str(text)})
    return out


def _clinical(claim: Any) -> dict[str, Any]:
    notes = [
        str(info.valueString)
        for info in claim.supportingInfo or []
        if info.valueString and any(c.code == "freeFormMessage" for c in info.category.coding or [])
    ]
    return {"notes": "\n".join(notes)} if notes else {}


def _identifiers(identifiers: Any) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for ident in identifiers or []:
        if ident.value:
            entry = {"value": str(ident.value)}
            if ident.system:
                entry["system"] = str(ident.system)
            out.append(entry)
    return out


def _trace_numbers(item: Any) -> list[dict[str, str]]:
    return _identifiers(
        ext.valueIdentifier
        for ext in item.extension or []
        if ext.url == codes.ITEM_TRACE_NUMBER and ext.valueIdentifier is not None
    )
