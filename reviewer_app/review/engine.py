"""The criteria engine: answers in, an outcome and a state per criterion out.

Three-valued logic over the criteria tree. A criterion is satisfied, failed or open;
``all_of`` fails when any child fails, ``any_of`` fails only when every child fails.
A failed tree is ``criteria_not_met`` even while other parts are open; an open tree is
``insufficient_information``: missing documentation asks for information, it never denies.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from reviewer_app.policy.models import Comparator, CriteriaSet, Node, NumberRule, SourceRef
from reviewer_app.review.answers import Answer, Reply


class State(StrEnum):
    SATISFIED = "satisfied"
    FAILED = "failed"
    OPEN = "open"


class Outcome(StrEnum):
    CRITERIA_MET = "criteria_met"
    CRITERIA_NOT_MET = "criteria_not_met"
    INSUFFICIENT_INFORMATION = "insufficient_information"


OUTCOME_LABELS = {
    Outcome.CRITERIA_MET: "Criteria met",
    Outcome.CRITERIA_NOT_MET: "Criteria not met",
    Outcome.INSUFFICIENT_INFORMATION: "Insufficient information",
}

_COMPARE: dict[Comparator, Callable[[float, float], bool]] = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "eq": operator.eq,
}


class EvidenceError(ValueError):
    """A number given as evidence is outside the range its criterion allows."""


@dataclass(frozen=True)
class NodeResult:
    node: Node
    state: State

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def anchors(self) -> list[str]:
        return [s.anchor for s in self.node.sources]


@dataclass(frozen=True)
class Evaluation:
    criteria_set: CriteriaSet
    outcome: Outcome
    results: dict[str, NodeResult]
    open_items: list[Node]
    """Criteria whose answer would still change the outcome: what to ask for."""
    failed_items: list[Node]
    """Criteria that failed and, by failing, made the outcome not met."""
    unconfirmed: list[str]

    def state(self, node_id: str) -> State:
        return self.results[node_id].state

    def failure_sources(self) -> list[SourceRef]:
        """The policy sentences behind a not-met outcome, closing rules included."""
        refs: list[SourceRef] = []
        for node in self.failed_items:
            refs.extend(node.sources)
        for result in self.results.values():
            otherwise = result.node.otherwise
            if result.state is State.FAILED and otherwise and otherwise not in refs:
                refs.append(otherwise)
        return refs


def check_number(rule: NumberRule, value: float, criterion_id: str) -> None:
    if math.isnan(value):
        raise EvidenceError(
            f"{criterion_id}: nan is outside {rule.minimum:g}-{rule.maximum:g} {rule.unit}: "
            "it is not a number"
        )
    if rule.minimum <= value <= rule.maximum:
        return
    # Shown as typed: 100.0000001 rounded for display would read as an allowed 100.
    side = f"above {rule.maximum:g}" if value > rule.maximum else f"below {rule.minimum:g}"
    raise EvidenceError(
        f"{criterion_id}: {_exact(value)} is outside {rule.minimum:g}-{rule.maximum:g} "
        f"{rule.unit}: it is {side}"
    )


def _exact(value: float) -> str:
    if math.isinf(value):
        return "infinity" if value > 0 else "minus infinity"
    return repr(value).removesuffix(".0")


def leaf_state(node: Node, answer: Answer | None) -> State:
    if answer is None:
        return State.OPEN
    if node.input == "number":
        if answer.number is None or node.rule is None:
            return State.OPEN
        check_number(node.rule, answer.number, node.id)
        holds = _COMPARE[node.rule.op](answer.number, node.rule.value)
        return State.SATISFIED if holds else State.FAILED
    if answer.reply is Reply.YES:
        return State.SATISFIED
    if answer.reply is Reply.NO:
        return State.FAILED
    return State.OPEN


def evaluate(criteria: CriteriaSet, answers: Mapping[str, Answer]) -> Evaluation:
    results: dict[str, NodeResult] = {}

    def visit(node: Node) -> State:
        if node.kind == "criterion":
            state = leaf_state(node, answers.get(node.id))
        else:
            states = [visit(child) for child in node.children]
            state = _combine(node.kind, states)
        results[node.id] = NodeResult(node, state)
        return state

    root_state = visit(criteria.root)
    outcome = {
        State.SATISFIED: Outcome.CRITERIA_MET,
        State.FAILED: Outcome.CRITERIA_NOT_MET,
        State.OPEN: Outcome.INSUFFICIENT_INFORMATION,
    }[root_state]
    unconfirmed = [
        n.id for n in criteria.root.leaves() if (a := answers.get(n.id)) and a.unconfirmed
    ]
    return Evaluation(
        criteria_set=criteria,
        outcome=outcome,
        results=results,
        open_items=_deciding(criteria.root, results, State.OPEN),
        failed_items=_deciding(criteria.root, results, State.FAILED),
        unconfirmed=unconfirmed,
    )


def _combine(kind: str, states: list[State]) -> State:
    if kind == "all_of":
        if State.FAILED in states:
            return State.FAILED
        return State.OPEN if State.OPEN in states else State.SATISFIED
    if State.SATISFIED in states:
        return State.SATISFIED
    return State.OPEN if State.OPEN in states else State.FAILED


def _deciding(node: Node, results: Mapping[str, NodeResult], wanted: State) -> list[Node]:
    """Leaves in ``wanted`` state that explain why ``node`` is in that state."""
    if results[node.id].state is not wanted:
        return []
    if node.kind == "criterion":
        return [node]
    out: list[Node] = []
    for child in node.children:
        out.extend(_deciding(child, results, wanted))
    return out
