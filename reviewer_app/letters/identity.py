"""Signing identities: a key and certificate in a passphrase-protected PKCS#12 file.

An organization-issued identity (``reviewer-app org issue``, see letters/authority.py)
carries its holder's role as a certificate policy and the credentials, specialty and NPI
in its subject; nothing the caller says can change them. A self-signed identity made
here (``identity create``) is for training only: its subject says so ("Self-signed
(local)"), its role is read from its own subject, and the signature stamp repeats it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from reviewer_app import APP_NAME
from reviewer_app.letters.authority import (
    NPI_PREFIX,
    SPECIALTY_PREFIX,
    certificate_role,
    subject_units,
    subject_value,
    write_private,
)
from reviewer_app.letters.content import ROLE_LABELS, Signer, actor_label

if TYPE_CHECKING:
    from pyhanko.sign.signers import SimpleSigner

log = logging.getLogger(__name__)

SELF_SIGNED_ORG = f"Self-signed (local) — {APP_NAME}"
VALIDITY = dt.timedelta(days=5 * 365 + 1)
_NEVER_BEFORE = dt.datetime.min.replace(tzinfo=dt.UTC)
_NEVER_AFTER = dt.datetime.max.replace(tzinfo=dt.UTC)
_CREDENTIALS_PREFIX = "Credentials: "
_ROLE_PREFIX = "Role: "


class IdentityError(Exception):
    """The identity file cannot be used; the message is one plain sentence."""


@dataclass(frozen=True)
class SigningIdentity:
    name: str
    credentials: str
    role: str  # a SignerRole value, or "" when unknown
    cert_der: bytes
    self_signed: bool
    signer: SimpleSigner
    not_before: dt.datetime = _NEVER_BEFORE
    not_after: dt.datetime = _NEVER_AFTER
    organization: str = ""
    specialty: str = ""
    npi: str = ""

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role.replace("_", " ").title())


def signer_mismatches(identity: SigningIdentity, signer: Signer) -> list[str]:
    """How the identity differs from the signer printed on the letter (empty: same person).

    Signing should be refused unless this is empty, so the stamp and the letter agree.
    """

    def norm(text: str) -> str:
        return " ".join(text.split()).casefold()

    differences: list[str] = []
    if norm(identity.name) != norm(signer.name):
        differences.append("name")
    if norm(identity.credentials) != norm(signer.credentials):
        differences.append("credentials")
    if identity.role != signer.role:
        differences.append("role")
    return differences


def create_identity(
    name: str,
    credentials: str,
    role: str,
    passphrase: bytes,
    out_path: Path | str,
    *,
    now: dt.datetime | None = None,
) -> Path:
    """Create a self-signed ECDSA P-256 identity and write it as an encrypted .p12.

    The private key only ever reaches the disk encrypted with ``passphrase``.
    """
    if not name.strip():
        raise IdentityError("A signing identity needs the signer's name.")
    if role not in ROLE_LABELS:
        raise IdentityError(f"Unknown signer role {role!r}.")
    if not passphrase:
        raise IdentityError("A passphrase is required to protect the signing key.")
    now = now or dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name.strip()),
            x509.NameAttribute(NameOID.TITLE, ROLE_LABELS[role]),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, _CREDENTIALS_PREFIX + credentials),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, _ROLE_PREFIX + role),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, SELF_SIGNED_ORG),
        ]
    )
    public_key = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # a.k.a. nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        name=name.strip().encode("utf-8"),
        key=key,
        cert=cert,
        cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
    )
    out = Path(out_path)
    write_private(out, blob)
    log.info("created a self-signed signing identity (role %s)", role)
    return out


def load_identity(path: Path | str, passphrase: bytes) -> SigningIdentity:
    """Open a .p12 identity; who it is and its role come from its certificate only."""
    try:
        blob = Path(path).read_bytes()
    except OSError as exc:
        raise IdentityError(f"The identity file cannot be read ({exc.strerror}).") from exc
    if not _looks_like_pkcs12(blob):
        raise IdentityError("The file is not a PKCS#12 (.p12/.pfx) identity.")
    try:
        key, cert, _extra = pkcs12.load_key_and_certificates(blob, passphrase or None)
    except ValueError as exc:
        raise IdentityError("The passphrase is wrong, or the identity file is damaged.") from exc
    if key is None or cert is None:
        raise IdentityError("The identity file does not hold both a private key and a certificate.")
    from pyhanko.sign.signers import SimpleSigner

    try:
        signer = SimpleSigner.load_pkcs12_data(blob, other_certs=[], passphrase=passphrase or None)
    except ValueError as exc:
        raise IdentityError("The identity's key cannot be used for signing.") from exc
    self_signed = is_self_signed(cert)
    name, credentials, role = _subject_fields(cert)
    if not self_signed:  # an issued certificate's role is its authority's policy, only
        role = certificate_role(cert)
    if role and role not in ROLE_LABELS:
        raise IdentityError(f"Unknown signer role {role!r}.")
    npi = subject_value(cert, NameOID.SERIAL_NUMBER)
    return SigningIdentity(
        name=name,
        credentials=credentials,
        role=role,
        cert_der=cert.public_bytes(serialization.Encoding.DER),
        self_signed=self_signed,
        signer=signer,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        organization=subject_value(cert, NameOID.ORGANIZATION_NAME),
        specialty=subject_units(cert, SPECIALTY_PREFIX),
        npi=npi.removeprefix(NPI_PREFIX) if npi.startswith(NPI_PREFIX) else "",
    )


def _looks_like_pkcs12(blob: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(blob, strict=True)
        return bool(pfx["version"].native == "v3")
    except (ValueError, TypeError, KeyError):
        return False


def _subject_fields(cert: x509.Certificate) -> tuple[str, str, str]:
    """Name, credentials and role as written by create_identity ("" when absent)."""
    subject = cert.subject

    def values(oid: x509.ObjectIdentifier) -> list[str]:
        return [str(attr.value) for attr in subject.get_attributes_for_oid(oid)]

    names = values(NameOID.COMMON_NAME)
    credentials = role = ""
    for unit in values(NameOID.ORGANIZATIONAL_UNIT_NAME):
        if unit.startswith(_CREDENTIALS_PREFIX):
            credentials = unit.removeprefix(_CREDENTIALS_PREFIX)
        elif unit.startswith(_ROLE_PREFIX):
            role = unit.removeprefix(_ROLE_PREFIX)
    return (names[0] if names else ""), credentials, role


def is_self_signed(cert: x509.Certificate) -> bool:
    if cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def certificate_fields(cert_der: bytes) -> tuple[str, str, str]:
    """Name, credentials and role read from a certificate the way ``load_identity`` reads
    them (an issued certificate's role is its authority's policy only)."""
    cert = x509.load_der_x509_certificate(cert_der)
    name, credentials, role = _subject_fields(cert)
    if not is_self_signed(cert):
        role = certificate_role(cert)
    return name, credentials, role


def certificate_label(cert_der: bytes) -> str:
    """ "Name, credentials (role)" read from a certificate the way ``load_identity`` reads
    it: the actor an audit entry signed with this certificate must record."""
    return actor_label(*certificate_fields(cert_der))
