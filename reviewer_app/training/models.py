"""The files of the demo library as pydantic models: index, answer key, policy sentences.

Only the shape is checked here; ``library.py`` checks what needs the policy (anchors,
quotes, criterion ids) and the intake beside each key.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt

from reviewer_app.decisions.rules import Decision, Role
from reviewer_app.review.engine import Outcome

INDEX_SCHEMA = "umcase-demo-index/1"
KEY_SCHEMA = "umcase-demo-key/1"

KeyReply = Literal["yes", "no", "unknown"]
KeyAnswer = KeyReply | StrictInt | StrictFloat
"""A key's answer: yes/no/unknown, or the number for a number criterion (a chimerism %)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class PolicySentence(_Strict):
    """Words of the policy: the block they stand in and the exact quote."""

    anchor: str = Field(min_length=1)
    quote: str = Field(min_length=1)


class IndexEntry(_Strict):
    case_id: str = Field(pattern=r"^DEMO-[0-9]{4}$")
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)


class LibraryIndex(_Strict):
    schema_id: Literal["umcase-demo-index/1"] = Field(alias="schema")
    title: str = ""
    cases: list[IndexEntry] = Field(min_length=1)


class DecidingCriterion(_Strict):
    """A criterion whose answer decides the outcome, and the policy words that decide it."""

    criterion: str
    sources: list[PolicySentence] = Field(min_length=1)
    why: str = Field(min_length=1)


class AnswerKey(_Strict):
    """What a careful reviewer concludes on one demo case.

    ``intake_outcome`` is what the engine computes from the intake alone (the pre-filled
    checklist); ``answers`` are the reviewer's answers after reading the records, and
    ``outcome`` what they lead to. Where an answer differs from the intake, ``findings``
    says what in the records supports it.
    """

    schema_id: Literal["umcase-demo-key/1"] = Field(alias="schema")
    case_id: str = Field(pattern=r"^DEMO-[0-9]{4}$")
    criteria_set: str
    answers: dict[str, KeyAnswer]
    findings: dict[str, str] = {}
    intake_outcome: Outcome
    outcome: Outcome
    decision: Decision
    decided_by: Role
    referred: bool = False
    deciding: list[DecidingCriterion] = Field(min_length=1)
    teaching_note: str = Field(min_length=1)

    def deciding_for(self, criterion_id: str) -> DecidingCriterion | None:
        return next((d for d in self.deciding if d.criterion == criterion_id), None)
