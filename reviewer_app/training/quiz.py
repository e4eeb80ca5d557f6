"""Score a trainee's checklist and decision against a demo case's answer key.

Each criterion is correct or different; a different one names the expected answer, the
trainee's, and the policy sentence that explains it. A number criterion (the chimerism
percentage) is compared by its verdict: 82.5 and 85 are both "<100% donor", so they
agree, but both numbers are shown. A blank answer counts as "unknown".
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from reviewer_app.decisions.rules import ROLE_LABELS, Decision
from reviewer_app.policy.models import Node
from reviewer_app.review.answers import Answer, Reply
from reviewer_app.review.engine import OUTCOME_LABELS, EvidenceError, State, leaf_state
from reviewer_app.training.library import DemoCase
from reviewer_app.training.models import PolicySentence

TraineeAnswer = Reply | str | float | int | None
CSV_COLUMNS = ("trainee", "case_id", "item", "expected", "given", "correct", "citation")
DECISION_ITEM = "decision"
TOTAL_ITEM = "total"
_VERDICT = {State.SATISFIED: "criterion met", State.FAILED: "criterion not met", State.OPEN: ""}


class QuizError(ValueError):
    """The trainee's answers cannot be scored (unknown criterion, a word for a number...)."""


@dataclass(frozen=True)
class PolicyCitation:
    anchor: str
    section_title: str
    quote: str

    def text(self) -> str:
        return f"{self.section_title} ({self.anchor}): “{self.quote}”"


@dataclass(frozen=True)
class QuizItem:
    item: str
    """The criterion id, or ``"decision"``."""
    label: str
    expected: str
    given: str
    correct: bool
    citation: PolicyCitation
    explanation: str


@dataclass(frozen=True)
class QuizResult:
    trainee: str
    case_id: str
    criteria: tuple[QuizItem, ...]
    decision: QuizItem

    @property
    def items(self) -> tuple[QuizItem, ...]:
        return (*self.criteria, self.decision)

    @property
    def different(self) -> list[QuizItem]:
        return [i for i in self.items if not i.correct]

    @property
    def correct(self) -> int:
        return sum(1 for i in self.items if i.correct)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.correct, self.total)

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total

    def score_text(self) -> str:
        return f"{self.correct}/{self.total} ({self.percent:.0f}%)"


def score_quiz(
    case: DemoCase,
    answers: Mapping[str, TraineeAnswer],
    decision: Decision | str | None,
    *,
    trainee: str,
) -> QuizResult:
    leaves = {n.id: n for n in case.leaves()}
    unknown = sorted(set(answers) - set(leaves))
    if unknown:
        raise QuizError(
            f"unknown criteria for {case.case_id}: {', '.join(unknown)} "
            f"(this case has: {', '.join(leaves)})"
        )
    items = tuple(_score_criterion(case, node, answers.get(node.id)) for node in leaves.values())
    return QuizResult(trainee, case.case_id, items, _score_decision(case, decision))


def _score_criterion(case: DemoCase, node: Node, given: TraineeAnswer) -> QuizItem:
    expected = case.expected_answer(node.id)
    trainee = _trainee_answer(node, given)
    deciding = case.key.deciding_for(node.id)
    sentence = deciding.sources[0] if deciding else _node_sentence(node)
    explanation = case.key.findings.get(node.id) or (deciding.why if deciding else "") or node.help
    expected_state = leaf_state(node, expected)
    given_text = _show(node, trainee)
    try:
        correct = leaf_state(node, trainee) is expected_state
    except EvidenceError as exc:
        correct, given_text = False, f"{given_text} ({exc})"
    return QuizItem(
        item=node.id,
        label=node.label,
        expected=_show(node, expected),
        given=given_text,
        correct=correct,
        citation=_citation(case, sentence),
        explanation=explanation,
    )


def _score_decision(case: DemoCase, given: Decision | str | None) -> QuizItem:
    key = case.key
    chosen = _decision(given)
    correct = chosen is key.decision
    # A nurse trainee's own step on a case a medical director denies is the referral.
    if key.referred and chosen is Decision.REFER:
        correct = True
    expected = key.decision.value
    if key.referred:
        expected += f" ({ROLE_LABELS[key.decided_by].lower()}, after referral)"
    first = key.deciding[0].sources[0]
    return QuizItem(
        item=DECISION_ITEM,
        label="Decision",
        expected=expected,
        given=chosen.value if chosen else "(no decision)",
        correct=correct,
        citation=_citation(case, first),
        explanation=f"{OUTCOME_LABELS[key.outcome]}: {key.teaching_note}",
    )


def _decision(given: Decision | str | None) -> Decision | None:
    if given is None or given == "":
        return None
    try:
        return Decision(given)
    except ValueError:
        known = " | ".join(d.value for d in Decision)
        raise QuizError(f"decision: {given!r} is not one of {known}") from None


def _trainee_answer(node: Node, given: TraineeAnswer) -> Answer:
    if given is None or (isinstance(given, str) and given.strip().casefold() in ("", "unknown")):
        return Answer()
    if node.input == "number":
        if isinstance(given, Reply):
            raise QuizError(f"{node.id}: expected a number (the donor percentage), not {given}")
        try:
            number = float(given)
        except ValueError:
            raise QuizError(f"{node.id}: expected a number, not {given!r}") from None
        if not math.isfinite(number):
            raise QuizError(f"{node.id}: {given!r} is not a finite number")
        return Answer(number=number)
    if isinstance(given, bool) or not isinstance(given, str):
        raise QuizError(f"{node.id}: expected yes | no | unknown, not {given!r}")
    try:
        return Answer(reply=Reply(given.strip().casefold()))
    except ValueError:
        raise QuizError(f"{node.id}: expected yes | no | unknown, not {given!r}") from None


def _show(node: Node, answer: Answer) -> str:
    if node.input != "number":
        return answer.reply.value
    if answer.number is None:
        return "unknown"
    unit = node.rule.unit if node.rule else ""
    try:
        verdict = _VERDICT[leaf_state(node, answer)]
    except EvidenceError:
        verdict = ""
    text = f"{answer.number:g}{unit}"
    return f"{text} ({verdict})" if verdict else text


def _node_sentence(node: Node) -> PolicySentence:
    source = node.sources[0]
    return PolicySentence(anchor=source.anchor, quote=source.quote)


def _citation(case: DemoCase, sentence: PolicySentence) -> PolicyCitation:
    section = case.policy.section_of(sentence.anchor)
    return PolicyCitation(sentence.anchor, section.title, sentence.quote)


def results_to_csv(results: Sequence[QuizResult]) -> str:
    """One row per item and a total row per result, for the trainer's spreadsheet.

    The total row gives the number of items under ``expected``, the number correct
    under ``given`` and the percentage under ``correct``.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for result in results:
        for item in result.items:
            writer.writerow(
                [
                    result.trainee,
                    result.case_id,
                    item.item,
                    item.expected,
                    item.given,
                    "yes" if item.correct else "no",
                    item.citation.text(),
                ]
            )
        writer.writerow(
            [
                result.trainee,
                result.case_id,
                TOTAL_ITEM,
                str(result.total),
                str(result.correct),
                f"{result.percent:.1f}%",
                "",
            ]
        )
    return out.getvalue()
