"""Passphrases across a workspace folder: which files are encrypted, whether a typed
passphrase is the one they use, and re-encrypting them all under a new one.

A typed passphrase is checked by trying it on the encrypted case files themselves. Only
when the workspace holds none (a new installation, a folder of training cases) is it
checked against the record this computer keeps of the passphrase chosen on it
(``remember_passphrase``): without that, any passphrase would open such a workspace, and
the real cases made next would be encrypted under a typing slip nobody could repeat.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer_app import safe_files
from reviewer_app.casefile.crypto import CaseKey, WrongPassphrase, read_encrypted_header
from reviewer_app.casefile.errors import CaseFileError
from reviewer_app.casefile.format import SQLITE_MAGIC, SUFFIX

if TYPE_CHECKING:
    from reviewer_app.casefile.entry_signing import EntrySigner
    from reviewer_app.casefile.opening import PolicySource

log = logging.getLogger(__name__)

PASSPHRASE_TRIES = 3  # encrypted cases tried when checking a typed passphrase

PASSPHRASE_CHECK = "passphrase-check"  # in the user's data folder
_CHECK_MAGIC = b"RWPC1"
_CHECK_LABEL = b"Reviewer Workstation: the passphrase chosen on this computer"
_SALT_BYTES, _TAG_BYTES = 16, 32  # the record: magic, salt, tag


def _check_tag(key: CaseKey, salt: bytes) -> bytes:
    return hmac.new(key.derived_key(salt), _CHECK_LABEL, hashlib.sha256).digest()


def remember_passphrase(folder: Path, key: CaseKey) -> None:
    """Keep in ``folder`` (owner-only) a check of ``key``: a random salt and an HMAC under
    the key derived from it as a case file's page key is. It tells no more about the
    passphrase than any encrypted case file does."""
    salt = secrets.token_bytes(_SALT_BYTES)
    tag = _check_tag(key, salt)
    folder.mkdir(parents=True, exist_ok=True)
    safe_files.write_file(folder / PASSPHRASE_CHECK, _CHECK_MAGIC + salt + tag, replace=True)


def remembered_passphrase(folder: Path, key: CaseKey) -> bool | None:
    """Whether ``key`` is the passphrase remembered in ``folder``; None when none is (or
    the record cannot be read)."""
    try:
        data = (folder / PASSPHRASE_CHECK).read_bytes()
    except OSError:
        return None
    if len(data) != len(_CHECK_MAGIC) + _SALT_BYTES + _TAG_BYTES:
        return None
    if not data.startswith(_CHECK_MAGIC):
        return None
    salt, tag = data[len(_CHECK_MAGIC) : -_TAG_BYTES], data[-_TAG_BYTES:]
    return hmac.compare_digest(_check_tag(key, salt), tag)


def looks_encrypted(path: Path) -> bool:
    """Whether a file looks like an SQLCipher database: whole pages and no SQLite magic.

    An encrypted file starts with its random salt instead of "SQLite format 3", and is
    a whole number of pages (a power of two, 512 bytes or more).
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return size >= 512 and size % 512 == 0 and head != SQLITE_MAGIC


def case_files(folder: Path) -> list[Path]:
    """The case files of a folder (not hidden temporary ones), by name."""
    return [Path(entry.path) for entry, _ in _case_entries(folder)]


def check_workspace_passphrase(
    folder: Path,
    key: CaseKey,
    *,
    tries: int = PASSPHRASE_TRIES,
    encrypted: Callable[[], list[Path]] | None = None,
    without_cases: Callable[[], bool] | None = None,
) -> bool:
    """Whether ``key`` opens an encrypted case in ``folder``; when there is none,
    ``without_cases()`` says (True without it).

    The most recently changed encrypted files are tried first, at most ``tries`` of
    them: each try costs a key derivation, and a folder may also hold a colleague's
    file with another passphrase. ``encrypted`` lists the folder's encrypted case files,
    newest first (the workspace index knows them without opening every file); without
    it, the folder is listed and files are looked at newest first only until an
    encrypted one opens.
    """
    candidates = encrypted() if encrypted is not None else _encrypted_newest_first(folder)
    tried = 0
    for path in candidates:
        try:
            read_encrypted_header(path, key)
        except CaseFileError:
            tried += 1
            if tried >= tries:
                return False
            continue
        return True
    if tried:
        return False
    return without_cases() if without_cases is not None else True


def _encrypted_newest_first(folder: Path) -> Iterator[Path]:
    entries = _case_entries(folder)
    entries.sort(key=lambda item: item[1], reverse=True)  # newest first; ties by name
    for entry, _ in entries:
        path = Path(entry.path)
        if looks_encrypted(path):
            yield path


def _case_entries(folder: Path) -> list[tuple[os.DirEntry[str], float]]:
    """(entry, mtime) of each case file in ``folder``, by name; one stat per file."""
    try:
        with os.scandir(folder) as it:
            listed = list(it)
    except OSError:
        return []
    found = []
    for entry in listed:
        if not entry.name.endswith(SUFFIX) or entry.name.startswith("."):
            continue
        try:
            if entry.is_file():
                found.append((entry, entry.stat().st_mtime))
        except OSError:
            continue  # vanished between listing and stat
    found.sort(key=lambda item: item[0].name.lower())
    return found


@dataclass
class RekeyReport:
    """What re-encrypting a folder did, file by file."""

    changed: list[Path] = field(default_factory=list)
    other_passphrase: list[Path] = field(default_factory=list)  # not ours: left alone
    busy: list[Path] = field(default_factory=list)  # open elsewhere: try again later
    failed: list[Path] = field(default_factory=list)  # unreadable: left alone
    needs_identity: list[Path] = field(default_factory=list)  # no signer to sign its entry


def rekey_workspace(
    folder: Path,
    old_key: CaseKey | None,
    new_key: CaseKey,
    policies: PolicySource,
    actor: str,
    signer: EntrySigner | None = None,
) -> RekeyReport:
    """Encrypt every real case of ``folder`` under ``new_key``.

    Cases under ``old_key`` are re-encrypted and plain real cases are encrypted; training
    cases stay plain, and a file with another passphrase is left as it is. Each file is
    swapped in whole (``CaseFile.rekey``), so a crash leaves it under one key or the other.
    Each rekey's audit entry is signed by ``signer``; without one, a real case is left as
    it is (``needs_identity``): the app writes no unsigned entry.
    """
    from reviewer_app.casefile.store import CaseFile  # the store is heavy; only here

    report = RekeyReport()
    for path in case_files(folder):
        if looks_encrypted(path) and old_key is None:
            report.other_passphrase.append(path)
            continue
        try:
            case = CaseFile.open(path, policies, key=old_key)
        except WrongPassphrase:
            report.other_passphrase.append(path)
            continue
        except Exception as exc:  # a damaged or foreign file: not ours to change
            log.warning("case file not re-encrypted (%s)", exc.__class__.__name__)
            report.failed.append(path)
            continue
        with case:
            if case.header.training:
                continue
            if case.readonly:
                report.busy.append(path)
                continue
            if signer is None:  # its rekey entry would name nobody: every entry is signed
                report.needs_identity.append(path)
                continue
            case.sign_entries_as(signer)
            try:
                case.rekey(new_key, actor)
            except Exception as exc:
                log.warning("case file not re-encrypted (%s)", exc.__class__.__name__)
                report.failed.append(path)
                continue
        report.changed.append(path)
    return report
