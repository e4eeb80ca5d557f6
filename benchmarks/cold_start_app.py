"""Cold start of the app: a new process that opens one case, as ``run_gui`` would.

Run by ``benchmarks.run`` as ``python cold_start_app.py SETTINGS_INI CASE INDEX_CACHE
[PROFILE_OUT]`` on the offscreen platform, with its own settings file (reviewer profile,
workspace folder and passphrase set up, already written) and its own index cache. It
starts the app through the composition root exactly as ``run_gui`` does
(``benchmarks.qt_driver.start_app``: the unlock dialog gets the passphrase as soon as it
shows), opens the case once unlocked and stops the clock when the window is exposed and
the case view is the current page. One JSON line goes to stdout; then the window is
closed and the process ends with ``os._exit``, exactly like ``cold_start_baseline.py``.
With PROFILE_OUT, the start runs under cProfile and the stats are written there.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

# Loaded only on first use by design; their presence after start is reported.
HEAVY_MODULES = ("reportlab", "pyhanko", "PySide6.QtPdf", "PySide6.QtPdfWidgets")


def main(argv: list[str]) -> tuple[Any, Any]:
    settings_ini, case_path, cache_path = (Path(a) for a in argv[1:4])
    # The order of `reviewer-app`: the console script's module (reviewer_app.cli), its GUI
    # branch (garbage collection paused until the event loop runs), then run_gui's: the
    # composition root, the preflight check, then Qt.
    import gc

    import reviewer_app.cli  # noqa: F401

    gc.disable()
    from reviewer_app.ui import run  # noqa: F401
    from reviewer_app.ui.preflight import problem

    message = problem(os.environ)
    if message:
        raise SystemExit(message)
    from benchmarks.qt_driver import start_app, wait_until

    opened: list[bool] = []
    app, window, marks = start_app(
        settings_ini, cache_path, then=lambda w: opened.append(w.open_path(case_path))
    )
    wait_until(lambda: bool(opened), "the case to open")
    if not opened[0]:
        raise SystemExit(f"the case did not open: {case_path}")
    wait_until(lambda: _showing(window), "the case view")
    app.processEvents()  # the first paint of the case view
    now = time.perf_counter()
    result = {
        "ready_s": now - T0,
        "unlock_dialog_s": marks["unlock_dialog"] - T0 if marks else None,
        "after_unlock_s": now - marks["passphrase_typed"] if marks else None,
        "loaded_behind_s": marks["loaded_behind"] - marks["unlock_dialog"] if marks else None,
        "longest_stall_s": marks.get("longest_stall") if marks else None,
        "heavy_modules": sorted(m for m in HEAVY_MODULES if m in sys.modules),
        "modules": len(sys.modules),
        "widgets": len(app.allWidgets()),
    }
    print("BENCH " + json.dumps(result), flush=True)
    return app, window


def _showing(window: Any) -> bool:
    handle = window.windowHandle()
    view = window.case_view
    return bool(
        handle is not None
        and handle.isExposed()
        and view is not None
        and window.stack.currentWidget() is view
        and view.isVisible()
    )


if __name__ == "__main__":
    if len(sys.argv) > 4:
        import cProfile

        profiler = cProfile.Profile()
        shown = profiler.runcall(main, sys.argv)
        profiler.dump_stats(sys.argv[4])
    else:
        shown = main(sys.argv)
    shown[1].close()
    sys.stdout.flush()
    os._exit(0)
