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

from sqlalchemy import Connection, Engine, Select, and_, func, insert, or_, select, text, update
from sqlalchemy.sql.elements import ColumnElement

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
            q = dept_queue.c
            taken = conn.execute(select(q.case_id).where(q.case_id.in_(ids))).first()
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
        q = dept_queue.c
        shown = (q.case_id, q.team, q.queue, q.state, q.urgency, q.cpt, q.due_at)
        stmt = _visible(
            select(*shown, q.lease_holder, q.lease_expires), include_decided, text_filter
        )
        stmt = stmt.order_by(q.due_at, q.case_id).limit(limit)
        with self.transaction() as conn:
            rows = conn.execute(stmt).all()
        return [QueueEntry(*row) for row in rows]

    def release(self, case_id: str) -> str:
        """End the lease on a claimed case (admins only): it is queued again, and the
        holder's check-in is refused. The holder whose lease it was."""
        q = dept_queue.c
        old = (  # the holder as it was: RETURNING alone would give the new (empty) one
            select(q.case_id, q.lease_holder)
            .where(q.case_id == case_id, q.state == QueueState.CLAIMED.value)
            .with_for_update()
            .subquery("old")
        )
        stmt = (
            update(dept_queue)
            .where(q.case_id == old.c.case_id)
            .values(state=QueueState.QUEUED.value, lease_holder=None, lease_expires=None)
            .values(updated_at=func.now())
            .returning(old.c.lease_holder)
        )
        with self.transaction() as conn:
            row = conn.execute(stmt).first()
            if row is None:
                raise ServerError(f"{case_id}: not a claimed case on this server")
            record(conn, case_id, EventAction.RELEASED, {"holder": row[0]})
        return str(row[0])

    def history(self, case_id: str) -> list[Event]:
        """The department's events for one case, oldest first (an admin sees everyone's,
        others their own)."""
        e = dept_event.c
        stmt = select(e.at, e.actor, e.action, e.detail).where(e.case_id == case_id)
        with self.transaction() as conn:
            rows = conn.execute(stmt.order_by(e.id)).all()
        return [Event(*row) for row in rows]

    def count(self, *, include_decided: bool = False, text_filter: str = "") -> int:
        stmt = _visible(select(func.count()).select_from(dept_queue), include_decided, text_filter)
        with self.transaction() as conn:
            return int(conn.execute(stmt).scalar_one())


def _visible(stmt: Select[Any], include_decided: bool, text_filter: str) -> Select[Any]:
    """``stmt`` limited to the queue rows a list shows: not decided ones unless asked, and
    those whose case id, CPT code, urgency, team or holder contain ``text_filter``."""
    q = dept_queue.c
    clauses: list[ColumnElement[bool]] = []
    if not include_decided:
        clauses.append(q.state != QueueState.DECIDED.value)
    if text_filter.strip():
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", text_filter.strip()) + "%"
        fields = (q.case_id, q.cpt, q.urgency, q.team, func.coalesce(q.lease_holder, ""))
        clauses.append(or_(*(f.ilike(pattern, escape="\\") for f in fields)))
    return stmt.where(and_(*clauses)) if clauses else stmt


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
