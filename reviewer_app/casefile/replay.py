"""The case's state checked against its audit trail.

The hash chain proves the trail was not edited; it says nothing of the tables beside it.
Replaying the trail gives what the answers, the status, the letters and the lock must be,
and the header's fixed fields are sealed by a digest in the first entry. Anything that
differs was changed outside the app: an answer flipped from yes to no, an answer
un-confirmed or deleted, a status set to closed, a decided case unlocked, a member's name
edited. Files written before the seal and the answer values were recorded are checked
as far as their trail allows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reviewer_app.casefile.audit import ChainCheck, check_chain
from reviewer_app.casefile.records import AnswerRecord, AuditRecord, HeaderRecord
from reviewer_app.casefile.status import STATUSES, CaseStatus, after_work

if TYPE_CHECKING:
    from reviewer_app.casefile.db import CaseDB
    from reviewer_app.casefile.entry_signing import EntryCheck
    from reviewer_app.casefile.seen import SeenTrails

# The header fields fixed at import: nothing the app does changes them afterwards.
SEALED_FIELDS = (
    "case_id",
    "training",
    "received_at",
    "urgency",
    "line_of_business",
    "member_id",
    "member_name",
    "member_dob",
    "member_sex",
    "member_language",
    "member_address_json",
    "provider_name",
    "provider_npi",
    "provider_organization",
    "provider_phone",
    "provider_fax",
    "cpt",
    "service",
    "criteria_set",
    "date_of_service",
    "units",
    "clinical_json",
    "intake_json",
    "policy_id",
    "policy_version",
    "policy_hash",
)


def _text(value: Any) -> str:
    if hasattr(value, "isoformat"):
        text = str(value.isoformat())
        return text.replace("+00:00", "").replace("T", " ")[:19]
    return str(int(value)) if isinstance(value, bool) else str(value)


def recorded_time(value: dt.datetime) -> str:
    """A time as the trail records it (UTC, to the second): "2026-11-25 16:00:00"."""
    return _text(value.astimezone(dt.UTC) if value.tzinfo is not None else value)


def header_seal(values: dict[str, Any]) -> str:
    """A digest of the header's fixed fields, recorded in the 'created' entry."""
    body = json.dumps({name: _text(values[name]) for name in SEALED_FIELDS}, sort_keys=True)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass
class _Expected:
    status: str = CaseStatus.DRAFT.value
    locked: bool = False
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    confirmed: set[str] = field(default_factory=set)
    unchecked: set[str] = field(default_factory=set)  # pre-filled, value not recorded
    letters: list[str] = field(default_factory=list)  # SHA-256 of each letter, in order
    seal: str | None = None
    due_at: str | None = None  # the last due time the trail records (import, then pends)


def _bump(status: str) -> str:
    return after_work(status).value if status in STATUSES else status


def _replay(entries: Sequence[AuditRecord]) -> _Expected:
    exp = _Expected()
    for entry in entries:
        detail = json.loads(entry.detail) if entry.detail else {}
        if not isinstance(detail, dict):
            detail = {}
        action = entry.action
        if action == "created":
            exp.seal = detail.get("header_seal")
            if isinstance(detail.get("due_at"), str):
                exp.due_at = detail["due_at"]
            prefilled = detail.get("answers")
            if isinstance(prefilled, dict):
                exp.answers.update(prefilled)
            else:
                exp.unchecked.update(detail.get("prefilled", []))
        elif action == "answer":
            cid = detail.get("criterion", "")
            want = {"reply": detail.get("reply"), "number": detail.get("number")}
            if "note" in detail:
                want["note"] = detail["note"]
            evidence = detail.get("evidence")
            if isinstance(evidence, list) and len(evidence) == 3:  # schema 2 and later
                want["evidence"] = [evidence[0] or "", evidence[1] or None, evidence[2] or ""]
            exp.answers[cid] = want
            exp.unchecked.discard(cid)
            if detail.get("confirmed", True):
                exp.confirmed.add(cid)
            else:
                exp.confirmed.discard(cid)
            exp.status = _bump(exp.status)
        elif action == "confirm":
            exp.confirmed.update(detail.get("criteria", []))
            exp.status = _bump(exp.status)
        elif action == "status":
            exp.status = str(detail.get("to", exp.status))
        elif action in ("decided", "letter"):
            exp.letters.append(str(detail.get("letter_sha256", "")))
            if "copy_sha256" in detail:  # the authorized representative's copy
                exp.letters.append(str(detail["copy_sha256"]))
            moved = detail.get("due_at")
            if isinstance(moved, dict) and isinstance(moved.get("to"), str):
                exp.due_at = moved["to"]
            exp.locked = action == "decided"
            if action == "decided":
                exp.status = CaseStatus.DECIDED.value
        elif action == "reopened":
            exp.locked = False
            exp.status = CaseStatus.IN_REVIEW.value
    return exp


