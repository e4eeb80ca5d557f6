"""Who may make which decision, given the checklist outcome.

Criteria cannot be used to deny: a nurse reviewer approves what meets the criteria,
asks for what is missing, and refers the rest to a medical director, who alone may deny
or approve against the checklist (with a written rationale).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from reviewer_app.letters.content import ROLE_LABELS as SIGNER_ROLE_LABELS
from reviewer_app.letters.content import SignerRole
from reviewer_app.review.engine import Outcome

# One list of roles for the whole app: the letters name the signer's role with it.
Role = SignerRole
ROLE_LABELS = SIGNER_ROLE_LABELS


class Decision(StrEnum):
    APPROVE = "approve"
    DENY = "deny"
    PEND = "pend"
    REFER = "refer"


DECISION_LABELS = {
    Decision.APPROVE: "Approve",
    Decision.DENY: "Deny (adverse determination)",
    Decision.PEND: "Request information (pend)",
    Decision.REFER: "Refer to medical director",
}

# How long a provider has to send what a pend letter asks for: letters.clocks.pend_clock.
# An approval covers the date of service and this many days after it.
AUTHORIZATION_WINDOW = dt.timedelta(days=90)


# A rationale applies the policy to this member: a word or two ("x") is not one.
MIN_RATIONALE_WORDS = 20
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def rationale_problem(rationale: str) -> str:
    """Why a written clinical rationale is not enough, in one line ("" when it is)."""
    words = len(_WORD.findall(rationale))
    if words >= MIN_RATIONALE_WORDS:
        return ""
    if words == 0:
        return "This decision needs a written clinical rationale applied to this member."
    noun = "word" if words == 1 else "words"
    return (
        f"The clinical rationale has {words} {noun}; write at least {MIN_RATIONALE_WORDS} "
        "that apply the policy to this member."
    )


class DecisionNotAllowed(ValueError):
    """The signer's role or the case's state does not permit this decision."""


@dataclass(frozen=True)
class Permission:
    decision: Decision
    allowed: bool
    reason: str = ""
    needs_rationale: bool = False


def permission(role: Role, decision: Decision, outcome: Outcome, *, training: bool) -> Permission:
    """Whether ``role`` may make ``decision`` on a case whose checklist says ``outcome``."""
    if role is Role.TRAINER:
        if not training:
            return Permission(decision, False, "A trainer identity may decide training cases only.")
        role = Role.MEDICAL_DIRECTOR  # in the classroom a trainer shows every path
    if decision is Decision.REFER:
        if role is Role.MEDICAL_DIRECTOR:
            return Permission(decision, False, "The case is already with a medical director.")
        return Permission(decision, True)
    if decision is Decision.PEND:
        if outcome is not Outcome.INSUFFICIENT_INFORMATION:
            return Permission(
                decision, False, "A request for information fits only when criteria are still open."
            )
        return Permission(decision, True)
    if decision is Decision.APPROVE:
        if outcome is Outcome.CRITERIA_MET:
            return Permission(decision, True)
        if role is Role.MEDICAL_DIRECTOR:
            return Permission(decision, True, needs_rationale=True)
        return Permission(
            decision,
            False,
            "The checklist does not show the criteria met; only a medical director may approve "
            "against it. Refer the case.",
        )
    # DENY
    if role is not Role.MEDICAL_DIRECTOR:
        return Permission(
            decision,
            False,
            "A nurse reviewer cannot deny: a medical director must decide a denial (criteria "
            "cannot be used to deny; a medical-necessity denial is a physician's decision). "
            "Refer the case to a medical director.",
        )
    if outcome is Outcome.INSUFFICIENT_INFORMATION:
        return Permission(
            decision,
            False,
            "Missing information leads to a request for information, never to a denial.",
        )
    if outcome is Outcome.CRITERIA_MET:
        return Permission(
            decision, False, "The checklist shows the criteria met: there is no criterion to cite."
        )
    return Permission(decision, True, needs_rationale=True)


def allowed_decisions(role: Role, outcome: Outcome, *, training: bool) -> list[Decision]:
    return [d for d in Decision if permission(role, d, outcome, training=training).allowed]
