"""One case file's summary for the workspace list, read from its header row.

Each case file's header row is read in read-only mode (no audit check, no lock, no
policy): enough to list it. A file that cannot be read is listed with the reason, never
dropped.

Encrypted case files are read with the session's passphrase when there is one. Without
it they are listed as encrypted (not as errors), and nothing about them is known.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer_app.casefile.crypto import CaseKey, connect, dbapi_module, sqlite_uri
from reviewer_app.casefile.errors import CaseFileError
from reviewer_app.casefile.format import (
    APPLICATION_ID,
    CASE_KEYED_SCHEMA,
    SCHEMA_VERSION,
    check_header,
)
from reviewer_app.casefile.status import CaseStatus
from reviewer_app.casefile.workspace_keys import looks_encrypted
from reviewer_app.review.deadlines import format_time_left

PENDING_STATUSES = tuple(s.value for s in CaseStatus if s.pending)
OUTCOME_LABELS = {"approve": "Approved", "deny": "Denied", "pend": "Pending information"}


@functools.cache
def _statements(version: int) -> tuple[str, str]:
    """The header and current-outcome queries, as SQL text for a bare DB-API connection
    (the scan reads thousands of files on a worker thread; an engine per file would cost
    more than the read), built from the table definitions once."""
    from sqlalchemy import select
    from sqlalchemy.dialects import sqlite

    from reviewer_app.casefile.db import DETERMINATION as D
    from reviewer_app.casefile.db import HEADER as H
    from reviewer_app.casefile.records import CURRENT

    header = select(
        H.c.case_id,
        H.c.member_name,
        H.c.service,
        H.c.cpt,
        H.c.urgency,
        H.c.status,
        H.c.due_at,
        H.c.updated_at,
        H.c.training,
    ).limit(1)
    old = version < CASE_KEYED_SCHEMA  # reopened was superseded_by = -1 then
    current = D.c.superseded_by.is_(None) if old else CURRENT
    outcome = select(D.c.decision, D.c.decided_at).where(current).order_by(D.c.id.desc()).limit(1)
    dialect = sqlite.dialect(paramstyle="qmark")
    compile_ = {"literal_binds": True}
    return (
        str(header.compile(dialect=dialect, compile_kwargs=compile_)),
        str(outcome.compile(dialect=dialect, compile_kwargs=compile_)),
    )


@dataclass(frozen=True)
class CaseSummary:
    """What the workspace list shows about one case file."""

    path: Path
    case_id: str = ""
    member_name: str = ""
    service: str = ""
    cpt: str = ""
    urgency: str = ""
    status: str = ""
    due_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    training: bool = False
    error: str | None = None
    encrypted: bool = False
    needs_passphrase: bool = False  # encrypted, and no passphrase at hand opens it
    other_passphrase: bool = False  # ... because it uses another one (a colleague's file)
    outcome: str = ""  # the current determination: approve | deny | pend, or ""
    decided_at: dt.datetime | None = None  # when that determination was made

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)

    @property
    def decided_late(self) -> bool:
        """Decided after its due time: shown, not hidden once the case is decided."""
        if self.decided_at is None or self.due_at is None or self.outcome == "pend":
            return False
        return self.decided_at > self.due_at

    @property
    def pending(self) -> bool:
        """Still waiting for a decision, so its due time matters."""
        return self.error is None and self.status in PENDING_STATUSES

    def is_overdue(self, now: dt.datetime) -> bool:
        return self.pending and self.due_at is not None and self.due_at < now

    def time_left_text(self, now: dt.datetime) -> str:
        """'3d 4h left', 'Overdue by 2h 3m', 'Decided late', or '' once decided in time."""
        if not self.pending and self.decided_late:
            return "Decided late"
        if not self.pending or self.due_at is None:
            return ""
        text = format_time_left(self.due_at - now)
        return text[:1].upper() + text[1:]


class TransientReadError(Exception):
    """The file could not be read just now (busy); try again, do not cache."""


def read_summary(path: Path, key: CaseKey | None = None) -> CaseSummary:
    """Read one case file's header, or a summary carrying the error text."""
    if looks_encrypted(path):
        if key is None:
            return CaseSummary(path=path, encrypted=True, needs_passphrase=True)
        return _read_header_row(path, key)
    try:
        check_header(path)
    except CaseFileError as exc:
        return CaseSummary(path=path, error=_short(exc, path))
    return _read_header_row(path, None)


def _read_header_row(path: Path, key: CaseKey | None) -> CaseSummary:
    db = dbapi_module(key)
    encrypted = key is not None
    try:
        with closing(_connect_readonly(path, key)) as conn:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if encrypted:  # a plain file's header was checked before it was opened
                problem = _id_problem(conn, version)
                if problem:
                    return CaseSummary(path=path, encrypted=True, error=problem)
            header_sql, outcome_sql = _statements(int(version))
            row = conn.execute(header_sql).fetchone()
            decided = conn.execute(outcome_sql).fetchone()
    except db.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise TransientReadError(str(exc)) from None
        if encrypted:  # SQLCipher's "file is not a database": another passphrase
            return _other_passphrase(path)
        return CaseSummary(path=path, error=f"the case file is damaged ({exc})")
    except db.DatabaseError as exc:
        if encrypted:
            return _other_passphrase(path)
        return CaseSummary(path=path, error=f"the case file is damaged ({exc})")
    if row is None:
        return CaseSummary(path=path, encrypted=encrypted, error="the case file has no case header")
    case_id, member, service, cpt, urgency, status, due, updated, training = row
    try:
        due_at, updated_at = _db_time(due), _db_time(updated)
        outcome = str(decided[0]) if decided else ""
        decided_at = _db_time(decided[1]) if decided else None
    except (TypeError, ValueError):
        return CaseSummary(
            path=path, encrypted=encrypted, error="the case header has an unreadable date"
        )
    return CaseSummary(
        path=path,
        case_id=str(case_id),
        member_name=str(member),
        service=str(service),
        cpt=str(cpt),
        urgency=str(urgency),
        status=str(status),
        due_at=due_at,
        updated_at=updated_at,
        training=bool(training),
        encrypted=encrypted,
        outcome=outcome,
        decided_at=decided_at,
    )


def _other_passphrase(path: Path) -> CaseSummary:
    return CaseSummary(path=path, encrypted=True, needs_passphrase=True, other_passphrase=True)


def _connect_readonly(path: Path, key: CaseKey | None) -> Any:
    if key is None:
        return sqlite3.connect(sqlite_uri(path, readonly=True), uri=True, timeout=0.5)
    conn = connect(path, key, readonly=True)
    conn.execute("PRAGMA busy_timeout = 500")
    return conn


def _id_problem(conn: Any, version: int) -> str:
    """Why an opened (decrypted) database of schema ``version`` is not a case file this
    version reads, or ''."""
    (app_id,) = conn.execute("PRAGMA application_id").fetchone()
    if app_id != APPLICATION_ID:
        return "an encrypted database, but not a Reviewer Workstation case file"
    if version > SCHEMA_VERSION:
        return f"made by a newer version of Reviewer Workstation (case schema {version})"
    if version < 1:
        return f"case schema version {version} is not valid"
    return ""


def _short(exc: Exception, path: Path) -> str:
    """The error message without the path prefix (the row already names the file)."""
    text = str(exc)
    prefix = f"{path}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


def _db_time(value: object) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(str(value))
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)
