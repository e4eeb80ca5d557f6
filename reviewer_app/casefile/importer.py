"""Turn a validated intake into a new case file."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from reviewer_app.casefile.convert import to_db_time, utc_now
from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.casefile.entry_signing import EntrySigner
from reviewer_app.casefile.opening import NewCase
from reviewer_app.casefile.status import CaseStatus
from reviewer_app.casefile.store import CaseFile
from reviewer_app.casefile.tables import CaseHeader, DiagnosisRow
from reviewer_app.intake.facts import intake_facts
from reviewer_app.intake.model import Intake
from reviewer_app.policy import PolicyRegistry
from reviewer_app.review.deadlines import decision_due
from reviewer_app.review.prefill import prefill_answers


def case_id_for(intake: Intake) -> str:
    if intake.case_id:
        return intake.case_id
    stamp = intake.received_at.strftime("%Y%m%d%H%M%S")
    return f"UM-{stamp}-{intake.member.id}"


def build_new_case(intake: Intake, registry: PolicyRegistry, *, training: bool = False) -> NewCase:
    policy, set_id = registry.for_cpt(intake.service.cpt)
    criteria = policy.criteria_set(set_id)
    now = to_db_time(utc_now())
    clinical = dataclasses.asdict(intake.clinical)
    header = CaseHeader(
        case_id=case_id_for(intake),
        training=training,
        received_at=to_db_time(intake.received_at),
        due_at=to_db_time(
            decision_due(intake.received_at, intake.urgency, intake.line_of_business)
        ),
        urgency=intake.urgency.value,
        line_of_business=intake.line_of_business.value,
        member_id=intake.member.id,
        member_name=intake.member.name,
        member_dob=intake.member.date_of_birth,
        member_sex=intake.member.sex,
        member_language=intake.member.preferred_language,
        member_address_json=json.dumps(dataclasses.asdict(intake.member.address)),
        provider_name=intake.requesting_provider.name,
        provider_npi=intake.requesting_provider.npi,
        provider_organization=intake.requesting_provider.organization,
        provider_phone=intake.requesting_provider.phone,
        provider_fax=intake.requesting_provider.fax,
        cpt=intake.service.cpt,
        service=criteria.service,
        criteria_set=criteria.id,
        date_of_service=intake.service.date_of_service,
        units=intake.service.units,
        clinical_json=json.dumps(clinical, default=str),
        intake_json=json.dumps(intake.raw, sort_keys=True),
        policy_id=policy.id,
        policy_version=policy.version,
        policy_hash=policy.content_hash,
        status=CaseStatus.DRAFT.value,
        created_at=now,
        updated_at=now,
        audit_head="",
    )
    diagnoses = [
        DiagnosisRow(
            case_id=header.case_id,
            id=i + 1,
            position=i,
            icd10=d.icd10,
            description=d.description,
        )
        for i, d in enumerate(intake.diagnoses)
    ]
    answers = prefill_answers(criteria, intake_facts(intake))
    return NewCase(header=header, diagnoses=diagnoses, answers=answers)


def import_intake(
    intake: Intake,
    dest: Path,
    registry: PolicyRegistry,
    actor: str,
    *,
    training: bool = False,
    key: CaseKey | None = None,
    signer: EntrySigner | None = None,
) -> CaseFile:
    """Create the case file; real cases are encrypted when a key is given, training ones never.
    With ``signer`` every audit entry, the first included, is signed by that identity."""
    new = build_new_case(intake, registry, training=training)
    policy = registry.get(new.header.policy_id)
    key = None if training else key
    return CaseFile.create(dest, new, policy, actor, key=key, signer=signer)
