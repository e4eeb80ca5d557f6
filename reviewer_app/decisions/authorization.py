"""May this unlocked identity sign at all, now? Its certificate decides, not a setting.

A determination needs an identity issued by the organization's authority (in the trust
bundle installed here), valid and unrevoked at the signing time, whose certificate grants
a role. Self-signed identities and the training authority's sign training cases only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewer_app.decisions.trust import TrustAnchors
    from reviewer_app.letters.identity import SigningIdentity

HOW_TO_GET_ONE = (
    "ask your organization's administrator for an identity (reviewer-app org issue) "
    "and install the trust bundle (reviewer-app org join organization.json)"
)


class Issuer(StrEnum):
    ORGANIZATION = "organization"
    TRAINING = "training"
    SELF_SIGNED = "self-signed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Authorization:
    issuer: Issuer
    problem: str  # "" when the identity may sign

    @property
    def allowed(self) -> bool:
        return not self.problem

    @property
    def training_only(self) -> bool:
        return self.issuer in (Issuer.TRAINING, Issuer.SELF_SIGNED)


def issuer_of(identity: SigningIdentity, anchors: TrustAnchors) -> Issuer:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

    if identity.self_signed:
        return Issuer.SELF_SIGNED
    cert = x509.load_der_x509_certificate(identity.cert_der)
    for issuer, roots in (
        (Issuer.ORGANIZATION, anchors.roots),
        (Issuer.TRAINING, anchors.training_roots),
    ):
        for der in roots:
            try:
                cert.verify_directly_issued_by(x509.load_der_x509_certificate(der))
            except (ValueError, TypeError, InvalidSignature):
                continue
            return issuer
    return Issuer.UNKNOWN


def authorize(
    identity: SigningIdentity, anchors: TrustAnchors, *, now: dt.datetime, training: bool
) -> Authorization:
    """Whether ``identity`` may sign a letter at ``now`` (on a training case or not)."""
    issuer = issuer_of(identity, anchors)
    if issuer is Issuer.SELF_SIGNED and not training:
        return Authorization(
            issuer,
            "A self-signed identity signs training cases only: to sign a determination, "
            + HOW_TO_GET_ONE
            + ".",
        )
    if issuer is Issuer.TRAINING and not training:
        return Authorization(issuer, "A training authority identity signs training cases only.")
    if issuer is Issuer.UNKNOWN:
        return Authorization(
            issuer,
            "This identity was not issued by this machine's organization authority: "
            + HOW_TO_GET_ONE
            + ".",
        )
    day = "%Y-%m-%d"
    if now < identity.not_before:
        return Authorization(
            issuer, f"This identity is not valid until {identity.not_before.strftime(day)}."
        )
    if now > identity.not_after:
        return Authorization(
            issuer,
            f"This identity expired on {identity.not_after.strftime(day)}: ask your "
            "organization's administrator for a new one.",
        )
    if issuer is Issuer.ORGANIZATION and not anchors.crls:
        return Authorization(
            issuer,
            "This machine's trust bundle has no revocation list from the organization: "
            "install the whole bundle (reviewer-app org join organization.json).",
        )
    revoked = revoked_on(identity, anchors, now)
    if revoked is not None:
        return Authorization(
            issuer, f"This identity was revoked on {revoked.strftime(day)} and cannot sign."
        )
    if not identity.role:
        return Authorization(issuer, "This identity's certificate grants no role.")
    return Authorization(issuer, "")


def revoked_on(
    identity: SigningIdentity, anchors: TrustAnchors, now: dt.datetime
) -> dt.datetime | None:
    """When a CRL in the bundle revoked the identity (not after ``now``), else None."""
    from cryptography import x509

    cert = x509.load_der_x509_certificate(identity.cert_der)
    roots = [x509.load_der_x509_certificate(der) for der in anchors.roots]
    for der in anchors.crls:
        crl = x509.load_der_x509_crl(der)
        issuer = next((r for r in roots if r.subject == crl.issuer), None)
        if issuer is None or crl.issuer != cert.issuer:
            continue
        if not crl.is_signature_valid(issuer.public_key()):  # type: ignore[arg-type]
            continue
        entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
        if entry is not None and entry.revocation_date_utc <= now:
            return entry.revocation_date_utc
    return None
