"""The composition root of the desktop app: build everything once and hand it in.

``run_gui`` checks the system before Qt starts (preflight), then builds the
QApplication, the settings, the policy registry, the workspace index and the window.
Qt is imported only after the preflight check, so a missing X11 library is reported
as one sentence rather than a Qt abort.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from platformdirs import user_cache_dir

from reviewer_app import APP_NAME
from reviewer_app.logs import configure_logging, log_dir
from reviewer_app.resources import policy_data_dir, resource
from reviewer_app.ui import preflight

if TYPE_CHECKING:
    from datetime import datetime

    from PySide6.QtWidgets import QApplication, QWidget

    from reviewer_app.casefile import CaseFile
    from reviewer_app.casefile.crypto import CaseKey
    from reviewer_app.letters.content import Organization
    from reviewer_app.policy import Policy, PolicyRegistry
    from reviewer_app.ui.app_settings import AppSettings, ReviewerProfile
    from reviewer_app.ui.decision import DecisionPanel
    from reviewer_app.ui.main_window import MainWindow
    from reviewer_app.ui.security.guard import WindowGuard
    from reviewer_app.ui.security.session_identity import SessionIdentity
    from reviewer_app.ui.security.session_key import SessionKey

log = logging.getLogger(__name__)

ORG = "reviewer-workstation"
DESKTOP_ID = "org.example.ReviewerWorkstation"  # packaging/linux/*.desktop


def index_cache_path() -> Path:
    return Path(user_cache_dir(ORG, False)) / "workspace-index.sqlite"


def stylesheet() -> str:
    """app.qss, then each area's sheet (policy.qss, decision.qss, ...) by name."""
    folder = resource("styles")
    others = sorted(p for p in folder.glob("*.qss") if p.name != "app.qss")
    return "\n".join(p.read_text("utf-8") for p in [folder / "app.qss", *others])


def build_window(
    settings: AppSettings,
    registry: PolicyRegistry,
    cache_path: Path,
    clock: Callable[[], datetime] | None = None,
    session: SessionKey | None = None,
    policy_panes: Callable[[Policy], QWidget] | None = None,
    identity: SessionIdentity | None = None,
) -> MainWindow:
    """The main window with its collaborators (``clock``: screenshots show overdue rows;
    ``session``: real cases are encrypted with its key, see ``guard_window``;
    ``policy_panes``: the policy pane factory, ``PolicyPane`` unless given; ``identity``:
    the session's identity, asked at the first real case unless given)."""

    from PySide6.QtCore import QSettings

    from reviewer_app.casefile.convert import utc_now
    from reviewer_app.casefile.index import WorkspaceIndex
    from reviewer_app.ui.main_window import MainWindow
    from reviewer_app.ui.policy import PolicyPane
    from reviewer_app.ui.security.session_identity import session_identity
    from reviewer_app.ui.training.mode import TrainingMode
    from reviewer_app.ui.training.settings import TrainingSettings
    from reviewer_app.ui.workspace.folder_memory import FolderMemory

    store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, ORG)
    window = MainWindow(
        settings,
        registry,
        index_factory=lambda folder: WorkspaceIndex(
            folder, cache_path, key=session.key if session is not None else None
        ),
        policy_pane_factory=policy_panes or PolicyPane,
        clock=clock or utc_now,
        session=session,
        decision_panel_factory=_decision_panel,
        folders=FolderMemory(store),
        identity=identity or session_identity(settings, store),  # unlocked at the first case
    )
    TrainingMode(window, registry, TrainingSettings(store))  # owned by the window
    _add_department(window, registry)
    return window


def _add_department(window: MainWindow, registry: PolicyRegistry) -> None:
    """The Department page and menu, only when a department server is set up."""
    from reviewer_app.server.config import configured_db

    db = configured_db()
    if db is None:
        return
    from reviewer_app.server.client import DepartmentClient
    from reviewer_app.ui.department.mode import DepartmentMode

    DepartmentMode(window, DepartmentClient(db, registry))  # owned by the window


def _decision_panel(case: CaseFile, profile: ReviewerProfile) -> DecisionPanel:
    """The Decision tab's panel; built (and the letter machinery loaded) on first use."""
    from datetime import UTC, datetime

    from PySide6.QtCore import QSettings

    from reviewer_app.config import config_dir, data_dir
    from reviewer_app.decisions.trust import TrustStore, load_organization
    from reviewer_app.ui.decision import DecisionPanel

    return DecisionPanel(
        case,
        profile,
        organization=_organization(load_organization, config_dir()),
        trust=TrustStore(config_dir() / "trust"),
        now=lambda: datetime.now(UTC),
        # the app's own settings file; the panel keeps the last identity path there
        settings=QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, ORG),
        identity_folder=data_dir() / "identities",  # where New identity… suggests keeping one
    )


