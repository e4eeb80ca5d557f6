"""How the sign dialog names an identity and its issuer, and why a profile may not use it."""

from __future__ import annotations

from reviewer_app.decisions.authorization import CertificateHolder, Issuer
from reviewer_app.ui.app_settings import ROLE_LABELS, ReviewerProfile

ISSUERS = {
    Issuer.ORGANIZATION: "Your organization",
    Issuer.TRAINING: "Training authority (training cases only)",
    Issuer.SELF_SIGNED: "Self-signed (training cases only)",
    Issuer.UNKNOWN: "Not your organization",
}


def role_mismatch(identity: CertificateHolder, profile: ReviewerProfile) -> str:
    """Why this identity may not sign for this profile ("" when it may)."""
    if identity.role == profile.role:
        return ""
    theirs = ROLE_LABELS.get(identity.role, identity.role or "no role")
    return (
        f"This identity is a {theirs.lower()}'s, but your profile is a "
        f"{profile.role_label.lower()}'s: sign with your own identity, or take your role "
        "from this one (File ▸ Profile… ▸ From my identity…)."
    )


def role_label(identity: CertificateHolder) -> str:
    return ROLE_LABELS.get(identity.role, identity.role.replace("_", " "))


def who(identity: CertificateHolder) -> str:
    """ "Dr. Riley Sample, MD" """
    return f"{identity.name}, {identity.credentials}" if identity.credentials else identity.name


def identity_label(identity: CertificateHolder) -> str:
    """ "Dr. Riley Sample, MD — medical director" """
    return f"{who(identity)} — {role_label(identity).lower() or 'no role'}"
