"""Opening and creating case files, with every failure turned into a dialog.

Nothing here changes a file that fails to open: the store checks a file's header before
it writes anything, and an intake that fails validation creates no case.

With a session key, new real cases are encrypted with it and encrypted cases open with
it; a file encrypted with another passphrase (a colleague's) asks for that one.

With a session identity, every case opens as a ``SessionCase`` whose entries the person's
identity signs (the training identity on training cases); the first real case asks for
it, and a real case without one opens read-only with a notice offering to unlock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget

from reviewer_app.casefile import CaseFile, NotACaseFile
from reviewer_app.casefile.crypto import CaseKey, WrongPassphrase
from reviewer_app.casefile.entry_signing import EntryCheck
from reviewer_app.casefile.format import SUFFIX
from reviewer_app.casefile.naming import case_file_name
from reviewer_app.casefile.seen import SeenTrails
from reviewer_app.casefile.workspace_keys import looks_encrypted
from reviewer_app.decisions.session_signing import SessionCase
from reviewer_app.policy import PolicyRegistry
from reviewer_app.ui.dialogs.messages import (
    Problem,
    ask_yes_no,
    intake_problem,
    open_problem,
    show_problem,
)
from reviewer_app.ui.security.passphrase_dialogs import FilePassphraseDialog
from reviewer_app.ui.security.session_identity import IdentityNotice, SessionIdentity
from reviewer_app.ui.security.session_key import SessionKey

log = logging.getLogger(__name__)


def dropped_case_files(urls: list[QUrl]) -> list[Path]:
    """The intake requests (.json) and case files (.umcase) among dropped URLs."""
    out = []
    for url in urls:
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in (".json", SUFFIX) and path.is_file():
                out.append(path)
    return out


class CaseOpener:
    def __init__(
        self,
        registry: PolicyRegistry,
        parent: QWidget,
        session: SessionKey | None = None,
        seen: SeenTrails | None = None,
        identity: SessionIdentity | None = None,
    ) -> None:
        self._registry = registry
        self._parent = parent
        self._session = session
        self._seen = seen  # this computer's record of case trails: an older copy is noticed
        self._identity = identity  # signs the entries (None: entries are not signed)

    @property
    def key(self) -> CaseKey | None:
        return self._session.key if self._session is not None else None

    def open(self, path: Path, actor: str = "") -> CaseFile | None:
        """The open case, or None (the reviewer was told why, or chose not to).

        ``actor`` is who re-encrypts a colleague's file with the session's passphrase.
        """
        try:
            case: CaseFile | None = self._open(path, self.key, actor)
        except (WrongPassphrase, NotACaseFile) as exc:
            if not looks_encrypted(path):
                self._problem(path, exc)
                return None
            case = self._open_with_other_passphrase(path, actor)
        except Exception as exc:
            self._problem(path, exc)
            return None
        if case is None:
            return None
        if case.readonly and case.locked_by and not identity_problem(case):
            holder = case.locked_by.removeprefix(f"{path}: ")
            if not ask_yes_no(
                self._parent,
                "Case open elsewhere",
                f"{case.case_id} is already open: {holder}.\n\n"
                "Open it read-only? You can read it, but changes must be made where it "
                "is open.",
            ):
                case.close()
                return None
        return case

    def create_from_intake(self, intake_path: Path, folder: Path, actor: str) -> CaseFile | None:
        """Import an intake request into ``folder`` as ``<case id>.umcase``, never overwriting."""
        from reviewer_app.casefile.importer import case_id_for, import_intake  # the ORM
        from reviewer_app.intake import load_intake

        try:
            intake = load_intake(intake_path)
        except Exception as exc:
            log.warning("intake not imported (%s)", exc.__class__.__name__)
            show_problem(self._parent, intake_problem(intake_path, exc))
            return None
        signer = None
        if self._identity is not None:  # a request imported here is a real case
            signer, problem = self._identity.signer_for(self._parent, training=False, creating=True)
            if signer is None:
                again = "Unlock your identity, then import the request again."
                show_problem(
                    self._parent, Problem("The case was not created", f"{problem}.", again)
                )
                return None
        case_id = case_id_for(intake)
        dest = folder / case_file_name(case_id)
        if dest.exists():
            if ask_yes_no(
                self._parent,
                "Case already in the workspace",
                f"A case file for {case_id} already exists in the workspace ({dest.name}). "
                "It was not overwritten.\n\nOpen the existing case?",
            ):
                return self.open(dest)
            return None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            case = import_intake(intake, dest, self._registry, actor, key=self.key, signer=signer)
        except Exception as exc:
            log.warning("intake not imported (%s)", exc.__class__.__name__)
            show_problem(self._parent, intake_problem(intake_path, exc))
            return None
        if signer is None:
            return case
        case.close()  # opened again as every case is: checked, and signed by the session
        return self.open(dest, actor)

    def notices(self, case: CaseFile, reopen: Callable[[Path], object]) -> list[QWidget]:
        """The notice over a case opened read-only for want of an identity (with a button
        that unlocks one, then ``reopen``s the case), or none."""
        problem = identity_problem(case)
        identity = self._identity
        if not problem or identity is None:
            return []

        def unlock() -> None:
            if identity.unlock(self._parent):
                reopen(case.path)

        return [IdentityNotice(problem, unlock)]

    def _problem(self, path: Path, exc: BaseException) -> None:
        log.warning("case file did not open (%s)", exc.__class__.__name__)
        show_problem(self._parent, open_problem(path, exc))

    def _open(self, path: Path, key: CaseKey | None, actor: str) -> SessionCase:
        """Every case the app opens: this machine's record of trails, its check of signed
        entries, the reviewer named in the lock note, and the session's signer."""
        case = SessionCase.open(
            path,
            self._registry,
            key=key,
            seen=self._seen,
            holder=actor,
            entry_check=_entry_check(),
        )
        assert isinstance(case, SessionCase)
        if self._identity is None or not case.writable:
            return case
        signer, problem = self._identity.signer_for(self._parent, training=case.header.training)
        if signer is not None:
            own = None if case.header.training else self._identity.signers.identity
            case.sign_by_default(signer, own)
            return case
        case.keep_read_only(problem)  # nobody here can sign its changes: let go of the lock
        return case

    def _open_with_other_passphrase(self, path: Path, actor: str) -> CaseFile | None:
        """Ask for the passphrase of a file that ours does not open; offer to re-encrypt."""
        opened: list[CaseFile] = []
        failed: list[BaseException] = []

        def attempt(passphrase: str) -> bool:
            try:
                opened.append(self._open(path, CaseKey(passphrase), actor))
            except (WrongPassphrase, ValueError):
                return False
            except Exception as exc:  # opens, but cannot be used: say why below
                failed.append(exc)
            return True

        own = self.key
        dialog = FilePassphraseDialog(
            path.name, attempt, can_rekey=own is not None and bool(actor), parent=self._parent
        )
        accepted = dialog.exec() == FilePassphraseDialog.DialogCode.Accepted
        if failed:
            self._problem(path, failed[0])
            return None
        if not accepted or not opened:
            return None
        case = opened[0]
        if dialog.rekey() and own is not None and not case.readonly:
            try:
                case.rekey(own, actor)
            except Exception as exc:  # still open under the old passphrase: carry on
                log.warning("case file not re-encrypted (%s)", exc.__class__.__name__)
        return case


def identity_problem(case: CaseFile) -> str:
    """Why ``case`` was opened read-only for want of an identity, or ''."""
    return case.identity_problem if isinstance(case, SessionCase) else ""


def _entry_check() -> EntryCheck:
    """Signed audit entries checked as a case opens, with this machine's trust bundle
    (loaded only for a trail that holds a signed entry)."""
    from reviewer_app.config import config_dir
    from reviewer_app.decisions.entry_check import checked_with
    from reviewer_app.decisions.trust import TrustStore

    return checked_with(TrustStore(config_dir() / "trust").anchors)
