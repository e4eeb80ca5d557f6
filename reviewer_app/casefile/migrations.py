"""Explicit, ordered migrations of older case files, each after a backup copy.

Schema 1 (the first release) had no evidence columns on answers and kept no count of
audit entries in the header; schema 2 adds both, so a truncated trail is detected.
Schema 3 adds the signatures of audit entries by the people who acted; schema 4 keys
every row by its case.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reviewer_app import safe_files
from reviewer_app.casefile.audit import GENESIS
from reviewer_app.casefile.crypto import CaseKey, connect, export_copy
from reviewer_app.casefile.engine import DURABILITY
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


# Schema 4: every row carries its case's key (one set of tables for a case file and a
# department database); "reopened" is its own column instead of ``superseded_by = -1``.
_V4_TABLES = {
    "answer": (
        "CREATE TABLE answer ( case_id VARCHAR NOT NULL, criterion_id VARCHAR NOT NULL, "
        "reply VARCHAR NOT NULL, number FLOAT, note VARCHAR NOT NULL, evidence_document "
        "VARCHAR NOT NULL, evidence_date DATE, evidence_value VARCHAR NOT NULL, source "
        "VARCHAR NOT NULL, confirmed BOOLEAN NOT NULL, answered_by VARCHAR NOT NULL, "
        "answered_at DATETIME NOT NULL, PRIMARY KEY (case_id, criterion_id) )"
    ),
    "audit": (
        "CREATE TABLE audit ( case_id VARCHAR NOT NULL, seq INTEGER NOT NULL, at "
        "VARCHAR NOT NULL, actor VARCHAR NOT NULL, action VARCHAR NOT NULL, detail "
        "VARCHAR NOT NULL, prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL, PRIMARY "
        "KEY (case_id, seq) )"
    ),
    "audit_signature": (
        "CREATE TABLE audit_signature ( case_id VARCHAR NOT NULL, seq INTEGER NOT NULL, "
        "signer VARCHAR NOT NULL, signature BLOB NOT NULL, PRIMARY KEY (case_id, seq) )"
    ),
    "case_header": (
        "CREATE TABLE case_header ( case_id VARCHAR NOT NULL, training BOOLEAN NOT "
        "NULL, received_at DATETIME NOT NULL, due_at DATETIME NOT NULL, urgency VARCHAR "
        "NOT NULL, line_of_business VARCHAR NOT NULL, member_id VARCHAR NOT NULL, "
        "member_name VARCHAR NOT NULL, member_dob DATE NOT NULL, member_sex VARCHAR NOT "
        "NULL, member_language VARCHAR NOT NULL, member_address_json VARCHAR NOT NULL, "
        "provider_name VARCHAR NOT NULL, provider_npi VARCHAR NOT NULL, "
        "provider_organization VARCHAR NOT NULL, provider_phone VARCHAR NOT NULL, "
        "provider_fax VARCHAR NOT NULL, cpt VARCHAR NOT NULL, service VARCHAR NOT NULL, "
        "criteria_set VARCHAR NOT NULL, date_of_service DATE NOT NULL, units INTEGER "
        "NOT NULL, clinical_json VARCHAR NOT NULL, intake_json VARCHAR NOT NULL, "
        "policy_id VARCHAR NOT NULL, policy_version VARCHAR NOT NULL, policy_hash "
        "VARCHAR NOT NULL, status VARCHAR NOT NULL, created_at DATETIME NOT NULL, "
        "updated_at DATETIME NOT NULL, audit_head VARCHAR NOT NULL, audit_count INTEGER "
        "NOT NULL, PRIMARY KEY (case_id) )"
    ),
    "determination": (
        "CREATE TABLE determination ( case_id VARCHAR NOT NULL, id INTEGER NOT NULL, "
        "version INTEGER NOT NULL, decision VARCHAR NOT NULL, outcome VARCHAR NOT NULL, "
        "rationale VARCHAR NOT NULL, decided_by VARCHAR NOT NULL, credentials VARCHAR "
        "NOT NULL, role VARCHAR NOT NULL, decided_at DATETIME NOT NULL, letter_id "
        "INTEGER, locked BOOLEAN NOT NULL, superseded_by INTEGER, reopened BOOLEAN NOT "
        "NULL, reopen_reason VARCHAR NOT NULL, PRIMARY KEY (case_id, id) )"
    ),
    "diagnosis": (
        "CREATE TABLE diagnosis ( case_id VARCHAR NOT NULL, id INTEGER NOT NULL, "
        "position INTEGER NOT NULL, icd10 VARCHAR NOT NULL, description VARCHAR NOT "
        "NULL, PRIMARY KEY (case_id, id) )"
    ),
    "letter": (
        "CREATE TABLE letter ( case_id VARCHAR NOT NULL, id INTEGER NOT NULL, version "
        "INTEGER NOT NULL, kind VARCHAR NOT NULL, pdf BLOB NOT NULL, sha256 VARCHAR NOT "
        "NULL, created_at DATETIME NOT NULL, signer VARCHAR NOT NULL, audit_head "
        "VARCHAR NOT NULL, supersedes_id INTEGER, PRIMARY KEY (case_id, id) )"
    ),
    "signer_cert": (
        "CREATE TABLE signer_cert ( case_id VARCHAR NOT NULL, fingerprint VARCHAR NOT "
        "NULL, subject VARCHAR NOT NULL, der BLOB NOT NULL, added_at DATETIME NOT NULL, "
        "PRIMARY KEY (case_id, fingerprint) )"
    ),
}
_V4_INDEXES = ("CREATE INDEX ix_letter_sha256 ON letter (sha256)",)


def _v3_to_v4(conn: Any) -> None:
    (case_id,) = conn.execute("SELECT case_id FROM case_header").fetchone()
    for name, ddl in _V4_TABLES.items():
        old = [r[1] for r in conn.execute(f"PRAGMA table_info({name})").fetchall()]
        conn.execute(f"ALTER TABLE {name} RENAME TO old_{name}")
        conn.execute(ddl)
        kept = [c for c in old if c != "id"] if name == "case_header" else old
        into, picked = list(kept), list(kept)
        if "case_id" not in kept:  # a file this step is for; a test's may already have it
            into.append("case_id")
            picked.append("?")
        if name == "determination":
            into.append("reopened")
            picked.append("superseded_by = -1")
        conn.execute(
            f"INSERT INTO {name} ({', '.join(into)}) SELECT {', '.join(picked)} FROM old_{name}",
            (case_id,) if "?" in picked else (),
        )
        conn.execute(f"DROP TABLE old_{name}")
    conn.execute("UPDATE determination SET superseded_by = NULL WHERE superseded_by = -1")
    for ddl in _V4_INDEXES:
        conn.execute(ddl)


MIGRATIONS: dict[int, Callable[[Any], None]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


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
        for pragma in DURABILITY:  # as every write to a case file
            conn.execute(pragma)
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
