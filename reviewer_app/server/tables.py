"""The department's own tables: people, the queue with its leases, and the event record.

The case content lives in ``case_tables``: the case file's own table definitions, keyed
by case. These tables have their own ``MetaData``: they must never be created inside a
case file (the case file creates everything in ``SQLModel.metadata``).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    MetaData,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()


class Role(StrEnum):
    NURSE_REVIEWER = "nurse_reviewer"
    MEDICAL_DIRECTOR = "medical_director"
    TRAINER = "trainer"
    ADMIN = "admin"

    @property
    def group(self) -> str:
        """The PostgreSQL group role that carries this role's table rights."""
        return f"dept_{self.value}"


class Queue(StrEnum):
    """Whose queue a case waits in: the nurse reviewers' of its team, or the MDs'."""

    NURSE = "nurse"
    MEDICAL_DIRECTOR = "md"


class QueueState(StrEnum):
    QUEUED = "queued"  # waiting to be claimed
    CLAIMED = "claimed"  # checked out to the lease holder; queued again once it expires
    DECIDED = "decided"  # a final decision was checked in: off every queue


class EventAction(StrEnum):
    IMPORTED = "imported"
    CLAIMED = "claimed"
    LEASE_EXPIRED = "lease_expired"  # the case went back to the queue
    RELEASED = "released"  # an admin ended a lease (a supervisor resolving a conflict)
    CHECKED_IN = "checked_in"
    REFERRED = "referred"
    DECIDED = "decided"


dept_user = Table(
    "dept_user",
    metadata,
    Column("name", String(63), primary_key=True),  # the PostgreSQL role
    Column("role", String(32), nullable=False),
    Column("team", String(63), nullable=True),
    Column("added_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

dept_queue = Table(
    "dept_queue",
    metadata,
    Column("case_id", String, primary_key=True),
    Column("team", String(63), nullable=False),
    Column("queue", String(8), nullable=False, server_default=Queue.NURSE.value),
    Column("state", String(16), nullable=False, server_default=QueueState.QUEUED.value),
    Column("urgency", String(16), nullable=False),
    Column("cpt", String(16), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("lease_holder", String(63), nullable=True),
    Column("lease_expires", DateTime(timezone=True), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # a claim's search: the most urgent queued case of one team's queue, or of a queue
    Index(
        "dept_queue_team_due",
        "queue",
        "team",
        "due_at",
        "case_id",
        postgresql_where=text("state = 'queued'"),
    ),
    Index(
        "dept_queue_due",
        "queue",
        "due_at",
        "case_id",
        postgresql_where=text("state = 'queued'"),
    ),
    Index("dept_queue_leases", "lease_expires", postgresql_where=text("state = 'claimed'")),
    Index("dept_queue_holder", "lease_holder"),
)

dept_event = Table(
    "dept_event",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("case_id", String, nullable=False, index=True),
    Column("actor", String(63), nullable=False, server_default=text("current_user")),
    Column("action", String(32), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("detail", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("note", Text, nullable=False, server_default=""),
)
