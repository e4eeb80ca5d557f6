"""Prove the demo library right: each key against what the engine computes.

For each case: pre-fill the checklist from the intake and compare the outcome with the
key's ``intake_outcome``; then apply the key's answers where they differ from the
intake (what the reviewer finds in the records) and compare the outcome, the deciding
criteria and the decision the expected role may take. Its walkthrough is checked too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.decisions.rules import ROLE_LABELS, Decision, Role, allowed_decisions
from reviewer_app.intake.checks import npi_check_digit_ok
from reviewer_app.intake.facts import intake_facts
from reviewer_app.policy import PolicyRegistry
from reviewer_app.policy.models import Node
from reviewer_app.review.answers import Answer, Reply
from reviewer_app.review.engine import OUTCOME_LABELS, Evaluation, Outcome, State, evaluate
from reviewer_app.review.prefill import prefill_answers
from reviewer_app.training.library import DemoCase, load_library
from reviewer_app.training.walkthrough import WalkthroughError, walkthrough_for

SYNTHETIC_MARK = "SYNTHETIC TRAINING CASE"
# The decision that follows from each outcome when the reviewer applies the policy.
DECISION_FOR = {
    Outcome.CRITERIA_MET: Decision.APPROVE,
    Outcome.CRITERIA_NOT_MET: Decision.DENY,
    Outcome.INSUFFICIENT_INFORMATION: Decision.PEND,
}
_DECISION_WORDS = {
    Decision.APPROVE: re.compile(r"\bapprov", re.IGNORECASE),
    Decision.DENY: re.compile(r"\bden(y|ies|ied|ial)\b", re.IGNORECASE),
    Decision.PEND: re.compile(r"\bpend", re.IGNORECASE),
}
_STATE_FOR = {
    Outcome.CRITERIA_MET: State.SATISFIED,
    Outcome.CRITERIA_NOT_MET: State.FAILED,
    Outcome.INSUFFICIENT_INFORMATION: State.OPEN,
}


@dataclass(frozen=True)
class CaseCheck:
    case_id: str
    title: str
    intake_outcome: Outcome
    outcome: Outcome
    allowed: tuple[Decision, ...]
    """Decisions the key's deciding role may take on the computed outcome."""
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def line(self) -> str:
        if self.ok:
            return f"{self.case_id} OK ({self.outcome.value})"
        return f"{self.case_id} DIFFERS: " + "; ".join(self.problems)


def check_library(
    registry: PolicyRegistry,
    folder: Path | None = None,
    walkthrough_folder: Path | None = None,
) -> list[CaseCheck]:
    """One check per demo case, in teaching order. A library that cannot load raises.

    Without ``walkthrough_folder``, a ``walkthroughs/`` folder beside a given library
    folder is used, else the shipped one.
    """
    library = load_library(registry, folder)
    if walkthrough_folder is None and folder is not None:
        beside = Path(folder).parent / "walkthroughs"
        walkthrough_folder = beside if beside.is_dir() else None
    return [check_case(case, walkthrough_folder) for case in library]


def intake_answers(case: DemoCase) -> dict[str, Answer]:
    """The checklist as the intake pre-fills it."""
    return prefill_answers(case.criteria, intake_facts(case.intake))


def reviewed_answers(case: DemoCase) -> dict[str, Answer]:
    """The intake's answers, replaced by the key's wherever the reviewer answers otherwise."""
    answers = intake_answers(case)
    for node in case.leaves():
        expected = case.expected_answer(node.id)
        if not same_answer(node, answers.get(node.id), expected):
            answers[node.id] = expected
    return answers


def same_answer(node: Node, a: Answer | None, b: Answer | None) -> bool:
    if node.input == "number":
        return (a.number if a else None) == (b.number if b else None)
    return (a.reply if a else Reply.UNKNOWN) == (b.reply if b else Reply.UNKNOWN)


def deciding_criteria(ev: Evaluation) -> list[str]:
    """Leaves that carry the outcome: met along a met path, failed or open likewise."""
    wanted = _STATE_FOR[ev.outcome]
    out: list[str] = []

    def visit(node: Node) -> None:
        if ev.state(node.id) is not wanted:
            return
        if node.kind == "criterion":
            out.append(node.id)
        for child in node.children:
            visit(child)

    visit(ev.criteria_set.root)
    return out


