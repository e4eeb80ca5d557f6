"""Checking a case back in: accepted only when it extends the server's copy.

The file must pass every check the app makes when it opens a case (hash chain, state
replayed from the trail, entry signatures), every letter must match its hash and verify,
the server's newest audit entry must be in the file's trail (nothing happened on the
server that the file does not know of), and the caller must hold a current lease. Then
its rows are applied in one transaction, with the queue moved on and the event recorded;
any refusal leaves the server and the file exactly as they were.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text

from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.casefile.entry_signing import EntryCheck
from reviewer_app.casefile.status import CaseStatus
from reviewer_app.decisions.trust import TrustAnchors
from reviewer_app.policy import PolicyRegistry
from reviewer_app.server.errors import DivergedChain, LeaseError, ServerError
from reviewer_app.server.queue import DepartmentQueue, record
from reviewer_app.server.tables import EventAction, Queue, QueueState, dept_queue
from reviewer_app.server.transfer import CaseRows, apply_changes, read_file_rows, server_rows


@dataclass(frozen=True)
class CheckedIn:
    case_id: str
    new_entries: int
    rows_written: int
    queue: str
    state: str


@dataclass(frozen=True)
class _FileCase:
    case_id: str
    status: str
    training: bool
    hashes: list[str]  # the audit trail's entry hashes, in order
    rows: CaseRows


def read_checked(
    path: Path,
    key: CaseKey | None,
    registry: PolicyRegistry,
    entry_check: EntryCheck,
    anchors: TrustAnchors,
) -> _FileCase:
    """The case file's content, once it passes the app's own checks and its letters verify."""
    from reviewer_app.casefile.store import CaseFile
    from reviewer_app.letters.verify import verify_letter

    with CaseFile.open(path, registry, readonly=True, key=key, entry_check=entry_check) as case:
        if not case.chain.ok:
            raise ServerError(
                f"{path}: refused: its audit trail does not check ({case.chain.problem}); "
                "nothing was changed"
            )
        found = _FileCase(
            case.case_id,
            case.status,
            bool(case.header.training),
            [e.hash for e in case.audit_entries()],
            read_file_rows(path, key),
        )
    for letter in found.rows["letter"]:
        label = f"letter {letter['version']} ({letter['kind']})"
        if hashlib.sha256(letter["pdf"]).hexdigest() != letter["sha256"]:
            raise ServerError(f"{path}: refused: {label} is not the letter its trail records")
        result = verify_letter(letter["pdf"], anchors, training=found.training)
        if not result.ok:
            raise ServerError(f"{path}: refused: {label} does not verify: {result.reason}")
    return found


def _next_place(status: str, queue: str) -> tuple[str, str]:
    """(queue, state) after a check-in, from the case's status."""
    if status in (CaseStatus.DECIDED, CaseStatus.CLOSED):
        return queue, QueueState.DECIDED.value
    if status == CaseStatus.REFERRED:
        return Queue.MEDICAL_DIRECTOR.value, QueueState.QUEUED.value
    return queue, QueueState.QUEUED.value


# What work on a case changes in its header (a pend moves due_at, which the trail records
# and the open's replay checks); every other field is fixed at import.
HEADER_CHANGES = frozenset({"status", "updated_at", "audit_head", "audit_count", "due_at"})


def _check_header(case_id: str, before: CaseRows, after: CaseRows) -> None:
    if not before["case_header"] or len(after["case_header"]) != 1:
        raise ServerError(f"{case_id}: refused: the file does not hold exactly this one case")
    old, new = before["case_header"][0], after["case_header"][0]
    for name in sorted(set(old) | set(new)):
        if name not in HEADER_CHANGES and old.get(name) != new.get(name):
            raise ServerError(
                f"{case_id}: refused: the case header's {name} differs from the server's "
                "copy; nothing was changed"
            )


def check_in(dept: DepartmentQueue, found: _FileCase) -> CheckedIn:
    case_id = found.case_id
    with dept.transaction() as conn:
        q = dept_queue.c
        current = q.lease_expires > func.now()
        lease = select(q.queue, q.lease_holder, q.lease_expires, current, func.current_user())
        row = conn.execute(lease.where(q.case_id == case_id)).first()
        if row is None:
            raise LeaseError(
                f"{case_id}: not on this server, or not a case you may see; nothing was changed"
            )
        queue, holder, expires, current, me = row
        if holder != me:  # (the row lock is dept_release's: it checks the lease again)
            who = f"claimed by {holder}" if holder else "not claimed"
            raise LeaseError(f"{case_id}: {who}, not by you; nothing was changed")
        if not current:
            raise LeaseError(
                f"{case_id}: your lease expired at {expires:%Y-%m-%d %H:%M} UTC and the case "
                "went back to the queue; nothing was changed"
            )
        before = server_rows(conn, case_id)
        server_trail = sorted(before["audit"], key=lambda r: r["seq"])
        have = len(server_trail)
        if have and (
            len(found.hashes) < have or found.hashes[have - 1] != server_trail[-1]["hash"]
        ):
            raise DivergedChain(
                f"{case_id}: refused: the server's copy has changes this file does not have "
                f"(the server's entry {have} is not in its trail); both copies are left as "
                "they are for a supervisor to resolve"
            )
        _check_header(case_id, before, found.rows)
        written = apply_changes(conn, case_id, before, found.rows)
        new_queue, state = _next_place(found.status, queue)
        conn.execute(
            text("SELECT dept_release(:id, :q, :s)"), {"q": new_queue, "s": state, "id": case_id}
        )
        added = len(found.hashes) - have
        record(conn, case_id, EventAction.CHECKED_IN, {"entries": added, "rows": written})
        if new_queue != queue:
            record(conn, case_id, EventAction.REFERRED, {"to": new_queue})
        if state == QueueState.DECIDED:
            current_det = max(found.rows["determination"], key=lambda d: d["version"], default={})
            record(conn, case_id, EventAction.DECIDED, {"decision": current_det.get("decision")})
    return CheckedIn(case_id, added, written, new_queue, state)
