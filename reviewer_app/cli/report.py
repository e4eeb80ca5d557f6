"""Plain and JSON views of a case for the command line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.summary import PENDING_STATUSES
from reviewer_app.intake.direct import DOCUMENT as DTR_DOCUMENT
from reviewer_app.policy.models import Node
from reviewer_app.review.deadlines import format_time_left
from reviewer_app.review.engine import Evaluation
from reviewer_app.review.prefill import stored_intake_words
from reviewer_app.review.warnings import answer_warnings, case_warnings


def warnings_for(case: CaseFile, today: dt.date) -> list[str]:
    h = case.header
    out = case_warnings(
        case.policy,
        date_of_service=h.date_of_service,
        npi=h.provider_npi,
        today=today,
        reviewed_policy_hash=h.policy_hash,
        due=case.due_at if case.status in PENDING_STATUSES else None,
    )
    out.extend(answer_warnings(case.criteria, case.answers()))
    if not case.chain.ok:
        out.append(f"The audit trail is broken: {case.chain.problem}.")
    return out


def evaluation_json(case: CaseFile, ev: Evaluation, today: dt.date) -> dict[str, Any]:
    answers = case.answer_rows()
    criteria = []
    for node in case.criteria.root.walk():
        row = answers.get(node.id)
        item: dict[str, Any] = {
            "id": node.id,
            "kind": node.kind,
            "label": node.label,
            "state": ev.state(node.id).value,
            "anchor": node.sources[0].anchor if node.sources else None,
            "anchors": [s.anchor for s in node.sources],
        }
        if node.kind == "criterion":
            item["answer"] = None
            if row is not None:
                item["answer"] = {
                    "reply": row.reply,
                    "number": row.number,
                    "note": row.note,
                    "source": row.source,
                    "confirmed": row.confirmed,
                }
        criteria.append(item)
    return {
        "case_id": case.case_id,
        "outcome": ev.outcome.value,
        "service": case.criteria.service,
        "cpt": case.header.cpt,
        "criteria_set": case.criteria.id,
        "policy": {
            "id": case.policy.id,
            "version": case.policy.version,
            "content_hash": case.header.policy_hash,
        },
        "status": case.status,
        "criteria": criteria,
        "open": [n.id for n in ev.open_items],
        "failed": [n.id for n in ev.failed_items],
        "unconfirmed": ev.unconfirmed,
        "warnings": warnings_for(case, today),
    }


def case_text(case: CaseFile, ev: Evaluation, now: dt.datetime) -> str:
    h = case.header
    lines = [
        f"Case {h.case_id}  [{h.status}]" + ("  TRAINING" if h.training else ""),
        f"Member:    {h.member_name} ({h.member_id}), born {h.member_dob}",
        f"Service:   {case.criteria.service_label}, CPT {h.cpt}, "
        f"date of service {h.date_of_service}, units {h.units}",
        f"Provider:  {h.provider_name}, {h.provider_organization} (NPI {h.provider_npi})",
        f"Urgency:   {h.urgency}, {h.line_of_business}; decision due "
        f"{case.due_at:%Y-%m-%d %H:%M} UTC ({format_time_left(case.due_at - now)})",
        "Diagnoses: " + "; ".join(f"{d.icd10} {d.description}" for d in case.diagnoses()),
        f"Policy:    {case.policy.citation_line()}",
        "",
        "Checklist:",
    ]
    answers = case.answer_rows()
    words = stored_intake_words(case.criteria, h.intake_json)

    def visit(node: Node, depth: int) -> None:
        state = ev.state(node.id).value
        pad = "  " * depth
        if node.kind == "criterion":
            row = answers.get(node.id)
            given = "-"
            if row is not None:
                given = f"{row.number:g}% donor" if row.number is not None else row.reply
                if row.source == "intake" and not row.confirmed:
                    given += " (from intake, unconfirmed)"
            lines.append(f"{pad}[{state:9}] {node.id}: {node.label} — {given}")
            if row is not None and row.evidence_document == DTR_DOCUMENT:  # keep DTR's origin
                lines.append(f"{pad}    {DTR_DOCUMENT}: {row.evidence_value}")
            if row is None and node.id in words:
                lines.append(f"{pad}    intake says: {words[node.id]}")
        else:
            joiner = "all of" if node.kind == "all_of" else "any of"
            lines.append(f"{pad}[{state:9}] {node.label} ({joiner})")
        for child in node.children:
            visit(child, depth + 1)

    visit(case.criteria.root, 1)
    lines += ["", f"Outcome: {ev.outcome.value}"]
    if ev.open_items:
        lines.append("Still open: " + ", ".join(n.id for n in ev.open_items))
    for w in warnings_for(case, now.date()):
        lines.append(f"Warning: {w}")
    return "\n".join(lines)
