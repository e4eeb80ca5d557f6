"""Signer certificates this machine trusts: identities made or imported here, and any
organization root the user imports. Each is one DER file named by its SHA-256."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from reviewer_app.letters.content import Organization, demo_organization


class TrustStore:
    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def add(self, der: bytes) -> Path:
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / f"{hashlib.sha256(der).hexdigest()}.der"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(der)
            tmp.replace(path)
        return path

    def add_certificate_file(self, cert_file: Path) -> Path:
        """Import a PEM or DER certificate (an organization root, say)."""
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        blob = cert_file.read_bytes()
        try:
            cert = (
                x509.load_pem_x509_certificate(blob)
                if b"-----BEGIN" in blob
                else x509.load_der_x509_certificate(blob)
            )
        except ValueError:
            raise ValueError(f"{cert_file}: not a PEM or DER X.509 certificate") from None
        return self.add(cert.public_bytes(serialization.Encoding.DER))

    def certificates(self) -> list[bytes]:
        if not self._folder.is_dir():
            return []
        return [p.read_bytes() for p in sorted(self._folder.glob("*.der"))]


def load_organization(config: Path) -> Organization:
    """The organization named in ``organization.json``, else the demo plan."""
    path = config / "organization.json"
    base = demo_organization()
    if not path.is_file():
        return base
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not readable JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object")
    fields = {f for f in Organization.__dataclass_fields__}
    unknown = set(data) - fields
    if unknown:
        raise ValueError(f"{path}: unknown field(s) {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    if values.get("logo_path"):
        values["logo_path"] = Path(str(values["logo_path"]))
    return replace(base, **values)