def build_session(settings: AppSettings, cache_path: Path | None = None) -> SessionKey:
    """The session's case key; before the first unlock, a typed passphrase is checked on
    the workspace's encrypted cases, or, when it has none, against this computer's record
    of the passphrase chosen here (kept when it is chosen, and by the first unlock of an
    installation that has none yet). The workspace index cache (``cache_path``) says which
    files are encrypted without opening every file."""
    from reviewer_app.config import data_dir
    from reviewer_app.ui.security.session_key import SessionKey

    cache = cache_path or index_cache_path()
    record = data_dir()

    def remember(key: CaseKey) -> None:
        from reviewer_app.casefile.workspace_keys import remember_passphrase

        try:
            remember_passphrase(record, key)
        except OSError as exc:  # a safeguard: the session goes on without it
            log.warning("the passphrase check could not be kept (%s)", exc.strerror)

    def without_cases(key: CaseKey) -> bool:
        from reviewer_app.casefile.workspace_keys import remembered_passphrase

        known = remembered_passphrase(record, key)
        if known is None:  # chosen before this computer kept a record: kept from now on
            remember(key)
            return True
        return known

    def verify(key: CaseKey) -> bool:  # at Enter: loaded behind the prompt by then
        from reviewer_app.casefile.index import encrypted_case_files
        from reviewer_app.casefile.workspace_keys import check_workspace_passphrase

        folder = settings.workspace_folder()
        return check_workspace_passphrase(
            folder,
            key,
            encrypted=lambda: encrypted_case_files(folder, cache),
            without_cases=lambda: without_cases(key),
        )

    return SessionKey(verify, remember=remember)


def guard_window(
    window: MainWindow,
    session: SessionKey,
    settings: AppSettings,
    registry: PolicyRegistry,
    idle_ms: int | None = None,
) -> WindowGuard:
    """The lock screen, File ▸ Lock and the idle lock (``idle_ms``: the settings' minutes)."""
    from PySide6.QtWidgets import QApplication

    from reviewer_app.ui.security.guard import WindowGuard
    from reviewer_app.ui.security.lock import MINUTE_MS, IdleLock

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    interval = settings.idle_lock_minutes() * MINUTE_MS if idle_ms is None else idle_ms
    idle = IdleLock(app, interval, parent=window)
    return WindowGuard(window, session, settings, idle, registry)


def start_guarded(
    window: MainWindow,
    guard: WindowGuard,
    settings: AppSettings,
    then: Callable[[], None],
    *,
    asked: bool = False,
) -> None:
    """The first run as one sequence, one dialog at a time: the passphrase (or, on later
    starts, the unlock), then the reviewer's profile if there is none yet, then ``then``.
    Nothing is shown over the lock screen's own card. ``asked``: the unlock prompt was
    shown already (``start_gui``), before the window."""

    def unlocked() -> None:
        if settings.profile() is None:
            window.edit_profile(first_run=True)
        then()

    guard.start(then=unlocked, asked=asked)  # the passphrase before any case data shows


def start_gui(
    settings: AppSettings,
    cache_path: Path,
    then: Callable[[MainWindow], None],
    *,
    built: Callable[[MainWindow], None] | None = None,
) -> MainWindow:
    """The start in the order a person sees it (``ui/start.py``): the unlock prompt, the
    window built behind it, then the window shown and ``then(window)`` once unlocked.
    ``built(window)`` runs as soon as the window exists (before it is shown)."""
    from reviewer_app.ui.start import FirstUnlock, PrebuiltPanes

    session = build_session(settings, cache_path)

    def build() -> tuple[MainWindow, WindowGuard]:
        from reviewer_app.policy import PolicyRegistry
        from reviewer_app.ui.policy import PolicyPane

        finish_application()
        registry = PolicyRegistry(policy_data_dir())
        panes = PrebuiltPanes(PolicyPane)
        window = build_window(settings, registry, cache_path, session=session, policy_panes=panes)
        if built is not None:
            built(window)
        guard = guard_window(window, session, settings, registry)
        panes.prepare(registry.get(policy_id) for policy_id in registry.ids())
        return window, guard

    def show_locked(built: tuple[MainWindow, WindowGuard]) -> None:
        window, guard = built
        guard.lock_screen.set_waiting(True)  # the prompt is the one passphrase field
        window.show()

    asked = settings.passphrase_set_up()
    if asked:
        window, guard = FirstUnlock(session, build, show_locked).run()
    else:
        window, guard = build()
    window.show()
    start_guarded(window, guard, settings, then=lambda: then(window), asked=asked)
    return window


