"""Fixtures of the UI tests: the window wired with its session and guard, the Decision panel
with signing identities issued by the organization whose trust bundle this machine has,
and the window with training mode."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from decision_helpers import IDENTITIES, PASS, utc_now
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from security_helpers import Secured, activate

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.index import WorkspaceIndex
from reviewer_app.decisions.trust import TrustStore, load_organization, write_bundle
from reviewer_app.letters.authority import (
    Authority,
    IssueRequest,
    create_authority,
    issue_identity,
    make_crl,
)
from reviewer_app.policy import PolicyRegistry
from reviewer_app.ui.app_settings import AppSettings, ReviewerProfile
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.policy import PolicyPane
from reviewer_app.ui.run import build_session, guard_window
from reviewer_app.ui.training.mode import TrainingMode
from reviewer_app.ui.training.settings import TrainingSettings


@pytest.fixture
def secure_window(
    qtbot: Any, app_settings: AppSettings, registry: PolicyRegistry, tmp_path: Path
) -> Callable[..., Secured]:
    """A window wired as run.py wires it: a session key, the index keyed by it, the guard
    (``idle_ms`` instead of the settings' minutes), and the session's identity if given."""

    def make(
        settings: AppSettings | None = None, idle_ms: int | None = 0, identity: Any = None
    ) -> Secured:
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
            identity=identity,
        )
        guard = guard_window(window, session, settings, registry, idle_ms=idle_ms)
        qtbot.addWidget(window)
        window.show()
        activate(qtbot, window)
        return Secured(window, guard)

    return make


# -- the Decision panel -------------------------------------------------------------------


@pytest.fixture(scope="module")
def authority() -> Authority:
    return create_authority("Demo Health Plan", now=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))


@pytest.fixture(scope="module")
def identities(tmp_path_factory: pytest.TempPathFactory, authority: Authority) -> dict[str, Path]:
    """One .p12 per role, issued by the organization (made once: PKCS#12 is slow)."""
    folder = tmp_path_factory.mktemp("identities")
    now = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    out: dict[str, Path] = {}
    for role, (name, creds) in IDENTITIES.items():
        out[role] = folder / f"{role}.p12"
        request = IssueRequest(name, creds, role)
        issue_identity(authority, request, PASS.encode(), out[role], now=now)
    return out


@pytest.fixture
def config(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    identities: dict[str, Path],
    authority: Authority,
) -> Path:
    """This test's config folder (``REVIEWER_APP_CONFIG_DIR``), with the organization's
    trust bundle installed (as `org join` leaves it)."""
    folder = tmp_path / "config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(folder))
    crl = make_crl(authority, [], now=dt.datetime.now(dt.UTC))
    write_bundle(folder, [authority.cert], [crl])
    return folder


@pytest.fixture
def case_file(make_case: Callable[..., Path], registry: Any) -> Iterator[Callable[..., CaseFile]]:
    """case_file(name, confirm=True): an example case file, open (its answers confirmed)
    without a window, for the Decision panel; closed after the test."""
    opened: list[CaseFile] = []

    def open_(name: str, *, confirm: bool = True) -> CaseFile:
        case = CaseFile.open(make_case(name), registry)
        if confirm:
            case.confirm(None, "Test Runner (tests)")
        opened.append(case)
        return case

    yield open_
    for case in opened:
        case.close()


@pytest.fixture
def build(qtbot: Any, config: Path, tmp_path: Path) -> Callable[..., DecisionPanel]:
    """build(case, profile): a shown DecisionPanel over this test's config and settings."""

    def make(case: CaseFile, profile: ReviewerProfile) -> DecisionPanel:
        panel = DecisionPanel(
            case,
            profile,
            organization=load_organization(config),
            trust=TrustStore(config / "trust"),
            now=utc_now,
            settings=QSettings(str(tmp_path / "decision.ini"), QSettings.Format.IniFormat),
            identity_folder=tmp_path / "identities",
        )
        qtbot.addWidget(panel)
        panel.resize(1300, 800)
        panel.show()
        return panel

    return make


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes shown (title and text), instead of blocking."""
    shown: list[str] = []

    def record(_parent: Any, title: str, text: str, *_a: Any, **_k: Any) -> Any:
        shown.append(f"{title}\n{text}")
        return QMessageBox.StandardButton.Ok

    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, record)
    return shown


# -- training mode ---------------------------------------------------------------------------


@pytest.fixture
def training(
    make_window: Callable[..., MainWindow], registry: Any, tmp_path: Path
) -> Callable[..., tuple[MainWindow, TrainingMode]]:
    """A window with training mode wired as run.py wires it; data under tmp_path."""

    def make(**kwargs: Any) -> tuple[MainWindow, TrainingMode]:
        window = make_window(**kwargs)
        store_ = QSettings(str(tmp_path / "training.ini"), QSettings.Format.IniFormat)
        settings = TrainingSettings(store_, root=tmp_path / "training-data")
        return window, TrainingMode(window, registry, settings)

    return make
