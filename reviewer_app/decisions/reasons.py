"""The reasons a letter gives, read from the criteria tree, the answers and the policy text.

A denial names every failed branch and a pend every open one, each with what the member's
own records showed, the criterion it belongs to and the policy section it comes from. A
failed "any of" group lists each alternative and why it does not apply; it is never one
generic sentence. Policy quotes are whole statements: a sentence that introduces a list
is quoted with every bullet of that list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from reviewer_app.letters.content import FailedCriterion, MissingItem
from reviewer_app.letters.i18n import _, long_date, number
from reviewer_app.policy.loader import Policy
from reviewer_app.policy.models import Block, Node, SourceRef
from reviewer_app.review.answers import Answer
from reviewer_app.review.engine import Evaluation, State
from reviewer_app.review.prefill import INTAKE_DOCUMENT

BULLET = "\u2022 "
# The words chimerism.py writes for the study a number came from.
_STUDY = re.compile(
    r"^chimerism study of (?P<date>\d{4}-\d{2}-\d{2}): (?P<lineage>.+?) "
    r"(?P<pct>[\d.]+)% donor(?: \(lowest lineage; also (?P<others>[^)]*)\))?"
)
_SENTENCE_END = re.compile(r"(?<=[.:])\s+(?=[A-Z])")


@dataclass(frozen=True)
class ReasonSource:
    """What the reasons are read from: one case's policy, answers and evaluation."""

    policy: Policy
    evaluation: Evaluation
    answers: Mapping[str, Answer]


def denial_reasons(src: ReasonSource, root: Node) -> list[FailedCriterion]:
    """One reason per failed requirement; a failed group of alternatives lists each one."""
    out: list[FailedCriterion] = []

    def visit(node: Node) -> None:
        if src.evaluation.state(node.id) is not State.FAILED:
            return
        if node.kind == "all_of":
            for child in node.children:
                visit(child)
            return
        out.append(_reason(src, node))

    visit(root)
    return out


def pend_items(src: ReasonSource, root: Node) -> list[MissingItem]:
    """One item per open criterion that would change the outcome, with its context."""
    parents = {child.id: node for node in root.walk() for child in node.children}
    # The evaluation's nodes are the policy's own; ``root`` may be a translation of them.
    nodes = {node.id: node for node in root.walk()}
    items: list[MissingItem] = []
    quoted: dict[str, int] = {}  # a statement already quoted, by the item that quotes it
    for open_node in src.evaluation.open_items:
        node = nodes.get(open_node.id, open_node)
        why = [
            _("It shows whether the policy requirement “{label}” is met.").format(label=node.label)
        ]
        group = _any_of_ancestor(node, parents)
        if group is not None:
            why.append(_("This is one of the alternatives of “{label}”.").format(label=group.label))
            why += [
                _("Another alternative, “{label}”, does not apply: {findings}").format(
                    label=child.label, findings=" ".join(_branch_findings(src, child))
                )
                for child in group.children
                if src.evaluation.state(child.id) is State.FAILED
            ]
        ref = (group or node).sources[0]
        section = src.policy.section_of(ref.anchor).title
        statement = whole_statement(src.policy, ref)
        if statement in quoted:
            why.append(
                _("Policy section “{section}”, quoted in item {item}.").format(
                    section=section, item=quoted[statement]
                )
            )
        else:
            quoted[statement] = len(items) + 1
            why.append(
                _("Policy section “{section}” states: “{statement}”").format(
                    section=section, statement=statement
                )
            )
        items.append(MissingItem(what=node.evidence_label or node.label, why="\n".join(why)))
    return items


