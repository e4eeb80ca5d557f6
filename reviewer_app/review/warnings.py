"""Things a reviewer must notice about a case that do not, by themselves, decide it."""

from __future__ import annotations

import datetime as dt

from reviewer_app.intake.checks import npi_check_digit_ok
from reviewer_app.policy import Policy


def case_warnings(
    policy: Policy,
    *,
    date_of_service: dt.date,
    npi: str,
    today: dt.date,
    reviewed_policy_hash: str | None = None,
) -> list[str]:
    meta = policy.meta
    out: list[str] = []
    if date_of_service < meta.effective_date:
        out.append(
            f"The date of service {date_of_service} is before the policy's effective date "
            f"{meta.effective_date}: check which policy version applies."
        )
    if today > meta.next_review_date:
        out.append(
            f"Coverage Policy {meta.number} is past its next review date "
            f"{meta.next_review_date}: confirm it is still current."
        )
    if not npi_check_digit_ok(npi):
        out.append(f"The requesting provider's NPI {npi} fails its check digit.")
    if reviewed_policy_hash and reviewed_policy_hash != policy.content_hash:
        out.append(
            "The policy data changed since this review began; answers were given against "
            "an earlier copy of the policy."
        )
    return out
