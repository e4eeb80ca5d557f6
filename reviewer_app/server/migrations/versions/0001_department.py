"""The department schema: people, the queue, the event record, case content, row security.

Revision ID: 0001
Revises:

Until the first release this revision builds the tables from the live definitions (the
case file's tables are still gaining their case key, issue 18): no department database
exists yet that an edit here could leave behind. At the release it is frozen as SQL, and
later changes come as new revisions; `server init` already refuses a database whose
columns differ from the app's (schema.drift).
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
