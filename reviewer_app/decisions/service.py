"""Take a decision on a case: check the role, build the letter, sign it, store it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from reviewer_app.casefile import CaseFile, CaseStateError
from reviewer_app.casefile import determinations as store
from reviewer_app.casefile.status import CaseStatus
from reviewer_app.casefile.tables import LetterRow
from reviewer_app.decisions.letter_builder import LetterRequest
from reviewer_app.decisions.letter_language import build_letters, language_warnings
from reviewer_app.decisions.pend_due import due_after_pend
from reviewer_app.decisions.representative import representative_copy
from reviewer_app.decisions.rules import (
    Decision,
    DecisionNotAllowed,
    Role,
    permission,
    rationale_problem,
)
from reviewer_app.letters.content import LetterData, Organization, Signer, check_letter
from reviewer_app.letters.content import actor_label as actor_label  # its home for callers
from reviewer_app.letters.i18n import letter_locale

if TYPE_CHECKING:
    from reviewer_app.decisions.trust import TrustAnchors
    from reviewer_app.letters.identity import SigningIdentity


class LetterIncomplete(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("the letter is missing: " + "; ".join(problems))


@dataclass(frozen=True)
class Draft:
    """A decision not yet signed: the letter content, its PDF and what it still lacks.

    ``english`` is the English version of a letter in the member's language; it is
    rendered after it, in the same signed PDF."""

    data: LetterData
    problems: list[str]
    english: LetterData | None = None

    @cached_property
    def warnings(self) -> list[str]:
        """What the reviewer should know that does not block signing: member-facing text
        above reading grade 8 (an English measure: a letter in another language is graded
        by its English version), then the notes on the letter's language."""
        from reviewer_app.letters.readability import reading_warnings

        return reading_warnings(self.english or self.data) + language_warnings(self.data)

    def render(self) -> bytes:
        """The PDF to sign: the member's letter, then its English version if any."""
        from reviewer_app.letters.render import render_letter

        return render_letter(self.data, self.english)

    def preview(self, english: bool = False) -> Draft:
        """The draft of one part alone (the preview's toggle): the member's letter, or
        its English version; what is signed stays :meth:`render`, both parts."""
        shown = self.english if english and self.english is not None else self.data
        return Draft(data=shown, problems=self.problems)


@dataclass(frozen=True)
class Rendered:
    """A draft and the PDF rendered from it (``draft.render()``): what a person previewed."""

    draft: Draft
    pdf: bytes


def check_allowed(case: CaseFile, role: Role, decision: Decision, rationale: str) -> None:
    if case.readonly:
        raise CaseStateError(case.locked_by or f"{case.path}: the case is open read-only")
    if store.locked(case):
        raise CaseStateError(
            f"{case.case_id} already has a final determination; a medical director must "
            "reopen it (with a reason) before deciding again"
        )
    ev = case.evaluate()
    perm = permission(role, decision, ev.outcome, training=case.header.training)
    if not perm.allowed:
        raise DecisionNotAllowed(perm.reason)
    if perm.needs_rationale and (problem := rationale_problem(rationale)):
        raise DecisionNotAllowed(problem)
    if decision is not Decision.REFER and ev.unconfirmed:
        count = len(ev.unconfirmed)
        noun = "answer from intake is" if count == 1 else "answers from intake are"
        raise DecisionNotAllowed(f"{count} {noun} not confirmed yet: " + ", ".join(ev.unconfirmed))


def draft(
    case: CaseFile,
    decision: Decision,
    rationale: str,
    signer: Signer,
    organization: Organization,
    today: dt.date,
    member_rationale: str = "",
) -> Draft:
    """The letter as it would be signed today. ``member_rationale``: the clinical
    rationale in the member's language, for a letter in another language than English."""
    version, supersedes = store.next_version(case)
    request = LetterRequest(
        decision=decision,
        rationale=rationale,
        signer=signer,
        organization=organization,
        letter_date=today,
        version=version,
        supersedes=supersedes,
    )
    data, english = build_letters(case, case.evaluate(), request, member_rationale)
    return Draft(data=data, problems=check_letter(data), english=english)


