"""The identities this person has used on this computer: where each file is and its
certificate, so the sign dialog can offer the one that fits a decision before anything is
unlocked (a PKCS#12 file shows nothing without its passphrase).

The index (``known-identities.json`` in the identities folder, owner-only) holds paths and
public certificates only, never a key or a passphrase. A certificate is recorded when its
identity is unlocked or made in the app. Who may sign what stays the certificate's and
:mod:`reviewer_app.decisions.authorization`'s: the index only remembers.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from reviewer_app import safe_files

log = logging.getLogger(__name__)

INDEX_FILE = "known-identities.json"
_MAX_ENTRIES = 50  # a person has a handful; an index this long is not ours


@dataclass(frozen=True)
class KnownIdentity:
    """An identity file and what its certificate says (read like ``load_identity``)."""

    path: Path
    name: str
    credentials: str
    role: str
    cert_der: bytes
    self_signed: bool
    not_before: dt.datetime
    not_after: dt.datetime
    organization: str = ""


def known_identity(path: Path, cert_der: bytes) -> KnownIdentity:
    """``path``'s identity as its certificate describes it; ValueError if it is not one."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    from reviewer_app.letters.authority import subject_value
    from reviewer_app.letters.identity import certificate_fields, is_self_signed

    cert = x509.load_der_x509_certificate(cert_der)
    name, credentials, role = certificate_fields(cert_der)
    return KnownIdentity(
        path=path,
        name=name,
        credentials=credentials,
        role=role,
        cert_der=cert_der,
        self_signed=is_self_signed(cert),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        organization=subject_value(cert, NameOID.ORGANIZATION_NAME),
    )


class IdentityStore:
    """The index in ``folder``; a missing or unreadable index is an empty one."""

    def __init__(self, folder: Path) -> None:
        self._index = folder / INDEX_FILE

    def identities(self) -> list[KnownIdentity]:
        """The remembered identities whose files are still there, most recent first."""
        known: list[KnownIdentity] = []
        for path, cert in self._entries():
            if not path.is_file():
                continue
            try:
                known.append(known_identity(path, cert))
            except ValueError:
                log.warning("a remembered identity's certificate cannot be read; skipped")
        return known

    def remember(self, path: Path, cert_der: bytes) -> None:
        """Record ``path`` (absolute) with its certificate, first in the list."""
        path = path.absolute()
        entries = [(p, c) for p, c in self._entries() if p != path]
        entries.insert(0, (path, cert_der))
        rows = [
            {"path": str(p), "certificate": base64.b64encode(c).decode("ascii")}
            for p, c in entries[:_MAX_ENTRIES]
        ]
        blob = json.dumps({"identities": rows}, indent=1).encode("utf-8")
        self._index.parent.mkdir(parents=True, exist_ok=True)
        safe_files.write_file(self._index, blob, replace=True)

    def _entries(self) -> list[tuple[Path, bytes]]:
        try:
            data = json.loads(self._index.read_text(encoding="utf-8"))
            rows = data["identities"]
            return [
                (Path(row["path"]), base64.b64decode(row["certificate"], validate=True))
                for row in rows[:_MAX_ENTRIES]
            ]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError, binascii.Error):
            log.warning("the index of known identities cannot be read; starting a new one")
            return []
