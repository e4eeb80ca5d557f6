"""The case file as an application file format: identify it before trusting it.

SQLite stores ``user_version`` at byte 60 and ``application_id`` at byte 68 of the
header. A 0-byte file opens as an empty database, so both are checked up front.
"""

from __future__ import annotations

import struct
from pathlib import Path

from reviewer_app.casefile.crypto import CaseKey, read_encrypted_header
from reviewer_app.casefile.errors import NewerSchema, NotACaseFile

APPLICATION_ID = 0x554D4331  # "UMC1"
SCHEMA_VERSION = 4
CASE_KEYED_SCHEMA = 4  # case_id in every key, and `reopened` a column of its own
SUFFIX = ".umcase"
SQLITE_MAGIC = b"SQLite format 3\x00"


def read_header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) of a file, or NotACaseFile."""
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        raise NotACaseFile(f"{path}: file not found") from None
    except IsADirectoryError:
        raise NotACaseFile(f"{path}: is a folder, not a case file") from None
    except OSError as exc:
        raise NotACaseFile(f"{path}: cannot read ({exc.strerror})") from None
    if not head:
        raise NotACaseFile(f"{path}: the file is empty (0 bytes), not a case file")
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise NotACaseFile(
            f"{path}: not a case file (not an SQLite database): it may be damaged, or "
            "encrypted and needing its passphrase"
        )
    (user_version,) = struct.unpack(">I", head[60:64])
    (app_id,) = struct.unpack(">I", head[68:72])
    return app_id, user_version


def identify(path: Path, key: CaseKey | None) -> tuple[int, bool]:
    """(schema version, encrypted?) of a case file, refusing foreign and newer files.

    A plain file is recognised from its header. Anything else is tried as an encrypted
    case file when a passphrase is at hand.
    """
    try:
        return check_header(path), False
    except NotACaseFile as exc:
        if key is None or "not an SQLite database" not in str(exc):
            raise
    app_id, version = read_encrypted_header(path, key)
    return _check_ids(path, app_id, version), True


def check_header(path: Path) -> int:
    """Return a plain file's schema version, refusing foreign and newer files."""
    app_id, version = read_header(path)
    return _check_ids(path, app_id, version)


def _check_ids(path: Path, app_id: int, version: int) -> int:
    if app_id != APPLICATION_ID:
        raise NotACaseFile(
            f"{path}: an SQLite database, but not a Reviewer Workstation case file "
            f"(application_id {app_id:#x})"
        )
    if version > SCHEMA_VERSION:
        raise NewerSchema(
            f"{path}: made by a newer version of Reviewer Workstation (case schema {version}; "
            f"this version reads up to {SCHEMA_VERSION}). Update the app to open it."
        )
    if version < 1:
        raise NotACaseFile(f"{path}: case schema version {version} is not valid")
    return version
