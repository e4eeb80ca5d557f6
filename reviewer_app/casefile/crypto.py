"""Encryption at rest: SQLCipher connections keyed from the user's passphrase.

SQLCipher 4 derives the page key from the passphrase with PBKDF2-HMAC-SHA512
(256,000 iterations) and a random per-file salt, and authenticates every page with an
HMAC, so a wrong passphrase or a tampered page is refused rather than misread.
Training and demo cases stay plain files; plain files open with the standard sqlite3.

That derivation is slow on purpose (a quarter of a second), and SQLCipher repeats it for
every connection. A ``CaseKey`` therefore derives each file's page key itself, once per
salt, with the same PBKDF2 parameters, and hands SQLCipher the raw key: the second and
later connections to a file (the case, its ORM engine, the workspace index) cost nothing
extra, and the derivation runs without holding the GIL.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

from reviewer_app.casefile.errors import CaseFileError


class WrongPassphrase(CaseFileError):
    pass


# SQLCipher 4's defaults: PBKDF2-HMAC-SHA512, 256,000 iterations, a 32-byte key, and the
# random salt in the first 16 bytes of the file.
KDF_ITERATIONS = 256_000
KEY_BYTES = 32
SALT_BYTES = 16
_PLAIN_HEADER = b"SQLite format 3\x00"


class CaseKey:
    """A case passphrase held in memory only; never printed, logged or written."""

    __slots__ = ("_page_keys", "_secret")

    def __init__(self, passphrase: str | bytes) -> None:
        text = passphrase.decode("utf-8") if isinstance(passphrase, bytes) else passphrase
        text = text.rstrip("\r\n")
        if not text:
            raise ValueError("the case passphrase is empty")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (an environment of undecodable bytes)
            raise ValueError("the case passphrase is not valid text") from None
        self._secret = text
        self._page_keys: dict[bytes, bytes] = {}  # salt -> page key, derived once each

    def pragma_literal(self) -> str:
        return "'" + self._secret.replace("'", "''") + "'"

    def pragma_literal_for(self, path: Path) -> str:
        """The PRAGMA key value for ``path``: the raw page key of an existing encrypted
        file (derived once per salt), else the passphrase (a new file gets its salt)."""
        salt = _salt_of(path)
        if salt is None:
            return self.pragma_literal()
        return f"\"x'{self.derived_key(salt).hex()}'\""

    def derived_key(self, salt: bytes) -> bytes:
        """The key this passphrase gives with ``salt``, as SQLCipher derives a file's page
        key (PBKDF2-HMAC-SHA512): derived once per salt."""
        key = self._page_keys.get(salt)
        if key is None:
            key = self._page_keys[salt] = hashlib.pbkdf2_hmac(
                "sha512", self._secret.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES
            )
        return key

    def __repr__(self) -> str:
        return "CaseKey(<hidden>)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CaseKey) and other._secret == self._secret

    def __hash__(self) -> int:
        return hash(self._secret)


MIN_NEW_PASSPHRASE_CHARS = 12


class WeakPassphrase(CaseFileError):
    """A passphrase that may open existing case files but not key a new one."""


def new_passphrase_problem(passphrase: str) -> str:
    """Why ``passphrase`` cannot key a new case file, or '' when it can.

    The one rule for new passphrases: the GUI's dialogs and the command line both use it.
    """
    if len(passphrase) < MIN_NEW_PASSPHRASE_CHARS:
        missing = MIN_NEW_PASSPHRASE_CHARS - len(passphrase)
        return f"At least {MIN_NEW_PASSPHRASE_CHARS} characters ({missing} more)."
    if passphrase != passphrase.strip():
        return "No spaces at the start or end."
    if any(unicodedata.category(ch) == "Cc" for ch in passphrase):
        return "No line breaks, tabs or other control characters."
    return ""


def check_new_passphrase(key: CaseKey) -> None:
    """Raise ``WeakPassphrase`` unless ``key`` may encrypt a new case file."""
    problem = new_passphrase_problem(key._secret)
    if problem:
        rule = problem[0].lower() + problem[1:].rstrip(".")
        raise WeakPassphrase(f"the passphrase cannot protect a new case file: {rule}")


def _salt_of(path: Path) -> bytes | None:
    """The salt an existing encrypted file starts with; None for a new, empty or plain file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SALT_BYTES)
    except OSError:
        return None
    if len(head) < SALT_BYTES or head == _PLAIN_HEADER:
        return None
    return head


def is_plain_sqlite(path: Path) -> bool:
    """Whether ``path`` starts as an unencrypted SQLite file (readable by anyone)."""
    with path.open("rb") as fh:
        return fh.read(len(_PLAIN_HEADER)) == _PLAIN_HEADER


def _sqlcipher() -> Any:
    try:
        import sqlcipher3
    except ImportError:  # pragma: no cover - a broken install
        raise CaseFileError(
            "encrypted case files need the sqlcipher3 package, which is not installed"
        ) from None
    return sqlcipher3


def sqlite_uri(path: Path, *, readonly: bool = False) -> str:
    """The URI SQLite opens for ``path``: every character of the name is escaped, so a
    ``%``, ``#``, ``?`` or newline in a file name can never name another file or option."""
    uri = Path(os.path.abspath(path)).as_uri()
    return uri + "?mode=ro" if readonly else uri


def connect(
    path: Path, key: CaseKey | None, *, readonly: bool = False, isolation_level: Any = ""
) -> Any:
    """A DB-API connection to a plain (``key`` None) or encrypted case file."""
    target = sqlite_uri(path, readonly=readonly)
    if key is None:
        return sqlite3.connect(
            target, uri=True, isolation_level=isolation_level, check_same_thread=False
        )
    conn = _sqlcipher().connect(
        target, uri=True, isolation_level=isolation_level, check_same_thread=False
    )
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {key.pragma_literal_for(path)}")
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
        conn = sqlite3.connect(sqlite_uri(src, readonly=True), uri=True)
        try:
            conn.execute("VACUUM INTO ?", (os.path.abspath(dest),))
        finally:
            conn.close()
        return
    conn = _sqlcipher().connect(sqlite_uri(src), uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if src_key is not None:
            conn.execute(f"PRAGMA key = {src_key.pragma_literal()}")
        literal = dest_key.pragma_literal() if dest_key is not None else "''"
        path_literal = "'" + os.path.abspath(dest).replace("'", "''") + "'"
        conn.execute(f"ATTACH DATABASE {path_literal} AS dst KEY {literal}")
        conn.execute("SELECT sqlcipher_export('dst')")
        conn.execute(f"PRAGMA dst.application_id = {int(app_id)}")
        conn.execute(f"PRAGMA dst.user_version = {int(user_version)}")
        conn.execute("DETACH DATABASE dst")
    finally:
        conn.close()


def dbapi_module(key: CaseKey | None) -> Any:
    return sqlite3 if key is None else _sqlcipher().dbapi2
