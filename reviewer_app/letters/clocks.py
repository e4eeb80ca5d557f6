"""The clocks of a notice: appeal windows and external review by line of business, and how
long a request for information gives to respond and when the decision follows it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviewer_app.letters.i18n import N_, _


@dataclass(frozen=True)
class AppealRule:
    """How a member appeals a denial, by line of business."""

    label: str
    appeal_days: int
    external_review: str


# The one table of appeal windows (days from the letter date) and external review.
APPEAL_RULES: dict[str, AppealRule] = {
    "commercial": AppealRule(
        label=N_("Commercial"),
        appeal_days=180,
        external_review=N_(
            "If we uphold our decision after your appeal, you have the right to ask for "
            "an external review by an Independent Review Organization (IRO) that is not "
            "part of {org}. You must ask within 4 months of the date of our final appeal "
            "decision. The decision of the IRO is binding on {org}. In urgent situations "
            "you may ask for an expedited external review at the same time as an "
            "expedited appeal."
        ),
    ),
    "medicare_advantage": AppealRule(
        label=N_("Medicare Advantage"),
        appeal_days=65,
        external_review=N_(
            "If we uphold our decision in whole or in part after your appeal "
            "(reconsideration), we will automatically send your case to an Independent "
            "Review Entity (IRE) that contracts with Medicare and is not part of {org}. "
            "If you disagree with the IRE, further levels of appeal are available and "
            "will be explained in its decision letter."
        ),
    ),
    "medicaid": AppealRule(
        label=N_("Medicaid"),
        appeal_days=60,
        external_review=N_(
            "If we uphold our decision after your appeal, you may ask for a State Fair "
            "Hearing within {days} days of the date of our appeal decision. Your state may "
            "also offer an independent external medical review; we will explain how to "
            "ask for one in our appeal decision."
        ),
    ),
}


@dataclass(frozen=True)
class PendClock:
    """How long a request for information gives to respond, and how soon after the
    response (or the respond-by date, whichever comes first) the decision follows."""

    respond: dt.timedelta
    decide: dt.timedelta


# Commercial pre-service claims (29 CFR 2560.503-1(f)(2)(ii)-(iii), also applied to ACA
# plans): at least 45 days to send what is missing, then the decision within the 15-day
# extension; urgent: at least 48 hours, then the decision within 48 hours. Other lines of
# business keep an extension of up to 14 days (2 for expedited), decided by its end.
PEND_CLOCKS: dict[tuple[str, str], PendClock] = {
    ("commercial", "standard"): PendClock(dt.timedelta(days=45), dt.timedelta(days=15)),
    ("commercial", "expedited"): PendClock(dt.timedelta(hours=48), dt.timedelta(hours=48)),
}
DEFAULT_PEND_CLOCKS: dict[str, PendClock] = {
    "standard": PendClock(dt.timedelta(days=14), dt.timedelta(0)),
    "expedited": PendClock(dt.timedelta(days=2), dt.timedelta(0)),
}


def pend_clock(line_of_business: str, urgency: str) -> PendClock:
    default = DEFAULT_PEND_CLOCKS.get(urgency, DEFAULT_PEND_CLOCKS["standard"])
    return PEND_CLOCKS.get((line_of_business, urgency), default)


def time_span(delta: dt.timedelta) -> str:
    """A duration as a member reads it: hours up to two days, then days."""
    if delta <= dt.timedelta(days=2):
        return _("{hours} hours").format(hours=int(delta.total_seconds() // 3600))
    return _("{days} days").format(days=delta.days)
