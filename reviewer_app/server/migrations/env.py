"""Alembic's entry point for the department schema: always run on the connection the app
hands over (``config.attributes["connection"]``), never from a URL of its own."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
