"""The case passphrase of this session: held in memory only, with the lock state.

The key is kept while the window is locked (the lock hides the data; it does not
re-encrypt anything), but unlocking needs the passphrase typed again. Before the first
unlock of a session there is no key to compare with, so a typed passphrase is checked by
the ``verify`` callable handed in (run.py tries it on the workspace's encrypted cases, or
this computer's record of the passphrase), and a new one is handed to ``remember``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # loaded at the first passphrase: the unlock prompt shows before it
    from reviewer_app.casefile.crypto import CaseKey

GOOD_PASSPHRASE_LENGTH = 20

Verifier = Callable[["CaseKey"], bool]
T = TypeVar("T")


def passphrase_problem(passphrase: str, confirm: str) -> str:
    """Why a new passphrase cannot be used, or '' when it can (the domain's rule, then
    the confirmation)."""
    from reviewer_app.casefile.crypto import new_passphrase_problem

    problem = new_passphrase_problem(passphrase)
    if problem:
        return problem
    if confirm != passphrase:
        return "The two passphrases are not the same yet."
    return ""


def strength_hint(passphrase: str) -> str:
    """A short, honest word on a passphrase that is long enough."""
    words = len(passphrase.split())
    if len(passphrase) >= GOOD_PASSPHRASE_LENGTH or words >= 4:
        return "Strong: long and hard to guess."
    return "Long enough. Four or more unrelated words are stronger."


class SessionKey(QObject):
    """Starts locked and without a key; ``set_up`` or ``unlock`` provides one."""

    lockedChanged = Signal(bool)

    def __init__(
        self,
        verify: Verifier,
        parent: QObject | None = None,
        remember: Callable[[CaseKey], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._verify = verify
        self._remember = remember  # keeps what verify checks against (a new passphrase)
        self._key: CaseKey | None = None
        self._locked = True

    @property
    def key(self) -> CaseKey | None:
        return self._key

    @property
    def locked(self) -> bool:
        return self._locked

    def matches(self, passphrase: str) -> bool:
        """Whether ``passphrase`` is this session's (or, before the first unlock, opens
        the workspace's encrypted cases)."""
        return self._checked(passphrase) is not None

    def _checked(self, passphrase: str) -> CaseKey | None:
        from reviewer_app.casefile.crypto import CaseKey

        try:
            candidate = CaseKey(passphrase)
        except ValueError:  # empty
            return None
        if self._key is not None:
            return self._key if candidate == self._key else None
        # The key that opened a case keeps the page key it derived: reused, not derived again.
        return candidate if self._verify(candidate) else None

    def set_up(self, passphrase: str) -> None:
        """A new passphrase (first run, or a change): the session is unlocked with it."""
        from reviewer_app.casefile.crypto import CaseKey

        self._key = CaseKey(passphrase)
        if self._remember is not None:
            self._remember(self._key)
        self._set_locked(False)

    def unlock(self, passphrase: str, meanwhile: Callable[[], None] | None = None) -> bool:
        """Unlock with ``passphrase`` if it is this session's. ``meanwhile`` runs on this
        thread while the passphrase is checked on another: the check is mostly the key
        derivation, which does not hold the GIL, so the two take the time of the longer."""
        if meanwhile is None:
            key = self._checked(passphrase)
        else:
            key = _beside(lambda: self._checked(passphrase), meanwhile)
        if key is None:
            return False
        self._key = key
        self._set_locked(False)
        return True

    def lock(self) -> None:
        self._set_locked(True)

    def _set_locked(self, locked: bool) -> None:
        if locked != self._locked:
            self._locked = locked
            self.lockedChanged.emit(locked)


def _beside(work: Callable[[], T], meanwhile: Callable[[], None]) -> T:
    """``work()`` on a worker thread while ``meanwhile()`` runs here; its result, or the
    exception it raised."""
    from concurrent.futures import ThreadPoolExecutor  # loaded behind the prompt by then

    with ThreadPoolExecutor(1, thread_name_prefix="passphrase-check") as pool:
        done = pool.submit(work)
        meanwhile()  # the pool's end waits for the work, whatever this does
    return done.result()