def whole_statement(policy: Policy, ref: SourceRef) -> str:
    """The sentence ``ref`` quotes from, with the whole list it introduces (one line each)."""
    blocks = policy.section_of(ref.anchor).blocks
    at = next(i for i, b in enumerate(blocks) if b.anchor == ref.anchor)
    if blocks[at].kind == "bullet":
        while at > 0 and blocks[at].kind == "bullet":
            at -= 1
        sentence = _sentences(blocks[at].text)[-1]
    else:
        sentence = _sentence_with(blocks[at].text, ref.quote)
    if not sentence.endswith(":"):
        return sentence
    bullets: list[Block] = []
    for block in blocks[at + 1 :]:
        if block.kind != "bullet":
            break
        bullets.append(block)
    return "\n".join([sentence, *(BULLET + b.text for b in bullets)])


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def _sentence_with(text: str, quote: str) -> str:
    sentences = _sentences(text)
    head = quote.strip()[:40]
    return next((s for s in sentences if head in s), text.strip())


def _reason(src: ReasonSource, node: Node) -> FailedCriterion:
    ref = node.sources[0]
    quote = whole_statement(src.policy, ref)
    if node.otherwise is not None:
        quote += "\n" + whole_statement(src.policy, node.otherwise)
    if node.kind == "any_of":
        plain = _(
            "The policy covers this service only for one of the reasons listed in the policy "
            "text below. None of them applies to this request:"
        )
        branches = tuple(
            _("{label}: {findings}").format(
                label=child.label, findings=" ".join(_branch_findings(src, child))
            )
            for child in node.children
            if src.evaluation.state(child.id) is State.FAILED
        )
    else:
        plain = " ".join(_branch_findings(src, node))
        branches = ()
    return FailedCriterion(
        label=node.label,
        plain_reason=plain,
        policy_quote=quote,
        section_title=src.policy.section_of(ref.anchor).title,
        branches=branches,
    )


def _branch_findings(src: ReasonSource, node: Node) -> list[str]:
    """Why a failed branch fails, in plain words with the member's own data."""
    if node.kind == "criterion":
        found = finding(node, src.answers.get(node.id))
        rule = node.not_met_text or _(
            "The policy requires: {label}. The records we reviewed do not show this."
        ).format(label=node.label)
        ordered = [found, rule] if node.input == "number" else [rule, found]
        return [text for text in ordered if text]
    out: list[str] = []
    for child in node.children:
        if src.evaluation.state(child.id) is State.FAILED:
            out += _branch_findings(src, child)
    return [text for text in out if text]


def finding(node: Node, answer: Answer | None) -> str:
    """What the member's records showed for one criterion, as a sentence ("" if nothing)."""
    if answer is None:
        return ""
    evidence = answer.evidence
    study = _STUDY.match(evidence.value)
    if study is not None:
        day = dt.date.fromisoformat(study["date"])
        text = _(
            "The chimerism study dated {date} showed {percent}% donor cells "
            "(cells tested: {lineage})."
        ).format(date=long_date(day), percent=number(float(study["pct"])), lineage=study["lineage"])
        if study["others"]:
            text += " " + _("Other cell types tested in that study: {others}.").format(
                others=study["others"]
            )
        return text
    if node.input == "number" and answer.number is not None and node.rule is not None:
        what = node.evidence_label or node.label
        return _("The result we reviewed ({what}) was {value} {unit}.").format(
            what=what, value=number(answer.number), unit=node.rule.unit
        )
    if not evidence.value.strip():
        return ""
    document = evidence.document
    if document == INTAKE_DOCUMENT:
        document = _("The request we received")  # not the app's word for it
    value = _plain(evidence.value)
    if not document and evidence.date is None:
        return _("The records state: {value}.").format(value=value)
    if not document:
        return _("The records dated {date} state: {value}.").format(
            date=long_date(evidence.date), value=value
        )
    if evidence.date is None:
        return _("{document} states: {value}.").format(document=document, value=value)
    return _("{document} dated {date} states: {value}.").format(
        document=document, date=long_date(evidence.date), value=value
    )


def _plain(words: str) -> str:
    return words.strip().rstrip(".").replace("_", " ")


def _any_of_ancestor(node: Node, parents: Mapping[str, Node]) -> Node | None:
    parent = parents.get(node.id)
    while parent is not None:
        if parent.kind == "any_of":
            return parent
        parent = parents.get(parent.id)
    return None