def decide(
    case: CaseFile,
    decision: Decision,
    rationale: str,
    identity: SigningIdentity,
    organization: Organization,
    now: dt.datetime,
    trust: TrustAnchors | None = None,
    member_rationale: str = "",
    previewed: Rendered | None = None,
) -> LetterRow:
    """Decide, render, sign and store; the case is locked after a final decision. When
    the intake names an authorized representative, their copy is signed and stored too.

    ``previewed``: the draft a person looked at and its rendered PDF; those very bytes
    are signed (no second render), provided the letter drafted now is still that draft
    (otherwise nothing is signed and the reason says to look again).

    The identity's certificate decides who signs: ``trust`` (this machine's trust
    bundle) must have issued it, unless it is a training identity on a training case.
    """
    from reviewer_app.decisions.authorization import Issuer, authorize, signer_problem
    from reviewer_app.decisions.entry_trust import IdentitySigner
    from reviewer_app.decisions.trust import TrustAnchors
    from reviewer_app.letters.signing import ValidationData, sign_letter

    anchors = trust if trust is not None else TrustAnchors()
    training = case.header.training
    grant = authorize(identity, anchors, now=now, training=training)
    if not grant.allowed:
        raise DecisionNotAllowed(grant.problem)
    role = Role(identity.role)
    if decision is Decision.REFER:
        raise DecisionNotAllowed("Referral makes no letter: use refer_to_medical_director().")
    check_allowed(case, role, decision, rationale)
    outcome = case.evaluate().outcome  # the answers do not change while deciding
    if problem := signer_problem(role, identity.credentials, decision, outcome, training=training):
        raise DecisionNotAllowed(problem)
    signer = Signer(name=identity.name, credentials=identity.credentials, role=role.value)
    d = draft(case, decision, rationale, signer, organization, now.date(), member_rationale)
    if d.problems:
        raise LetterIncomplete(d.problems)
    if previewed is not None and previewed.draft != d:
        raise DecisionNotAllowed(
            "The letter changed since it was previewed (the case, the date or the signer); "
            "look at the new preview before signing"
        )
    pdf = previewed.pdf if previewed is not None else d.render()
    validation = None
    if grant.issuer is Issuer.ORGANIZATION:
        validation = ValidationData(anchors.roots, anchors.crls)
    elif grant.issuer is Issuer.TRAINING:
        validation = ValidationData(anchors.training_roots, ())

    def sign(unsigned: bytes) -> bytes:
        return sign_letter(
            unsigned,
            identity,
            meaning=d.data.signature_meaning,
            signed_at=now,
            validation=validation,
            training=training or grant.training_only,
        )

    copy_pdf = representative_copy(d.data, d.english)
    with letter_locale(d.data.language):  # the stamp's words (the /Reason stays English)
        signed = sign(pdf)
        copy = sign(copy_pdf) if copy_pdf is not None else None
    label = actor_label(identity.name, identity.credentials, role.value)
    case.sign_entries_as(IdentitySigner(identity))  # the decision's entry: the letter's signer
    try:
        return store.store_decision(
            case,
            store.DecisionRecord(
                decision=decision.value,
                outcome=outcome.value,
                rationale=rationale,
                decided_by=identity.name,
                credentials=identity.credentials,
                role=role.value,
                decided_at=now,
            ),
            store.SignedLetter(
                kind=d.data.kind.value,
                pdf=signed,
                signer_label=label,
                audit_head=d.data.audit_head_hash,
                signer_cert_der=identity.cert_der,
                signer_subject=identity.name + (" (self-signed)" if identity.self_signed else ""),
            ),
            d.data.version,
            label,
            due_at=due_after_pend(case, now) if decision is Decision.PEND else None,
            copy_pdf=copy,
        )
    finally:
        case.sign_entries_as(None)


def refer_to_medical_director(case: CaseFile, actor: str, note: str) -> None:
    if store.locked(case):
        raise CaseStateError(f"{case.case_id} is already decided")
    case.set_status(CaseStatus.REFERRED, actor, note or "referred for medical director review")


def reopen(case: CaseFile, role: Role, actor: str, reason: str) -> None:
    if role is not Role.MEDICAL_DIRECTOR and not (role is Role.TRAINER and case.header.training):
        raise DecisionNotAllowed("Only a medical director may reopen a determination.")
    store.reopen(case, actor, reason)
