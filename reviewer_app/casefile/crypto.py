"""Encryption at rest: SQLCipher connections keyed from the user's passphrase.

SQLCipher 4 derives the page key from the passphrase with PBKDF2-HMAC-SHA512
(256,000 iterations) and a random per-file salt, and authenticates every page with an
HMAC, so a wrong passphrase or a tampered page is refused rather than misread.
Training and demo cases stay plain files; plain files open with the standard sqlite3.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from reviewer_app.casefile.errors import CaseFileError


class WrongPassphrase(CaseFileError):
    pass


class CaseKey:
    """A case passphrase held in memory only; never printed, logged or written."""

    __slots__ = ("_secret",)

    def __init__(self, passphrase: str | bytes) -> None:
        text = passphrase.decode("utf-8") if isinstance(passphrase, bytes) else passphrase
        text = text.rstrip("\r\n")
        if not text:
            raise ValueError("the case passphrase is empty")
        self._secret = text

    def pragma_literal(self) -> str:
        return "'" + self._secret.replace("'", "''") + "'"

    def __repr__(self) -> str:
        return "CaseKey(<hidden>)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CaseKey) and other._secret == self._secret

    def __hash__(self) -> int:
        return hash(self._secret)


def _sqlcipher() -> Any:
    try:
        import sqlcipher3
    except ImportError:  # pragma: no cover - a broken install
        raise CaseFileError(
            "encrypted case files need the sqlcipher3 package, which is not installed"
        ) from None
    return sqlcipher3


def connect(
    path: Path, key: CaseKey | None, *, readonly: bool = False, isolation_level: Any = ""
) -> Any:
    """A DB-API connection to a plain (``key`` None) or encrypted case file."""
    target = f"file:{path.as_posix()}?mode=ro" if readonly else str(path)
    if key is None:
        return sqlite3.connect(
            target, uri=readonly, isolation_level=isolation_level, check_same_thread=False
        )
    conn = _sqlcipher().connect(
        target, uri=readonly, isolation_level=isolation_level, check_same_thread=False
    )
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {key.pragma_literal()}")
    return conn


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def recover_interrupted_write(path: Path, key: CaseKey | None) -> None:
    """Roll back a write that a crash interrupted, before anyone reads read-only.

    A crash mid-commit leaves a hot rollback journal beside the file; SQLite replays it on
    the next read-write open, but a read-only connection cannot and fails instead.
    """
    journal = journal_path(path)
    try:
        if not journal.is_file() or journal.stat().st_size == 0:
            return
    except OSError:
        return
    try:
        conn = connect(path, key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except Exception:  # wrong key or damaged: the open that follows says so
        return


def read_encrypted_header(path: Path, key: CaseKey) -> tuple[int, int]:
    """(application_id, user_version) of an encrypted file, or WrongPassphrase."""
    recover_interrupted_write(path, key)
    conn = connect(path, key, readonly=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception:
        raise WrongPassphrase(
            f"{path}: cannot open the case file: the passphrase is wrong, or the file is "
            "damaged or not a case file"
        ) from None
    finally:
        conn.close()
    return int(app_id), int(version)


def export_copy(
    src: Path,
    src_key: CaseKey | None,
    dest: Path,
    dest_key: CaseKey | None,
    *,
    app_id: int,
    user_version: int,
) -> None:
    """Write a complete, consistent copy of ``src`` to the new file ``dest`` under ``dest_key``.

    Never a raw file copy: the copy is made by SQLite from a read transaction.
    """
    if src_key is None and dest_key is None:
        conn = sqlite3.connect(f"file:{src.as_posix()}?mode=ro", uri=True)
        try:
            conn.execute("VACUUM INTO ?", (str(dest),))
        finally:
            conn.close()
        return
    conn = _sqlcipher().connect(str(src), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if src_key is not None:
            conn.execute(f"PRAGMA key = {src_key.pragma_literal()}")
        literal = dest_key.pragma_literal() if dest_key is not None else "''"
        path_literal = "'" + str(dest).replace("'", "''") + "'"
        conn.execute(f"ATTACH DATABASE {path_literal} AS dst KEY {literal}")
        conn.execute("SELECT sqlcipher_export('dst')")
        conn.execute(f"PRAGMA dst.application_id = {int(app_id)}")
        conn.execute(f"PRAGMA dst.user_version = {int(user_version)}")
        conn.execute("DETACH DATABASE dst")
    finally:
        conn.close()


def dbapi_module(key: CaseKey | None) -> Any:
    return sqlite3 if key is None else _sqlcipher().dbapi2
