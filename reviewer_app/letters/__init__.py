"""Determination letters: content, rendering (reportlab), signing and verification (pyHanko).

Importing this package only loads the content model, so the app starts without
reportlab or pyHanko. The heavy parts live in their own modules:

- ``reviewer_app.letters.render.render_letter(data) -> bytes``
- ``reviewer_app.letters.authority``: the organization's CA, issued identities, the CRL
- ``reviewer_app.letters.identity.create_identity(...)`` / ``load_identity(...)``
- ``reviewer_app.letters.signing.sign_letter(pdf, identity, meaning=..., signed_at=...)``
- ``reviewer_app.letters.verify.verify_letter(pdf, anchors) -> VerificationResult``
"""

from reviewer_app.letters.clocks import APPEAL_RULES, AppealRule
from reviewer_app.letters.content import (
    SIGNATURE_MEANINGS,
    TRAINING_WATERMARK,
    Diagnosis,
    FailedCriterion,
    LetterData,
    LetterKind,
    Member,
    MissingItem,
    Organization,
    Provider,
    Signer,
    SignerRole,
    check_letter,
    default_decision,
    demo_organization,
)

__all__ = [
    "APPEAL_RULES",
    "SIGNATURE_MEANINGS",
    "TRAINING_WATERMARK",
    "AppealRule",
    "Diagnosis",
    "FailedCriterion",
    "LetterData",
    "LetterKind",
    "Member",
    "MissingItem",
    "Organization",
    "Provider",
    "Signer",
    "SignerRole",
    "check_letter",
    "default_decision",
    "demo_organization",
]
