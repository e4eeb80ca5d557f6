"""Explicit, ordered migrations of older case files, each after a backup copy.

Schema 1 (the first release) had no evidence columns on answers and kept no count of
audit entries in the header; schema 2 adds both, so a truncated trail is detected.
Schema 3 adds the signatures of audit entries by the people who acted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reviewer_app import safe_files
from reviewer_app.casefile.audit import GENESIS
from reviewer_app.casefile.crypto import CaseKey, connect, export_copy
from reviewer_app.casefile.errors import CaseFileError
from reviewer_app.casefile.format import APPLICATION_ID, SCHEMA_VERSION

log = logging.getLogger(__name__)


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.schema{version}.bak")


def _v1_to_v2(conn: Any) -> None:
    conn.execute("ALTER TABLE answer ADD COLUMN evidence_document VARCHAR NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE answer ADD COLUMN evidence_date DATE")
    conn.execute("ALTER TABLE answer ADD COLUMN evidence_value VARCHAR NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE case_header ADD COLUMN audit_count INTEGER NOT NULL DEFAULT 0")
    conn.execute(
        "UPDATE case_header SET audit_count = (SELECT COUNT(*) FROM audit), "
        "audit_head = COALESCE((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1), ?)",
        (GENESIS,),
    )


def _v2_to_v3(conn: Any) -> None:
    conn.execute(
        "CREATE TABLE audit_signature (seq INTEGER NOT NULL, signer VARCHAR NOT NULL, "
        "signature BLOB NOT NULL, PRIMARY KEY (seq))"
    )


MIGRATIONS: dict[int, Callable[[Any], None]] = {1: _v1_to_v2, 2: _v2_to_v3}


def upgrade(path: Path, version: int, key: CaseKey | None = None) -> Path:
    """Bring ``path`` up to the current schema in one transaction; return the backup."""
    backup = backup_path(path, version)
    safe_files.write_file(
        backup,
        lambda tmp: export_copy(path, key, tmp, key, app_id=APPLICATION_ID, user_version=version),
        replace=True,
    )
    conn = connect(path, key, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](conn)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except Exception as exc:
            conn.execute("ROLLBACK")
            raise CaseFileError(
                f"{path}: upgrade from schema {version} failed ({exc}); the file is unchanged "
                f"and a backup is at {backup.name}"
            ) from None
    finally:
        conn.close()
    log.info("upgraded a case file from schema %s to %s", version, SCHEMA_VERSION)
    return backup
