"""May this unlocked identity sign at all, now? Its certificate decides, not a setting.

A determination needs an identity issued by the organization's authority (in the trust
bundle installed here), valid and unrevoked at the signing time, whose certificate grants
a role. Self-signed identities and the training authority's sign training cases only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from reviewer_app.decisions.rules import Decision, Role, permission

if TYPE_CHECKING:
    from reviewer_app.decisions.trust import TrustAnchors
    from reviewer_app.review.engine import Outcome

HOW_TO_GET_ONE = (
    "ask your organization's administrator for an identity (reviewer-app org issue) "
    "and install the trust bundle (reviewer-app org join organization.json)"
)


class CertificateHolder(Protocol):
    """What the rules read of an identity: its certificate (an unlocked ``SigningIdentity``
    or a remembered one, ``letters.identity_store.KnownIdentity``)."""

    @property
    def name(self) -> str: ...
    @property
    def credentials(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def cert_der(self) -> bytes: ...
    @property
    def self_signed(self) -> bool: ...
    @property
    def not_before(self) -> dt.datetime: ...
    @property
    def not_after(self) -> dt.datetime: ...


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


def issuer_of(identity: CertificateHolder, anchors: TrustAnchors) -> Issuer:
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
    identity: CertificateHolder, anchors: TrustAnchors, *, now: dt.datetime, training: bool
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


def signer_problem(
    role: str, credentials: str, decision: Decision, outcome: Outcome, *, training: bool
) -> str:
    """Why a certificate with this role and these credentials may not sign ``decision`` on a
    case whose checklist says ``outcome`` ("" when it may): the role's permission, and a
    physician (MD or DO) for a denial or an approval against the checklist."""
    from reviewer_app.letters.authority import is_physician  # cryptography: on first use

    try:
        perm = permission(Role(role), decision, outcome, training=training)
    except ValueError:
        return "This identity's certificate grants no role."
    if not perm.allowed:
        return perm.reason
    if decision is Decision.DENY and not is_physician(credentials):
        return "A denial is a physician's decision: the identity's certificate must carry MD or DO."
    if perm.needs_rationale and not is_physician(credentials):
        return (
            "Approving against the checklist is a physician's decision: the identity's "
            "certificate must carry MD or DO."
        )
    return ""


def authorize_decision(
    identity: CertificateHolder,
    anchors: TrustAnchors,
    decision: Decision,
    outcome: Outcome,
    *,
    now: dt.datetime,
    training: bool,
) -> Authorization:
    """Whether ``identity`` may sign ``decision``'s letter at ``now``: :func:`authorize`,
    then :func:`signer_problem` for its certificate's role and credentials."""
    grant = authorize(identity, anchors, now=now, training=training)
    if not grant.allowed:
        return grant
    problem = signer_problem(
        identity.role, identity.credentials, decision, outcome, training=training
    )
    return Authorization(grant.issuer, problem)


def revoked_on(
    identity: CertificateHolder, anchors: TrustAnchors, now: dt.datetime
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
