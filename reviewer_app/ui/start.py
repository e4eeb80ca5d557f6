"""The start a person waits on: the unlock prompt first, the rest of the app behind it.

On a start with the passphrase set up, the first window is the unlock prompt, shown as soon
as Qt is up (it needs Qt and ``casefile.crypto``, nothing heavier). Once it has painted,
a worker thread imports what the main window and an opened case need (SQLAlchemy,
SQLModel, the store, the case view; pure imports, no Qt object is made there), and then
the main thread builds the window, hidden, while the person types. Enter waits for
whatever is still loading, unlocks (the key derivation) and shows the window; the case
files named on the command line open then. A first run (no passphrase yet) builds the
window first, as the passphrase set-up runs over it.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from reviewer_app.ui.security.passphrase_dialogs import UnlockDialog
from reviewer_app.ui.security.session_key import SessionKey

if TYPE_CHECKING:
    from reviewer_app.policy import Policy

log = logging.getLogger(__name__)

T = TypeVar("T")

# What the window and an opened case import, heaviest first; loaded behind the prompt.
PRELOAD = (
    "sqlalchemy",
    "sqlmodel",
    "sqlalchemy.dialects.sqlite",  # loaded by the first case file's engine
    "sqlcipher3",  # opens encrypted case files; the passphrase's check at Enter opens one
    "reviewer_app.casefile.store",
    "reviewer_app.casefile.index",
    "reviewer_app.casefile.workspace_keys",
    "reviewer_app.policy",
    "reviewer_app.review.engine",
    "reviewer_app.ui.main_window",
    "reviewer_app.ui.security.guard",
    "reviewer_app.ui.policy",
    "reviewer_app.ui.case.case_view",
    "reviewer_app.ui.case.criterion_row",
    "reviewer_app.ui.training.mode",
    # What opening a case then needs: the stored intake's "intake says" words and the
    # check of signed audit entries.
    "reviewer_app.review.prefill",
    "reviewer_app.ui.workspace.case_opener",
    "reviewer_app.decisions.entry_check",
    "reviewer_app.decisions.trust",
)
OPTIONAL = frozenset({"sqlcipher3"})  # not installed everywhere (see pyproject.toml)
READY_PROPERTY = "loadedBehind"  # set on the prompt once the window is built behind it
POLL_MS = 20
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})


def _build_qt_enums() -> None:
    """PySide builds the Python enums of Qt's whole ``Qt`` namespace on its first use
    (about 17 ms). The prompt shows without them (``passphrase_dialogs.py``); they are
    built here, on the main thread once it has painted, so that the worker's imports do
    not build them while the prompt's own code (its wait cursor) may use them."""
    from PySide6.QtCore import Qt  # noqa: F401


def _import_all(modules: Sequence[str]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # the main thread's own import then reports it
            if not (isinstance(exc, ModuleNotFoundError) and name in OPTIONAL):
                log.warning("preloading %s failed (%s)", name, type(exc).__name__)


class FirstUnlock(QObject, Generic[T]):
    """The unlock prompt, with ``build()`` (the window) made behind it.

    ``run()`` shows the prompt until it is answered or cancelled and returns what
    ``build`` made; the session is then unlocked, or still locked after Cancel.
    ``show_locked(built)`` shows what was built while a typed passphrase is checked (the
    window, still locked): its first paint then costs no time after the key derivation,
    which runs on a worker thread meanwhile.
    """

    def __init__(
        self,
        session: SessionKey,
        build: Callable[[], T],
        show_locked: Callable[[T], None],
        preload: Sequence[str] = PRELOAD,
    ) -> None:
        super().__init__()
        self._session = session
        self._build = build
        self._show_locked = show_locked
        self._built: T | None = None
        self._loader = threading.Thread(
            target=_import_all, args=(tuple(preload),), name="preload", daemon=True
        )
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._build_when_loaded)
        self.dialog = UnlockDialog(self._unlock)
        self.dialog.installEventFilter(self)

    def run(self) -> T:
        self.dialog.exec()
        return self.built()

    @property
    def ready(self) -> bool:
        """Whether everything behind the prompt is loaded and built."""
        return self._built is not None

    def built(self) -> T:
        """What ``build`` makes; made now (after the imports finish) if it was not yet."""
        if self._built is None:
            self._poll.stop()
            if self._loader.is_alive():
                self._loader.join()  # the imports would otherwise race for module locks
            self._built = self._build()
            self.dialog.setProperty(READY_PROPERTY, True)
        return self._built

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.dialog and event.type() == QEvent.Type.Paint:
            self.dialog.removeEventFilter(self)
            QTimer.singleShot(0, self._start_loading)  # once this first paint is done
        return False

    def _start_loading(self) -> None:
        if self._built is None and not self._loader.is_alive():
            _build_qt_enums()
            self._loader.start()
            self._poll.start()

    def _build_when_loaded(self) -> None:
        if not self._loader.is_alive() and self.dialog.isVisible():
            self.built()

    def _unlock(self, passphrase: str) -> bool:
        # The check reads the workspace's encrypted cases: the store must be loaded, and
        # the window must exist to follow the session into its unlocked state.
        built = self.built()
        return self._session.unlock(passphrase, meanwhile=lambda: self._show_behind(built))

    def _show_behind(self, built: T) -> None:
        self._show_locked(built)
        # Painted now; keys and clicks wait (the prompt is being answered).
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        if QApplication.platformName() not in HEADLESS_PLATFORMS:  # they cannot stack
            self.dialog.raise_()  # the prompt stays in front of the window for another try
            self.dialog.activateWindow()


class PrebuiltPanes:
    """A policy pane factory whose first pane for each policy is built ahead, behind the
    unlock prompt: rendering the policy's text is the largest part of opening a case's
    view, and the first case then opens without it. Later panes are built when asked."""

    def __init__(self, factory: Callable[[Policy], QWidget]) -> None:
        self._factory = factory
        self._ready: list[tuple[Policy, QWidget]] = []

    def prepare(self, policies: Iterable[Policy]) -> None:
        for policy in policies:
            pane = self._factory(policy)
            _resolve_child_types(pane)
            self._ready.append((policy, pane))

    def __call__(self, policy: Policy) -> QWidget:
        for i, (ready, pane) in enumerate(self._ready):
            if ready is policy:  # the registry loads each policy once
                del self._ready[i]
                return pane
        return self._factory(policy)


def _resolve_child_types(pane: QWidget) -> None:
    """PySide makes a Qt class's Python enums when an object of it first reaches Python.
    Opening a case's view hands the pane's children to Python (its shortcuts, its text
    view's viewport), which made about 40 enums of QtWidgets there (about 8 ms after
    Enter); here they are made behind the prompt."""
    from PySide6.QtWidgets import QAbstractScrollArea

    for area in pane.findChildren(QAbstractScrollArea):
        area.viewport()
