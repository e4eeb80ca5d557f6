"""Opening and creating case files: how a file on disk becomes an open ``CaseFile``.

Opening identifies the file, finishes an interrupted write, takes the case's lock (or
opens read-only when someone else holds it), upgrades an older schema, then reads the
header and finds the case's policy. Creating writes the whole file atomically, then opens
it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypedDict

from reviewer_app.casefile import files
from reviewer_app.casefile.crypto import CaseKey, recover_interrupted_write
from reviewer_app.casefile.db import CaseDB
from reviewer_app.casefile.errors import CaseFileError
from reviewer_app.casefile.format import SCHEMA_VERSION, identify
from reviewer_app.casefile.integrity import check_contents, check_schema
from reviewer_app.casefile.lock import CaseLock
from reviewer_app.casefile.records import read_header, read_or_damaged
from reviewer_app.policy import Policy
from reviewer_app.review.answers import Answer

if TYPE_CHECKING:
    from reviewer_app.casefile.entry_signing import EntryCheck, EntrySigner
    from reviewer_app.casefile.seen import SeenTrails
    from reviewer_app.casefile.store import CaseFile
    from reviewer_app.casefile.tables import CaseHeader, DiagnosisRow


class PolicySource(Protocol):
    def get(self, policy_id: str) -> Policy: ...


class OpenOptions(TypedDict, total=False):
    readonly: bool  # read only (also when another session holds the case)
    key: CaseKey | None  # the passphrase of an encrypted case file
    seen: SeenTrails | None  # this machine's record of trails: an older copy is noticed
    holder: str  # who the lock note names to others
    entry_check: EntryCheck | None  # the check of signed entries, with a trust bundle


@dataclass(frozen=True)
class NewCase:
    """Everything a case file starts with, built by the intake importer."""

    header: CaseHeader
    diagnoses: list[DiagnosisRow]
    answers: dict[str, Answer]


def create_case(
    cls: type[CaseFile],
    path: Path,
    new: NewCase,
    policy: Policy,
    actor: str,
    key: CaseKey | None,
    signer: EntrySigner | None = None,
) -> CaseFile:
    """Write a complete case file at ``path`` atomically, then open it as ``cls``."""
    if path.exists():
        raise CaseFileError(f"{path}: a file with this name already exists")
    files.atomic_write(path, lambda tmp: files.write_new(tmp, new, actor, key, signer))
    case = cls.open(path, _SinglePolicy(policy), key=key)
    case.sign_entries_as(signer)
    return case


def open_case(
    cls: type[CaseFile],
    path: Path,
    policies: PolicySource,
    *,
    readonly: bool = False,
    key: CaseKey | None = None,
    seen: SeenTrails | None = None,
    holder: str = "",
    entry_check: EntryCheck | None = None,
) -> CaseFile:
    """Open ``path`` as ``cls``; on any failure the connection and the lock are let go."""
    path = Path(path)
    version, encrypted = identify(path, key)
    key = key if encrypted else None
    recover_interrupted_write(path, key)
    lock: CaseLock | None = None
    locked_by = ""
    if not readonly:
        lock = CaseLock(path, holder)
        try:
            lock.acquire()
        except CaseFileError as exc:
            lock, readonly, locked_by = None, True, str(exc)
    try:
        if version < SCHEMA_VERSION:
            files.upgrade(path, version, key, holding=lock is not None)
        db = CaseDB.open(path, readonly=readonly, key=key)
        try:
            # One snapshot: a writer elsewhere cannot commit between the header, the
            # contents and the audit chain being read and checked against each other.
            with db.snapshot():
                read_or_damaged(path, key, lambda: check_schema(path, db))
                header = read_or_damaged(path, key, lambda: read_header(db))
                if header is None:
                    raise CaseFileError(f"{path}: the case file has no case header")
                policy = policies.get(header.policy_id)
                rows = read_or_damaged(path, key, lambda: check_contents(path, db, header, policy))
                case = cls(
                    path,
                    db,
                    header,
                    policy,
                    readonly=readonly,
                    lock=lock,
                    locked_by=locked_by,
                    key=key,
                    seen=seen,
                    entry_check=entry_check,
                    answer_rows=rows,
                )
        except BaseException:
            db.close()
            raise
        return case
    except BaseException:
        if lock is not None:
            lock.release()
        raise


class _SinglePolicy:
    def __init__(self, policy: Policy) -> None:
        self._policy = policy

    def get(self, policy_id: str) -> Policy:
        if policy_id != self._policy.id:
            raise CaseFileError(f"policy {policy_id!r} is not loaded")
        return self._policy
