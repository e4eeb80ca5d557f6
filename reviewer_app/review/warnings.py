"""Things a reviewer must notice about a case that do not, by themselves, decide it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from reviewer_app.intake.checks import npi_check_digit_ok
from reviewer_app.policy import Policy
from reviewer_app.policy.models import CriteriaSet, Node
from reviewer_app.review.answers import Answer


def case_warnings(
    policy: Policy,
    *,
    date_of_service: dt.date,
    npi: str,
    today: dt.date,
    reviewed_policy_hash: str | None = None,
    due: dt.datetime | None = None,
) -> list[str]:
    meta = policy.meta
    out: list[str] = []
    late = due_after_service(due, date_of_service) if due is not None else None
    if late:
        out.append(late)
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
        earlier = policy.earlier_criteria(reviewed_policy_hash)
        if earlier is not None:
            out.append(
                f"This case keeps the {earlier.summary()}; its outcome is computed as when it "
                "was created. New cases use the current criteria."
            )
    return out


def due_after_service(due: dt.datetime, date_of_service: dt.date) -> str | None:
    """A request whose decision would come only after the service it asks for."""
    if due.astimezone(dt.UTC).date() <= date_of_service:
        return None
    return (
        f"The decision is due {due.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC, after the date of "
        f"service {date_of_service}: decide before the service is given, or expedite it."
    )


def number_warning(node: Node, number: float | None) -> str | None:
    """A result that meets a number criterion but needs a medical director's eyes."""
    if node.rule is None or number is None or number != 0 or node.rule.unit != "% donor":
        return None
    return (
        "0% donor cells: graft failure or rejection, not mixed chimerism. "
        "Refer to a medical director."
    )


def answer_warnings(criteria: CriteriaSet, answers: Mapping[str, Answer]) -> list[str]:
    out: list[str] = []
    for node in criteria.root.leaves():
        answer = answers.get(node.id)
        warning = number_warning(node, answer.number if answer else None)
        if warning:
            out.append(f"{node.label}: {warning}")
    return out
