"""Unlocking the identity that acts: the one dialog path for signing a letter and for a
medical director's reopening, so that who may do either comes from the certificate, never
from the profile's settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSettings
from PySide6.QtWidgets import QDialog, QWidget

from reviewer_app.casefile import CaseFile, CaseFileError
from reviewer_app.decisions.trust import TrustBundleError, TrustStore
from reviewer_app.letters.identity_store import IdentityStore
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.decision.identity_dialog import ask_new_identity
from reviewer_app.ui.decision.note_dialog import reopen_dialog
from reviewer_app.ui.decision.reopen_sign import ReopenSignDialog
from reviewer_app.ui.decision.sign_dialog import SignDialog
from reviewer_app.ui.dialogs.messages import Problem, show_problem
from reviewer_app.ui.training.banner import add_banner
from reviewer_app.ui.training.demo_sign import DemoSignDialog

if TYPE_CHECKING:
    from reviewer_app.decisions.rules import Decision
    from reviewer_app.letters.identity import SigningIdentity
    from reviewer_app.review.engine import Outcome


def ask_identity(
    parent: QWidget,
    profile: ReviewerProfile,
    settings: QSettings,
    identity_folder: Path,
    trust: TrustStore,
    summary: str,
    *,
    training: bool,
    letter: tuple[Decision, Outcome] | None = None,
    unlocked: SigningIdentity | None = None,
    reopening: bool = False,
) -> SigningIdentity | None:
    """The unlocked identity, or None if the person cancelled; the identities used here
    before are offered, the one that fits ``letter`` (decision, checklist outcome) first.
    In the classroom the demo identity signs without a passphrase unless the trainee
    chooses their own. A real case's letter that the identity ``unlocked`` for the session
    may sign is signed with it after one confirmation (ui/decision/session_sign.py). For
    a ``reopening`` the dialog says so (its title and its Reopen button), not "sign"."""
    if unlocked is not None and letter is not None and not training:
        from reviewer_app.ui.decision.session_sign import Choice, can_sign, confirm_session_signer

        if can_sign(unlocked, profile, trust, letter):
            choice = confirm_session_signer(parent, unlocked, summary)
            if choice is not Choice.ANOTHER:
                return unlocked if choice is Choice.SIGN else None
    if training:
        demo = DemoSignDialog(summary, parent, reopening=reopening)
        open_at_the_left(demo, parent)
        if demo.exec() != QDialog.DialogCode.Accepted:
            return None
        identity = demo.identity()
        if identity is not None:
            return identity
    make = partial(ask_new_identity, profile, identity_folder, trust)
    store = IdentityStore(identity_folder)
    kind = ReopenSignDialog if reopening else SignDialog
    dialog = kind(profile, summary, settings, parent, new_identity=make, store=store)
    dialog.check_with(trust, training=training, letter=letter)
    if training:
        add_banner(dialog)
    open_at_the_left(dialog, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.identity()


def open_at_the_left(dialog: QDialog, parent: QWidget) -> None:
    """Place ``dialog`` over the left of ``parent`` (the Decision tab's actions), not in
    the middle, where it would hide the letter preview on the right: the signer can read
    the letter while unlocking the identity that signs it."""
    dialog.adjustSize()
    corner = parent.mapToGlobal(QPoint(0, 0))
    screen = parent.screen().availableGeometry()
    x = min(max(screen.left(), corner.x() + 8), screen.right() - dialog.width())
    y = min(max(screen.top(), corner.y() + 8), screen.bottom() - dialog.height())
    dialog.move(max(screen.left(), x), max(screen.top(), y))


def reopen_with_identity(
    parent: QWidget,
    case: CaseFile,
    ask: Callable[[str], SigningIdentity | None],
    trust: TrustStore,
    now: Callable[[], dt.datetime],
) -> bool:
    """Ask the reason, then the identity of who reopens; reopen if that identity's
    certificate allows it (its entry signed by them). False if cancelled or refused."""
    from reviewer_app.decisions.authorization import authorize
    from reviewer_app.decisions.entry_trust import IdentitySigner
    from reviewer_app.decisions.rules import DecisionNotAllowed, Role
    from reviewer_app.decisions.service import actor_label, reopen

    dialog = reopen_dialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    identity = ask(f"Reopen the determination of case {case.case_id}: {dialog.text()}")
    if identity is None:
        return False
    training = case.header.training
    try:
        grant = authorize(identity, trust.anchors(), now=now(), training=training)
        if not grant.allowed:
            raise DecisionNotAllowed(grant.problem)
        case.sign_entries_as(IdentitySigner(identity))
        actor = actor_label(identity.name, identity.credentials, identity.role)
        reopen(case, Role(identity.role or "nurse_reviewer"), actor, dialog.text())
    except (DecisionNotAllowed, CaseFileError, TrustBundleError) as exc:
        problem = str(exc).rstrip(".") + "."
        show_problem(parent, Problem("The case was not reopened", problem, "Nothing changed."))
        return False
    finally:
        case.sign_entries_as(None)
    return True
