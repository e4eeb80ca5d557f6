"""The department schema: people, the queue, the event record, case content, row security.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op

from reviewer_app.server import policies
from reviewer_app.server.case_tables import CASE_METADATA
from reviewer_app.server.tables import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    metadata.create_all(bind)
    CASE_METADATA.create_all(bind)
    for statement in policies.all_statements():
        op.execute(statement)
