"""The organization's signing authority: a CA that issues reviewers' identities, and its CRL.

Run offline by the organization's administrator (``reviewer-app org ...``). The CA key is
written encrypted with a passphrase, readable by its owner only. What an issued
certificate says about its holder:

- subject commonName: the signer's name; organizationName: the organization;
  title: the role's label (for people); serialNumber: ``NPI-<npi>`` when given;
  organizationalUnitName: ``Credentials: MD`` and ``Specialty: ...``.
- the role, which decides what the holder may sign, as a certificate policy OID under
  ``ROLE_POLICY_ARC`` (a private arc in the 2.25 UUID space, ITU-T X.667): ``.1`` medical
  director, ``.2`` nurse reviewer, ``.3`` trainer. Only the policy counts for the role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from reviewer_app.letters.content import ROLE_LABELS, SignerRole

# 2.25.<the integer value of UUID 7d1f4a0c-8f3e-4b7a-9c55-2e6b1d0a9f17>
ROLE_POLICY_ARC = "2.25.166315962569109350408766156273324039959"
ROLE_POLICY_OIDS: dict[str, x509.ObjectIdentifier] = {
    SignerRole.MEDICAL_DIRECTOR.value: x509.ObjectIdentifier(f"{ROLE_POLICY_ARC}.1"),
    SignerRole.NURSE_REVIEWER.value: x509.ObjectIdentifier(f"{ROLE_POLICY_ARC}.2"),
    SignerRole.TRAINER.value: x509.ObjectIdentifier(f"{ROLE_POLICY_ARC}.3"),
}
CREDENTIALS_PREFIX = "Credentials: "
SPECIALTY_PREFIX = "Specialty: "
NPI_PREFIX = "NPI-"
PHYSICIAN_CREDENTIALS = ("MD", "DO")
CA_VALIDITY = dt.timedelta(days=3650)
# The CRL is published by hand with the trust bundle; it says when to expect the next.
CRL_LIFETIME = dt.timedelta(days=3650)
TRAINING_AUTHORITY_NAME = "TRAINING AUTHORITY — NOT FOR DETERMINATIONS"


class AuthorityError(Exception):
    """The authority cannot do this; the message is one plain sentence."""


@dataclass(frozen=True)
class Authority:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class IssueRequest:
    name: str
    credentials: str
    role: str
    specialty: str = ""
    npi: str = ""
    valid_days: int = 365


def _check_now(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None:
        raise AuthorityError("The clock must carry a time zone.")
    return now


def create_authority(organization: str, *, now: dt.datetime, training: bool = False) -> Authority:
    """A new self-signed CA for ``organization`` (P-256, ten years)."""
    _check_now(now)
    if not organization.strip():
        raise AuthorityError("The organization needs a name.")
    key = ec.generate_private_key(ec.SECP256R1())
    common = TRAINING_AUTHORITY_NAME if training else f"{organization.strip()} Signing Authority"
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization.strip()),
        ]
    )
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(cert=cert, key=key)


def save_authority_key(authority: Authority, passphrase: bytes, path: Path) -> None:
    """The CA key as encrypted PKCS#8 PEM, mode 0600; never overwrites a file."""
    if not passphrase:
        raise AuthorityError("A passphrase is required to protect the authority's key.")
    if path.exists():
        raise AuthorityError(f"{path} already exists; choose a new file for the key.")
    blob = authority.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )
    write_private(path, blob)


