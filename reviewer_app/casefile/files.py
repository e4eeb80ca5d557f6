"""File-level work on case files: atomic creation, migration under the lock, fsync."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer_app import safe_files
from reviewer_app.casefile.audit import GENESIS
from reviewer_app.casefile.convert import to_db_time, utc_now
from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.casefile.entry_signing import EntrySigner
from reviewer_app.casefile.errors import CaseFileError, ReadOnlyCase
from reviewer_app.casefile.format import APPLICATION_ID, SCHEMA_VERSION
from reviewer_app.casefile.lock import CaseLock
from reviewer_app.casefile.replay import SEALED_FIELDS, header_seal, recorded_time

if TYPE_CHECKING:
    from reviewer_app.casefile.opening import NewCase


def atomic_write(dest: Path, write: Callable[[Path], None], *, replace: bool = False) -> None:
    """Let ``write`` build an owner-only temporary file beside ``dest``, then give it the
    name: a new name is claimed only if free (``OutputExists`` otherwise); ``replace`` is
    for the case file this process holds the lock of."""
    try:
        safe_files.write_file(dest, write, replace=replace)
    except safe_files.OutputExists:
        raise CaseFileError(f"{dest}: a file with this name already exists") from None


def upgrade(path: Path, version: int, key: CaseKey | None, *, holding: bool) -> None:
    """Migrate an older file; a reader that does not hold the case takes the lock briefly."""
    from reviewer_app.casefile import migrations  # the ORM: loaded only for a migration

    if holding:
        migrations.upgrade(path, version, key)
        return
    lock = CaseLock(path)
    try:
        lock.acquire()
    except CaseFileError:
        raise ReadOnlyCase(
            f"{path}: written by an older version (schema {version}) and must be upgraded, "
            "but it is open elsewhere; close it there first"
        ) from None
    try:
        migrations.upgrade(path, version, key)
    finally:
        lock.release()


def write_new(
    tmp: Path, new: NewCase, actor: str, key: CaseKey | None, signer: EntrySigner | None = None
) -> None:
    from sqlalchemy import insert
    from sqlmodel import SQLModel

    from reviewer_app.casefile import db as tables_of
    from reviewer_app.casefile.answer_write import append_entry
    from reviewer_app.casefile.convert import answer_values
    from reviewer_app.casefile.db import CaseDB, record_of
    from reviewer_app.casefile.records import HeaderRecord

    db = CaseDB.open(tmp, key=key)  # tmp: a new empty file
    try:
        with db.write() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
            SQLModel.metadata.create_all(conn)
            values = new.header.model_dump() | {"audit_head": GENESIS, "audit_count": 0}
            case_id = values["case_id"]
            conn.execute(insert(tables_of.HEADER).values(values))
            if new.diagnoses:  # each table's rows in one statement, executed per row
                rows = [diagnosis.model_dump() for diagnosis in new.diagnoses]
                conn.execute(insert(tables_of.DIAGNOSIS), rows)
            now = to_db_time(utc_now())
            if new.answers:
                rows = [answer_values(case_id, c, a, "intake", now) for c, a in new.answers.items()]
                conn.execute(insert(tables_of.ANSWER), rows)
            detail = json.dumps(
                {
                    "case_id": case_id,
                    # unique to this file: the same request imported twice is two cases
                    "file_id": secrets.token_hex(16),
                    "prefilled": sorted(new.answers),
                    "answers": {
                        cid: {"reply": a.reply.value, "number": a.number}
                        for cid, a in new.answers.items()
                    },
                    "header_seal": header_seal({name: values[name] for name in SEALED_FIELDS}),
                    "due_at": recorded_time(values["due_at"]),  # a pend moves it later
                },
                sort_keys=True,
            )
            actor = signer.actor if signer is not None else actor
            header = record_of(values, HeaderRecord)
            append_entry(conn, header, actor, "created", detail, signer)
    finally:
        db.close()


def copy_case(src: Path, src_key: CaseKey | None, dest: Path, dest_key: CaseKey | None) -> None:
    """A consistent copy of the case file ``src`` into the new file ``dest``."""
    from reviewer_app.casefile.crypto import export_copy

    export_copy(src, src_key, dest, dest_key, app_id=APPLICATION_ID, user_version=SCHEMA_VERSION)


def rekey(
    path: Path,
    key: CaseKey | None,
    new_key: CaseKey | None,
    actor: str,
    signer: EntrySigner | None,
) -> None:
    """Replace the case file at ``path`` (held under its lock) by a copy under ``new_key``.

    The copy gets the audit entry of the rekey before it replaces the case, so the entry
    exists only where the rekey took effect. The old file stays whole until the rename:
    a crash or a full disk leaves either the old file (old passphrase, no entry) or the
    new one (new passphrase, with its entry), never a mix.
    """
    from reviewer_app.casefile.answer_write import append_audit
    from reviewer_app.casefile.db import CaseDB

    def build(tmp: Path) -> None:
        copy_case(path, key, tmp, new_key)
        copy = CaseDB.open(tmp, key=new_key)
        try:
            append_audit(copy, actor, "rekeyed", {"encrypted": new_key is not None}, signer)
        finally:
            copy.close()

    atomic_write(path, build, replace=True)
