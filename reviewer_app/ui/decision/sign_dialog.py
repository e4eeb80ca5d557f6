"""Choose the signer's PKCS#12 identity, unlock it, see who it is, then sign.

What the certificate says is shown before signing: name, credentials, role, who issued
it and until when it is valid. It must be able to sign here (``check_with``: issued by
the organization in this machine's trust bundle, valid and unrevoked now; self-signed
and training identities on training cases only), and its role must be the reviewer
profile's role. New identity… (self-signed) is offered on training cases only. The last
identity file is remembered (its path only) in the QSettings handed in.

The identities used here before (``letters.identity_store``) are listed with the one that
fits this letter chosen (``decisions.authorization.authorize_decision`` for the decision
and the checklist outcome, and the profile's role): the last one used only if it fits. The
others are named with the reason they cannot sign it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.decisions.authorization import (
    HOW_TO_GET_ONE,
    CertificateHolder,
    Issuer,
    authorize,
    authorize_decision,
    issuer_of,
)
from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.trust import TrustAnchors, TrustBundleError, TrustStore
from reviewer_app.letters.identity import IdentityError, SigningIdentity, load_identity
from reviewer_app.letters.identity_store import IdentityStore, KnownIdentity
from reviewer_app.review.engine import Outcome
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.case.styling import set_style_property
from reviewer_app.ui.decision.identity_labels import (
    ISSUERS,
    identity_label,
    role_label,
    role_mismatch,
    who,
)
from reviewer_app.ui.dialogs.messages import Problem, show_problem

log = logging.getLogger(__name__)

LAST_IDENTITY_KEY = "decision/last_identity"


class SignDialog(QDialog):
    def __init__(
        self,
        profile: ReviewerProfile,
        summary: str,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        new_identity: Callable[[SignDialog], tuple[Path, str] | None] | None = None,
        store: IdentityStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign the determination letter")
        self.setAccessibleName("Sign the determination letter")
        self._profile = profile
        self._settings = settings
        self._identity: SigningIdentity | None = None
        self._anchors = TrustAnchors()
        self._anchors_problem = ""
        self._training = False
        self._store = store
        self._letter: tuple[Decision, Outcome] | None = None
        self._known: list[KnownIdentity] = []
        self._swallow_return = False

        intro = QLabel(summary)
        intro.setWordWrap(True)
        intro.setAccessibleName("What you are signing")

        self.path_edit = QLineEdit(str(settings.value(LAST_IDENTITY_KEY, "", type=str) or ""))
        self.path_edit.setAccessibleName("Identity file")
        self.path_edit.setPlaceholderText("Your signing identity (.p12)")
        self.known_box = QComboBox()
        self.known_box.setAccessibleName("Your identities")
        self.others = QLabel()
        self.others.setWordWrap(True)
        self.others.setAccessibleName("Identities that cannot sign this letter")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setAccessibleName("Browse for the identity file")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self._new_identity = new_identity
        self.new_button = QPushButton("&New identity…")
        self.new_button.setAccessibleName("Make a new signing identity")
        self.new_button.setVisible(new_identity is not None)
        path_row.addWidget(self.new_button)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName("Identity passphrase")
        self.open_button = QPushButton("&Unlock identity")
        self.open_button.setAccessibleName("Unlock identity")

        self.name_label = self._value("Signer name")
        self.credentials_label = self._value("Signer credentials")
        self.role_label = self._value("Signer role")
        self.issuer_label = self._value("Issued by")
        self.expiry_label = self._value("Valid until")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Identity check")
        self.note.setProperty("decision", "verdict")

        form = QFormLayout()
        self.known_label = QLabel("&Identity:")
        self.known_label.setBuddy(self.known_box)
        form.addRow(self.known_label, self.known_box)
        path_label = QLabel("Identity &file:")
        path_label.setBuddy(self.path_edit)
        form.addRow(path_label, path_row)
        pass_label = QLabel("&Passphrase:")
        pass_label.setBuddy(self.passphrase_edit)
        form.addRow(pass_label, self.passphrase_edit)
        form.addRow("", self.open_button)
        form.addRow("Name:", self.name_label)
        form.addRow("Credentials:", self.credentials_label)
        form.addRow("Role:", self.role_label)
        form.addRow("Issued by:", self.issuer_label)
        form.addRow("Valid until:", self.expiry_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = self.buttons.addButton(
            "&Sign letter", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_button.setAccessibleName("Sign letter")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.others)  # outside the form: a wrapped label there is cut
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        self.known_box.activated.connect(self._take_known)
        self.browse_button.clicked.connect(self.browse)
        self.new_button.clicked.connect(self.make_identity)
        self.open_button.clicked.connect(self.unlock)
        self.passphrase_edit.returnPressed.connect(self._unlock_and_sign)
        self.path_edit.textChanged.connect(self._forget)
        self.passphrase_edit.textChanged.connect(self._forget)
        self._offer_known([])
        self._forget()
        self._focus_first_field()

    def _focus_first_field(self) -> None:
        (self.passphrase_edit if self.path_edit.text() else self.path_edit).setFocus()

    def _value(self, name: str) -> QLabel:
        label = QLabel("—")
        label.setAccessibleName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def check_with(
        self,
        trust: TrustStore,
        *,
        training: bool,
        letter: tuple[Decision, Outcome] | None = None,
    ) -> None:
        """Judge identities against this machine's trust, for a training case or not, and
        for signing ``letter`` (the decision and the checklist's outcome) when given."""
        self._training = training
        self._letter = letter
        try:
            self._anchors = trust.anchors()
        except TrustBundleError as exc:
            self._anchors_problem = f"The trust bundle cannot be read: {exc}."
        self.new_button.setVisible(self._new_identity is not None and training)
        self._offer_known(self._store.identities() if self._store is not None else [])
        self._forget()
        self._focus_first_field()

    def _offer_known(self, known: list[KnownIdentity]) -> None:
        """List ``known`` with the fitting ones first; choose the one that fits (the last
        used if it does), and say why the others cannot sign this letter."""
        self._known = known
        judged = [(k, self._problem(k)) for k in known]
        fitting = [k for k, problem in judged if not problem]
        unfit = [(k, problem) for k, problem in judged if problem]
        self.known_box.clear()
        for k in fitting:
            self.known_box.addItem(identity_label(k), str(k.path))
        for k, _ in unfit:
            self.known_box.addItem(f"{identity_label(k)} (cannot sign this)", str(k.path))
        for widget in (self.known_label, self.known_box):
            widget.setVisible(bool(known))
        lines = [f"• {identity_label(k)}: {problem}" for k, problem in unfit]
        act = "sign this letter" if self._letter is not None else "be used for this"
        heading = (
            f"Your other identities cannot {act}:"
            if fitting
            else f"None of the identities used here can {act} (Browse… for another):"
        )
        self.others.setText(heading + "\n" + "\n".join(lines) if lines else "")
        self.others.setVisible(bool(lines))
        last = Path(self.path_edit.text().strip()).absolute() if self.path_edit.text() else None
        if any(k.path == last for k in fitting):
            choice: KnownIdentity | None = next(k for k in fitting if k.path == last)
        else:
            mine = [k for k in fitting if k.name.casefold() == self._profile.name.casefold()]
            choice = (mine or fitting)[0] if fitting else None
        if choice is not None:
            self.known_box.setCurrentIndex(self.known_box.findData(str(choice.path)))
            self.path_edit.setText(str(choice.path))
        elif any(k.path == last for k, _ in unfit):  # known not to fit: do not offer it
            self.known_box.setCurrentIndex(-1)
            self.path_edit.clear()

    def _take_known(self, index: int) -> None:
        path = self.known_box.itemData(index)
        if path:
            self.path_edit.setText(str(path))

    def identity(self) -> SigningIdentity | None:
        """The unlocked identity, when it may sign for the profile."""
        if self._identity is None or self._problem(self._identity):
            return None
        return self._identity

    def _problem(self, identity: CertificateHolder) -> str:
        if self._anchors_problem:
            return self._anchors_problem
        now = dt.datetime.now(dt.UTC)
        if self._letter is None:
            grant = authorize(identity, self._anchors, now=now, training=self._training)
        else:
            decision, outcome = self._letter
            grant = authorize_decision(
                identity, self._anchors, decision, outcome, now=now, training=self._training
            )
        return grant.problem or role_mismatch(identity, self._profile)

    def browse(self) -> None:
        start = self.path_edit.text().strip() or str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose your signing identity", start, "Signing identities (*.p12 *.pfx)"
        )
        if chosen:
            self.path_edit.setText(chosen)
            self.passphrase_edit.setFocus()

    def make_identity(self) -> bool:
        """A new identity (its own dialog), then unlocked with the passphrase just typed."""
        made = self._new_identity(self) if self._new_identity is not None else None
        if made is None:
            return False
        path, passphrase = made
        self.path_edit.setText(str(path))
        self.passphrase_edit.setText(passphrase)
        return self.unlock()

    def unlock(self) -> bool:
        path = self.path_edit.text().strip()
        if not path:
            self._show_note("Choose your identity file first.", "bad")
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            identity = load_identity(Path(path), self.passphrase_edit.text().encode("utf-8"))
        except IdentityError as exc:
            QGuiApplication.restoreOverrideCursor()
            self._forget()
            show_problem(
                self,
                Problem(
                    "Cannot unlock the signing identity",
                    str(exc),
                    "Check the passphrase and the file, then try again. Nothing was signed.",
                ),
            )
            self.passphrase_edit.selectAll()
            self.passphrase_edit.setFocus()
            return False
        QGuiApplication.restoreOverrideCursor()
        self._settings.setValue(LAST_IDENTITY_KEY, path)
        if self._store is not None:
            try:
                self._store.remember(Path(path), identity.cert_der)
            except OSError:  # only a convenience for next time: signing goes on
                log.warning("the identity was not added to the list of known identities")
        self._identity = identity
        self._show_holder(identity, identity.organization)
        mismatch = self._problem(identity)
        if mismatch:
            self._show_note(mismatch, "bad")
        else:
            self._show_note(self._signing_as(identity), "ok")
        self.sign_button.setEnabled(not mismatch)
        if not mismatch:
            self.sign_button.setFocus()
        return not mismatch

    def _unlock_and_sign(self) -> None:
        """Return in the passphrase field unlocks; when the dialog showed this very
        certificate beforehand (a known identity) and it may sign, it signs at once: one
        Return, not a second on Sign. Anything unexpected stops at the details."""
        known = self._known_for()
        unlocked = self.unlock()
        # The line edit passes its Return on to the dialog, whose default button is Sign,
        # focused by the unlock: it would sign what nobody has seen. That Return stops here.
        self._swallow_return = True
        shown = known.cert_der if known is not None else None  # the certificate shown before
        if unlocked and self._identity is not None and self._identity.cert_der == shown:
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        swallow, self._swallow_return = self._swallow_return, False
        if swallow and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def _known_for(self) -> KnownIdentity | None:
        """The known identity whose file the path names (None: unknown, or no path)."""
        text = self.path_edit.text().strip()
        if not text:
            return None
        path = Path(text).absolute()
        return next((k for k in self._known if k.path == path), None)

    def _show_holder(self, holder: CertificateHolder, organization: str) -> None:
        self.name_label.setText(holder.name or "—")
        self.credentials_label.setText(holder.credentials or "—")
        self.role_label.setText(role_label(holder) or "—")
        issuer = issuer_of(holder, self._anchors)
        org = f"{organization} (your organization)" if organization else ""
        self.issuer_label.setText(org if issuer is Issuer.ORGANIZATION and org else ISSUERS[issuer])
        self.expiry_label.setText(f"{holder.not_after:%Y-%m-%d}")

    def _signing_as(self, identity: SigningIdentity) -> str:
        text = f"The letter will be signed by {who(identity)} ({role_label(identity)})."
        if identity.self_signed:
            text += " The identity is self-signed (local); the signature says so."
        if self._training:
            text += " This is a training letter, marked as not a determination."
        return text

    def _forget(self) -> None:
        self._identity = None
        labels = (self.name_label, self.credentials_label, self.role_label)
        for label in (*labels, self.issuer_label, self.expiry_label):
            label.setText("—")
        hint = (
            ""
            if self._training
            else f" No identity yet? {HOW_TO_GET_ONE[0].upper()}{HOW_TO_GET_ONE[1:]}."
        )
        self.sign_button.setEnabled(False)
        known = self._known_for()
        if known is None:
            self._show_note("Unlock your identity to see who will sign." + hint, "")
            return
        self._show_holder(known, known.organization)  # from its certificate, kept here
        problem = self._problem(known)
        ready = (
            f"{who(known)} ({role_label(known)}), as its certificate says. Type the "
            "passphrase and press Enter."
        )
        self._show_note(problem or ready, "bad" if problem else "")

    def _show_note(self, text: str, verdict: str) -> None:
        self.note.setText(text)
        set_style_property(self.note, "verdict", verdict)
