"""A decided case as a Da Vinci PAS response Bundle (FHIR R4).

The first entry is the ClaimResponse: one item per requested line with the X12 278
review action (A1 certified in total, A3 not certified, A4 pended), the authorization
number and period on approvals, ``processNote`` with the specific reason, the PAS
reviewer extension (human reviewed, NPI, specialty), and the request's identifiers
(Bundle, Claim, item trace numbers) echoed so the requester can match the answer. Then
the parties, the signed letter (DocumentReference), its Provenance and the final
QuestionnaireResponse.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.claimresponse import (
    ClaimResponse,
    ClaimResponseItem,
    ClaimResponseItemAdjudication,
    ClaimResponseProcessNote,
)
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.meta import Meta
from fhir.resources.R4B.period import Period
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.resource import Resource

from reviewer_app.casefile.store import CaseFile
from reviewer_app.fhir import codes, response_parts
from reviewer_app.fhir.case_view import AUTHORIZATION_DAYS, DecidedCase, read_decided
from reviewer_app.fhir.response_parts import identifiers, ref, urn

ACTIONS = {"approve": codes.CERTIFIED, "deny": codes.NOT_CERTIFIED, "pend": codes.PENDED}


def authorization_number(d: DecidedCase) -> str:
    """The number the approval letter prints (``decisions.letter_builder``)."""
    from reviewer_app.decisions.letter_builder import authorization_number as number

    return number(d.case.header.case_id, d.determination.version, d.decided_at.date())


def build_response(case: CaseFile, organization: str, now: dt.datetime) -> Bundle:
    d = read_decided(case)
    h = case.header
    urls = {
        k: urn(h.case_id, d.sha256, k)
        for k in ("cr", "pat", "req", "rev", "ins", "doc", "prov", "qr")
    }
    pat = response_parts.patient(d)
    req = response_parts.requester(d)
    rev = response_parts.reviewer(d)
    ins = response_parts.insurer(d, organization)
    doc = response_parts.letter(d, urls["pat"], urls["rev"])
    qr = response_parts.final_answers(d, urls["pat"], urls["rev"])
    cr = claim_response(d, urls, now)
    prov = response_parts.provenance(
        d, [urls["cr"], urls["doc"], urls["qr"]], urls["rev"], urls["ins"]
    )
    resources: list[tuple[str, Resource]] = [
        ("cr", cr),
        ("pat", pat),
        ("req", req),
        ("rev", rev),
        ("ins", ins),
        ("doc", doc),
        ("prov", prov),
        ("qr", qr),
    ]
    bundle_id = d.pas.get("bundle_identifier")
    return Bundle(
        meta=Meta(profile=[codes.PAS_RESPONSE_BUNDLE]),
        identifier=identifiers([bundle_id])[0] if bundle_id else None,
        type="collection",
        timestamp=now,
        entry=[BundleEntry(fullUrl=urls[k], resource=r) for k, r in resources],
    )


def claim_response(d: DecidedCase, urls: dict[str, str], now: dt.datetime) -> ClaimResponse:
    h = d.case.header
    det = d.determination
    code, display = ACTIONS[det.decision]
    approved = det.decision == "approve"
    review: list[Extension] = []
    number = authorization_number(d) if approved else ""
    if number:
        review.append(Extension(url="number", valueString=number))
    review.append(
        Extension(
            url=codes.REVIEW_ACTION_CODE,
            valueCodeableConcept=CodeableConcept(
                coding=[Coding(system=codes.X12_REVIEW_ACTION, code=code, display=display)]
            ),
        )
    )
    notes = _notes(d)
    item_ext: list[Extension] = [
        Extension(url=codes.ITEM_TRACE_NUMBER, valueIdentifier=i)
        for i in identifiers(d.pas.get("item_trace_numbers"))
    ]
    period: Period | None = None
    if approved:
        end = h.date_of_service + dt.timedelta(days=AUTHORIZATION_DAYS)
        period = Period(start=_midnight(d.decided_at.date()), end=_midnight(end))
        item_ext += [
            Extension(url=codes.ITEM_PRE_AUTH_ISSUE_DATE, valueDate=d.decided_at.date()),
            Extension(url=codes.ITEM_PRE_AUTH_PERIOD, valuePeriod=period),
        ]
    item = ClaimResponseItem(
        extension=item_ext or None,
        itemSequence=int(d.pas.get("item_sequence") or 1),
        noteNumber=[n.number for n in notes] or None,
        adjudication=[
            ClaimResponseItemAdjudication(
                extension=[Extension(url=codes.REVIEW_ACTION, extension=review)],
                category=CodeableConcept(
                    coding=[Coding(system=codes.ADJUDICATION, code="submitted")]
                ),
                reason=_reason(d),
            )
        ],
    )
    claim_ids = identifiers(d.pas.get("claim_identifiers"))
    r = d.reviewer
    reviewer_ext = [Extension(url="wasHumanReviewedFlag", valueBoolean=True)]
    if r.npi:
        reviewer_ext.append(
            Extension(url="reviewerNPI", valueIdentifier=Identifier(system=codes.NPI, value=r.npi))
        )
    if r.specialty:
        reviewer_ext.append(
            Extension(
                url="reviewerSpecialty", valueCodeableConcept=CodeableConcept(text=r.specialty)
            )
        )
    return ClaimResponse(
        id=urls["cr"].rpartition(":")[2],
        meta=Meta(profile=[codes.PAS_CLAIM_RESPONSE]),
        extension=[Extension(url=codes.CLAIM_RESPONSE_REVIEWER, extension=reviewer_ext)],
        identifier=[*claim_ids, Identifier(system=codes.CASE_IDS, value=h.case_id)],
        status="active",
        type=CodeableConcept(coding=[Coding(system=codes.CLAIM_TYPE, code="professional")]),
        use="preauthorization",
        patient=ref(urls["pat"], "Patient"),
        created=now,
        insurer=ref(urls["ins"], "Organization"),
        requestor=ref(urls["req"], "Practitioner"),
        request=Reference(type="Claim", identifier=claim_ids[0]) if claim_ids else None,
        outcome="queued" if det.decision == "pend" else "complete",
        disposition=display,
        preAuthRef=number or None,
        preAuthPeriod=period,
        item=[item],
        processNote=notes or None,
    )


def _reason(d: DecidedCase) -> CodeableConcept | None:
    """Why not certified (the first criterion not met) or pended (the first still open),
    coded by criterion ID. X12's own HCR03 reason codes (list 886) are licensed by X12 and
    not shipped, so the reviewAction carries no ``reasonCode``."""
    ev = d.case.evaluate()
    decision = d.determination.decision
    nodes = ev.failed_items if decision == "deny" else ev.open_items if decision == "pend" else []
    if not nodes:
        return None
    first = nodes[0]
    return CodeableConcept(
        coding=[Coding(system=codes.CRITERIA, code=first.id, display=first.label)],
        text="; ".join(n.label for n in nodes),
    )


def _notes(d: DecidedCase) -> list[ClaimResponseProcessNote]:
    """The specific reason: the reviewer's rationale, then what the checklist found."""
    ev = d.case.evaluate()
    texts: list[str] = []
    if d.determination.rationale.strip():
        texts.append(d.determination.rationale.strip())
    if d.determination.decision == "deny":
        texts += [f"Not met: {n.label}. {n.not_met_text}".strip() for n in ev.failed_items]
    elif d.determination.decision == "pend":
        texts += [f"Information needed: {n.question}" for n in ev.open_items]
    elif d.determination.decision == "approve":
        texts.append(f"The criteria of {d.case.policy.citation_line()} are met.")
    return [
        ClaimResponseProcessNote(number=k, type="display", text=text)
        for k, text in enumerate(texts, start=1)
    ]


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def response_json(case: CaseFile, organization: str, now: dt.datetime) -> bytes:
    bundle: Any = build_response(case, organization, now)
    return bytes(bundle.model_dump_json(indent=2, exclude_none=True).encode())
