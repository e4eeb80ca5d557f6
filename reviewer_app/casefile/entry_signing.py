"""Audit entries signed by the person who acted.

Each entry's hash (which covers the previous entry's hash and the entry itself) is signed
with the acting person's identity key; the certificate is kept in ``signer_cert`` and the
signature in ``audit_signature``. The actor an entry records is then the certificate's
own subject, never a string someone typed. Whether the certificate is to be trusted is
decided by whoever verifies, from their trust bundle (``decisions/entry_trust.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from reviewer_app.casefile.records import AuditRecord

INSERT_SIGNATURE = "INSERT INTO audit_signature (seq, signer, signature) VALUES (?, ?, ?)"
INSERT_CERT = (
    "INSERT OR IGNORE INTO signer_cert (fingerprint, subject, der, added_at) VALUES (?, ?, ?, ?)"
)


class EntryCheck(Protocol):
    """Why a signed entry of the trail is not to be trusted on this machine, or ''."""

    def __call__(
        self,
        entries: Sequence[AuditRecord],
        signatures: dict[int, tuple[str, bytes]],
        certificates: dict[str, bytes],
        training: bool,
    ) -> str: ...


class EntrySigner(Protocol):
    """An unlocked identity that signs audit entries."""

    @property
    def actor(self) -> str: ...

    @property
    def cert_der(self) -> bytes: ...

    def sign(self, entry_hash: str) -> bytes: ...


def fingerprint(cert_der: bytes) -> str:
    return hashlib.sha256(cert_der).hexdigest()


def write_signature(raw: Any, signer: EntrySigner, seq: int, entry_hash: str, stamp: str) -> None:
    """Store the signature of entry ``seq`` (inside the caller's transaction)."""
    der = signer.cert_der
    raw.execute(INSERT_CERT, (fingerprint(der), signer.actor, der, stamp))
    raw.execute(INSERT_SIGNATURE, (seq, fingerprint(der), signer.sign(entry_hash)))


class DriverSQL:
    """A DB-API-like ``execute`` over an SQLAlchemy connection (an ORM session's), so the
    same statements serve the answer hot path and the ORM's transactions."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, params: tuple[Any, ...]) -> Any:
        return self._conn.exec_driver_sql(sql, params)


def read_signatures(conn: Any) -> dict[int, tuple[str, bytes]]:
    """seq -> (certificate fingerprint, signature) for every signed entry."""
    rows = conn.execute("SELECT seq, signer, signature FROM audit_signature").fetchall()
    return {int(seq): (str(signer), bytes(sig)) for seq, signer, sig in rows}


def read_certificates(conn: Any) -> dict[str, bytes]:
    return {str(f): bytes(d) for f, d in conn.execute("SELECT fingerprint, der FROM signer_cert")}


def signature_valid(cert_der: bytes, entry_hash: str, signature: bytes) -> bool:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        key = x509.load_der_x509_certificate(cert_der).public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return False
        key.verify(signature, bytes.fromhex(entry_hash), ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
