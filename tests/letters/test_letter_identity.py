"""Signing identities: create, load back, refuse wrong passphrases and foreign files."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from reviewer_app.letters.content import Signer
from reviewer_app.letters.identity import (
    IdentityError,
    create_identity,
    load_identity,
    signer_mismatches,
)


def test_roundtrip_reads_back_name_credentials_role(identity: Any) -> None:
    assert (identity.name, identity.credentials, identity.role) == (
        "Riley Sample",
        "MD",
        "medical_director",
    )
    assert identity.role_label == "Medical Director"
    assert identity.self_signed is True


def test_certificate_says_self_signed_and_allows_signing(identity: Any) -> None:
    cert = x509.load_der_x509_certificate(identity.cert_der)
    org = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    assert "Self-signed (local)" in str(org)
    assert cert.subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "Medical Director"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert not usage.key_cert_sign
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert dt.timedelta(days=5 * 365) <= lifetime <= dt.timedelta(days=5 * 366 + 1)
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)


def test_wrong_passphrase_is_a_clear_error(identity_path: Path) -> None:
    with pytest.raises(IdentityError, match="passphrase is wrong"):
        load_identity(identity_path, b"not the passphrase")


def test_file_is_encrypted(identity_path: Path, identity: Any) -> None:
    blob = identity_path.read_bytes()
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(blob, None)
    with pytest.raises(IdentityError):
        load_identity(identity_path, b"")
    # The private scalar never appears in the clear.
    private_value = identity.signer.signing_key["private_key"].parsed["private_key"].native
    assert private_value.to_bytes(32, "big") not in blob


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_file_is_readable_by_owner_only(identity_path: Path) -> None:
    assert os.stat(identity_path).st_mode & 0o077 == 0


def test_not_a_pkcs12_file(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(b"%PDF-1.7\n% not an identity\n")
    with pytest.raises(IdentityError, match="not a PKCS#12"):
        load_identity(path, b"anything")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IdentityError, match="cannot be read"):
        load_identity(tmp_path / "absent.p12", b"anything")


def test_empty_passphrase_refused_on_create(tmp_path: Path) -> None:
    with pytest.raises(IdentityError, match="passphrase"):
        create_identity("Riley Sample", "MD", "medical_director", b"", tmp_path / "x.p12")
    assert not (tmp_path / "x.p12").exists()


def _foreign_p12(path: Path, passphrase: bytes) -> None:
    """An identity from some CA whose subject claims a role the way self-signed ones do."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Demo Health Plan Test CA")])
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Jordan Placeholder"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Role: medical_director"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(ca_key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        b"org", key, cert, None, serialization.BestAvailableEncryption(passphrase)
    )
    path.write_bytes(blob)


def test_an_issued_identity_role_comes_from_its_policy_only(tmp_path: Path) -> None:
    path = tmp_path / "org.p12"
    _foreign_p12(path, b"org pass")
    bare = load_identity(path, b"org pass")
    assert (bare.name, bare.credentials, bare.role, bare.self_signed) == (
        "Jordan Placeholder",
        "",
        "",  # a subject saying "Role: medical_director" grants nothing
        False,
    )


def test_issued_identity_carries_role_credentials_specialty_npi(tmp_path: Path) -> None:
    from reviewer_app.letters.authority import (
        ROLE_POLICY_OIDS,
        IssueRequest,
        create_authority,
        issue_identity,
    )

    now = dt.datetime.now(dt.UTC)
    ca = create_authority("Demo Health Plan", now=now)
    request = IssueRequest("Dr. Riley Sample", "MD", "medical_director", "Hematology", "1234567893")
    cert = issue_identity(ca, request, b"pw", tmp_path / "md.p12", now=now)
    loaded = load_identity(tmp_path / "md.p12", b"pw")
    assert (loaded.role, loaded.credentials, loaded.specialty, loaded.npi) == (
        "medical_director",
        "MD",
        "Hematology",
        "1234567893",
    )
    assert loaded.organization == "Demo Health Plan" and not loaded.self_signed
    policies = cert.extensions.get_extension_for_class(x509.CertificatePolicies).value
    assert [p.policy_identifier for p in policies] == [ROLE_POLICY_OIDS["medical_director"]]
    assert cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == "NPI-1234567893"
    assert os.stat(tmp_path / "md.p12").st_mode & 0o077 == 0


def test_signer_mismatches(identity: Any) -> None:
    assert signer_mismatches(identity, Signer("riley  sample", "md", "medical_director")) == []
    assert signer_mismatches(identity, Signer("Jordan Placeholder", "RN", "nurse_reviewer")) == [
        "name",
        "credentials",
        "role",
    ]
