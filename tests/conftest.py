"""Shared fixtures: every test gets its own settings, workspace, logs and case files.

Qt is told to draw offscreen before anything imports it, so GUI tests run headless.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import, in every test

import pytest
from trust_helpers import DeploymentIdentity

from reviewer_app.policy import PolicyRegistry
from reviewer_app.resources import policy_data_dir

DATA = Path(__file__).parent / "data"
INTAKE_DIR = DATA / "intake"
EXAMPLES = ("dli-relapsed-aml", "dli-after-autologous", "hpc-boost-mixed-chimerism")


@pytest.fixture(scope="session")
def deployment_identity(tmp_path_factory: pytest.TempPathFactory) -> DeploymentIdentity:
    """One test organization and one nurse identity for the whole test session (an
    authority and an identity cost ~20 ms each; every test only copies the bundle)."""
    from trust_helpers import DEPLOYMENT, PASS, Org

    folder = tmp_path_factory.mktemp("deployment")
    org = Org(folder)
    p12 = org.issue("Pat Tester", "RN", "nurse_reviewer", valid_days=30)
    config = folder / "config"
    org.install(config)
    DEPLOYMENT.append(config)
    secret = folder / "identity-passphrase.txt"
    secret.write_bytes(PASS)
    return DeploymentIdentity(
        config / "organization.json", p12, secret, "Pat Tester, RN (nurse_reviewer)"
    )


@pytest.fixture(autouse=True)
def isolated_settings(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    deployment_identity: DeploymentIdentity,
) -> Path:
    """Logs, caches and any platformdirs path go under this test's tmp_path, and the
    machine is set up as a deployment's: the test organization's trust bundle in its
    config folder and the command line's identity named by the environment (a test of
    the refusal without one unsets ``REVIEWER_APP_IDENTITY``).

    Returns the path of this test's settings file (see ``app_settings``).
    """
    home = tmp_path / "home"
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("REVIEWER_APP_LOG_DIR", str(tmp_path / "logs"))
    from reviewer_app.cli.context import IDENTITY_ENV, IDENTITY_PASSPHRASE_ENV

    # The config folder sits beside tmp_path: tests that list their tmp_path see no
    # folder of the machine's; a test that installs its own organization sets its own.
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(config))
    shutil.copyfile(deployment_identity.bundle, config / deployment_identity.bundle.name)
    monkeypatch.setenv(IDENTITY_ENV, str(deployment_identity.p12))
    monkeypatch.setenv(IDENTITY_PASSPHRASE_ENV, str(deployment_identity.passphrase_file))
    return tmp_path / "settings.ini"


@pytest.fixture(scope="session")
def qapp_cls() -> type:
    """pytest-qt's application is the app's own QApplication class."""
    from reviewer_app.ui.application import ReviewerApplication

    return ReviewerApplication


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def app_settings(isolated_settings: Path, workspace: Path, qapp: object) -> object:
    """AppSettings over a QSettings ini file in tmp_path, with a reviewer profile set."""
    from PySide6.QtCore import QSettings

    from reviewer_app.ui.app_settings import AppSettings, ReviewerProfile

    store = QSettings(str(isolated_settings), QSettings.Format.IniFormat)
    settings = AppSettings(store, default_folder=workspace)
    settings.set_workspace_folder(workspace)
    settings.set_profile(ReviewerProfile("Pat Rivera", "RN", "nurse_reviewer"))
    return settings


@pytest.fixture(scope="session")
def registry() -> PolicyRegistry:
    return PolicyRegistry(policy_data_dir())


@pytest.fixture
def example_intakes() -> Path:
    """The folder of the three synthetic example intake requests."""
    return INTAKE_DIR


@pytest.fixture
def make_case(tmp_path: Path, registry: PolicyRegistry) -> Iterator[Callable[..., Path]]:
    """make_case(name, folder=None) imports tests/data/intake/<name>.json into a closed
    case file named <case id>.umcase (in ``folder``, default tmp_path/"cases")."""
    from reviewer_app.casefile.importer import case_id_for, import_intake
    from reviewer_app.intake import load_intake

    def make(name: str, folder: Path | None = None) -> Path:
        target = folder or tmp_path / "cases"
        target.mkdir(parents=True, exist_ok=True)
        intake = load_intake(INTAKE_DIR / f"{name}.json")
        dest = target / f"{case_id_for(intake)}.umcase"
        import_intake(intake, dest, registry, "Test Runner (tests)").close()
        return dest

    yield make


@pytest.fixture
def intake_copy(tmp_path: Path) -> Callable[[str], Path]:
    """A copy of an example intake outside the workspace (as a user's download)."""

    def copy(name: str) -> Path:
        downloads = tmp_path / "downloads"
        downloads.mkdir(exist_ok=True)
        return Path(shutil.copy(INTAKE_DIR / f"{name}.json", downloads / f"{name}.json"))

    return copy


@pytest.fixture
def make_window(
    qtbot: object, app_settings: object, registry: PolicyRegistry, tmp_path: Path
) -> Callable[..., object]:
    """make_window(settings=None, clock=None, decision_panel_factory=None, identity=None): a
    shown, active MainWindow wired as run.py wires it (the index cache in tmp_path; the
    session's identity when given). pytest-qt closes it after the test."""
    from PySide6.QtWidgets import QApplication

    from reviewer_app.casefile.index import WorkspaceIndex
    from reviewer_app.ui.main_window import MainWindow, utc_now
    from reviewer_app.ui.policy import PolicyPane

    def make(
        settings: object = None,
        clock: Callable[[], object] | None = None,
        decision_panel_factory: Callable[..., object] | None = None,
        identity: object = None,
    ) -> object:
        window = MainWindow(
            settings or app_settings,  # type: ignore[arg-type]
            registry,
            index_factory=lambda folder: WorkspaceIndex(folder, tmp_path / "index.sqlite"),
            policy_pane_factory=PolicyPane,
            decision_panel_factory=decision_panel_factory,  # type: ignore[arg-type]
            clock=clock or utc_now,  # type: ignore[arg-type]
            identity=identity,  # type: ignore[arg-type]  # the session's (None: unsigned)
        )
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        window.show()
        window.activateWindow()  # keys and shortcuts go to the active window's focus
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # type: ignore[attr-defined]
        return window

    return make
