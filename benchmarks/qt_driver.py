"""Shared steps of the driver processes that start the app (cold start, workspace, memory).

``start_app`` follows ``run_gui`` step by step. Where ``run_gui`` waits for a person (the
unlock dialog asks for the workspace passphrase), the driver types the passphrase as
soon as the dialog is up, so the figures hold the app's time and none of a person's.
The bare baseline script does not use this module.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PASSPHRASE = "benchmark workspace passphrase"  # plain cases: any passphrase unlocks
_KEEP: list[Any] = []  # Qt objects that must live as long as the process


def start_app(
    settings_ini: Path,
    cache_path: Path,
    *,
    built: Callable[[Any], None] | None = None,
    then: Callable[[Any], None] | None = None,
) -> tuple[Any, Any, dict[str, float]]:
    """QApplication and the shown main window, built the way ``run_gui`` builds them
    (``run.start_gui``: the unlock prompt first, the window built behind it).

    ``built(window)`` runs as soon as the window exists (connect signals there: the
    unlock dialog runs an event loop before this returns); ``then(window)`` once it is
    unlocked, where ``run_gui`` opens the command line's case files. Also returns the
    perf_counter times of the unlock dialog painted, of the app loaded behind it and of
    the passphrase being typed (none when this build has no lock screen).
    """
    import gc

    gc.disable()  # as reviewer-app's GUI branch does, until the event loop runs

    from PySide6.QtCore import QSettings

    import reviewer_app.cli  # noqa: F401 - the console script's module, loaded first
    from reviewer_app.logs import configure_logging
    from reviewer_app.ui import run
    from reviewer_app.ui.app_settings import AppSettings

    configure_logging()
    app = run.make_application(sys.argv[:1])
    run.install_excepthook()
    settings = AppSettings(QSettings(str(settings_ini), QSettings.Format.IniFormat))
    marks: dict[str, float] = {}
    if hasattr(run, "start_gui"):
        _type_passphrase_when_asked(marks)
        window = run.start_gui(settings, cache_path, then=then or (lambda _w: None), built=built)
        if hasattr(app, "set_file_handler"):  # as run_gui: files the OS hands over
            app.set_file_handler(window.open_path)
        return app, window, marks
    # Older builds, without the prompt first: they load the policies before the window.
    from reviewer_app.policy import PolicyRegistry
    from reviewer_app.resources import policy_data_dir

    registry = PolicyRegistry(policy_data_dir())
    if not hasattr(run, "guard_window"):  # a build without the lock screen
        window = run.build_window(settings, registry, cache_path)
        if built is not None:
            built(window)
        window.show()
        if then is not None:
            then(window)
        return app, window, marks
    session = run.build_session(settings, cache_path)
    window = run.build_window(settings, registry, cache_path, session=session)
    if built is not None:
        built(window)
    guard = run.guard_window(window, session, settings, registry)
    window.show()
    _type_passphrase_when_asked(marks)
    guard.start(then=(lambda: then(window)) if then is not None else None)
    if hasattr(app, "set_file_handler"):  # as run_gui: files the OS hands over
        app.set_file_handler(window.open_path)
    return app, window, marks


def _type_passphrase_when_asked(marks: dict[str, float]) -> None:
    """Mark the prompt once its first paint is done (``first_paint.py``, as the bare
    baseline's window); type the passphrase once the app behind it is loaded (a person
    takes seconds to type it), marking when that was, then press Enter."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    from reviewer_app.ui import start

    painted = _watch_first_prompt(start)
    timer = QTimer()
    timer.setInterval(1)
    ready = getattr(start, "READY_PROPERTY", None)
    ticks: list[float] = []  # while the app loads behind the prompt: does it answer?

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        edit = getattr(dialog, "passphrase_edit", None)
        shown = isinstance(dialog, QDialog) and edit is not None and exposed(dialog)
        if "unlock_dialog" not in marks:
            if painted:
                marks["unlock_dialog"] = painted[0]
            elif shown and not _loads_behind(dialog):  # a set-up prompt: the tick it shows
                marks["unlock_dialog"] = time.perf_counter()
            else:
                return
        now = time.perf_counter()
        if ticks:
            marks["longest_stall"] = max(marks.get("longest_stall", 0.0), now - ticks[-1])
        ticks.append(now)
        if not shown or not isinstance(dialog, QDialog) or edit is None:
            return
        if ready is not None and dialog.property(ready) is None and _loads_behind(dialog):
            return
        timer.stop()
        marks["loaded_behind"] = time.perf_counter()
        edit.setText(PASSPHRASE)
        marks["passphrase_typed"] = time.perf_counter()
        dialog.accept()

    timer.timeout.connect(check)
    timer.start()
    _KEEP.append(timer)


def _watch_first_prompt(start: Any) -> list[float]:
    """When the first unlock prompt's paint is done (``first_paint.py``). The watcher goes
    on the prompt as ``FirstUnlock`` makes it, after ``FirstUnlock``'s own filter, so that
    it is called first: the loading ``FirstUnlock`` starts after that paint is not the
    paint's."""
    from benchmarks.first_paint import watch_first_paint

    painted: list[float] = []
    first_unlock = getattr(start, "FirstUnlock", None)
    if first_unlock is None:
        return painted
    original = first_unlock.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        first_unlock.__init__ = original  # the first prompt only
        watch_first_paint(self.dialog, painted)

    first_unlock.__init__ = init
    return painted


def _loads_behind(dialog: Any) -> bool:
    """Whether this prompt is the first one, with the app loading behind it (not the
    set-up or the lock screen's)."""
    return type(dialog).__name__ == "UnlockDialog" and dialog.parent() is None


def wait_until(done: Callable[[], bool], what: str, timeout: float = 120) -> None:
    """Run the event loop until ``done()``, checking it every few milliseconds.

    Not a ``processEvents()`` spin: with PySide6 6.12 on CPython 3.11 every call of a
    void Qt function from Python drops one reference to None, and a few thousand calls
    abort the interpreter ("none_dealloc"). Here Qt calls the check; Python calls Qt a
    fixed number of times, however long the wait.
    """
    from benchmarks.first_paint import run_until

    run_until(done, timeout, what)


def settle(seconds: float) -> None:
    """Let the event loop run for a while (asynchronous rendering, say)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def exposed(window: Any) -> bool:
    handle = window.windowHandle()
    return bool(handle is not None and handle.isExposed())


def memory_mb() -> dict[str, float]:
    """Resident memory now and at its peak (VmRSS, VmHWM), in MB of 10^6 bytes."""
    out: dict[str, float] = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out["rss" if key == "VmRSS" else "peak"] = int(value.split()[0]) * 1024 / 1e6
    except OSError:
        pass
    if "peak" not in out:  # not Linux: ru_maxrss is KiB on Linux, bytes on macOS
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out["peak"] = peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6
    return {k: round(v, 1) for k, v in out.items()}


def emit(result: dict[str, Any]) -> None:
    print("BENCH " + json.dumps(result), flush=True)


def finish(window: Any) -> None:
    window.close()
    sys.stdout.flush()
    os._exit(0)
