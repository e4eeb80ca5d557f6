"""Intakes and checks shared by the pre-fill evidence tests (issue 16).

A ``Row`` is an intake a reviewer could receive, the outcome the policy implies for the
checklist as pre-filled, and exactly which criteria the intake may answer "no".
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reviewer_app.intake import parse_intake
from reviewer_app.intake.facts import intake_facts
from reviewer_app.review.answers import Answer
from reviewer_app.review.engine import Evaluation, Outcome, State, evaluate
from reviewer_app.review.prefill import intake_words, prefill_answers

from helpers import intake_data, registry

POLICY = registry().get("cp0261")
MET, NOT_MET, OPEN = (
    Outcome.CRITERIA_MET,
    Outcome.CRITERIA_NOT_MET,
    Outcome.INSUFFICIENT_INFORMATION,
)
DLI_INDICATIONS = ["dli.relapsed", "dli.persistent", "dli.refractory", "dli.high_risk_of_relapse"]


@dataclass(frozen=True)
class Prefilled:
    evaluation: Evaluation
    answers: dict[str, Answer]
    words: dict[str, str]

    @property
    def noes(self) -> set[str]:
        """Criteria the pre-filled answers fail: a "no", or a number the rule rejects."""
        return {cid for cid in self.answers if self.evaluation.state(cid) is State.FAILED}


def prefill(data: dict[str, Any]) -> Prefilled:
    intake = parse_intake(data)
    cs = POLICY.criteria_set("dli" if intake.service.cpt == "38242" else "hpc_boost")
    facts = intake_facts(intake)
    answers = prefill_answers(cs, facts)
    return Prefilled(evaluate(cs, answers), answers, intake_words(cs, facts))


def dli(**clinical: Any) -> dict[str, Any]:
    data = intake_data("dli-relapsed-aml")
    _merge(data["clinical"], clinical)
    return data


def hpc(**clinical: Any) -> dict[str, Any]:
    data = intake_data("hpc-boost-mixed-chimerism")
    _merge(data["clinical"], clinical)
    return data


def _merge(target: dict[str, Any], changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value


def with_diagnoses(data: dict[str, Any], *codes: tuple[str, str]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["diagnoses"] = [{"icd10": c, "description": d} for c, d in codes]
    return data


def pediatric(data: dict[str, Any], born: str) -> dict[str, Any]:
    data["member"]["date_of_birth"] = born
    return data


AUTO = {"type": "autologous", "date": "2026-06-02"}


@dataclass(frozen=True)
class Row:
    name: str
    data: Callable[[], dict[str, Any]]
    outcome: Outcome
    noes: set[str] = field(default_factory=set)
    yes: set[str] = field(default_factory=set)
    open: set[str] = field(default_factory=set)
    words: dict[str, str] = field(default_factory=dict)


def check_row(row: Row) -> None:
    got = prefill(row.data())
    assert got.evaluation.outcome is row.outcome
    # "No" only where the intake gives explicit contrary evidence, and nowhere else.
    assert got.noes == row.noes
    for criterion in row.yes:
        assert got.evaluation.state(criterion) is State.SATISFIED
    for criterion in row.open:
        assert criterion not in got.answers
        assert got.evaluation.state(criterion) is State.OPEN
    for criterion, text in row.words.items():
        assert text in got.words[criterion]
