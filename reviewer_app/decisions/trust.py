"""What this machine trusts, and nothing else: the organization's trust bundle.

The bundle is the ``trust`` entry of ``organization.json`` in the config folder: the
organization's CA certificate(s) and its CRL (PEM), written by ``reviewer-app org init``
/ ``org revoke`` on the administrator's machine and copied to every reviewer's machine
with ``org join``. In training mode the training authority shipped with the app
(``resources/demo/identity/training-authority.pem``) is trusted as well, for training
letters only. Certificates found in a case file or a PDF are never trust anchors.

The ``trust/`` folder keeps the certificates of identities made on this machine (self-
signed, for training); it records them, it does not make them trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer_app import safe_files
from reviewer_app.letters.content import Organization, demo_organization
from reviewer_app.letters.organization import parse_plans
from reviewer_app.resources import resource

BUNDLE_FILE = "organization.json"
TRUST_KEY = "trust"
TRAINING_AUTHORITY_FILE = ("demo", "identity", "training-authority.pem")

if TYPE_CHECKING:  # cryptography loads on first use: start-up stays light
    from cryptography import x509


class TrustBundleError(ValueError):
    """The trust bundle cannot be read or written; one plain sentence."""


@dataclass(frozen=True)
class TrustAnchors:
    """Trust for verifying a letter: DER certificates and CRLs. The training authority
    ships with the app, so it is there unless a caller says otherwise."""

    roots: tuple[bytes, ...] = ()
    crls: tuple[bytes, ...] = ()
    training_roots: tuple[bytes, ...] = field(default_factory=lambda: training_roots())


class TrustStore:
    """This machine's trust: the bundle in ``folder``'s config folder, plus the record of
    identities made here (``folder``, one DER file each, named by SHA-256)."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    @property
    def config(self) -> Path:
        return self._folder.parent

    def add(self, der: bytes) -> Path:
        """Record a certificate made on this machine (it confers no trust)."""
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / f"{hashlib.sha256(der).hexdigest()}.der"
        if not path.exists():
            from reviewer_app import safe_files

            # A temporary file of its own beside it, then the name if still free; taken
            # meanwhile, it holds the same certificate (the name is its hash).
            with contextlib.suppress(safe_files.OutputExists):
                safe_files.write_file(path, der)
        return path

    def certificates(self) -> list[bytes]:
        if not self._folder.is_dir():
            return []
        return [p.read_bytes() for p in sorted(self._folder.glob("*.der"))]

    def anchors(self) -> TrustAnchors:
        return load_anchors(self.config)


def load_certificate(blob: bytes, what: str) -> x509.Certificate:
    from cryptography import x509

    try:
        if b"-----BEGIN" in blob:
            return x509.load_pem_x509_certificate(blob)
        return x509.load_der_x509_certificate(blob)
    except ValueError:
        raise TrustBundleError(f"{what}: not a PEM or DER X.509 certificate") from None


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise TrustBundleError(f"{path}: not readable JSON ({exc})") from None
    if not isinstance(data, dict):
        raise TrustBundleError(f"{path}: expected a JSON object")
    return data


def _trust_entry(data: dict[str, Any], path: Path) -> tuple[list[str], list[str]]:
    entry = data.get(TRUST_KEY, {})
    if not isinstance(entry, dict):
        raise TrustBundleError(f"{path}: '{TRUST_KEY}' must be an object")
    certs = entry.get("ca_certificates", [])
    crls = entry.get("crls", [])
    if not (isinstance(certs, list) and all(isinstance(c, str) for c in certs)):
        raise TrustBundleError(f"{path}: trust.ca_certificates must be a list of PEM texts")
    if not (isinstance(crls, list) and all(isinstance(c, str) for c in crls)):
        raise TrustBundleError(f"{path}: trust.crls must be a list of PEM texts")
    return certs, crls


