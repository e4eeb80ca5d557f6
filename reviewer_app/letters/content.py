"""What a determination letter says: plain data and the rules for what it must hold.

Nothing here renders or signs; :mod:`.render` turns a :class:`LetterData` into a PDF and
:mod:`.signing` signs it. :func:`check_letter` names every required element that is
still empty, and signing must be refused while it names any.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from reviewer_app.letters.clocks import (
    APPEAL_RULES,
    AppealRule,
    PendClock,
    pend_clock,
    time_span,
)
from reviewer_app.letters.elements import DenialCode, OralNotice, Representative
from reviewer_app.letters.i18n import N_, _, missing_translations
from reviewer_app.letters.organization import Organization as Organization
from reviewer_app.letters.organization import PlanSettings
from reviewer_app.letters.organization import demo_organization as demo_organization

TRAINING_WATERMARK = "TRAINING — NOT A COVERAGE DETERMINATION"
# Named destination (/FitR) that render.py puts around the empty signature box and
# signing.py reads back to place the visible signature there.
SIGNATURE_DESTINATION = "reviewer-signature-box"
# The PDF Keywords entry carries these "key=value" pairs, separated by "; ".
AUDIT_HEAD_KEYWORD = "audit-chain-head"
VERSION_KEYWORD = "letter-version"
SUPERSEDES_KEYWORD = "supersedes"
EXPEDITED_APPEAL_HOURS = 72


class LetterKind(StrEnum):
    APPROVAL = "approval"
    DENIAL = "denial"
    PEND = "pend"


class SignerRole(StrEnum):
    MEDICAL_DIRECTOR = "medical_director"
    NURSE_REVIEWER = "nurse_reviewer"
    TRAINER = "trainer"


ROLE_LABELS: dict[str, str] = {
    SignerRole.MEDICAL_DIRECTOR: N_("Medical Director"),
    SignerRole.NURSE_REVIEWER: N_("Nurse Reviewer"),
    SignerRole.TRAINER: N_("Trainer"),
}

LETTER_TITLES: dict[LetterKind, str] = {
    LetterKind.APPROVAL: N_("Notice of Approval"),
    LetterKind.DENIAL: N_("Notice of Adverse Determination (Denial)"),
    LetterKind.PEND: N_("Request for Additional Information"),
}

MA_DENIAL_TITLE = N_("Notice of Denial of Medical Coverage")

SIGNATURE_MEANINGS: dict[LetterKind, str] = {
    LetterKind.APPROVAL: N_("Approval"),
    LetterKind.DENIAL: N_("Adverse determination — medical necessity"),
    LetterKind.PEND: N_("Request for information"),
}

URGENCIES = ("standard", "expedited")


ADULT_AGE = 18


@dataclass(frozen=True)
class Member:
    name: str = ""
    address_lines: tuple[str, ...] = ()
    member_id: str = ""
    date_of_birth: dt.date | None = None
    state: str = ""  # two letters: picks the taglines and Medicaid's hearing window

    def is_minor_on(self, day: dt.date | None) -> bool:
        """Under 18 on ``day``: the letter then goes to the parent or guardian."""
        born = self.date_of_birth
        if born is None or day is None:
            return False
        age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        return age < ADULT_AGE


@dataclass(frozen=True)
class Provider:
    name: str = ""
    organization: str = ""
    npi: str = ""
    phone: str = ""
    fax: str = ""


@dataclass(frozen=True)
class Signer:
    name: str = ""
    credentials: str = ""
    role: str = SignerRole.MEDICAL_DIRECTOR

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role.replace("_", " ").title())


@dataclass(frozen=True)
class FailedCriterion:
    label: str
    plain_reason: str
    policy_quote: str  # whole statements; a list's bullets on their own lines
    section_title: str
    branches: tuple[str, ...] = ()  # a failed group: why each alternative does not apply


@dataclass(frozen=True)
class MissingItem:
    what: str
    why: str


class Diagnosis(NamedTuple):
    icd10: str
    description: str


@dataclass(frozen=True)
class LetterData:
    kind: LetterKind
    organization: Organization = field(default_factory=Organization)
    letter_date: dt.date | None = None
    case_id: str = ""
    member: Member = Member()
    provider: Provider = Provider()
    service: str = ""  # plain words, e.g. "Donor lymphocyte infusion (DLI)"
    cpt: str = ""
    cpt_description: str = ""
    date_of_service: dt.date | None = None
    line_of_business: str = "commercial"  # a key of APPEAL_RULES
    urgency: str = "standard"  # "standard" | "expedited"
    decision: str = ""
    signer: Signer = Signer()
    rationale: str = ""  # the clinical rationale applied to this member
    policy_citation: str = ""
    failed_criteria: tuple[FailedCriterion, ...] = ()  # denials
    diagnoses: tuple[Diagnosis, ...] = ()
    authorization_number: str = ""  # approvals
    authorized_service: str = ""
    authorized_from: dt.date | None = None
    authorized_through: dt.date | None = None
    authorized_units: int | None = None
    missing_items: tuple[MissingItem, ...] = ()  # pends
    respond_by: dt.date | None = None
    audit_head_hash: str = ""
    training: bool = False
    version: int = 1
    supersedes: str | None = None  # hash of the letter this one replaces
    language: str = "en"  # the letter's language: a catalog's code, else "en"
    preferred_language: str = ""  # the member's, as the intake gives it ("es-MX")
    english_version_of: str = ""  # this is the English version of a letter in that language
    untranslated: tuple[str, ...] = ()  # messages with no translation: block signing
    plan: PlanSettings | None = None  # commercial: the member's plan (type, provision)
    denial_code: DenialCode | None = None
    approvable: tuple[str, ...] = ()  # denials: what would make the request approvable
    oral_notice: OralNotice | None = None  # an expedited Medicare Advantage denial's call
    fair_hearing_days: int | None = None  # Medicaid: the state's (or the plan's) window
    extension_reason: str = ""  # MA and Medicaid pends: why waiting helps the member
    representative: Representative | None = None
    copy_for_representative: bool = False  # this rendering is the representative's copy
    received_at: dt.datetime | None = None  # when the request came in (urgent pends: 24 h)

    @property
    def title(self) -> str:
        if self.kind is LetterKind.DENIAL and self.line_of_business == "medicare_advantage":
            return MA_DENIAL_TITLE  # CMS-10003's title
        return LETTER_TITLES[self.kind]

    @property
    def pend_clock(self) -> PendClock:
        return pend_clock(self.line_of_business, self.urgency)

    @property
    def decision_by(self) -> dt.date | None:
        """A pend's latest decision date: the respond-by date plus the decision time."""
        if self.respond_by is None:
            return None
        return self.respond_by + dt.timedelta(days=self.pend_clock.decide.days)

    @property
    def to_guardian(self) -> bool:
        return self.member.is_minor_on(self.letter_date)

    @property
    def letter_id(self) -> str:
        """A short ID a member can quote; the full audit hash stays in the PDF metadata,
        the signature and the case file, never in the text a member reads."""
        return f"{self.case_id}-V{self.version}-{self.audit_head_hash[:8].upper()}"

    @property
    def appeal_rule(self) -> AppealRule | None:
        return APPEAL_RULES.get(self.line_of_business)

    @property
    def appeal_deadline(self) -> dt.date | None:
        rule = self.appeal_rule
        if rule is None or self.letter_date is None:
            return None
        return self.letter_date + dt.timedelta(days=rule.appeal_days)

    @property
    def signature_meaning(self) -> str:
        """What the signature means, for the stamp (marked when this is a training letter)."""
        meaning = SIGNATURE_MEANINGS[self.kind]
        return f"Training only — {meaning}" if self.training else meaning

    @property
    def expedited(self) -> bool:
        return self.urgency == "expedited"


