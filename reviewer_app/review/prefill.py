"""Pre-fill a checklist from the facts a request states.

The rules live in the policy data (each criterion's ``prefill``); this module only
applies them. Every pre-filled answer is marked as coming from intake, unconfirmed.
"""

from __future__ import annotations

from collections.abc import Mapping

from reviewer_app.policy.models import CriteriaSet, Node
from reviewer_app.review.answers import Answer, AnswerSource, Evidence, Reply

Fact = str | bool | float | int | None


def prefill_answers(criteria: CriteriaSet, facts: Mapping[str, Fact]) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    for node in criteria.root.leaves():
        answer = _prefill_one(node, facts)
        if answer is not None:
            answers[node.id] = answer
    return answers


def _prefill_one(node: Node, facts: Mapping[str, Fact]) -> Answer | None:
    rule = node.prefill
    if rule is None:
        return None
    value = facts.get(rule.fact)
    if value is None:
        return None
    shown = ("yes" if value else "no") if isinstance(value, bool) else str(value)
    evidence = Evidence(document="Intake request", value=f"{rule.fact}: {shown}")
    if node.input == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return Answer(
            number=float(value), evidence=evidence, source=AnswerSource.INTAKE, confirmed=False
        )
    if rule.yes_values is not None:
        reply = Reply.YES if str(value) in rule.yes_values else Reply.NO
    elif isinstance(value, bool):
        reply = Reply.YES if value else Reply.NO
    else:
        return None
    return Answer(reply=reply, evidence=evidence, source=AnswerSource.INTAKE, confirmed=False)