def read_bundle(
    config: Path,
) -> tuple[list[x509.Certificate], list[x509.CertificateRevocationList]]:
    """The organization's CA certificates and CRLs installed on this machine."""
    from cryptography import x509

    path = config / BUNDLE_FILE
    cert_texts, crl_texts = _trust_entry(_read_json(path), path)
    certs = [load_certificate(t.encode("ascii", "replace"), f"{path}: trust") for t in cert_texts]
    crls: list[x509.CertificateRevocationList] = []
    for text in crl_texts:
        try:
            crls.append(x509.load_pem_x509_crl(text.encode("ascii", "replace")))
        except ValueError:
            raise TrustBundleError(
                f"{path}: trust.crls holds something that is not a CRL"
            ) from None
    return certs, crls


def training_roots() -> tuple[bytes, ...]:
    from cryptography.hazmat.primitives import serialization

    path = resource(*TRAINING_AUTHORITY_FILE)
    if not path.is_file():
        return ()
    cert = load_certificate(path.read_bytes(), str(path))
    return (cert.public_bytes(serialization.Encoding.DER),)


def load_anchors(config: Path) -> TrustAnchors:
    from cryptography.hazmat.primitives import serialization

    certs, crls = read_bundle(config)
    der = serialization.Encoding.DER
    return TrustAnchors(
        roots=tuple(c.public_bytes(der) for c in certs),
        crls=tuple(c.public_bytes(der) for c in crls),
        training_roots=training_roots(),
    )


def write_bundle(
    config: Path,
    certs: list[x509.Certificate],
    crls: list[x509.CertificateRevocationList],
    *,
    organization_name: str | None = None,
) -> Path:
    """Set the bundle's trust entry (and the letterhead's name), keeping everything else."""
    from cryptography.hazmat.primitives import serialization

    path = config / BUNDLE_FILE
    data = _read_json(path)
    pem = serialization.Encoding.PEM
    data[TRUST_KEY] = {
        "ca_certificates": [c.public_bytes(pem).decode("ascii") for c in certs],
        "crls": [c.public_bytes(pem).decode("ascii") for c in crls],
    }
    if organization_name:
        data["name"] = organization_name
    config.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    safe_files.write_file(path, text.encode("utf-8"), replace=True)
    return path


def install_bundle(source: Path, config: Path) -> tuple[Organization, int, int]:
    """Install ``source`` as this machine's ``organization.json`` (what `org join` does):
    checked where it will live (a hidden folder beside it), then swapped in. Returns the
    organization and how many CA certificates and CRLs it brings."""
    import shutil

    config.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".join-", dir=config))
    try:
        try:
            shutil.copyfile(source, staging / BUNDLE_FILE)
        except OSError as exc:
            raise TrustBundleError(f"{source}: cannot read ({exc.strerror})") from None
        try:
            certs, crls = read_bundle(staging)
            organization = load_organization(staging)
        except ValueError as exc:
            raise TrustBundleError(
                str(exc).replace(str(staging / BUNDLE_FILE), str(source))
            ) from None
        if not certs:
            raise TrustBundleError(f"{source}: holds no organization authority (org init first)")
        (staging / BUNDLE_FILE).replace(config / BUNDLE_FILE)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return organization, len(certs), len(crls)


def load_organization(config: Path) -> Organization:
    """The organization named in ``organization.json``, else the demo plan."""
    path = config / BUNDLE_FILE
    base = demo_organization()
    if not path.is_file():
        return base
    try:
        data = _read_json(path)
    except TrustBundleError as exc:
        raise ValueError(str(exc)) from None
    data.pop(TRUST_KEY, None)
    fields = {f for f in Organization.__dataclass_fields__}
    unknown = set(data) - fields
    if unknown:
        raise ValueError(f"{path}: unknown field(s) {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    if values.get("logo_path"):
        values["logo_path"] = Path(str(values["logo_path"]))
    if "plans" in data:  # each plan's type and provision (letters.organization)
        values["plans"] = parse_plans(data["plans"], str(path))
    return replace(base, **values)