def default_decision(kind: LetterKind, service: str) -> str:
    """A plain sentence stating the decision, for callers with nothing better."""
    if kind is LetterKind.APPROVAL:
        return _("We have approved the request for {service}.").format(service=service)
    if kind is LetterKind.DENIAL:
        return _(
            "We have denied the request for {service} because it does not meet the medical "
            "necessity criteria of our coverage policy."
        ).format(service=service)
    return _(
        "We need more information before we can decide on the request for {service}. We have "
        "not denied the request."
    ).format(service=service)


def check_letter(data: LetterData) -> list[str]:
    """The required elements still empty for this kind of letter, in reading order."""
    missing = _check_common(data)
    if data.kind is LetterKind.DENIAL:
        missing += _check_denial(data)
    elif data.kind is LetterKind.APPROVAL:
        missing += _check_approval(data)
    else:
        missing += _check_pend(data)
    from reviewer_app.letters.lob import missing_elements  # it reads LetterData

    missing += missing_elements(data)
    missing += _check_signer(data)
    missing += missing_translations(data.language, data.untranslated, data.rationale)
    if not data.audit_head_hash.strip():
        missing.append("audit chain head hash")
    if data.version < 1:
        missing.append("letter version (1 or more)")
    return missing


def _blank(value: str | tuple[str, ...]) -> bool:
    if isinstance(value, tuple):
        return not any(line.strip() for line in value)
    return not value.strip()


