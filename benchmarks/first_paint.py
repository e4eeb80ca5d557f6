"""When a window's first paint is done: where every cold-start driver stops its clock.

An event filter on the window sees its first Paint event; a zero-time timer started there
fires once that paint (the window's children are painted in the same pass) and its flush
are done. Installed on the window after the app's own filters, it is called before them
(Qt calls the latest filter first), so it fires before any zero-time timer the app starts
from its own filter: the app's work after its first paint (the loading behind the unlock
prompt) is not counted as the paint's.

The filter is the window's own: an application-wide Python event filter delays a window's
first paint by some 35 ms (measured with PySide6 6.12 on the offscreen and xcb platforms).

The app's driver used to poll "exposed" every millisecond and stop the clock at the tick
after: that counted whatever the app ran between its paint and that tick.

Imports nothing at module level: the drivers start their clock before importing Qt.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def watch_first_paint(window: Any, painted: list[float] | None = None) -> list[float]:
    """A list (``painted``, or a new one) that receives ``time.perf_counter()`` once the
    first paint of ``window`` is done. Install before the window is shown."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    seen: list[float] = [] if painted is None else painted

    class FirstPaint(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint and watched is window:
                window.removeEventFilter(self)
                QTimer.singleShot(0, lambda: seen.append(time.perf_counter()))
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    _KEEP.append(watcher)
    return seen


def run_until(done: Callable[[], bool], timeout: float = 30, what: str = "") -> None:
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
        raise SystemExit(f"timed out waiting for {what}" if what else "timed out")


_KEEP: list[Any] = []  # the filter objects live as long as the process
