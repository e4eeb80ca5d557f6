"""Cold start of the app: a new process that opens one case, as ``run_gui`` would.

Run by ``benchmarks.run`` as ``python cold_start_app.py SETTINGS_INI CASE INDEX_CACHE
[PROFILE_OUT]`` on the offscreen platform, with its own settings file (reviewer profile
and workspace folder already written) and its own index cache. It builds the app through the
composition root (``make_application``, ``AppSettings``, ``build_window``), shows the
window, opens the case and stops the clock once the window is exposed and the case view
is the current page. One JSON line goes to stdout; then the window is closed and the
process ends with ``os._exit``, exactly like ``cold_start_baseline.py``. With
PROFILE_OUT, the start runs under cProfile and the stats are written there.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

# Loaded only on first use by design; their presence after start is reported.
HEAVY_MODULES = ("reportlab", "pyhanko", "PySide6.QtPdf", "PySide6.QtPdfWidgets")


def main(argv: list[str]) -> tuple[object, object]:
    settings_ini, case_path, cache_path = (Path(a) for a in argv[1:4])
    # The order of run_gui: the composition root, the preflight check, then Qt.
    from reviewer_app.ui import run
    from reviewer_app.ui.preflight import problem

    message = problem(os.environ)
    if message:
        raise SystemExit(message)
    from reviewer_app.logs import configure_logging

    configure_logging()
    from PySide6.QtCore import QSettings

    from reviewer_app.policy import PolicyRegistry
    from reviewer_app.resources import policy_data_dir
    from reviewer_app.ui.app_settings import AppSettings

    app = run.make_application(sys.argv[:1])
    run.install_excepthook()
    settings = AppSettings(QSettings(str(settings_ini), QSettings.Format.IniFormat))
    window = run.build_window(settings, PolicyRegistry(policy_data_dir()), cache_path)
    window.show()
    if not window.open_path(case_path):
        raise SystemExit(f"the case did not open: {case_path}")
    wait_until(lambda: _showing(window))
    app.processEvents()  # the first paint of the case view
    elapsed = time.perf_counter() - T0
    result = {
        "ready_s": elapsed,
        "heavy_modules": sorted(m for m in HEAVY_MODULES if m in sys.modules),
        "modules": len(sys.modules),
    }
    print("BENCH " + json.dumps(result), flush=True)
    return app, window


def _showing(window: object) -> bool:
    handle = window.windowHandle()  # type: ignore[attr-defined]
    view = window.case_view  # type: ignore[attr-defined]
    return bool(
        handle is not None
        and handle.isExposed()
        and view is not None
        and window.stack.currentWidget() is view  # type: ignore[attr-defined]
        and view.isVisible()
    )


def wait_until(done: Callable[[], bool], timeout: float = 30) -> None:
    """Run the event loop until ``done()``; Qt calls the check every 2 ms.

    Not a ``processEvents()`` spin: with PySide6 6.12 on CPython 3.11 each call of a
    void Qt function from Python drops a reference to None, and a few thousand abort.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    if done():
        return
    loop, timer = QEventLoop(), QTimer()
    deadline = time.perf_counter() + timeout
    timer.setInterval(2)

    def check() -> None:
        if done() or time.perf_counter() > deadline:
            timer.stop()
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    if not done():
        raise SystemExit("timed out")


if __name__ == "__main__":
    if len(sys.argv) > 4:
        import cProfile

        profiler = cProfile.Profile()
        shown = profiler.runcall(main, sys.argv)
        profiler.dump_stats(sys.argv[4])
    else:
        shown = main(sys.argv)
    shown[1].close()  # type: ignore[attr-defined]
    sys.stdout.flush()
    os._exit(0)
