"""Build a letter's content from a case, its evaluation and the decision taken."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from reviewer_app.casefile import CaseFile
from reviewer_app.decisions.letter_language import localized
from reviewer_app.decisions.oral_notice import recorded_oral_notice
from reviewer_app.decisions.pend_due import extension_end
from reviewer_app.decisions.reasons import ReasonSource, denial_reasons, pend_items
from reviewer_app.decisions.rules import AUTHORIZATION_WINDOW, Decision
from reviewer_app.letters.clocks import pend_clock
from reviewer_app.letters.content import (
    Diagnosis,
    LetterData,
    LetterKind,
    Member,
    Organization,
    Provider,
    Signer,
    default_decision,
)
from reviewer_app.letters.elements import DenialCode, OralNotice, Representative
from reviewer_app.letters.i18n import _
from reviewer_app.letters.lob import extension_reason, fair_hearing_days
from reviewer_app.review.engine import Evaluation

LETTER_KIND = {
    Decision.APPROVE: LetterKind.APPROVAL,
    Decision.DENY: LetterKind.DENIAL,
    Decision.PEND: LetterKind.PEND,
}


@dataclass(frozen=True)
class LetterRequest:
    decision: Decision
    rationale: str
    signer: Signer
    organization: Organization
    letter_date: dt.date
    version: int = 1
    supersedes: str | None = None
    oral_notice: OralNotice | None = None  # an expedited denial told by telephone first


def authorization_number(case_id: str, version: int, letter_date: dt.date) -> str:
    digest = hashlib.sha256(f"{case_id}|{version}|{letter_date}".encode()).hexdigest()
    return f"AUTH-{letter_date:%Y%m%d}-{digest[:8].upper()}"


def build_letter(case: CaseFile, ev: Evaluation, req: LetterRequest) -> LetterData:
    h = case.header
    kind = LETTER_KIND[req.decision]
    local = localized(case)  # the policy in the letter's language
    cs = local.criteria
    code = next((c for c in case.policy.coding.codes if c.code == h.cpt), None)
    address = case.member_address()
    intake = _intake(case)
    org = req.organization
    member_lines = [address["line1"]]
    if address.get("line2"):
        member_lines.append(address["line2"])
    member_lines.append(f"{address['city']}, {address['state']} {address['postal_code']}")
    data = LetterData(
        kind=kind,
        organization=req.organization,
        letter_date=req.letter_date,
        case_id=h.case_id,
        member=Member(
            name=h.member_name,
            address_lines=tuple(member_lines),
            member_id=h.member_id,
            date_of_birth=h.member_dob,
            state=address["state"],
        ),
        provider=Provider(
            name=h.provider_name,
            organization=h.provider_organization,
            npi=h.provider_npi,
            phone=h.provider_phone,
            fax=h.provider_fax,
        ),
        service=cs.service_label,
        cpt=h.cpt,
        cpt_description=local.code_description(code.code, code.description) if code else "",
        date_of_service=h.date_of_service,
        line_of_business=h.line_of_business,
        urgency=h.urgency,
        decision=default_decision(kind, f"{cs.service_label} ({cs.plain_description})"),
        signer=req.signer,
        rationale=req.rationale.strip(),
        policy_citation=local.citation(),
        diagnoses=tuple(Diagnosis(d.icd10, d.description) for d in case.diagnoses()),
        audit_head_hash=case.chain.head,
        training=h.training,
        version=req.version,
        supersedes=req.supersedes,
        plan=org.plan(_plan_id(intake)) if h.line_of_business == "commercial" else None,
        representative=_representative(intake),
        received_at=case.received_at,
    )
    if kind is LetterKind.DENIAL:
        reasons = denial_reasons(_reasons(case, ev), cs.root)
        hearing = fair_hearing_days(address["state"], req.organization.fair_hearing_days)
        return _with(
            data,
            failed_criteria=tuple(reasons),
            denial_code=DenialCode() if h.line_of_business == "commercial" else None,
            approvable=tuple(_approvable(r.label, r.section_title) for r in reasons),
            oral_notice=req.oral_notice or recorded_oral_notice(case),
            fair_hearing_days=hearing if h.line_of_business == "medicaid" else None,
        )
    if kind is LetterKind.APPROVAL:
        return _with(
            data,
            authorization_number=authorization_number(h.case_id, req.version, req.letter_date),
            authorized_service=f"{cs.service_label}, CPT {h.cpt}",
            authorized_from=min(req.letter_date, h.date_of_service),
            authorized_through=h.date_of_service + AUTHORIZATION_WINDOW,
            authorized_units=h.units,
        )
    items = tuple(pend_items(_reasons(case, ev), cs.root))
    if h.line_of_business == "commercial":
        respond_by = req.letter_date + pend_clock(h.line_of_business, h.urgency).respond
        return _with(data, missing_items=items, respond_by=respond_by)
    # Medicare Advantage and Medicaid: one extension of 14 days past the received due date.
    return _with(
        data,
        missing_items=items,
        respond_by=extension_end(case).date(),
        extension_reason=extension_reason(items),
    )


def _approvable(label: str, section: str) -> str:
    return _("Records showing that “{label}” is met (policy section “{section}”).").format(
        label=label, section=section
    )


def _plan_id(intake: dict[str, object]) -> str:
    value = intake.get("plan_id", "")
    return value if isinstance(value, str) else ""


def _representative(intake: dict[str, object]) -> Representative | None:
    raw = intake.get("authorized_representative")
    if not isinstance(raw, dict):
        return None
    where = raw.get("address")
    address = {str(k): str(v) for k, v in where.items()} if isinstance(where, dict) else {}
    city = f"{address.get('city', '')}, {address.get('state', '')}"
    lines = [address.get("line1", ""), address.get("line2", "")]
    lines.append(f"{city} {address.get('postal_code', '')}")
    return Representative(
        name=str(raw.get("name", "")),
        relationship=str(raw.get("relationship", "")),
        address_lines=tuple(line for line in lines if line.strip(", ")),
    )


def _intake(case: CaseFile) -> dict[str, object]:
    raw = json.loads(case.header.intake_json or "{}")
    return raw if isinstance(raw, dict) else {}


def _with(data: LetterData, **changes: object) -> LetterData:
    from dataclasses import replace

    return replace(data, **changes)  # type: ignore[arg-type]


def _reasons(case: CaseFile, ev: Evaluation) -> ReasonSource:
    return ReasonSource(policy=localized(case).policy, evaluation=ev, answers=case.answers())
