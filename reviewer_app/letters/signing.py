"""Sign a rendered letter: a PAdES signature in a visible field over the signature box.

Fully offline: no revocation fetching and no timestamp authority. An organization-issued
identity's letter carries what a verifier needs later (the chain and the organization's
CRL) in the document security store of the signed revision (PAdES B-LT, covered by the
signature itself); the signing time is the CMS signing-time attribute. The stamp text is
set in DejaVu Sans (embedded through pyHanko's OpenType support), so every name and
dash renders.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import (
    DSSContentSettings,
    PdfSigningSession,
    SigDSSPlacementPreference,
)

from reviewer_app.letters.content import SIGNATURE_DESTINATION
from reviewer_app.letters.identity import SigningIdentity
from reviewer_app.letters.stamp import StampText, stamp_style
from reviewer_app.logs import log_error_without_message

log = logging.getLogger(__name__)

SIGNATURE_FIELD = "ReviewerSignature"
# Where the stamp goes when the PDF has no signature-box destination (not ours).
FALLBACK_BOX = (67.0, 90.0, 348.0, 166.0)
# The stamp hides the slot's dashed line (0.6 pt on the slot's edge): its box is the slot's
# exact box (not rounded to whole points, which moved it up to 0.5 pt off), 0.5 pt larger on
# every side, so its border (stamp.STAMP_BORDER on the box's edge, half of it clipped)
# covers 0.5 pt either side of the slot's edge.
STAMP_OUTSET = 0.5


class SigningError(Exception):
    """The letter could not be signed; the message is one plain sentence."""


@dataclass(frozen=True)
class ValidationData:
    """The organization's CA certificates and CRLs (DER) to validate and embed at signing."""

    roots: tuple[bytes, ...]
    crls: tuple[bytes, ...]


def _validation_context(data: ValidationData, signed_at: dt.datetime) -> Any:
    from asn1crypto import crl as asn1_crl
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(der) for der in data.roots],
        crls=[asn1_crl.CertificateList.load(der) for der in data.crls],
        moment=signed_at,
        allow_fetching=False,
        # the organization always publishes a CRL; the training authority has none
        revocation_mode="require" if data.crls else "soft-fail",
        retroactive_revinfo=True,
    )


class _ClockedPdfSigner(signers.PdfSigner):
    """A PdfSigner that signs at a given time instead of the system clock."""

    def __init__(self, *args: Any, signed_at: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._signed_at = signed_at

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session: PdfSigningSession = super().init_signing_session(
            pdf_out, existing_fields_only=existing_fields_only
        )
        session.system_time = self._signed_at
        return session


def sign_letter(
    pdf_bytes: bytes,
    identity: SigningIdentity,
    *,
    meaning: str,
    signed_at: dt.datetime,
    validation: ValidationData | None = None,
    training: bool = False,
) -> bytes:
    """Return the letter with a visible PAdES signature by ``identity`` appended.

    With ``validation``, the signer's chain is checked at ``signed_at`` and embedded with
    the CRLs (long-term validation). ``training`` marks the stamp as not a determination.
    """
    if signed_at.tzinfo is None:
        raise SigningError("The signing time must carry a time zone.")
    if not identity.name.strip():
        raise SigningError("The signing identity has no name.")
    if not meaning.strip():
        raise SigningError("The meaning of the signature is required.")
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
    except Exception as exc:
        raise SigningError("The letter is not a readable PDF.") from exc
    if writer.prev.embedded_signatures:
        raise SigningError("The letter is already signed.")
    page_index, (left, bottom, right, top) = signature_box(writer.prev)
    out = STAMP_OUTSET
    box = (left - out, bottom - out, right + out, top + out)
    field_spec = fields.SigFieldSpec(
        sig_field_name=SIGNATURE_FIELD,
        on_page=page_index,
        box=box,  # type: ignore[arg-type]  # pyHanko writes a float /Rect; typed as int
    )
    ltv: dict[str, Any] = {}
    if validation is not None:
        ltv = dict(
            embed_validation_info=True,
            validation_context=_validation_context(validation, signed_at),
            dss_settings=DSSContentSettings(
                placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE,
                include_vri=False,
            ),
        )
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=meaning,
        name=identity.name,
        **ltv,
    )
    stamp = StampText(
        signer_line=_signer_line(identity),
        role=identity.role_label or "(not stated)",
        meaning=meaning,
        signed=signed_at.strftime("%Y-%m-%d %H:%M %Z").strip(),
        self_signed=identity.self_signed,
        training=training,
    )
    pdf_signer = _ClockedPdfSigner(
        metadata,
        signer=identity.signer,
        stamp_style=stamp_style(stamp),
        new_field_spec=field_spec,
        signed_at=signed_at,
    )
    output = BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=output)
    except Exception as exc:
        log_error_without_message(log, "signing failed", exc)
        raise SigningError("The letter could not be signed.") from exc
    log.info("signed letter on page %d (%s)", page_index + 1, meaning)
    return output.getvalue()


def _signer_line(identity: SigningIdentity) -> str:
    if identity.credentials.strip():
        return f"{identity.name}, {identity.credentials}"
    return identity.name


def signature_box(reader: PdfFileReader) -> tuple[int, tuple[float, float, float, float]]:
    """Page index and box of the signature slot render.py left (last page if none)."""
    pages = _page_refs(reader)
    try:
        dest = reader.root["/Dests"][f"/{SIGNATURE_DESTINATION}"]
        page_ref = dest.raw_get(0)
        if dest[1] != "/FitR":
            raise ValueError("not a /FitR destination")
        left, bottom, right, top = (float(dest[i]) for i in range(2, 6))
        page_index = pages.index(page_ref.reference)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        log.warning("no signature box in the letter; using the bottom of the last page")
        return len(pages) - 1, FALLBACK_BOX
    return page_index, (left, bottom, right, top)


def _page_refs(reader: PdfFileReader) -> list[generic.Reference]:
    refs: list[generic.Reference] = []

    def walk(node_ref: generic.IndirectObject, depth: int) -> None:
        node = node_ref.get_object()  # type: ignore[no-untyped-call]
        if node.get("/Type") == "/Pages" and depth < 32:
            kids = node["/Kids"]
            for index in range(len(kids)):
                walk(kids.raw_get(index), depth + 1)
        else:
            refs.append(node_ref.reference)

    walk(reader.root.raw_get("/Pages"), 0)
    return refs
