"""The department's queue: intake, claims with leases, the list a reviewer sees.

A claim takes the most urgent open case of the caller's queue with ``SELECT … FOR UPDATE
SKIP LOCKED``: concurrent claims skip each other's rows instead of waiting or deadlocking,
and each case goes to exactly one reviewer. A lease that has run out is a case back in the
queue: the next claim may take it, and its old holder can no longer check it in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, insert, text

from reviewer_app.server.errors import ServerError
from reviewer_app.server.tables import EventAction, Queue, QueueState, dept_event, dept_queue

if TYPE_CHECKING:
    from reviewer_app.server.transfer import CaseRows

DEFAULT_LEASE = dt.timedelta(hours=8)

_CLAIM = text("SELECT * FROM dept_claim(:queue, :secs)")


@dataclass(frozen=True)
class Claim:
    case_id: str
    due_at: dt.datetime
    lease_expires: dt.datetime


@dataclass(frozen=True)
class QueueEntry:
    case_id: str
    team: str
    queue: str
    state: str
    urgency: str
    cpt: str
    due_at: dt.datetime
    lease_holder: str | None
    lease_expires: dt.datetime | None

    def open_state(self, now: dt.datetime) -> str:
        """The state a reviewer sees: a claim whose lease ran out is queued again."""
        expired = self.lease_expires is not None and self.lease_expires < now
        if self.state == QueueState.CLAIMED and expired:
            return QueueState.QUEUED.value
        return self.state


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    actor: str
    action: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class NewRequest:
    """A case made from an intake request, ready to queue."""

    case_id: str
    urgency: str
    cpt: str
    received_at: dt.datetime
    due_at: dt.datetime
    rows: CaseRows


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class DepartmentQueue:
    """The queue of one department database, over an SQLAlchemy engine on one connection."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def enqueue(self, requests: Sequence[NewRequest], team: str) -> None:
        """Queue new requests with their content, in one transaction (all or none)."""
        from reviewer_app.server.transfer import insert_case  # the case tables: not for claims

        with self.transaction() as conn:
            ids = [r.case_id for r in requests]
            taken = conn.execute(
                text("SELECT case_id FROM dept_queue WHERE case_id = ANY(:ids)"), {"ids": ids}
            ).first()
            if taken is not None:
                raise ServerError(f"{taken[0]}: this case is already on the server")
            for req in requests:
                conn.execute(
                    insert(dept_queue).values(
                        case_id=req.case_id,
                        team=team,
                        queue=Queue.NURSE.value,
                        state=QueueState.QUEUED.value,
                        urgency=req.urgency,
                        cpt=req.cpt,
                        received_at=_aware(req.received_at),
                        due_at=_aware(req.due_at),
                    )
                )
                insert_case(conn, req.case_id, req.rows)
                record(conn, req.case_id, EventAction.IMPORTED, {"team": team})

    def claim_next(
        self, queue: Queue | None = None, lease: dt.timedelta = DEFAULT_LEASE
    ) -> Claim | None:
        with self.transaction() as conn:
            return claim_in(conn, queue, lease)

    def entries(
        self, *, include_decided: bool = False, text_filter: str = "", limit: int | None = None
    ) -> list[QueueEntry]:
        """The queue rows this user may see, most urgent first: those whose case id, CPT
        code, urgency, team or holder contain ``text_filter``, at most ``limit``."""
        where, params = _where(include_decided, text_filter)
        tail = "" if limit is None else " LIMIT :limit"
        if limit is not None:
            params["limit"] = limit
        with self.transaction() as conn:
            rows = conn.execute(
                text(
                    "SELECT case_id, team, queue, state, urgency, cpt, due_at, lease_holder, "
                    f"lease_expires FROM dept_queue {where} ORDER BY due_at, case_id{tail}"
                ),
                params,
            ).all()
        return [QueueEntry(*row) for row in rows]

    def release(self, case_id: str) -> str:
        """End the lease on a claimed case (admins only): it is queued again, and the
        holder's check-in is refused. The holder whose lease it was."""
        with self.transaction() as conn:
            row = conn.execute(
                text(
                    "UPDATE dept_queue q SET state = 'queued', lease_holder = NULL, "
                    "lease_expires = NULL, updated_at = now() FROM (SELECT case_id, "
                    "lease_holder FROM dept_queue WHERE case_id = :id AND state = 'claimed' "
                    "FOR UPDATE) old WHERE q.case_id = old.case_id RETURNING old.lease_holder"
                ),
                {"id": case_id},
            ).first()
            if row is None:
                raise ServerError(f"{case_id}: not a claimed case on this server")
            record(conn, case_id, EventAction.RELEASED, {"holder": row[0]})
        return str(row[0])

    def history(self, case_id: str) -> list[Event]:
        """The department's events for one case, oldest first (an admin sees everyone's,
        others their own)."""
        with self.transaction() as conn:
            rows = conn.execute(
                text(
                    "SELECT at, actor, action, detail FROM dept_event WHERE case_id = :id "
                    "ORDER BY id"
                ),
                {"id": case_id},
            ).all()
        return [Event(*row) for row in rows]

    def count(self, *, include_decided: bool = False, text_filter: str = "") -> int:
        where, params = _where(include_decided, text_filter)
        with self.transaction() as conn:
            found = conn.execute(text(f"SELECT count(*) FROM dept_queue {where}"), params)
            return int(found.scalar_one())


def _where(include_decided: bool, text_filter: str) -> tuple[str, dict[str, Any]]:
    clauses, params = [], {}
    if not include_decided:
        clauses.append("state <> 'decided'")
    if text_filter.strip():
        params["pattern"] = "%" + re.sub(r"([\\%_])", r"\\\1", text_filter.strip()) + "%"
        clauses.append(
            "(case_id ILIKE :pattern OR cpt ILIKE :pattern OR urgency ILIKE :pattern "
            "OR team ILIKE :pattern OR coalesce(lease_holder, '') ILIKE :pattern)"
        )
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def claim_in(conn: Connection, queue: Queue | None, lease: dt.timedelta) -> Claim | None:
    """Claim the most urgent free case of the caller's queue (a nurse's: the team's; an
    admin names ``queue``) in ``conn``'s transaction; None when the queue is empty. The
    database decides which queue is the caller's (``dept_claim``), returns expired leases
    to the queue first and records the events."""
    params = {"queue": (queue or Queue.NURSE).value, "secs": lease.total_seconds()}
    row = conn.execute(_CLAIM, params).first()
    return None if row is None else Claim(row[0], row[1], row[2])


def record(conn: Connection, case_id: str, action: EventAction, detail: dict[str, Any]) -> None:
    """One row of the department's event record (who is the database's current user)."""
    body = json.loads(json.dumps(detail, default=str))
    conn.execute(insert(dept_event).values(case_id=case_id, action=action.value, detail=body))
