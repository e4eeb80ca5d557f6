"""Cold-start baseline: a bare PySide6 script that shows one QMainWindow with a label.

Run as a new process by ``benchmarks.run`` (``python cold_start_baseline.py``). It starts
and exits exactly as ``cold_start_app.py`` does: the clock starts on the first line, stops
once the window is exposed and painted, one JSON line is printed, the window is closed
and the process ends with ``os._exit``.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402


def main() -> tuple[object, object]:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    window.resize(1200, 800)
    window.show()
    wait_until(lambda: window.windowHandle() is not None and window.windowHandle().isExposed())
    app.processEvents()  # the first paint
    elapsed = time.perf_counter() - T0
    print("BENCH " + json.dumps({"ready_s": elapsed}), flush=True)
    return app, window


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
    shown = main()
    shown[1].close()  # type: ignore[attr-defined]
    sys.stdout.flush()
    os._exit(0)
