"""Answers a request gives to criteria directly (``questionnaire_answers``), as facts.

A Da Vinci DTR QuestionnaireResponse answers the policy's questions themselves, not the
intake's fields. Each answer becomes the fact ``criterion:<ID>``, which pre-fills that
criterion ahead of any rule (``review.prefill``), unconfirmed, with DTR's information
origin in its words so the reviewer sees where it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reviewer_app.intake.model import DirectAnswer, IntakeError

FIELD = "questionnaire_answers"
FACT_PREFIX = "criterion:"
DOCUMENT = "DTR QuestionnaireResponse"
ORIGIN_WORDS = {
    "auto": "auto (pre-populated from the provider's record)",
    "override": "override (pre-populated, then changed by the provider)",
    "manual": "manual (entered by the provider)",
    "not stated": "not stated",
}


def parse_direct_answers(items: Sequence[Any]) -> tuple[DirectAnswer, ...]:
    """The answers as typed values; the schema has checked each one's shape already."""
    out: list[DirectAnswer] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        where = f"{FIELD}.{i}"
        if ("reply" in item) == ("number" in item):
            raise IntakeError(where, "needs exactly one of reply or number")
        if item["criterion"] in seen:
            raise IntakeError(f"{where}.criterion", "answers a criterion already answered")
        seen.add(item["criterion"])
        value: bool | float = item["reply"] == "yes" if "reply" in item else float(item["number"])
        authored = None
        if "authored" in item:
            try:
                authored = dt.date.fromisoformat(item["authored"])
            except ValueError:
                raise IntakeError(f"{where}.authored", "is not a real date") from None
        out.append(DirectAnswer(item["criterion"], value, item["origin"], authored))
    return tuple(out)


def words(answer: DirectAnswer) -> str:
    value = answer.value
    shown = ("yes" if value else "no") if isinstance(value, bool) else f"{value:g}"
    when = f" on {answer.authored}" if answer.authored else ""
    return (
        f"answered {shown} in the provider's DTR form{when}; origin: {ORIGIN_WORDS[answer.origin]}"
    )
