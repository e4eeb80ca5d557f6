"""Render draft letters off the GUI thread.

A job only turns a :class:`Draft` (plain data, no case file, no widgets) into PDF bytes
and reports them with a typed signal; the panel's slot runs on the GUI thread. Each
request carries a token so a slow render never replaces a newer one.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from reviewer_app.decisions.service import Draft
from reviewer_app.logs import log_error_without_message

log = logging.getLogger(__name__)


class _JobSignals(QObject):
    # One small QObject per job: if the renderer is gone when the job ends, Qt drops the
    # queued call instead of emitting on a destroyed object.
    rendered = Signal(int, bytes)
    failed = Signal(int, str)


class _RenderJob(QRunnable):
    def __init__(self, token: int, draft: Draft, signals: _JobSignals) -> None:
        super().__init__()
        self._token = token
        self._draft = draft
        self.signals = signals

    def run(self) -> None:
        try:
            pdf = self._draft.render()
        except Exception as exc:  # reported to the panel; the text may hold PHI, so not logged
            log_error_without_message(log, "rendering a draft letter failed", exc)
            self.signals.failed.emit(self._token, type(exc).__name__)
        else:
            self.signals.rendered.emit(self._token, pdf)


class DraftRenderer(QObject):
    """``rendered(token, pdf)`` or ``failed(token, error type)`` for each :meth:`render`."""

    rendered = Signal(int, bytes)
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one render at a time; the newest token wins
        self._token = 0
        self._signals: list[_JobSignals] = []

    def render(self, draft: Draft) -> int:
        self._token += 1
        signals = _JobSignals()
        signals.rendered.connect(self._on_rendered)
        signals.failed.connect(self._on_failed)
        self._signals.append(signals)
        self._pool.start(_RenderJob(self._token, draft, signals))
        return self._token

    def wait(self) -> None:
        """Block until no render is running (the domain renders again while signing)."""
        self._pool.waitForDone()

    def _on_rendered(self, token: int, pdf: bytes) -> None:
        self._forget(self.sender())
        self.rendered.emit(token, pdf)

    def _on_failed(self, token: int, error: str) -> None:
        self._forget(self.sender())
        self.failed.emit(token, error)

    def _forget(self, signals: QObject | None) -> None:
        # The job's signals object stays referenced until its result reached this thread.
        self._signals = [s for s in self._signals if s is not signals]
