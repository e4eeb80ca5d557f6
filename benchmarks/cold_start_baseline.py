"""Cold-start baseline: a bare PySide6 script that shows one QMainWindow with a label.

Run as a new process by ``benchmarks.run`` (``python cold_start_baseline.py``). It starts
and exits exactly as ``cold_start_app.py`` does: the clock starts on the first line, stops
once the window's first paint is done (``first_paint.py``), one JSON line is printed, the
window is closed and the process ends with ``os._exit``.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

from first_paint import run_until, watch_first_paint  # noqa: E402


def main() -> tuple[object, object]:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    window.resize(1200, 800)
    painted = watch_first_paint(window)
    window.show()
    run_until(lambda: bool(painted))
    elapsed = painted[0] - T0
    print("BENCH " + json.dumps({"ready_s": elapsed}), flush=True)
    return app, window


if __name__ == "__main__":
    shown = main()
    shown[1].close()  # type: ignore[attr-defined]
    sys.stdout.flush()
    os._exit(0)
