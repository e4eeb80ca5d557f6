"""Pre-fill a checklist from the facts a request states.

The rules live in the policy data (each criterion's ``prefill``); this module only
applies them. A pre-filled answer says "yes" only on explicit evidence in the request
and "no" only on explicit contrary evidence; anything else is left open for the
reviewer, who sees the intake's words beside the question (``intake_words``). Every
pre-filled answer is marked as coming from intake, unconfirmed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from reviewer_app.intake.direct import FACT_PREFIX
from reviewer_app.intake.facts import Stated, intake_facts
from reviewer_app.intake.model import IntakeError
from reviewer_app.policy.models import CriteriaSet, Node
from reviewer_app.review.answers import Answer, AnswerSource, Evidence, Reply

Fact = str | bool | float | int | None
INTAKE_DOCUMENT = "Intake request"


def prefill_answers(criteria: CriteriaSet, facts: Mapping[str, Stated | Fact]) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    for node in criteria.root.leaves():
        answer = _prefill_one(node, facts)
        if answer is not None:
            answers[node.id] = answer
    return answers


def intake_words(criteria: CriteriaSet, facts: Mapping[str, Stated | Fact]) -> dict[str, str]:
    """What the request says about each criterion it speaks to, answered or not."""
    out: dict[str, str] = {}
    for node in criteria.root.leaves():
        answered = facts.get(FACT_PREFIX + node.id)
        if answered is not None:
            out[node.id] = _stated(answered).words
        elif node.prefill is not None:
            stated = _stated(facts.get(node.prefill.fact))
            if stated.words:
                out[node.id] = stated.words
    return out


def stored_intake_words(criteria: CriteriaSet, intake_json: str) -> dict[str, str]:
    """``intake_words`` for the request a case file stores (none if it no longer reads)."""
    from reviewer_app.intake.parse import parse_intake

    try:  # checked at import and sealed by the trail: no second JSON Schema pass
        intake = parse_intake(json.loads(intake_json), schema=False)
    except (IntakeError, ValueError, TypeError, KeyError, AttributeError, IndexError):
        return {}
    return intake_words(criteria, intake_facts(intake))


def _stated(value: Stated | Fact) -> Stated:
    return value if isinstance(value, Stated) else Stated(value)


def _prefill_one(node: Node, facts: Mapping[str, Stated | Fact]) -> Answer | None:
    answered = facts.get(FACT_PREFIX + node.id)  # the request answers the criterion itself
    if answered is not None:
        return _direct(node, _stated(answered))
    rule = node.prefill
    if rule is None:
        return None
    stated = _stated(facts.get(rule.fact))
    value = stated.value
    if value is None:
        return None
    shown = ("yes" if value else "no") if isinstance(value, bool) else str(value)
    evidence = Evidence(
        document=INTAKE_DOCUMENT, date=stated.date, value=stated.words or f"{rule.fact}: {shown}"
    )
    if node.input == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return Answer(
            number=float(value), evidence=evidence, source=AnswerSource.INTAKE, confirmed=False
        )
    if rule.yes_values is not None:
        if str(value) in rule.yes_values:
            reply = Reply.YES
        elif str(value) in rule.no_values:
            reply = Reply.NO
        else:
            return None  # neither evidence for nor against: the reviewer decides
    elif isinstance(value, bool):
        reply = Reply.YES if value else Reply.NO
    else:
        return None
    return Answer(reply=reply, evidence=evidence, source=AnswerSource.INTAKE, confirmed=False)


def _direct(node: Node, stated: Stated) -> Answer | None:
    """A direct answer (``criterion:<ID>``) of the right kind: a number for a number
    criterion, yes/no for the others; anything else leaves the criterion open."""
    value = stated.value
    evidence = Evidence(
        document=stated.document or INTAKE_DOCUMENT, date=stated.date, value=stated.words
    )
    if node.input == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        number = float(value)
        return Answer(number=number, evidence=evidence, source=AnswerSource.INTAKE, confirmed=False)
    if not isinstance(value, bool):
        return None
    reply = Reply.YES if value else Reply.NO
    return Answer(reply=reply, evidence=evidence, source=AnswerSource.INTAKE, confirmed=False)
