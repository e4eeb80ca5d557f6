"""An organization authority with a clock the test controls, its trust bundle installed
in the test's config folder, identities it issues, and letters signed as an attacker
would (straight through pyHanko, bypassing every check the app makes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from reviewer_app.casefile import determinations as store
from reviewer_app.casefile.store import CaseFile
from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.service import actor_label, draft
from reviewer_app.decisions.trust import TrustAnchors, load_anchors, read_bundle, write_bundle
from reviewer_app.letters.authority import (
    Authority,
    IssueRequest,
    create_authority,
    issue_identity,
    make_crl,
)
from reviewer_app.letters.content import Signer, demo_organization
from reviewer_app.letters.identity import SigningIdentity, load_identity
from reviewer_app.letters.signing import ValidationData, sign_letter

PASS = b"identity passphrase for tests"
DEPLOYMENT: list[Path] = []  # the config folder of the test machine's own organization
DER = serialization.Encoding.DER
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
DENIAL_RATIONALE = (  # at least 20 words (issue 20)
    "Only an autologous transplant is documented; DLI needs a donor graft, and this member "
    "has no allogeneic donor whose lymphocytes could be infused."
)


def now() -> dt.datetime:
    """The wall clock, as the case's audit trail records it (whole seconds)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def utc(days: float = 0) -> dt.datetime:
    """``days`` from the start of the test run (negative: in the past)."""
    return NOW + dt.timedelta(days=days)


@dataclass
class Org:
    folder: Path
    name: str = "Demo Health Plan"
    authority: Authority = field(init=False)
    revoked: list[tuple[int, dt.datetime]] = field(default_factory=list)
    count: int = 0

    def __post_init__(self) -> None:
        self.authority = create_authority(self.name, now=utc(-400))

    def crl(self, now: dt.datetime | None = None) -> x509.CertificateRevocationList:
        return make_crl(self.authority, self.revoked, now=now or utc())

    def install(self, config: Path) -> TrustAnchors:
        """What `org init` and `org join` leave in a machine's config folder; the test
        machine's own organization stays trusted beside it (``DEPLOYMENT``), so that the
        command line's identity (conftest.deployment_identity) signs there too."""
        certs, crls = [self.authority.cert], [self.crl()]
        for folder in DEPLOYMENT:
            more_certs, more_crls = read_bundle(folder)
            certs, crls = certs + more_certs, crls + more_crls
        write_bundle(config, certs, crls, organization_name=self.name)
        return load_anchors(config)

    def issue(
        self,
        name: str = "Dr. Riley Sample",
        credentials: str = "MD",
        role: str = "medical_director",
        *,
        issued: dt.datetime | None = None,
        valid_days: int = 365,
        not_before: dt.datetime | None = None,
    ) -> Path:
        self.count += 1
        out = self.folder / f"{self.count}-{role}.p12"
        request = IssueRequest(name, credentials, role, "Hematology", "", valid_days)
        now = issued or utc(-1)
        issue_identity(self.authority, request, PASS, out, now=now, not_before=not_before)
        return out

    def revoke(self, identity: Path, when: dt.datetime) -> None:
        cert = x509.load_der_x509_certificate(load_identity(identity, PASS).cert_der)
        self.revoked.append((cert.serial_number, when))

    def validation(self) -> ValidationData:
        return ValidationData(
            (self.authority.cert.public_bytes(DER),), (self.crl().public_bytes(DER),)
        )


def acting_as(monkeypatch: pytest.MonkeyPatch, p12: Path, passphrase: bytes = PASS) -> Path:
    """The command line's identity from now on (``REVIEWER_APP_IDENTITY``): ``p12``, as on a
    machine of the organization that issued it (the test machine's own is another's)."""
    from reviewer_app.cli.context import IDENTITY_ENV, IDENTITY_PASSPHRASE_ENV

    secret = p12.with_name(f"{p12.name}.passphrase")
    secret.write_bytes(passphrase)
    monkeypatch.setenv(IDENTITY_ENV, str(p12))
    monkeypatch.setenv(IDENTITY_PASSPHRASE_ENV, str(secret))
    return p12


@dataclass(frozen=True)
class DeploymentIdentity:
    """What a deployed machine has: its organization's trust bundle and the person's
    organization-issued identity, with the passphrase in a file."""

    bundle: Path  # organization.json, as `org join` installs it
    p12: Path
    passphrase_file: Path
    label: str  # the name its audit entries record


def identity(path: Path) -> SigningIdentity:
    return load_identity(path, PASS)


def unsigned_letter(case: CaseFile, decision: Decision, who: SigningIdentity) -> tuple[bytes, str]:
    """The case's letter as the app would render it, and the signature's meaning."""
    signer = Signer(who.name, who.credentials, who.role or "medical_director")
    rationale = DENIAL_RATIONALE if decision is Decision.DENY else ""
    d = draft(case, decision, rationale, signer, demo_organization(), utc().date())
    return d.render(), d.data.signature_meaning


def forge(
    case: CaseFile,
    decision: Decision,
    who: SigningIdentity,
    *,
    signed_at: dt.datetime | None = None,
    validation: ValidationData | None = None,
) -> bytes:
    """Sign the case's letter with ``who`` at ``signed_at`` and store it in the case, as
    someone with write access to the file could (no check of role, validity or trust)."""
    pdf, meaning = unsigned_letter(case, decision, who)
    when = signed_at or now()
    signed = sign_letter(pdf, who, meaning=meaning, signed_at=when, validation=validation)
    plant(case, decision, who, signed)
    return signed


def plant(case: CaseFile, decision: Decision, who: SigningIdentity, signed: bytes) -> None:
    from reviewer_app.letters.verify import verify_letter

    label = actor_label(who.name, who.credentials, who.role)
    head = verify_letter(signed, TrustAnchors()).audit_head_hash or ""
    version, _ = store.next_version(case)
    store.store_decision(
        case,
        store.DecisionRecord(
            decision=decision.value,
            outcome=case.evaluate().outcome.value,
            rationale=DENIAL_RATIONALE,
            decided_by=who.name,
            credentials=who.credentials,
            role=who.role or "medical_director",
            decided_at=now(),
        ),
        store.SignedLetter(
            kind="denial" if decision is Decision.DENY else "approval",
            pdf=signed,
            signer_label=label,
            audit_head=head,
            signer_cert_der=who.cert_der,  # the planted certificate
            signer_subject=who.name,
        ),
        version,
        label,
    )


def independent_validation(pdf: bytes, org: Org, moment: dt.datetime) -> bool:
    """pyHanko's own verdict, with only the organization's CA and CRL as trust."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(org.authority.cert.public_bytes(DER))],
        crls=[asn1_crl.CertificateList.load(org.crl().public_bytes(DER))],
        moment=moment,
        allow_fetching=False,
        revocation_mode="require",
        retroactive_revinfo=True,
    )
    signatures = PdfFileReader(BytesIO(pdf)).embedded_signatures
    status = validate_pdf_signature(signatures[0], context)
    return bool(len(signatures) == 1 and status.bottom_line and status.trusted)
