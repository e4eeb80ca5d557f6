"""The Decision tab's behaviour: the actions the reviewer's role allows for the checklist
outcome, a draft letter previewed from memory, signing, and the case's stored letters.

Every rule comes from :mod:`reviewer_app.decisions` (``permission``, ``check_allowed``,
``draft``, ``decide``...); this module only shows what they say. Rendering a draft runs
on a worker thread (:mod:`.worker`); signing writes the case file, so it runs here, on
the GUI thread, under a busy cursor, and either stores the whole letter or nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtWidgets import QDialog, QWidget

from reviewer_app.casefile import CaseFile, CaseFileError
from reviewer_app.casefile import determinations as store
from reviewer_app.decisions.rules import (
    DECISION_LABELS,
    Decision,
    DecisionNotAllowed,
    Permission,
    Role,
    permission,
)
from reviewer_app.decisions.service import (
    Draft,
    Rendered,
    check_allowed,
    draft,
    refer_to_medical_director,
)
from reviewer_app.decisions.trust import TrustStore
from reviewer_app.letters.content import Organization, Signer
from reviewer_app.review.engine import Evaluation, Outcome
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.case.styling import set_style_property
from reviewer_app.ui.decision import summary as says
from reviewer_app.ui.decision.note_dialog import referral_dialog
from reviewer_app.ui.decision.panel_view import ACTION_TEXTS, OVERTURN_TEXT, DecisionPanelView
from reviewer_app.ui.decision.session_sign import unlocked_identity
from reviewer_app.ui.decision.sign_step import SignRequest, sign_and_store
from reviewer_app.ui.decision.stored_letters import StoredLetters
from reviewer_app.ui.decision.unlock import ask_identity, reopen_with_identity
from reviewer_app.ui.decision.worker import DraftRenderer
from reviewer_app.ui.dialogs.messages import Problem, show_problem

if TYPE_CHECKING:
    from reviewer_app.letters.identity import SigningIdentity

log = logging.getLogger(__name__)

REDRAFT_DELAY_MS = 400  # typing in the rationale re-renders the preview after a pause
LETTER_DECISIONS = (Decision.APPROVE, Decision.DENY, Decision.PEND)
ALWAYS_SHOWN = (Decision.APPROVE, Decision.DENY)  # shown disabled, so the rule is visible


class DecisionPanel(DecisionPanelView):
    """``caseChanged``: the case's status or letters changed; ``letterChanged``: the letters
    (what Export and Print would use) changed."""

    caseChanged = Signal()
    letterChanged = Signal()

    def __init__(
        self,
        case: CaseFile,
        profile: ReviewerProfile,
        *,
        organization: Organization,
        trust: TrustStore,
        now: Callable[[], dt.datetime],
        settings: QSettings | None = None,
        identity_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.case = case
        self._identity_folder = identity_folder or Path.home()
        self.profile = profile
        self._organization = organization
        self._trust = trust
        self._now = now
        self._settings = settings if settings is not None else QSettings()
        self._role = Role(profile.role)
        self._evaluation = case.evaluate()
        self._decision: Decision | None = None
        self._draft: Draft | None = None
        self._rendered: Rendered | None = None  # the draft as previewed: what is signed
        self._waiting_for = 0  # token of the render the preview waits for (0: none)
        self._renderer = DraftRenderer(self)
        self.letters = StoredLetters(case, trust, self)
        self._redraft_timer = QTimer(self, singleShot=True, interval=REDRAFT_DELAY_MS)
        self.show_letterhead(organization)

        self._renderer.rendered.connect(self._on_rendered)
        self._renderer.failed.connect(self._on_render_failed)
        self._redraft_timer.timeout.connect(self._redraft)
        for decision in LETTER_DECISIONS:
            self.buttons[decision].clicked.connect(lambda _=False, d=decision: self.choose(d))
        self.buttons[Decision.REFER].clicked.connect(self.refer)
        self.rationale.textChanged.connect(self._on_rationale_edited)
        self.member_rationale.textChanged.connect(self._on_rationale_edited)
        self.sign_button.clicked.connect(self.sign)
        self.reopen_button.clicked.connect(self.reopen)
        self.letters.letterShown.connect(self._clear_choice)  # the draft left the preview
        self.preview.englishToggled.connect(lambda _on: self._show_rendered())
        self.reload()

    # -- hooks used by the case view and the window ----------------------------------------

    def set_evaluation(self, evaluation: Evaluation) -> None:
        self._evaluation = evaluation
        self._show_state(store.locked(self.case))  # answering moves a draft case into review
        self._show_outcome()
        self._show_actions()
        if self._decision is not None:
            if self._permission(self._decision).allowed:
                self._redraft()
            else:
                self._clear_choice()

    def has_letter(self) -> bool:
        return self.letters.count() > 0

    def export_letter(self) -> bool:
        return self.letters.export()

    def print_letter(self) -> bool:
        return self.letters.print()

    def zoom_in(self) -> None:
        self.preview.zoom_in()

    def zoom_out(self) -> None:
        self.preview.zoom_out()

    # -- the whole panel ------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Show the case as it is now; select letter ``select`` (default: the newest)."""
        self._evaluation = self.case.evaluate()
        locked = store.locked(self.case)
        self.training_note.setVisible(self.case.header.training and not self.banner_above)
        self._show_state(locked)
        self._show_outcome()
        self.actions_box.setVisible(not locked)
        self._show_actions()
        self._show_determination(locked)
        self.letters.reload(select)
        if locked:
            self._clear_choice()
        elif self._decision is not None:
            self._redraft()
        elif not self.letters.count():
            self.preview.show_message("", "No letter yet. Choose an action to preview its letter.")

    def _show_state(self, locked: bool) -> None:
        self.state_note.setText(says.state_text(self.case, locked))
        set_style_property(self.state_note, "state", "readonly" if self.case.readonly else "")

    def _show_outcome(self) -> None:
        self.outcome.show_evaluation(self._evaluation)
        count = len(self._evaluation.unconfirmed)
        self.blocker.setVisible(bool(count) and not store.locked(self.case))
        noun = "answer from intake is" if count == 1 else "answers from intake are"
        self.blocker.setText(
            f"Deciding is blocked: {count} {noun} not confirmed yet. Confirm them in the "
            "checklist on the Review tab (Alt+R) first; a referral is still possible."
        )

    def _permission(self, decision: Decision) -> Permission:
        return permission(
            self._role, decision, self._evaluation.outcome, training=self.case.header.training
        )

    def _show_actions(self) -> None:
        writable = self.case.writable
        for decision, button in self.buttons.items():
            perm = self._permission(decision)
            shown = perm.allowed or decision in ALWAYS_SHOWN
            overturn = decision is Decision.APPROVE and perm.needs_rationale
            button.setText(OVERTURN_TEXT if overturn else ACTION_TEXTS[decision])
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.setVisible(shown)
            button.setEnabled(perm.allowed and writable)
            reason = "" if perm.allowed else perm.reason
            if perm.allowed and not writable:
                reason = "This case is open read-only."
            button.setToolTip(reason)
            button.setAccessibleDescription(reason)
            label = self.reasons[decision]
            label.setText(reason)
            label.setVisible(shown and bool(reason))
        self.set_rationale_writable(writable)
        self._update_sign()

    def _show_determination(self, locked: bool) -> None:
        current = store.current_determination(self.case)
        reopened = store.reopened_determination(self.case)
        text = says.determination_text(current, reopened)
        self.determination_box.setVisible(bool(text))
        self.determination.setText(text)
        may_reopen = self._role is Role.MEDICAL_DIRECTOR or (
            self._role is Role.TRAINER and self.case.header.training
        )
        self.reopen_button.setVisible(locked and may_reopen)
        self.reopen_button.setEnabled(self.case.writable)

    # -- choosing an action and previewing its letter ------------------------------------

    def choose(self, decision: Decision) -> None:
        """Preview the letter ``decision`` would send (an unsigned draft)."""
        if not self.buttons[decision].isEnabled():
            return
        self._decision = decision
        self.buttons[decision].setChecked(True)
        self.letters_table.clearSelection()  # the preview shows the draft, not a stored letter
        self._redraft()

    def _clear_choice(self) -> None:
        self._decision = None
        self._draft = None
        self._waiting_for = 0
        self._redraft_timer.stop()
        self.uncheck_actions()
        self.show_check(None)
        self._update_sign()

    def _on_rationale_edited(self) -> None:
        if self._decision is None:
            self._update_sign()
            return
        self._waiting_for = -1  # the preview no longer shows what would be signed
        self._redraft_timer.start()
        self._update_sign()

    def _redraft(self) -> None:
        self._redraft_timer.stop()
        if self._decision is None:
            return
        signer = Signer(self.profile.name, self.profile.credentials, self.profile.role)
        today = self._now().date()  # the date decide() prints: the same clock, the same zone
        try:
            self._draft = draft(
                *(self.case, self._decision, self._rationale(), signer, self._organization, today),
                self.member_words(),
            )
        except (CaseFileError, ValueError) as exc:
            self._draft = None
            self.preview.show_message("", f"The letter could not be drafted: {exc}.", "bad")
            self._update_sign()
            return
        self.preview.offer_english(self._draft.english is not None)
        self.show_language(self._draft.data.language)
        self._render_draft()

    def _render_draft(self) -> None:
        """Render the whole draft (what signing signs, both parts of a letter in the
        member's language); the preview shows the part chosen."""
        if self._draft is None:
            return
        self._rendered = None
        self._waiting_for = self._renderer.render(self._draft)
        caption = says.draft_caption(self._draft.preview(self.preview.english_shown()).data)
        self.preview.show_message(caption, "Rendering the letter preview…")
        self._update_sign()

    def _on_rendered(self, token: int, pdf: bytes) -> None:
        if token != self._waiting_for or self._draft is None:
            return  # a newer draft is on its way
        self._waiting_for = 0
        self._rendered = Rendered(self._draft, pdf)
        self._show_rendered()

    def draft_pdf(self) -> bytes | None:
        """The rendered draft being previewed: the bytes signing signs."""
        return self._rendered.pdf if self._rendered is not None else None

    def _show_rendered(self) -> None:
        """The previewed part of the rendered draft: the member's letter or its English."""
        if self._rendered is None or self._draft is None:
            return
        english = self.preview.english_shown() and self._draft.english is not None
        shown = self._draft.preview(english).data
        pdf = self._rendered.pdf
        if self._draft.english is not None:
            from reviewer_app.letters.parts import extract_part

            pdf = extract_part(pdf, shown.language)
        if not self.preview.show_pdf(pdf, says.draft_caption(shown)):
            self._draft = self._rendered = None
        self._update_sign()

    def _on_render_failed(self, token: int, error: str) -> None:
        if token != self._waiting_for:
            return
        self._waiting_for = 0
        self._draft = None
        self.preview.show_message("", f"The letter preview could not be made ({error}).", "bad")
        self._update_sign()

    def _sign_blocker(self) -> str:
        """Why the letter cannot be signed now ("" when it can); the reasons are the domain's."""
        if self._decision is None:
            return "Choose an action first."
        if self._waiting_for or self._draft is None or self._rendered is None:
            return "Wait for the preview to show the letter you are signing."
        if self._draft.problems:
            return "The letter check lists required elements that are missing."
        return self._not_allowed(self._decision)

    def _not_allowed(self, decision: Decision) -> str:
        """Why the domain would refuse ``decision`` now ("" if it would not)."""
        try:
            check_allowed(self.case, self._role, decision, self._rationale())
        except (DecisionNotAllowed, CaseFileError) as exc:
            return says.in_words(str(exc).rstrip(".") + ".", self.case)
        return ""

    def _update_sign(self) -> None:
        perm = self._permission(self._decision) if self._decision else None
        blocker = self._sign_blocker()
        needs = perm is not None and perm.needs_rationale
        why = self._not_allowed(self._decision) if needs and self._decision else ""
        hint, required = says.rationale_hint(needs, bool(self._rationale()), why)
        self.rationale_hint.setText(hint)
        set_style_property(self.rationale_hint, "required", required)
        if self._draft is not None:  # "Ready to sign" only when nothing else blocks it
            self.show_check(self._draft.problems, blocked=bool(blocker), notes=self._draft.warnings)
        self.sign_button.setEnabled(not blocker)
        self.sign_reason.setText(blocker)
        self.sign_reason.setVisible(bool(blocker))
        self.sign_button.setToolTip(blocker)

    def _rationale(self) -> str:
        return self.rationale.toPlainText().strip()

    # -- signing, referring, reopening -------------------------------------------------------

    def sign(self) -> bool:
        if self._sign_blocker() or self._decision is None or self._draft is None:
            return False
        previewed = self._rendered
        decision = self._decision
        summary = (
            f"{DECISION_LABELS[decision]} — {self._draft.data.title}, version "
            f"{self._draft.data.version}, for case {self.case.case_id}. Your digital signature "
            "is applied to this letter, which is then stored in the case file."
        )
        identity = self._ask_identity(summary, (decision, self._evaluation.outcome))
        if identity is None:
            return False
        now = self._now().replace(microsecond=0)
        words = (self._rationale(), self.member_words())
        request = SignRequest(decision, *words, previewed, self._organization, now)
        row = sign_and_store(self, self.case, identity, request, self._trust)
        if row is None:
            return False
        self._clear_choice()
        self.clear_rationale()
        self.reload(select=row.id)
        self.letters.say(f"Signed and stored letter version {row.version}.", "ok")
        self.caseChanged.emit()
        self.letterChanged.emit()
        return True

    def refer(self) -> bool:
        dialog = referral_dialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            refer_to_medical_director(self.case, self.profile.actor, dialog.text())
        except CaseFileError as exc:
            show_problem(self, Problem("The case was not referred", f"{exc}.", "Nothing changed."))
            return False
        self._clear_choice()
        self.reload()
        self.caseChanged.emit()
        return True

    def _ask_identity(
        self,
        summary: str,
        letter: tuple[Decision, Outcome] | None = None,
        *,
        reopening: bool = False,
    ) -> SigningIdentity | None:
        return ask_identity(
            self,
            self.profile,
            self._settings,
            self._identity_folder,
            self._trust,
            summary,
            training=self.case.header.training,
            letter=letter,
            unlocked=unlocked_identity(self.case),  # the session's (issue 19)
            reopening=reopening,
        )

    def reopen(self) -> bool:
        """A medical director's reopening: the role comes from the identity they unlock."""
        ask = partial(self._ask_identity, reopening=True)
        if not reopen_with_identity(self, self.case, ask, self._trust, self._now):
            return False
        self.reload()
        self.caseChanged.emit()
        return True
