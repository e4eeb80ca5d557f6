"""Check a signed letter: intact, valid, by a trusted signer, and nothing added since.

Never raises for bad input: every problem becomes ``ok=False`` with a plain reason.
Offline only: no revocation or timestamp fetching.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from io import BytesIO

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from reviewer_app.letters.content import AUDIT_HEAD_KEYWORD

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    reason: str  # one plain sentence
    signer_name: str | None = None
    signed_at: dt.datetime | None = None
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    coverage: str = ""  # "entire_file", "entire_revision", ... ("" when unknown)
    meaning: str | None = None  # the signature's /Reason
    audit_head_hash: str | None = None


def verify_letter(pdf_bytes: bytes, trusted_certs: list[bytes]) -> VerificationResult:
    """Verify the letter's (last) signature against ``trusted_certs`` (DER certificates)."""
    try:
        return _verify(pdf_bytes, trusted_certs)
    except Exception:  # defensive: malformed input must never escape as an exception
        log.warning("letter verification failed unexpectedly", exc_info=True)
        return VerificationResult(ok=False, reason="The letter could not be checked.")


def _verify(pdf_bytes: bytes, trusted_certs: list[bytes]) -> VerificationResult:
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        return VerificationResult(ok=False, reason="The file is not a readable PDF.")
    if not signatures:
        return VerificationResult(
            ok=False,
            reason="The letter is not signed.",
            audit_head_hash=_audit_head(reader, None),
        )
    roots: list[asn1_x509.Certificate] = []
    for der in trusted_certs:
        try:
            roots.append(asn1_x509.Certificate.load(der))
        except ValueError:
            log.warning("skipping a trusted certificate that cannot be parsed")
    embedded = signatures[-1]
    audit_head = _audit_head(reader, embedded.signed_revision)
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except Exception:
        log.info("signature validation raised", exc_info=True)
        return VerificationResult(
            ok=False,
            reason="The signature is damaged and cannot be checked.",
            audit_head_hash=audit_head,
        )
    ok, reason = _judge(status, bool(roots))
    coverage = status.coverage.name.lower() if status.coverage is not None else ""
    return VerificationResult(
        ok=ok,
        reason=reason,
        signer_name=_common_name(status),
        signed_at=status.signer_reported_dt,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        coverage=coverage,
        meaning=_reason_entry(embedded.sig_object),
        audit_head_hash=audit_head,
    )


def _judge(status: PdfSignatureStatus, have_roots: bool) -> tuple[bool, str]:
    """The verdict and the first problem found, in the order a reader cares about."""
    if not status.intact:
        return False, "The letter was changed after it was signed."
    if not status.valid:
        return False, "The signature does not match the signer's certificate."
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return False, "Something was added to the letter after it was signed."
    if not status.trusted:
        if not have_roots:
            return False, "No trusted certificates were given, so the signer cannot be trusted."
        return False, "The signer's certificate is not one of the trusted certificates."
    if not status.bottom_line:
        return False, "The signature does not meet the validation rules."
    return True, "The signature is valid and covers the whole letter."


def _common_name(status: PdfSignatureStatus) -> str | None:
    try:
        name = status.signing_cert.subject.native.get("common_name")
    except (AttributeError, ValueError):
        return None
    return str(name) if name else None


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
