"""Locking after a pause: any keyboard or mouse input restarts a single-shot timer.

Input reaches a widget through its top-level window (a QWindow) first, so an event
filter on each of the app's windows sees every key press and mouse move, in dialogs too,
while the widgets' own traffic (polish, layout, child and paint events: thousands when a
case view is built) never calls into Python. The windows are picked up whenever the
focus moves between windows (a dialog exists before it takes the focus) and whenever
counting starts (the main window, at the unlock). The controller only says when the
time ran out (``idle``); what locking means is the window guard's business.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
# Compared as plain ints, and Qt is asked nothing while the timer is off.
_INPUT_TYPES = frozenset(t.value for t in INPUT_EVENTS)
MINUTE_MS = 60_000


class IdleLock(QObject):
    idle = Signal()

    def __init__(
        self, app: QGuiApplication, interval_ms: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._interval = 0
        self._paused = False
        self._counting = False  # the timer runs (kept here: asking Qt per event is slow)
        self.set_interval_ms(interval_ms)
        app.focusWindowChanged.connect(self._watch_windows)
        self._watch_windows()

    @property
    def interval_ms(self) -> int:
        return self._interval

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def set_interval_ms(self, interval_ms: int) -> None:
        """0 never locks."""
        self._interval = max(0, int(interval_ms))
        self._restart()

    def pause(self) -> None:
        """Stop counting (the window is locked already)."""
        self._paused = True
        self._counting = False
        self._timer.stop()

    def resume(self) -> None:
        self._paused = False
        self._restart()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._counting and event.type().value in _INPUT_TYPES and self._timer.isActive():
            self._timer.start()  # start() on a running timer restarts it
        return False

    def _watch_windows(self, *_focus: object) -> None:
        for window in self._app.topLevelWindows():
            window.installEventFilter(self)  # installing it twice keeps one

    def _restart(self) -> None:
        if self._paused or self._interval <= 0:
            self._timer.stop()
            self._counting = False
        else:
            self._watch_windows()
            self._timer.start(self._interval)
            self._counting = True
