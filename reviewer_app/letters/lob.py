"""The notice model of each line of business: which elements a letter must carry.

- commercial group (ERISA, non-federal governmental, church plan) and ACA individual:
  the plan's provision, what would make the request approvable, the denial code and its
  meaning, appeal decision times, external review, consumer assistance; the right to a
  civil action under ERISA section 502(a) only for an ERISA plan;
- Medicare Advantage: CMS-10003 (Notice of Denial of Medical Coverage) in its section
  order, 65 days to ask for a reconsideration, 72-hour fast reconsideration, SHIP and
  1-800-MEDICARE; an expedited denial records the oral notice, and the written notice
  is due within 3 calendar days of it;
- Medicaid: the State Fair Hearing window of the member's state, continuation of
  benefits, grievance rights, free copies of the case record and criteria.

:func:`missing_elements` names what a letter still lacks; :func:`reviewer_app.letters.
content.check_letter` adds it to the completeness gate that refuses signing.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from reviewer_app.letters.organization import PLAN_TYPE_LABELS, PlanType
from reviewer_app.resources import resource

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reviewer_app.letters.content import LetterData, MissingItem

MA_RECONSIDERATION_DAYS = 65
MA_FAST_HOURS = 72
MA_STANDARD_RECONSIDERATION_DAYS = 30
COMMERCIAL_APPEAL_DAYS = 30  # pre-service appeal decision, 29 CFR 2560.503-1(i)(2)(ii)
COMMERCIAL_FAST_HOURS = 72
EXTENSION_DAYS = 14  # MA and Medicaid: the longest extension a pend may take
URGENT_INCOMPLETE_NOTICE = dt.timedelta(hours=24)
MEDICARE_LINE = "1-800-MEDICARE (1-800-633-4227), TTY 1-877-486-2048"


class NoticeModel(StrEnum):
    COMMERCIAL_GROUP = "commercial_group"
    ACA_INDIVIDUAL = "aca_individual"
    MEDICARE_ADVANTAGE = "medicare_advantage"
    MEDICAID = "medicaid"


def notice_model(data: LetterData) -> NoticeModel:
    if data.line_of_business == "medicare_advantage":
        return NoticeModel.MEDICARE_ADVANTAGE
    if data.line_of_business == "medicaid":
        return NoticeModel.MEDICAID
    if data.plan is not None and data.plan.plan_type is PlanType.INDIVIDUAL:
        return NoticeModel.ACA_INDIVIDUAL
    return NoticeModel.COMMERCIAL_GROUP


def plan_label(data: LetterData) -> str:
    """The plan type a member reads in the letter's reference table."""
    model = notice_model(data)
    if model is NoticeModel.MEDICARE_ADVANTAGE:
        return "Medicare Advantage"
    if model is NoticeModel.MEDICAID:
        return "Medicaid"
    return PLAN_TYPE_LABELS[data.plan.plan_type] if data.plan else "Commercial"


def erisa(data: LetterData) -> bool:
    """Only a plan under ERISA gives the right to a civil action under section 502(a)."""
    return data.plan is not None and data.plan.plan_type is PlanType.ERISA


@cache
def _hearing_table() -> tuple[str, int, dict[str, int]]:
    raw = json.loads(resource("letters", "medicaid_fair_hearing.json").read_text("utf-8"))
    return (
        str(raw["as_of"]),
        int(raw["default_days"]),
        {str(k).upper(): int(v) for k, v in raw["states"].items()},
    )


def fair_hearing_days(state: str, override: int | None = None) -> int:
    """Days to ask for a State Fair Hearing: the organization's override, else the state's
    entry in the dated data file, else its default (120)."""
    if override is not None:
        return override
    _as_of, default, states = _hearing_table()
    return states.get(state.upper(), default)


def fair_hearing_as_of() -> str:
    return _hearing_table()[0]


def extension_reason(items: Sequence[MissingItem]) -> str:
    """Why waiting helps the member: the records asked for could support the request."""
    from reviewer_app.letters.i18n import _

    if not items:
        return ""
    return _(
        "we asked your provider for {count} item(s) of information, listed above, that "
        "could show the request meets the policy. Deciding without them could mean a "
        "decision that does not consider all of your medical information."
    ).format(count=len(items))


def missing_elements(data: LetterData) -> list[str]:
    """The line-of-business elements this letter still lacks, named for the reviewer."""
    from reviewer_app.letters.content import LetterKind

    model = notice_model(data)
    org = data.organization
    missing: list[str] = []
    if data.kind is LetterKind.DENIAL:
        if model in (NoticeModel.COMMERCIAL_GROUP, NoticeModel.ACA_INDIVIDUAL):
            if data.plan is None:
                missing.append("plan type (ERISA, governmental, church or individual)")
            elif not data.plan.provision.strip():
                missing.append("plan provision")
            if not any(line.strip() for line in data.approvable):
                missing.append("what would make the request approvable")
            code = data.denial_code
            if code is None or not code.code.strip() or not code.meaning.strip():
                missing.append("denial code and its meaning")
        elif model is NoticeModel.MEDICARE_ADVANTAGE:
            if not org.ship_contact.strip():
                missing.append("SHIP contact (State Health Insurance Assistance Program)")
            missing += _oral_notice_problems(data)
        else:
            if data.fair_hearing_days is None or data.fair_hearing_days < 1:
                missing.append("State Fair Hearing window")
    elif data.kind is LetterKind.PEND:
        missing += _pend_problems(data, model)
    rep = data.representative
    if rep is not None:
        if not rep.name.strip():
            missing.append("authorized representative's name")
        if not any(line.strip() for line in rep.address_lines):
            missing.append("authorized representative's address")
    return missing


def _pend_problems(data: LetterData, model: NoticeModel) -> list[str]:
    if model in (NoticeModel.MEDICARE_ADVANTAGE, NoticeModel.MEDICAID):
        if not data.extension_reason.strip():
            return ["reason for the extension (why it is in the member's interest)"]
        return []
    # Commercial: an incomplete urgent request is told within 24 hours of its receipt
    # (29 CFR 2560.503-1(f)(2)(i)); the letter date is the day it goes out.
    received = data.received_at
    if data.expedited and received is not None and data.letter_date is not None:
        last_day = (received + URGENT_INCOMPLETE_NOTICE).date()
        if data.letter_date > last_day:
            return ["notice of an incomplete urgent request (due within 24 hours of receipt)"]
    return []


def _oral_notice_problems(data: LetterData) -> list[str]:
    if not data.expedited:
        return []
    oral = data.oral_notice
    if oral is None or not oral.by.strip() or not oral.to.strip():
        return ["oral notice of the expedited denial (who, when, to whom)"]
    if data.letter_date is not None and data.letter_date > oral.written_due:
        return ["written notice (due within 3 calendar days of the oral notice)"]
    if data.letter_date is not None and data.letter_date < oral.at.date():
        return ["oral notice (dated after this letter)"]
    return []