def check_case(case: DemoCase, walkthrough_folder: Path | None = None) -> CaseCheck:
    key = case.key
    problems = _synthetic_problems(case)
    before = intake_answers(case)
    ev_intake = evaluate(case.criteria, before)
    if ev_intake.outcome is not key.intake_outcome:
        problems.append(
            f"intake_outcome: key says {key.intake_outcome.value}, the engine computes "
            f"{ev_intake.outcome.value} from the intake"
        )
    after = reviewed_answers(case)
    for node in case.leaves():
        changed = not same_answer(node, before.get(node.id), after.get(node.id))
        if changed and not key.findings.get(node.id, "").strip():
            problems.append(
                f"{node.id}: the key answers {_show(node, after.get(node.id))} where the "
                f"intake gives {_show(node, before.get(node.id))}, but has no finding "
                "saying what in the records supports it"
            )
    ev = evaluate(case.criteria, after)
    if ev.outcome is not key.outcome:
        problems.append(
            f"outcome: key says {key.outcome.value}, the engine computes {ev.outcome.value} "
            "from the key's answers"
        )
    else:
        engine_deciding = deciding_criteria(ev)
        key_deciding = [d.criterion for d in key.deciding]
        if sorted(engine_deciding) != sorted(key_deciding):
            problems.append(
                f"deciding: key lists {', '.join(key_deciding)}; the engine's deciding "
                f"criteria are {', '.join(engine_deciding) or 'none'}"
            )
    allowed = allowed_decisions(key.decided_by, ev.outcome, training=True)
    problems.extend(_decision_problems(case, ev.outcome, allowed))
    problems.extend(_walkthrough_problems(case, walkthrough_folder))
    return CaseCheck(
        case_id=case.case_id,
        title=case.title,
        intake_outcome=ev_intake.outcome,
        outcome=ev.outcome,
        allowed=tuple(allowed),
        problems=tuple(problems),
    )


def _decision_problems(case: DemoCase, outcome: Outcome, allowed: list[Decision]) -> list[str]:
    key = case.key
    role = ROLE_LABELS[key.decided_by].lower()
    problems: list[str] = []
    if key.decision is not DECISION_FOR[outcome]:
        problems.append(
            f"decision: key says {key.decision.value}, but {outcome.value} leads to "
            f"{DECISION_FOR[outcome].value}"
        )
    if key.decision not in allowed:
        shown = ", ".join(d.value for d in allowed) or "none"
        problems.append(
            f"decision: a {role} may not {key.decision.value} when the outcome is "
            f"{outcome.value} (allowed: {shown})"
        )
    if key.decision is Decision.DENY and not key.referred:
        problems.append("referred: a denial comes only after referral to a medical director")
    nurse_may_refer = Decision.REFER in allowed_decisions(
        Role.NURSE_REVIEWER, outcome, training=True
    )
    if key.referred and not nurse_may_refer:
        problems.append(f"referred: a nurse reviewer cannot refer when the outcome is {outcome}")
    return problems


def _synthetic_problems(case: DemoCase) -> list[str]:
    intake = case.intake
    problems: list[str] = []
    if SYNTHETIC_MARK not in intake.clinical.notes:
        problems.append(f"intake: clinical.notes must say {SYNTHETIC_MARK!r}")
    if not intake.member.id.startswith("DEMO-T-"):
        problems.append(f"intake: member.id {intake.member.id!r} must start with DEMO-T-")
    if not npi_check_digit_ok(intake.requesting_provider.npi):
        problems.append(
            f"intake: requesting_provider.npi {intake.requesting_provider.npi} fails the "
            "check digit"
        )
    return problems


def _walkthrough_problems(case: DemoCase, folder: Path | None) -> list[str]:
    try:
        walkthrough = walkthrough_for(case, folder)
    except WalkthroughError as exc:
        return [f"walkthrough: {exc}"]
    last = walkthrough.step(len(walkthrough) - 1).narrative
    problems: list[str] = []
    label = OUTCOME_LABELS[case.key.outcome]
    if label.casefold() not in last.casefold():
        problems.append(f"walkthrough: the last step does not name the outcome ({label})")
    if not _DECISION_WORDS[case.key.decision].search(last):
        problems.append(
            f"walkthrough: the last step does not name the decision ({case.key.decision.value})"
        )
    return problems


def _show(node: Node, answer: Answer | None) -> str:
    if answer is None:
        return "no answer"
    if node.input == "number":
        return "unknown" if answer.number is None else f"{answer.number:g}"
    return answer.reply.value
