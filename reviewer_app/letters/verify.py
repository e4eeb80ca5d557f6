"""Check a signed letter against this machine's trust, and nothing else.

Trust comes only from the ``TrustAnchors`` given (the organization's CA certificates
and CRLs installed on the verifying machine; the training authority in training mode).
Certificates inside the PDF only help build a path to one of those roots. Every
signature is checked: the first (the determination) must cover the letter, and what
comes after it may only be validation data (pyHanko's difference analysis). The chain
is validated at the signing time, with revocation, and the signer's role and
credentials in the certificate must permit the decision the signature states.

Never raises for bad input: every problem becomes ``ok=False`` with a plain reason.
Offline only: no revocation or timestamp fetching.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace
from enum import StrEnum
from io import BytesIO
from typing import TYPE_CHECKING

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DSSCompareRule,
    FormUpdatingRule,
    ModificationLevel,
    ObjectStreamRule,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    XrefStreamRule,
)
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from reviewer_app.letters.authority import (
    CREDENTIALS_PREFIX,
    certificate_role,
    is_physician,
    subject_units,
    subject_value,
)
from reviewer_app.letters.content import (
    AUDIT_HEAD_KEYWORD,
    ROLE_LABELS,
    SIGNATURE_MEANINGS,
    LetterKind,
    SignerRole,
)

if TYPE_CHECKING:
    from reviewer_app.decisions.trust import TrustAnchors

log = logging.getLogger(__name__)

SELF_SIGNED_REASON = "self-signed: not valid as a determination"
TRAINING_REASON = "signed by the training authority: a training letter, not a determination"


# What may follow the determination's signature: validation data (the DSS) and document
# timestamps, nothing else. Unlike pyHanko's default, not even the document information
# dictionary or the XMP metadata.
VALIDATION_DATA_ONLY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(),  # type: ignore[no-untyped-call]
        XrefStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        ObjectStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        DSSCompareRule().as_qualified(ModificationLevel.LTA_UPDATES),
    ],
    form_rule=FormUpdatingRule(
        field_rules=[
            SigFieldCreationRule(),  # type: ignore[no-untyped-call]
            SigFieldModificationRule(),
        ],
    ),
)


class Verdict(StrEnum):
    VALID = "valid"  # a determination by an authorized signer of this organization
    TRAINING = "training"  # intact, signed under the training authority
    SELF_SIGNED = "self-signed"  # intact, signed with a self-signed identity
    INVALID = "invalid"


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    reason: str  # one plain sentence
    verdict: Verdict = Verdict.INVALID
    signer_name: str | None = None
    signed_at: dt.datetime | None = None
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    coverage: str = ""  # "entire_file", "entire_revision", ... ("" when unknown)
    meaning: str | None = None  # the signature's /Reason
    audit_head_hash: str | None = None
    role: str = ""
    credentials: str = ""
    organization: str = ""
    signer_cert_der: bytes = b""  # the letter's signing certificate (DER), once read

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role or "no role")


def verify_letter(
    pdf_bytes: bytes, anchors: TrustAnchors, *, training: bool = False
) -> VerificationResult:
    """Verify every signature of the letter against ``anchors``.

    ``training``: letters signed under the training authority or with a self-signed
    identity are acceptable (ok, with their verdict saying what they are).
    """
    try:
        result = _verify(pdf_bytes, anchors)
    except Exception:  # defensive: malformed input must never escape as an exception
        log.warning("letter verification failed unexpectedly", exc_info=True)
        return VerificationResult(ok=False, reason="The letter could not be checked.")
    if training and result.verdict in (Verdict.TRAINING, Verdict.SELF_SIGNED):
        return replace(result, ok=True)
    return result


def _verify(pdf_bytes: bytes, anchors: TrustAnchors) -> VerificationResult:
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
        signatures: list[EmbeddedPdfSignature] = list(reader.embedded_signatures)
    except Exception:
        return VerificationResult(ok=False, reason="The file is not a readable PDF.")
    if not signatures:
        return VerificationResult(
            ok=False, reason="The letter is not signed.", audit_head_hash=_audit_head(reader, None)
        )
    first = signatures[0]
    base = VerificationResult(
        ok=False,
        reason="",
        meaning=_reason_entry(first.sig_object),
        audit_head_hash=_audit_head(reader, first.signed_revision),
        signed_at=first.self_reported_timestamp,
    )
    for index, later in enumerate(signatures[1:], start=2):
        if later.sig_object_type == "/Sig":
            return replace(base, reason=f"Modified after signing: signature {index} was added.")
    try:
        cert = x509.load_der_x509_certificate(first.signer_cert.dump())
    except (ValueError, KeyError, TypeError):
        return replace(base, reason="The signature is damaged and cannot be checked.")
    base = replace(
        base,
        signer_name=subject_value(cert, NameOID.COMMON_NAME) or None,
        credentials=subject_units(cert, CREDENTIALS_PREFIX),
        organization=subject_value(cert, NameOID.ORGANIZATION_NAME),
        signer_cert_der=first.signer_cert.dump(),
    )
    signed_at = base.signed_at
    if signed_at is None:
        return replace(base, reason="The signature carries no signing time.")
    self_signed = _self_signed(cert)
    roots, training_root = _pick_roots(cert, anchors, self_signed)
    context = _context(reader, roots, anchors.crls, signed_at, revocation=not training_root)
    try:
        status = validate_pdf_signature(
            first, signer_validation_context=context, diff_policy=VALIDATION_DATA_ONLY
        )
    except Exception:
        log.info("signature validation raised", exc_info=True)
        return replace(base, reason="The signature is damaged and cannot be checked.")
    for index, later in enumerate(signatures[1:], start=2):  # document timestamps
        problem = _later_problem(later, index)
        if problem:
            return replace(base, reason=problem)
    coverage = status.coverage.name.lower() if status.coverage is not None else ""
    base = replace(
        base,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted and bool(roots),
        coverage=coverage,
        role="" if self_signed else certificate_role(cert),
    )
    problem = _integrity_problem(status)
    if problem:
        return replace(base, reason=problem)
    if self_signed:
        return replace(base, verdict=Verdict.SELF_SIGNED, reason=SELF_SIGNED_REASON)
    if not base.trusted:
        return replace(base, reason=_untrusted_reason(cert, status, anchors, signed_at))
    if training_root:
        return replace(base, verdict=Verdict.TRAINING, reason=TRAINING_REASON)
    problem = role_problem(base.meaning or "", base.role, base.credentials)
    if problem:
        return replace(base, reason=problem)
    if not status.bottom_line:  # key usage, seed values: pyHanko's overall verdict
        return replace(base, reason="The signature does not meet the validation rules.")
    return replace(
        base,
        ok=True,
        verdict=Verdict.VALID,
        reason="The signature is valid, by an authorized signer, and covers the whole letter.",
    )


def _pick_roots(
    cert: x509.Certificate, anchors: TrustAnchors, self_signed: bool
) -> tuple[list[bytes], bool]:
    """The roots to validate against: the organization's, or the training authority when
    it issued the certificate (then True). A self-signed certificate is never a root."""
    if self_signed:
        return [], False
    for der in anchors.training_roots:
        if _issued_by(cert, der):
            return [der], True
    return list(anchors.roots), False


def _issued_by(cert: x509.Certificate, root_der: bytes) -> bool:
    try:
        cert.verify_directly_issued_by(x509.load_der_x509_certificate(root_der))
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _self_signed(cert: x509.Certificate) -> bool:
    if cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _context(
    reader: PdfFileReader,
    roots: list[bytes],
    crls: tuple[bytes, ...],
    moment: dt.datetime,
    *,
    revocation: bool,
) -> ValidationContext:
    """Validation at the signing time. The PDF's DSS may add intermediates and CRLs
    (each must verify under a root); the roots are ours only. ``revocation``: a CRL is
    required (the organization publishes one; the training authority does not)."""
    other_certs: list[asn1_x509.Certificate] = []
    all_crls = [asn1_crl.CertificateList.load(der) for der in crls]
    try:
        dss = DocumentSecurityStore.read_dss(reader)
        other_certs = list(dss.load_certs())
        for ref in dss.crls:
            all_crls.append(asn1_crl.CertificateList.load(ref.get_object().data))
    except NoDSSFoundError:
        pass
    except Exception:
        log.info("the letter's DSS could not be read", exc_info=True)
    # An empty list trusts nothing (only None would mean the system's trust list).
    return ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(der) for der in roots],
        other_certs=other_certs,
        crls=all_crls,
        moment=moment,
        allow_fetching=False,
        revocation_mode="require" if revocation else "soft-fail",
        retroactive_revinfo=True,
    )


def _later_problem(embedded: EmbeddedPdfSignature, index: int) -> str:
    """A later signature may only be a document timestamp (validation data), intact."""
    try:
        status = validate_pdf_timestamp(
            embedded, validation_context=ValidationContext(trust_roots=[])
        )
    except Exception:
        return f"Signature {index} is damaged."
    return "" if status.intact and status.valid else f"Signature {index} is damaged."


def _integrity_problem(status: PdfSignatureStatus) -> str:
    if not status.intact:
        return "The letter was changed after it was signed."
    if not status.valid:
        return "The signature does not match the signer's certificate."
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return ""
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return "Modified after signing: the signature does not cover the letter."
    level = status.modification_level
    if level is None or level > ModificationLevel.LTA_UPDATES:
        return "Modified after signing: a later revision changes more than validation data."
    return ""


def _untrusted_reason(
    cert: x509.Certificate,
    status: PdfSignatureStatus,
    anchors: TrustAnchors,
    signed_at: dt.datetime,
) -> str:
    if not anchors.roots:
        return (
            "No organization trust bundle is installed on this machine "
            "(reviewer-app org join organization.json), so the signer cannot be trusted."
        )
    if not any(_issued_by(cert, der) for der in anchors.roots):
        return "The signer's certificate was not issued by this organization's authority."
    when = signed_at.strftime("%Y-%m-%d %H:%M UTC")
    if signed_at < cert.not_valid_before_utc:
        start = cert.not_valid_before_utc.strftime("%Y-%m-%d %H:%M UTC")
        return f"Signed at {when}, before the signer's certificate was valid (from {start})."
    if signed_at > cert.not_valid_after_utc:
        end = cert.not_valid_after_utc.strftime("%Y-%m-%d %H:%M UTC")
        return f"Signed at {when}, after the signer's certificate expired ({end})."
    if status.revoked:
        return f"The signer's certificate was revoked before the signing time ({when})."
    return "The signer's certificate does not validate at the signing time (revocation unknown)."


def decision_kind(meaning: str) -> LetterKind | None:
    """The kind of letter a signature's stated meaning belongs to (training marks allowed)."""
    for kind, text in SIGNATURE_MEANINGS.items():
        if meaning == text or meaning.endswith(f" — {text}"):
            return kind
    return None


