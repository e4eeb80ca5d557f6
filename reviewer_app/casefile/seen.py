"""Rollback is noticed: the furthest point of each case's trail this machine has seen.

An attacker who can write a case file can also put back an older copy of it, whose
chain is intact. This machine remembers, per case (its ID and the hash of its first
entry, so that a request imported twice makes two cases), the highest audit position and
the head at that position it has seen; a file whose trail is shorter, or whose trail does
not pass through that head, is an older copy or a different history, and opens for
reading only. Case IDs are not stored: each is a keyed hash (HMAC-SHA256 with a random
key kept beside the record, owner-only), so the record holds no PHI.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Sequence
from pathlib import Path

from reviewer_app import safe_files
from reviewer_app.casefile.records import AuditRecord

log = logging.getLogger(__name__)

RECORD = "seen-trails.json"
KEY = "seen-trails.key"


class SeenTrails:
    """The record in ``folder`` (the user's data folder); never raises on a bad record:
    a record that cannot be read is rebuilt from what is opened next."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def _key(self) -> bytes:
        path = self._folder / KEY
        try:
            key = path.read_bytes()
            if len(key) == 32:
                return key
        except OSError:
            pass
        key = secrets.token_bytes(32)
        self._folder.mkdir(parents=True, exist_ok=True)
        safe_files.write_file(path, key, replace=True)
        return key

    def _name(self, case_id: str, first: str) -> str:
        message = f"{case_id}|{first}".encode()
        return hmac.new(self._key(), message, hashlib.sha256).hexdigest()

    def _load(self) -> dict[str, list[object]]:
        try:
            data = json.loads((self._folder / RECORD).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def problem(self, case_id: str, entries: Sequence[AuditRecord]) -> str:
        """Why this trail is behind or beside what this machine saw of the case, or ''."""
        if not entries:
            return ""
        seen = self._load().get(self._name(case_id, entries[0].hash))
        if not (isinstance(seen, list) and len(seen) == 2):
            return ""
        count, head = seen
        if not isinstance(count, int) or count < 1:
            return ""
        if len(entries) < count:
            return (
                f"this is an older copy of the case: this computer has seen {count} audit "
                f"entries of it, the file has {len(entries)} (rolled back)"
            )
        if entries[count - 1].hash != head:
            return (
                "this copy's history differs from the one this computer has seen "
                f"(entry {count} is not the same)"
            )
        return ""

    def record(self, case_id: str, first: str, count: int, head: str) -> None:
        """Remember ``count``/``head`` if further than what was seen; a failure to write
        (a full disk, a read-only home) is logged, never raised."""
        try:
            data = self._load()
            name = self._name(case_id, first)
            seen = data.get(name)
            seen_count = seen[0] if isinstance(seen, list) and len(seen) == 2 else None
            if isinstance(seen_count, int) and seen_count >= count:
                return
            data[name] = [count, head]
            safe_files.write_file(
                self._folder / RECORD, json.dumps(data).encode("utf-8"), replace=True
            )
        except OSError as exc:
            log.warning("could not record the case's audit position (%s)", exc.strerror)


def default_folder() -> Path:
    from reviewer_app.config import data_dir

    return data_dir()
