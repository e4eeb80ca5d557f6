"""The window guard: puts the lock screen over the window and takes it away again.

It wires the session key, the idle lock and the window together:

- on start, asks for the passphrase (or sets one up on first run) before case data shows;
- File ▸ Lock (Ctrl+L) and the idle timer lock: pending edits are written first, the
  unlocked identity is forgotten (its key leaves memory, issue 19), then the lock screen
  replaces everything, the menus and every shortcut but Quit stop working, and drops are
  refused;
- unlocking with the passphrase brings back the same page, case and focus; a real case
  that the forgotten identity signed asks for the identity again and opens anew (read-only
  with the notice's unlock button if the person cancels);
- File ▸ Change passphrase… re-encrypts the workspace's cases;
- File ▸ Lock after inactivity… sets the idle time (in minutes, kept in the settings).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QWidget

from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.casefile.opening import PolicySource
from reviewer_app.casefile.summary import read_summary
from reviewer_app.casefile.workspace_keys import (
    RekeyReport,
    case_files,
    looks_encrypted,
    rekey_workspace,
)
from reviewer_app.ui.app_settings import AppSettings
from reviewer_app.ui.dialogs.messages import ask_yes_no, show_info
from reviewer_app.ui.security.lock import MINUTE_MS, IdleLock
from reviewer_app.ui.security.lock_screen import LockScreen
from reviewer_app.ui.security.passphrase_dialogs import (
    ChangePassphraseDialog,
    SetupPassphraseDialog,
    UnlockDialog,
    busy_cursor,
)
from reviewer_app.ui.security.session_key import SessionKey

if TYPE_CHECKING:
    from reviewer_app.ui.main_window import MainWindow

IDLE_MINUTES_MIN, IDLE_MINUTES_MAX = 1, 120  # what the menu offers (0, never, only by config)
BLOCKED_WHILE_LOCKED = frozenset(
    {QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop, QEvent.Type.Shortcut}
)


class WindowGuard(QObject):
    def __init__(
        self,
        window: MainWindow,
        session: SessionKey,
        settings: AppSettings,
        idle: IdleLock,
        policies: PolicySource,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        self._settings = settings
        self._idle = idle
        self._policies = policies
        self._after_unlock: Callable[[], None] | None = None
        self._focus: QWidget | None = None
        self._started = False  # start() has asked for the passphrase
        self._starting = False  # start() is running
        self._refresh_pending = False  # unlocked before start(): list the workspace after it
        self._blocking = False  # the application-wide filter is installed
        self._reunlock: Path | None = None  # the case whose signer the lock forgot

        # The lock screen sits beside the window's own pages.
        self.content: QWidget = window.stack
        self.pages = window.pages
        self.lock_screen = LockScreen()
        self.pages.addWidget(self.lock_screen)

        a = window.actions_
        for action in (a.lock, a.change_passphrase, a.idle_lock):
            action.setVisible(True)
        a.lock.triggered.connect(self.lock)
        a.change_passphrase.triggered.connect(self.change_passphrase)
        a.idle_lock.triggered.connect(self.choose_idle_minutes)
        self.lock_screen.addAction(a.quit)  # Ctrl+Q still quits while locked
        self.lock_screen.unlockRequested.connect(self._unlock_with)
        self.lock_screen.setupRequested.connect(self.set_up)
        session.lockedChanged.connect(self._show_locked)
        idle.idle.connect(self.lock)
        self._show_locked(session.locked)

    # -- public -------------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self._session.locked

    def start(self, then: Callable[[], None] | None = None, *, asked: bool = False) -> None:
        """Before any case data shows: set up the passphrase, or ask for it.

        ``then`` runs once the window is unlocked (now, or later from the lock screen).
        ``asked``: the unlock prompt came before the window (ui/start.py); unlocked there,
        ``then`` runs now, before the window's first paint (the case it opens is what the
        window first shows), and after Cancel the lock screen stays until the passphrase
        is typed into it.
        """
        self._after_unlock = then
        self._starting = True
        # Until now no event loop has run but modal dialogs', and the first passphrase
        # dialog is application-modal too: no shortcut or drop can reach the window before
        # it closes, so the filter that stops them (which sees every event of the app) is
        # needed only from then on, if the window is still locked.
        if asked:
            self.lock_screen.set_waiting(False)  # the prompt is gone
            if not self._session.locked:
                self._run_after_unlock()
            if self._refresh_pending:  # the workspace scan waits until the case is shown:
                self._refresh_pending = False  # an encrypted index costs a key derivation
                QTimer.singleShot(0, self._window.workspace.refresh)
        elif not self._settings.passphrase_set_up():
            self.set_up()
        elif self._session.locked:
            self.lock_screen.set_waiting(True)
            try:
                UnlockDialog(self._session.unlock, self._window).exec()
            finally:
                self.lock_screen.set_waiting(False)
        self._started, self._starting = True, False
        self._block_commands(self._session.locked)

    def set_up(self) -> bool:
        dialog = SetupPassphraseDialog(self._window)
        self.lock_screen.set_waiting(True)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        finally:
            self.lock_screen.set_waiting(False)
        self._settings.set_passphrase_set_up(True)
        self._settings.sync()
        self._session.set_up(dialog.passphrase())
        self._offer_to_encrypt_plain_cases()
        return True

    def lock(self) -> None:
        """Write what is pending, then hide everything behind the lock screen."""
        if self._session.locked or self._session.key is None:
            return
        view = self._window.case_view
        if view is not None:
            view.flush()  # a note being typed is saved before the lock, not lost
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and self._window.isAncestorOf(focus) else None
        for widget in QApplication.topLevelWidgets():
            # An open dialog can show case data too (the letter summary when signing):
            # it is cancelled, as if Escape was pressed. Dialogs save nothing by closing.
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        self._forget_identity()
        self._session.lock()

    def change_passphrase(self) -> None:
        if self._session.locked:
            return
        dialog = ChangePassphraseDialog(self._session.matches, self._window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        old, new = self._session.key, dialog.new_passphrase()
        window = self._window
        reopen = window.case.path if window.case is not None else None
        window.close_case()  # its file is re-encrypted too, so it must be closed
        report = self._rekey(old, CaseKey(new))
        self._session.set_up(new)
        window.workspace.refresh()
        if reopen is not None:
            window.open_path(reopen)
        show_info(window, "Passphrase changed", _report_text(report))

    def choose_idle_minutes(self) -> None:
        """Ask how many minutes without input lock the window, and apply it at once."""
        current = self._settings.idle_lock_minutes()
        minutes, ok = QInputDialog.getInt(
            self._window,
            "Lock after inactivity",
            "Lock the window after this many minutes without keyboard or mouse input:",
            min(max(current, IDLE_MINUTES_MIN), IDLE_MINUTES_MAX),
            IDLE_MINUTES_MIN,
            IDLE_MINUTES_MAX,
        )
        if not ok:
            return
        self._settings.set_idle_lock_minutes(minutes)
        self._settings.sync()
        self._idle.set_interval_ms(minutes * MINUTE_MS)
        noun = "minute" if minutes == 1 else "minutes"
        self._window.statusBar().showMessage(f"The window locks after {minutes} {noun}", 5000)

    # -- private ------------------------------------------------------------------------------

    def _forget_identity(self) -> None:
        """The person's key leaves memory with the lock; the open case it signed turns
        read-only, and asks for the identity again after the unlock (``_ask_identity``)."""
        from reviewer_app.decisions.session_signing import NO_IDENTITY, SessionCase

        identity = self._window.identity
        dropped = identity.forget() if identity is not None else None
        case = self._window.case
        if dropped is None or not isinstance(case, SessionCase):
            return
        if case.forget_signer(dropped, NO_IDENTITY):
            self._reunlock = case.path

    def _ask_identity(self) -> None:
        """After the unlock: the identity again, then the case opened anew with its signer
        (or read-only, with the notice that unlocks one, if the person cancelled)."""
        path, self._reunlock = self._reunlock, None
        identity, window = self._window.identity, self._window
        if path is None or identity is None or window.case is None or window.case.path != path:
            return
        identity.unlock(window)
        self._focus = None  # its widget goes with the case view
        window.close_case(refresh=False)
        window.open_path(path)

    def _unlock_with(self, passphrase: str) -> None:
        with busy_cursor():
            ok = self._session.unlock(passphrase)
        if not ok:
            self.lock_screen.show_wrong()

    def _run_after_unlock(self) -> None:
        then, self._after_unlock = self._after_unlock, None
        if then is not None:
            then()

    def _show_locked(self, locked: bool) -> None:
        window = self._window
        window.menuBar().setEnabled(not locked)
        window.actions_.recent_menu.set_locked(locked)
        window.statusBar().setVisible(not locked)  # its messages name cases and counts
        if locked:
            window.statusBar().clearMessage()
            self._idle.pause()
            self._block_commands(self._started)
            self.pages.setCurrentWidget(self.lock_screen)
            self.lock_screen.set_setup_mode(not self._settings.passphrase_set_up())
            self.lock_screen.reset()
            return
        self._block_commands(False)
        self.pages.setCurrentWidget(self.content)
        self.lock_screen.reset()
        self._idle.resume()
        if self._focus is not None:
            self._focus.setFocus()
            self._focus = None
        if self._started or self._starting:
            window.workspace.refresh()  # names of encrypted cases need the key
        else:  # unlocked at the first prompt, before start(): listed once start() has run
            self._refresh_pending = True
        if self._after_unlock is not None:  # after what unlocked us (setup) has finished
            QTimer.singleShot(0, self._run_after_unlock)
        if self._reunlock is not None:
            QTimer.singleShot(0, self._ask_identity)

    def _block_commands(self, block: bool) -> None:
        app = QApplication.instance()
        if app is None or block == self._blocking:
            return
        if block:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._blocking = block

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While locked: no shortcut but Quit and the lock screen's own, and no drops."""
        if event.type() not in BLOCKED_WHILE_LOCKED or not self._session.locked:
            return False
        if event.type() == QEvent.Type.Shortcut:
            if watched is self._window.actions_.quit:
                return False
            if isinstance(watched, QWidget) and self.lock_screen.isAncestorOf(watched):
                return False
        event.ignore()
        return True

    def _actor(self) -> str:
        profile = self._settings.profile()
        return profile.actor if profile else "unknown reviewer"

    def _rekey(self, old: CaseKey | None, new: CaseKey) -> RekeyReport:
        with busy_cursor():
            folder = self._window.workspace.folder
            identity = self._window.identity  # the session's: it signs each rekey's entry
            signer = None  # asked for now if not unlocked yet (creating: a change is due)
            if identity is not None:
                signer = identity.signer_for(self._window, training=False, creating=True)[0]
            return rekey_workspace(folder, old, new, self._policies, self._actor(), signer)

    def _offer_to_encrypt_plain_cases(self) -> None:
        """Cases made before the passphrase existed: encrypt them too, if the user agrees."""
        key = self._session.key
        folder = self._window.workspace.folder
        plain = [p for p in case_files(folder) if not looks_encrypted(p)]
        real = [p for p in plain if not (s := read_summary(p)).training and s.error is None]
        if not real or key is None:
            return
        noun = "case file is" if len(real) == 1 else "case files are"
        if ask_yes_no(
            self._window,
            "Encrypt existing case files?",
            f"{len(real)} {noun} in the workspace not encrypted yet. Encrypt them with "
            "your new passphrase now? Training cases stay unencrypted.",
        ):
            report = self._rekey(None, key)
            show_info(self._window, "Case files encrypted", _report_text(report))


def _report_text(report: RekeyReport) -> str:
    noun = "case file" if len(report.changed) == 1 else "case files"
    lines = [f"Re-encrypted {len(report.changed)} {noun} with the new passphrase."]
    if report.busy:
        names = ", ".join(p.name for p in report.busy)
        lines.append(f"Open elsewhere, so not changed yet: {names}. Try again once closed.")
    if report.other_passphrase:
        names = ", ".join(p.name for p in report.other_passphrase)
        lines.append(f"Encrypted with another passphrase, left as they are: {names}.")
    if report.failed:
        names = ", ".join(p.name for p in report.failed)
        lines.append(f"Could not be read, left as they are: {names}.")
    if report.needs_identity:
        names = ", ".join(p.name for p in report.needs_identity)
        lines.append(
            f"Not changed without your identity (every change to a case is signed): {names}. "
            "Unlock your identity (open a case), then change the passphrase again."
        )
    return "\n\n".join(lines)