def role_problem(meaning: str, role: str, credentials: str) -> str:
    """Why a signer with this certificate role and credentials may not sign this ("" if may)."""
    kind = decision_kind(meaning)
    if kind is None:
        return "The signature does not state a decision this app makes."
    if role not in (SignerRole.MEDICAL_DIRECTOR, SignerRole.NURSE_REVIEWER):
        label = ROLE_LABELS.get(role, "no role")
        return (
            f"The signer's certificate grants {label.lower()}, which cannot sign a determination."
        )
    if kind is LetterKind.DENIAL:
        if role != SignerRole.MEDICAL_DIRECTOR:
            return "A denial signed by a nurse reviewer: only a medical director may deny."
        if not is_physician(credentials):
            return "A denial signed without MD or DO credentials in the certificate."
    return ""


def _reason_entry(sig_object: object) -> str | None:
    try:
        reason = sig_object["/Reason"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    return str(reason)


def _audit_head(reader: PdfFileReader, revision: int | None) -> str | None:
    """The audit chain head from the Keywords of the signed revision (or the latest)."""
    try:
        handler = reader if revision is None else reader.get_historical_resolver(revision)
        info_ref = handler.trailer_view.raw_get("/Info")
        # Resolve through the handler: a plain dereference would read the latest revision.
        info = (
            handler.get_object(info_ref.reference) if hasattr(info_ref, "reference") else info_ref
        )
        keywords = str(info["/Keywords"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    for part in keywords.split(";"):
        key, _, value = part.strip().partition("=")
        if key == AUDIT_HEAD_KEYWORD and value:
            return value
    return None
