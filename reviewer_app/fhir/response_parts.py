"""The resources beside the ClaimResponse in a PAS response: parties, the signed letter,
its provenance and the final QuestionnaireResponse."""

from __future__ import annotations

import base64
import hashlib
import uuid
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.attachment import Attachment
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.documentreference import DocumentReference, DocumentReferenceContent
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.meta import Meta
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.provenance import Provenance, ProvenanceAgent
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse,
    QuestionnaireResponseItem,
    QuestionnaireResponseItemAnswer,
)
from fhir.resources.R4B.reference import Reference

from reviewer_app.fhir import codes
from reviewer_app.fhir.case_view import DecidedCase
from reviewer_app.fhir.questionnaire import SERVICE_LINK_ID, canonical_url
from reviewer_app.policy.models import Node
from reviewer_app.review.answers import Answer, AnswerSource, Reply


def urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(parts))}"


def ref(full_url: str, kind: str) -> Reference:
    return Reference(reference=full_url, type=kind)


def identifiers(items: Any) -> list[Identifier]:
    return [
        Identifier(system=i.get("system"), value=i["value"])
        for i in items or []
        if isinstance(i, dict) and i.get("value")
    ]


def patient(d: DecidedCase) -> Patient:
    h = d.case.header
    ids = identifiers(d.pas.get("patient_identifiers")) or [Identifier(value=h.member_id)]
    return Patient(
        id=urn(h.case_id, "Patient").rpartition(":")[2],
        identifier=ids,
        name=[HumanName(text=h.member_name)],
        birthDate=h.member_dob,
    )


def requester(d: DecidedCase) -> Practitioner:
    h = d.case.header
    return Practitioner(
        id=urn(h.case_id, "Requester").rpartition(":")[2],
        identifier=[Identifier(system=codes.NPI, value=h.provider_npi)],
        name=[HumanName(text=h.provider_name)],
    )


def reviewer(d: DecidedCase) -> Practitioner:
    r = d.reviewer
    return Practitioner(
        id=urn(d.case.header.case_id, "Reviewer", r.name).rpartition(":")[2],
        identifier=[Identifier(system=codes.NPI, value=r.npi)] if r.npi else None,
        name=[HumanName(text=f"{r.name}, {r.credentials}" if r.credentials else r.name)],
    )


def insurer(d: DecidedCase, organization: str) -> Organization:
    return Organization(
        id=urn(d.case.header.case_id, "Insurer").rpartition(":")[2],
        identifier=identifiers(d.pas.get("insurer_identifiers")) or None,
        name=str(d.pas.get("insurer_name") or organization),
    )


def letter(d: DecidedCase, patient_url: str, reviewer_url: str) -> DocumentReference:
    """The signed letter: the PDF itself, FHIR's SHA-1 ``hash``, and the SHA-256 the case
    file records for it (and ``letter verify`` prints) as an identifier."""
    pdf = d.pdf
    row = d.letter
    return DocumentReference(
        id=urn(d.sha256).rpartition(":")[2],
        identifier=[Identifier(system=codes.LETTER_SHA256, value=d.sha256)],
        status="current",
        docStatus="final",
        type=CodeableConcept(text=f"Determination letter ({row.kind})"),
        subject=ref(patient_url, "Patient"),
        date=d.decided_at,
        author=[ref(reviewer_url, "Practitioner")],
        description=f"Signed determination letter, version {row.version}",
        content=[
            DocumentReferenceContent(
                attachment=Attachment(
                    contentType="application/pdf",
                    data=base64.b64encode(pdf),
                    size=len(pdf),
                    hash=base64.b64encode(hashlib.sha1(pdf).digest()),
                    title=f"{d.case.header.case_id} letter v{row.version}.pdf",
                    creation=d.decided_at,
                )
            )
        ],
    )


def provenance(
    d: DecidedCase, targets: list[str], reviewer_url: str, insurer_url: str
) -> Provenance:
    author = CodeableConcept(coding=[Coding(system=codes.PROVENANCE_PARTICIPANT, code="author")])
    return Provenance(
        id=urn(d.sha256, "Provenance").rpartition(":")[2],
        target=[Reference(reference=t) for t in targets],
        recorded=d.decided_at,
        reason=[CodeableConcept(text=f"{d.determination.decision} determination, signed letter")],
        agent=[
            ProvenanceAgent(
                type=author,
                who=ref(reviewer_url, "Practitioner"),
                onBehalfOf=ref(insurer_url, "Organization"),
            )
        ],
    )


def final_answers(d: DecidedCase, patient_url: str, reviewer_url: str) -> QuestionnaireResponse:
    """The checklist as answered at the decision, shaped like the Questionnaire; each
    answer says where it came from (intake, confirmed, reviewer), and an answer still
    the provider's keeps DTR's information origin."""
    case = d.case
    policy = case.policy
    root = case.criteria.root
    service = QuestionnaireResponseItem(
        linkId=SERVICE_LINK_ID,
        answer=[
            QuestionnaireResponseItemAnswer(
                valueCoding=Coding(system=codes.CPT, code=case.header.cpt)
            )
        ],
    )
    tree = _item(root, d)
    return QuestionnaireResponse(
        id=urn(d.sha256, "QuestionnaireResponse").rpartition(":")[2],
        meta=Meta(profile=[codes.DTR_QUESTIONNAIRE_RESPONSE]),
        questionnaire=f"{canonical_url(policy)}|{case.header.policy_version}",
        status="completed",
        subject=ref(patient_url, "Patient"),
        authored=d.decided_at,
        author=ref(reviewer_url, "Practitioner"),
        item=[service, *([tree] if tree is not None else [])],
    )


def _item(node: Node, d: DecidedCase) -> QuestionnaireResponseItem | None:
    if node.kind != "criterion":
        children = [c for c in (_item(child, d) for child in node.children) if c is not None]
        return (
            QuestionnaireResponseItem(linkId=node.id, text=node.label, item=children)
            if children
            else None
        )
    answer = d.answers.get(node.id)
    if answer is None:
        return None
    value = _value(answer)
    if value is None:
        return None
    ext = [Extension(url=codes.ANSWER_ORIGIN, valueCode=_origin(answer))]
    dtr = d.dtr_origins.get(node.id)
    if answer.source is AnswerSource.INTAKE and dtr in ("auto", "override", "manual"):
        ext.append(
            Extension(
                url=codes.INFORMATION_ORIGIN, extension=[Extension(url="source", valueCode=dtr)]
            )
        )
    return QuestionnaireResponseItem(
        linkId=node.id,
        text=node.question,
        answer=[QuestionnaireResponseItemAnswer(extension=ext, **value)],
    )


def _value(answer: Answer) -> dict[str, Any] | None:
    if answer.number is not None:
        return {"valueDecimal": Decimal(str(answer.number))}
    if answer.reply is Reply.UNKNOWN:
        return None
    return {"valueBoolean": answer.reply is Reply.YES}


def _origin(answer: Answer) -> str:
    if answer.source is AnswerSource.REVIEWER:
        return "reviewer"
    return "confirmed" if answer.confirmed else "intake"
