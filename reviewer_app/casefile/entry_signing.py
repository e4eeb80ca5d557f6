"""Audit entries signed by the person who acted.

Each entry's hash (which covers the previous entry's hash and the entry itself) is signed
with the acting person's identity key; the certificate is kept in ``signer_cert`` and the
signature in ``audit_signature``. The actor an entry records is then the certificate's
own subject, never a string someone typed. Whether the certificate is to be trusted is
decided by whoever verifies, from their trust bundle (``decisions/entry_trust.py``).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import datetime as dt

    from reviewer_app.casefile.db import CaseDB
    from reviewer_app.casefile.records import AuditRecord


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


@functools.lru_cache(maxsize=16)  # asked for every signed entry, of the same few certificates
def fingerprint(cert_der: bytes) -> str:
    return hashlib.sha256(cert_der).hexdigest()


def certificate_writes(
    stored: set[tuple[str, str]],
    case_id: str,
    der: bytes,
    subject: str,
    at: dt.datetime,
    dialect: str,
) -> list[tuple[Any, dict[str, Any]]]:
    """The write that keeps a signer's certificate in the case, named by its fingerprint,
    the first time this connection meets it (``stored``: the certificates it has stored,
    which this notes; a certificate already in the file is left as it is), else none."""
    from reviewer_app.casefile.db import SIGNER_CERT, upsert_statement

    print_ = fingerprint(der)
    if (case_id, print_) in stored:
        return []
    stored.add((case_id, print_))
    cert: dict[str, Any] = {"case_id": case_id, "fingerprint": print_, "der": der}
    cert |= {"subject": subject, "added_at": at}
    return [(upsert_statement(dialect, SIGNER_CERT, tuple(cert), True), cert)]


def read_signatures(db: CaseDB, case_id: str) -> dict[int, tuple[str, bytes]]:
    """seq -> (certificate fingerprint, signature) for every signed entry."""
    from sqlalchemy import select

    from reviewer_app.casefile.db import AUDIT_SIGNATURE as T

    rows = db.rows(select(T.c.seq, T.c.signer, T.c.signature).where(T.c.case_id == case_id))
    return {int(seq): (str(signer), bytes(sig)) for seq, signer, sig in rows}


def read_certificates(db: CaseDB, case_id: str) -> dict[str, bytes]:
    from sqlalchemy import select

    from reviewer_app.casefile.db import SIGNER_CERT as T

    rows = db.rows(select(T.c.fingerprint, T.c.der).where(T.c.case_id == case_id))
    return {str(f): bytes(d) for f, d in rows}


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