def load_authority(cert: x509.Certificate, key_path: Path, passphrase: bytes) -> Authority:
    try:
        blob = key_path.read_bytes()
    except OSError as exc:
        raise AuthorityError(f"{key_path}: cannot read ({exc.strerror}).") from None
    try:
        key = serialization.load_pem_private_key(blob, passphrase or None)
    except (ValueError, TypeError):
        raise AuthorityError(
            f"{key_path}: the passphrase is wrong, or this is not an authority key."
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise AuthorityError(f"{key_path}: not an authority key.")
    if key.public_key().public_numbers() != cert.public_key().public_numbers():  # type: ignore[union-attr]
        raise AuthorityError(f"{key_path}: this key does not belong to the organization's CA.")
    return Authority(cert=cert, key=key)


def issue_identity(
    authority: Authority,
    request: IssueRequest,
    passphrase: bytes,
    out: Path,
    *,
    now: dt.datetime,
    not_before: dt.datetime | None = None,
) -> x509.Certificate:
    """Issue ``request`` as a PKCS#12 identity (key encrypted with ``passphrase``) at ``out``."""
    _check_now(now)
    name = request.name.strip()
    if not name:
        raise AuthorityError("An identity needs the holder's name.")
    if request.role not in ROLE_POLICY_OIDS:
        raise AuthorityError(f"Unknown role {request.role!r}.")
    if request.valid_days < 1:
        raise AuthorityError("--valid-days must be at least 1.")
    if not passphrase:
        raise AuthorityError("A passphrase is required to protect the identity's key.")
    if request.npi and not (request.npi.isdigit() and len(request.npi) == 10):
        raise AuthorityError("An NPI is ten digits.")
    if out.exists():
        raise AuthorityError(f"{out} already exists; choose a new file for the identity.")
    key = ec.generate_private_key(ec.SECP256R1())
    org = authority.cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    attributes = [
        x509.NameAttribute(NameOID.COMMON_NAME, name),
        x509.NameAttribute(NameOID.TITLE, ROLE_LABELS[request.role]),
    ]
    if request.credentials.strip():
        attributes.append(
            x509.NameAttribute(
                NameOID.ORGANIZATIONAL_UNIT_NAME, CREDENTIALS_PREFIX + request.credentials.strip()
            )
        )
    if request.specialty.strip():
        attributes.append(
            x509.NameAttribute(
                NameOID.ORGANIZATIONAL_UNIT_NAME, SPECIALTY_PREFIX + request.specialty.strip()
            )
        )
    if request.npi:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, NPI_PREFIX + request.npi))
    attributes.extend(x509.NameAttribute(NameOID.ORGANIZATION_NAME, str(a.value)) for a in org)
    start = not_before or (now - dt.timedelta(minutes=5))
    public = key.public_key()
    ca_public = authority.cert.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(authority.cert.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(now + dt.timedelta(days=request.valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
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
        .add_extension(
            x509.CertificatePolicies(
                [x509.PolicyInformation(ROLE_POLICY_OIDS[request.role], None)]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_public),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(authority.key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        name=name.encode("utf-8"),
        key=key,
        cert=cert,
        cas=[authority.cert],
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
    )
    write_private(out, blob)
    return cert


def make_crl(
    authority: Authority,
    revoked: list[tuple[int, dt.datetime]],
    *,
    now: dt.datetime,
) -> x509.CertificateRevocationList:
    """A CRL listing ``revoked`` (serial, revocation time), signed by the authority."""
    _check_now(now)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(authority.cert.subject)
        .last_update(now)
        .next_update(now + CRL_LIFETIME)
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                authority.cert.public_key()  # type: ignore[arg-type]
            ),
            critical=False,
        )
    )
    for serial, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build()
        )
    return builder.sign(authority.key, hashes.SHA256())


def certificate_role(cert: x509.Certificate) -> str:
    """The role the issuing authority granted (its policy OID), "" when none or several."""
    try:
        policies = cert.extensions.get_extension_for_class(x509.CertificatePolicies).value
    except x509.ExtensionNotFound:
        return ""
    by_oid = {oid: role for role, oid in ROLE_POLICY_OIDS.items()}
    roles = {by_oid[p.policy_identifier] for p in policies if p.policy_identifier in by_oid}
    return roles.pop() if len(roles) == 1 else ""


def is_physician(credentials: str) -> bool:
    """Whether the credentials include MD or DO ("MD", "M.D., PhD", "DO")."""
    tokens = credentials.replace(",", " ").replace(".", "").upper().split()
    return any(token in PHYSICIAN_CREDENTIALS for token in tokens)


def subject_units(cert: x509.Certificate, prefix: str) -> str:
    for attr in cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME):
        value = str(attr.value)
        if value.startswith(prefix):
            return value.removeprefix(prefix)
    return ""


def subject_value(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    values = cert.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def write_private(path: Path, blob: bytes) -> None:
    """Write a key or identity atomically, readable by the owner only (0600)."""
    from reviewer_app import safe_files

    path.parent.mkdir(parents=True, exist_ok=True)
    safe_files.write_file(path, blob, replace=True)