def _check_common(data: LetterData) -> list[str]:
    org, member, provider = data.organization, data.member, data.provider
    checks: list[tuple[bool, str]] = [
        (_blank(org.name), "organization name"),
        (_blank(org.address_lines), "organization address"),
        (_blank(org.phone), "organization phone"),
        (data.letter_date is None, "letter date"),
        (_blank(member.name), "member name"),
        (_blank(member.address_lines), "member address"),
        (_blank(member.member_id), "member ID"),
        (_blank(provider.name), "requesting provider"),
        (_blank(data.case_id), "case number"),
        (_blank(data.service), "service requested (plain words)"),
        (_blank(data.cpt), "CPT code"),
        (_blank(data.cpt_description), "CPT code description"),
        (data.date_of_service is None, "date of service"),
        (_blank(data.decision), "decision"),
        (data.line_of_business not in APPEAL_RULES, "line of business"),
        (data.urgency not in URGENCIES, "review type (standard or expedited)"),
    ]
    return [name for failed, name in checks if failed]


def _check_denial(data: LetterData) -> list[str]:
    org = data.organization
    missing: list[str] = []
    if not data.failed_criteria:
        missing.append("denial reason (failed criterion)")
    for number, criterion in enumerate(data.failed_criteria, start=1):
        parts = [
            (criterion.label, "name"),
            (criterion.plain_reason, "plain-language reason"),
            (criterion.policy_quote, "policy quote"),
            (criterion.section_title, "policy section"),
        ]
        missing += [f"failed criterion {number}: {what}" for text, what in parts if _blank(text)]
    checks: list[tuple[bool, str]] = [
        (_blank(data.policy_citation), "policy citation"),
        (_blank(data.rationale), "clinical rationale"),
        (not data.diagnoses, "diagnosis codes with meanings"),
        (
            any(_blank(code) or _blank(text) for code, text in data.diagnoses),
            "diagnosis code meaning",
        ),
        (_blank(org.peer_to_peer_phone), "peer-to-peer phone"),
        (_blank(org.appeals_address_lines), "appeal address"),
        (_blank(org.appeals_phone), "appeal phone"),
        (_blank(org.appeals_fax), "appeal fax"),
        (data.appeal_deadline is None, "appeal deadline"),
        (_blank(org.consumer_assistance), "consumer-assistance contact"),
    ]
    return missing + [name for failed, name in checks if failed]


def _check_approval(data: LetterData) -> list[str]:
    start, end = data.authorized_from, data.authorized_through
    checks: list[tuple[bool, str]] = [
        (_blank(data.authorization_number), "authorization number"),
        (_blank(data.authorized_service), "authorized service"),
        (data.authorized_units is None or data.authorized_units < 1, "authorized units"),
        (start is None, "authorization period start"),
        (end is None, "authorization period end"),
        (
            start is not None and end is not None and end < start,
            "authorization period (ends before it starts)",
        ),
    ]
    return [name for failed, name in checks if failed]


def _check_pend(data: LetterData) -> list[str]:
    missing: list[str] = []
    if not data.missing_items:
        missing.append("missing items")
    for number, item in enumerate(data.missing_items, start=1):
        if _blank(item.what):
            missing.append(f"missing item {number}: what is needed")
        if _blank(item.why):
            missing.append(f"missing item {number}: why it is needed")
    if data.respond_by is None:
        missing.append("respond-by date")
    elif data.letter_date is not None and data.respond_by <= data.letter_date:
        missing.append("respond-by date (must be after the letter date)")
    elif data.letter_date is not None:
        least = data.pend_clock.respond
        if data.respond_by < data.letter_date + dt.timedelta(days=max(least.days, 1)):
            missing.append(f"respond-by date (at least {time_span(least)} after the letter date)")
    return missing


def _check_signer(data: LetterData) -> list[str]:
    signer = data.signer
    physician = data.kind is LetterKind.DENIAL
    missing: list[str] = []
    if _blank(signer.name):
        missing.append("reviewing physician name" if physician else "signer name")
    if _blank(signer.credentials):
        missing.append("reviewing physician credentials" if physician else "signer credentials")
    if signer.role not in ROLE_LABELS:
        missing.append("signer role")
    elif signer.role == SignerRole.TRAINER and not data.training:
        missing.append("signer (a trainer identity may sign training letters only)")
    elif physician and signer.role == SignerRole.NURSE_REVIEWER:
        missing.append("reviewing physician (a denial must be signed by a medical director)")
    return missing


def actor_label(name: str, credentials: str, role: str) -> str:
    """How an audit trail names a person: "Name, credentials (role)"."""
    creds = f", {credentials}" if credentials else ""
    return f"{name}{creds} ({role})"
