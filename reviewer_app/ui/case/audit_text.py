"""The audit trail in words: each entry's action and detail as a reviewer reads them
(criterion labels, outcome and decision names, statuses), not the stored identifiers.

No Qt here: the Audit tab's model (``audit_view``) shows what these functions return. The
stored detail (JSON, with hashes) stays in the row's tooltip for whoever checks it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from reviewer_app.casefile.status import STATUS_LABELS
from reviewer_app.decisions.rules import DECISION_LABELS, ROLE_LABELS, Decision, Role
from reviewer_app.review.engine import OUTCOME_LABELS, Outcome

ACTION_LABELS = {
    "created": "Case created",
    "answer": "Answer",
    "confirm": "Answers from intake confirmed",
    "status": "Status changed",
    "decided": "Decision signed",
    "letter": "Letter signed",
    "reopened": "Determination reopened",
    "rekeyed": "Storage changed",
}
REPLY_WORDS = {"yes": "Yes", "no": "No", "unknown": "Unknown"}

Labels = Mapping[str, str]  # criterion id -> its label


def actor_text(actor: str) -> str:
    """The actor as stored, with a role code such as "(medical_director)" in words."""
    for role in Role:
        actor = actor.replace(f"({role.value})", f"({ROLE_LABELS[role]})")
    return actor


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action.replace("_", " ").capitalize())


def _label(labels: Labels, criterion_id: Any) -> str:
    return labels.get(str(criterion_id), str(criterion_id))


def _reply(value: Any, number: Any = None) -> str:
    if number is not None:
        return f"{number:g}" if isinstance(number, int | float) else str(number)
    return REPLY_WORDS.get(str(value), str(value))


def _enum_label(labels: Mapping[Any, str], kind: type, value: Any) -> str:
    try:
        return labels[kind(value)]
    except (ValueError, KeyError):
        return str(value)


def _created(d: dict[str, Any], labels: Labels) -> str:
    answers = d.get("answers") or {}
    order = [c for c in labels if c in answers] + [c for c in answers if c not in labels]
    filled = [
        f"{_label(labels, cid)}: {_reply(answers[cid].get('reply'), answers[cid].get('number'))}"
        for cid in order
        if isinstance(answers[cid], dict)
    ]
    text = f"Case {d['case_id']} created" if d.get("case_id") else "Case created"
    return text + (f"; from the intake request — {'; '.join(filled)}" if filled else "")


def _answer(d: dict[str, Any], labels: Labels) -> str:
    parts = [f"{_label(labels, d.get('criterion'))}: {_reply(d.get('reply'), d.get('number'))}"]
    if d.get("note"):
        parts.append(f"note “{d['note']}”")
    evidence = [str(v) for v in d.get("evidence") or [] if v not in (None, "")]
    if evidence:
        parts.append("evidence " + ", ".join(evidence))
    if d.get("confirmed") is False:
        parts.append("from intake, not yet confirmed")
    return " · ".join(parts)


def _confirm(d: dict[str, Any], labels: Labels) -> str:
    return "; ".join(_label(labels, c) for c in d.get("criteria") or [])


def _status(d: dict[str, Any], _labels: Labels) -> str:
    def word(key: str) -> str:
        return STATUS_LABELS.get(str(d.get(key)), str(d.get(key)))

    text = f"{word('from')} → {word('to')}"
    return text + (f" — {d['reason']}" if d.get("reason") else "")


def _decided(d: dict[str, Any], _labels: Labels) -> str:
    parts = [_enum_label(DECISION_LABELS, Decision, d.get("decision"))]
    if d.get("outcome"):
        parts.append("checklist: " + _enum_label(OUTCOME_LABELS, Outcome, d.get("outcome")))
    if d.get("letter_version") is not None:
        parts.append(f"letter version {d['letter_version']}")
    signer = actor_text(str(d.get("signer") or ""))
    if signer:
        role = _enum_label(ROLE_LABELS, Role, d.get("role")) if d.get("role") else ""
        parts.append(f"signed by {signer}" + (f" ({role})" if role not in signer else ""))
    if d.get("copy_sha256"):
        parts.append("with the authorized representative's signed copy")
    moved = d.get("due_at")
    if isinstance(moved, dict):  # a pend moves the due date
        parts.append(f"due date moved from {moved.get('from')} to {moved.get('to')} UTC")
    return " · ".join(parts)


def _reopened(d: dict[str, Any], _labels: Labels) -> str:
    return "Reopened" + (f" — {d['reason']}" if d.get("reason") else "")


def _rekeyed(d: dict[str, Any], _labels: Labels) -> str:
    return "Now stored encrypted" if d.get("encrypted") else "Now stored unencrypted"


_DETAILS: dict[str, Callable[[dict[str, Any], Labels], str]] = {
    "created": _created,
    "answer": _answer,
    "confirm": _confirm,
    "status": _status,
    "decided": _decided,
    "letter": _decided,
    "reopened": _reopened,
    "rekeyed": _rekeyed,
}


def generic_detail(data: dict[str, Any]) -> str:
    """Any other entry: its 'key: value' pairs, easier to read than JSON."""
    parts = []
    for key, value in data.items():
        if value in (None, "", [], ["", None, ""]):
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v not in (None, ""))
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)


def detail_text(action: str, detail: str, labels: Labels) -> str:
    """The entry's detail in words; the stored text itself if it is not a JSON object."""
    try:
        data = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(data, dict):
        return detail
    describe = _DETAILS.get(action)
    try:
        return describe(data, labels) if describe else generic_detail(data)
    except (AttributeError, TypeError, ValueError):  # an entry of an unexpected shape
        return generic_detail(data)