def _answer_problem(exp: _Expected, answers: dict[str, AnswerRecord]) -> str:
    expected_ids = set(exp.answers) | exp.unchecked
    for cid in sorted(expected_ids - set(answers)):
        return f"the answer to {cid} was deleted outside the app"
    for cid in sorted(set(answers) - expected_ids):
        return f"an answer to {cid} was added outside the app"
    for cid, want in sorted(exp.answers.items()):
        row = answers[cid]
        evidence = [row.evidence_document, _day(row.evidence_date), row.evidence_value]
        if row.reply != want.get("reply"):
            return (
                f"the answer to {cid} is '{row.reply}' in the table but "
                f"'{want.get('reply')}' in the audit trail (changed outside the app)"
            )
        if (
            _num(row.number) != _num(want.get("number"))
            or ("note" in want and row.note != want["note"])
            or ("evidence" in want and evidence != want["evidence"])
        ):
            return f"the answer to {cid} differs from its audit trail (changed outside the app)"
    for cid in sorted(exp.confirmed):
        if cid in answers and not answers[cid].confirmed:
            return f"the confirmation of {cid} was removed outside the app"
    return ""


def _day(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def replay_problem(
    entries: Sequence[AuditRecord],
    header: HeaderRecord,
    answers: dict[str, AnswerRecord],
    letter_hashes: Sequence[str],
    locked: bool,
) -> str:
    """Why the case's state is not what its (intact) trail says it must be, or ''."""
    exp = _replay(entries)
    if exp.seal is not None and exp.seal != header_seal(vars(header)):
        return "the case header (member, request or service) was changed outside the app"
    if exp.due_at is not None and exp.due_at != recorded_time(header.due_at):
        return (
            f"the case's due time {recorded_time(header.due_at)} UTC was set outside the app "
            f"(its trail says {exp.due_at} UTC)"
        )
    problem = _answer_problem(exp, answers)
    if problem:
        return problem
    if header.status != exp.status:
        return (
            f"the case status '{header.status}' was set outside the app "
            f"(its trail says '{exp.status}')"
        )
    if list(letter_hashes) != exp.letters:
        return "the stored letters differ from those the audit trail records"
    if locked != exp.locked:
        return (
            "the case's final determination was unlocked outside the app (no reopening is recorded)"
            if exp.locked
            else "the case was locked outside the app"
        )
    return ""


def verify_trail(
    entries: Sequence[AuditRecord],
    header: HeaderRecord,
    state: tuple[dict[str, AnswerRecord], Sequence[str], bool],
    seen: SeenTrails | None,
    signatures: Callable[[], str] | None = None,
) -> ChainCheck:
    """The chain recomputed, then the case's state (answers, letter hashes, lock) replayed
    from it, then the entries' signatures (``signatures()``: why one fails, or ''), then
    the trail compared with what this computer has seen of the case: an intact chain
    beside tables edited outside the app is not an intact record."""
    chain = check_chain(entries, header.audit_head, header.audit_count)
    if not chain.ok:
        return chain
    problem = replay_problem(entries, header, *state)
    if not problem and signatures is not None:
        problem = signatures()
    if not problem and seen is not None:
        problem = seen.problem(header.case_id, entries)
    return ChainCheck(False, problem, chain.head, chain.count) if problem else chain


def verify_case(
    db: CaseDB,
    entries: Sequence[AuditRecord],
    header: HeaderRecord,
    seen: SeenTrails | None,
    entry_check: EntryCheck | None,
    answers: dict[str, AnswerRecord] | None = None,
) -> ChainCheck:
    """``verify_trail`` with the case's state and signatures read from ``db`` (the answer
    rows given when they were just read in the same snapshot)."""
    from reviewer_app.casefile.entry_signing import read_certificates, read_signatures
    from reviewer_app.casefile.records import read_answers, read_letter_state

    case_id = header.case_id
    if answers is None:
        answers = read_answers(db, case_id)
    state = (answers, *read_letter_state(db, case_id))

    def signatures() -> str:
        assert entry_check is not None
        found = read_signatures(db, case_id), read_certificates(db, case_id)
        return entry_check(entries, *found, header.training)

    return verify_trail(entries, header, state, seen, None if entry_check is None else signatures)
