"""Signing the chosen decision on the Decision tab: the unlocked identity signs the letter
that was previewed (drafted again if the preview named another signer), stored with its
audit entry signed by the same person, or one clear problem and nothing stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from reviewer_app.casefile import CaseFile, CaseFileError
from reviewer_app.decisions.rules import Decision, DecisionNotAllowed, Role
from reviewer_app.decisions.service import LetterIncomplete, Rendered, decide
from reviewer_app.decisions.trust import TrustBundleError, TrustStore
from reviewer_app.letters.content import Organization, Signer
from reviewer_app.ui.decision.stored_letters import busy
from reviewer_app.ui.dialogs.messages import Problem, show_problem

if TYPE_CHECKING:
    from reviewer_app.casefile.tables import LetterRow
    from reviewer_app.letters.identity import SigningIdentity

NOTHING_STORED = "Nothing was stored: the case is as it was before."


@dataclass(frozen=True)
class SignRequest:
    """What the panel asks to sign: the decision, its words and the previewed letter."""

    decision: Decision
    rationale: str
    member_rationale: str
    previewed: Rendered | None
    organization: Organization
    now: dt.datetime


def sign_and_store(
    parent: QWidget,
    case: CaseFile,
    identity: SigningIdentity,
    request: SignRequest,
    trust: TrustStore,
) -> LetterRow | None:
    """Sign and store the letter for ``request`` as ``identity``; None (after saying why,
    with nothing stored) when it cannot be."""
    from reviewer_app.letters.signing import SigningError  # pyHanko: loads on first use

    previewed = request.previewed
    signer = Signer(identity.name, identity.credentials, Role(identity.role).value)
    if previewed is not None and previewed.draft.data.signer != signer:
        previewed = None  # the preview named another signer: drafted again for this one
    try:  # decide() signs the decision's entry as the letter's signer
        with busy():
            return decide(
                case,
                request.decision,
                request.rationale,
                identity,
                request.organization,
                request.now,
                trust=trust.anchors(),
                member_rationale=request.member_rationale,
                previewed=previewed,
            )
    except LetterIncomplete as exc:
        reason = "The letter is missing: " + "; ".join(exc.problems) + "."
    except (DecisionNotAllowed, CaseFileError, SigningError, TrustBundleError) as exc:
        reason = str(exc).rstrip(".") + "."
    show_problem(parent, Problem("The letter was not signed", reason, NOTHING_STORED))
    return None