def _organization(load: Callable[[Path], Organization], folder: Path) -> Organization:
    """The letterhead settings; a broken file is reported, never a crash."""
    from PySide6.QtWidgets import QMessageBox

    from reviewer_app.letters.content import demo_organization

    try:
        return load(folder)
    except ValueError as exc:
        log.warning("organization settings not used: %s", exc)
        QMessageBox.warning(
            None,
            "Organization settings not valid",
            f"{exc}\n\nLetters use the default Demo Health Plan letterhead until the file "
            "is fixed.",
        )
        return demo_organization()


def make_application(argv: Sequence[str]) -> QApplication:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from reviewer_app.ui.application import ReviewerApplication

    QCoreApplication.setOrganizationName(ORG)
    QCoreApplication.setApplicationName(ORG)
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    app = QApplication.instance() or ReviewerApplication(argv)
    assert isinstance(app, QApplication)
    QGuiApplication.setDesktopFileName(DESKTOP_ID)
    style_application(app)
    if not gc.isenabled():  # paused by the start (reviewer_app.cli): resume once idle
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, resume_garbage_collection)
    return app


def resume_garbage_collection() -> None:
    """The start pauses the cyclic garbage collector (``gc.disable()`` before the imports):
    it makes thousands of lasting objects (modules, widgets, a big workspace's rows) and
    frees few, and collecting meanwhile only walks them again and again. Once the event
    loop runs, what the start made is frozen out of later collections and they resume."""
    gc.freeze()
    gc.enable()


def style_application(app: QApplication) -> None:
    """Fonts and the style sheets (resources/styles/*.qss): what every window needs, the
    unlock prompt first. The rest waits for the main window (``finish_application``)."""
    from PySide6.QtGui import QFontDatabase

    if not QFontDatabase.families():  # a bare system without fonts: use the bundled ones
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            QFontDatabase.addApplicationFont(str(resource("fonts", name)))
    app.setStyleSheet(stylesheet())


def finish_application() -> None:
    """The window icon and the style sheets' font propagation, set with the main window
    rather than before the unlock prompt: the SVG icon loads Qt's SVG plug-in, and the
    attribute's enum makes PySide build the Python enums of Qt's whole ``Qt`` namespace
    (about 17 ms); the prompt shows without either."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if app.windowIcon().isNull():
        app.setWindowIcon(QIcon(str(resource("icons", "reviewer-workstation.svg"))))
    # Without this, a widget matched by any style sheet rule stops inheriting its parent's
    # font, and View ▸ Zoom (which scales the window font) would miss most of the window.
    app.setAttribute(Qt.ApplicationAttribute.AA_UseStyleSheetPropagationInWidgetStyles, True)


def install_excepthook() -> None:
    """Log an unexpected error (its type and traceback, no message text: it may hold PHI)
    and tell the reviewer in a short dialog, instead of dying silently."""
    from PySide6.QtWidgets import QMessageBox

    showing = False

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        frames = "".join(traceback.format_tb(tb))
        log.error("unexpected %s.%s\n%s", kind.__module__, kind.__qualname__, frames)
        if showing:
            return
        showing = True
        try:
            QMessageBox.critical(
                None,
                "Something went wrong",
                f"An unexpected error occurred ({kind.__name__}).\n\n"
                "Answers are saved as you make them, so nothing already entered is lost. "
                f"The details were written to the log in {log_dir()}; if this happens "
                "again, send that log file to your support contact.",
            )
        finally:
            showing = False

    sys.excepthook = hook


def run_gui(paths: list[Path]) -> int:
    problem = preflight.problem(os.environ)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    configure_logging()

    from PySide6.QtCore import QSettings

    from reviewer_app.ui.app_settings import AppSettings
    from reviewer_app.ui.application import ReviewerApplication

    app = make_application(sys.argv[:1])
    install_excepthook()
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C in a terminal quits

    store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, ORG)
    settings = AppSettings(store)
    try:  # a first run: the default workspace folder does not exist yet
        settings.workspace_folder().mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("workspace folder not created (%s)", exc.strerror)

    def open_paths(window: MainWindow) -> None:
        for path in paths:
            window.open_path(path)

    window = start_gui(settings, index_cache_path(), then=open_paths)
    if isinstance(app, ReviewerApplication):  # macOS Finder sends files as events
        app.set_file_handler(window.open_path)
    status = app.exec()
    log.info("exit %s", status)
    return int(status)
