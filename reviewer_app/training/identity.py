"""The bundled demo signing identity: a trainer key for classroom letters, issued by the
training authority shipped beside it (``resources/demo/identity/training-authority.pem``).

It is a demo key whose passphrase ships beside it (``resources/demo/identity/``). Its
role is ``trainer``, and a trainer may decide training cases only, so it can never sign
a decision on a real case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.decisions.rules import Role
from reviewer_app.letters.identity import IdentityError, SigningIdentity, load_identity
from reviewer_app.resources import resource

if TYPE_CHECKING:
    from reviewer_app.casefile.entry_signing import EntrySigner

DEMO_IDENTITY_FILE = ("demo", "identity", "demo-trainer.p12")
DEMO_PASSPHRASE_FILE = ("demo", "identity", "PASSPHRASE.txt")


def demo_identity() -> SigningIdentity:
    """Load the bundled "Demo Trainer, MD" identity (role trainer)."""
    try:
        passphrase = resource(*DEMO_PASSPHRASE_FILE).read_bytes().strip()
    except OSError as exc:
        raise IdentityError(f"The demo identity's passphrase cannot be read ({exc}).") from exc
    identity = load_identity(resource(*DEMO_IDENTITY_FILE), passphrase)
    if identity.role != Role.TRAINER.value:
        # Anything but a trainer could sign real cases: refuse rather than trust the file.
        raise IdentityError(f"The demo identity must have the trainer role, not {identity.role!r}.")
    return identity


def training_signer() -> EntrySigner:
    """The demo identity as the signer of training cases' audit entries: what signs a
    training case's changes when nobody's own identity does (issue 19)."""
    from reviewer_app.decisions.entry_trust import IdentitySigner

    return IdentitySigner(demo_identity())
