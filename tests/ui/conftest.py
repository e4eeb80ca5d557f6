"""Fixtures of the UI tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from security_helpers import Secured, activate

from reviewer_app.casefile.index import WorkspaceIndex
from reviewer_app.policy import PolicyRegistry
from reviewer_app.ui.app_settings import AppSettings
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.policy import PolicyPane
from reviewer_app.ui.run import build_session, guard_window


@pytest.fixture
def secure_window(
    qtbot: Any, app_settings: AppSettings, registry: PolicyRegistry, tmp_path: Path
) -> Callable[..., Secured]:
    """A window wired as run.py wires it: a session key, the index keyed by it, the guard
    (``idle_ms`` instead of the settings' minutes)."""

    def make(settings: AppSettings | None = None, idle_ms: int | None = 0) -> Secured:
        settings = settings or app_settings
        session = build_session(settings)
        window = MainWindow(
            settings,
            registry,
            index_factory=lambda folder: WorkspaceIndex(
                folder, tmp_path / "index.sqlite", key=session.key
            ),
            policy_pane_factory=PolicyPane,
            session=session,
        )
        guard = guard_window(window, session, settings, registry, idle_ms=idle_ms)
        qtbot.addWidget(window)
        window.show()
        activate(qtbot, window)
        return Secured(window, guard)

    return make
