"""Who signed each audit entry, checked against this machine's trust bundle only.

An unlocked identity signs entries (``IdentitySigner``); ``check_entries`` tells, for a
case's trail, how many entries are signed and by whom, which are not, and the first
signature that fails: a bad signature, a certificate this computer's trust bundle did not
issue (or a training one on a real case), an entry dated outside the certificate's
validity, or an actor name that is not the certificate's own. Once an entry is signed,
every later one must be: the app never writes an unsigned entry after a signed one (the
command line refuses to), so one is an entry added, or a signature removed, by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reviewer_app.casefile.entry_signing import signature_valid
from reviewer_app.casefile.records import AuditRecord

if TYPE_CHECKING:
    from reviewer_app.decisions.trust import TrustAnchors
    from reviewer_app.letters.identity import SigningIdentity


class IdentitySigner:
    """Signs entries with an unlocked identity's key (held in memory only)."""

    def __init__(self, identity: SigningIdentity) -> None:
        from cryptography.hazmat.primitives import serialization

        key_info = identity.signer.signing_key
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        self._key: Any = serialization.load_der_private_key(key_info.dump(), password=None)
        self._algorithm = ec.ECDSA(hashes.SHA256())
        self._identity = identity
        self._actor = _label(identity.cert_der)  # read once: it is asked for every entry

    @property
    def actor(self) -> str:
        return self._actor

    @property
    def cert_der(self) -> bytes:
        return self._identity.cert_der

    def sign(self, entry_hash: str) -> bytes:
        return bytes(self._key.sign(bytes.fromhex(entry_hash), self._algorithm))


@dataclass
class EntryReport:
    signed: int = 0
    unsigned: list[int] = field(default_factory=list)
    signers: list[str] = field(default_factory=list)
    problem: str = ""

    def summary(self, total: int) -> str:
        who = "; ".join(self.signers)
        text = f"{self.signed} of {total} entries signed" + (f" (by {who})" if who else "")
        if self.unsigned:
            # Unsigned entries can only come before the first signed one (a later one is a
            # problem): written by an earlier version, or by someone without an identity.
            text += f"; {_ranges(self.unsigned)} unsigned (before signed audit)"
        return text


def _ranges(numbers: Sequence[int]) -> str:
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return "entries " + ", ".join(parts)


def _cert_problem(cert_der: bytes, anchors: TrustAnchors, training: bool, when: dt.datetime) -> str:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

    cert = x509.load_der_x509_certificate(cert_der)
    if not cert.not_valid_before_utc <= when <= cert.not_valid_after_utc:
        return "made outside its certificate's validity"
    roots = list(anchors.roots) + (list(anchors.training_roots) if training else [])
    for der in roots:
        try:
            cert.verify_directly_issued_by(x509.load_der_x509_certificate(der))
        except (ValueError, TypeError, InvalidSignature):
            continue
        return ""
    if training and cert.issuer == cert.subject:
        return ""  # a self-signed identity, for training cases only
    return "signed by a certificate this computer's trust bundle did not issue"


def _label(cert_der: bytes) -> str:
    from reviewer_app.letters.identity import certificate_label

    return certificate_label(cert_der)


def check_entries(
    entries: Sequence[AuditRecord],
    signatures: dict[int, tuple[str, bytes]],
    certs: dict[str, bytes],
    anchors: TrustAnchors | None,
    *,
    training: bool,
) -> EntryReport:
    """Each entry's signature (see ``CaseFile.entry_signatures``) checked with ``anchors``
    (None: the trail holds no signature, so no trust bundle was read)."""
    report = EntryReport()
    labels: dict[str, str] = {}  # per certificate: its entries share it
    first_signed = 0
    for entry in entries:
        found = signatures.get(entry.seq)
        if found is None:
            report.unsigned.append(entry.seq)
            if first_signed and not report.problem:  # the app never goes back to unsigned
                report.problem = (
                    f"entry {entry.seq} ({entry.action}) is not signed, though entry "
                    f"{first_signed} before it is: it was added, or its signature removed, "
                    "outside the app"
                )
            continue
        first_signed = first_signed or entry.seq
        if anchors is None:
            raise ValueError("signed entries are checked against trust anchors")
        fingerprint, signature = found
        der = certs.get(fingerprint)
        where = f"entry {entry.seq} ({entry.action})"
        if der is None:
            report.problem = report.problem or f"{where}: its signer's certificate is missing"
            continue
        if not signature_valid(der, entry.hash, signature):
            report.problem = report.problem or f"{where}: the signature does not match the entry"
            continue
        when = dt.datetime.fromisoformat(entry.at.replace("Z", "+00:00"))
        problem = _cert_problem(der, anchors, training, when)
        if fingerprint not in labels:
            labels[fingerprint] = _label(der)
        if not problem and labels[fingerprint] != entry.actor:
            problem = "its actor is not the name in the signer's certificate"
        if problem:
            report.problem = report.problem or f"{where}: {problem}"
            continue
        report.signed += 1
        if entry.actor not in report.signers:
            report.signers.append(entry.actor)
    return report
