"""Whether this computer is pointed at a department server (light: no database imports).

Only where the server is, never a password: ``REVIEWER_APP_DEPARTMENT_DB`` holds a URL
without one, or ``PGSERVICE`` names a libpq service; the password is in ``~/.pgpass``.
"""

from __future__ import annotations

import os

DB_ENV = "REVIEWER_APP_DEPARTMENT_DB"


def configured_db() -> str | None:
    """The department server's URL, "" for the ``PGSERVICE`` service, or None (none set
    up: the app works on case files alone)."""
    url = os.environ.get(DB_ENV, "").strip()
    if url:
        return url
    return "" if os.environ.get("PGSERVICE", "").strip() else None
