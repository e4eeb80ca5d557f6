"""`reviewer-app --self-test`: the check a support person runs on a fresh install."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from reviewer_app.ui import selftest
from reviewer_app.ui.selftest import run_self_test

ROOT = Path(__file__).resolve().parent.parent
ISOLATION_VARS = ("REVIEWER_APP_CONFIG_DIR", "REVIEWER_APP_DATA_DIR", "REVIEWER_APP_LOG_DIR")


def pyproject_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"])


def reviewer_app_command() -> list[str]:
    """The installed console script, as a user runs it; `python -m` when not installed."""
    script = Path(sysconfig.get_path("scripts")) / "reviewer-app"
    return [str(script)] if script.exists() else [sys.executable, "-m", "reviewer_app"]


def headless_env(home: Path) -> dict[str, str]:
    """No display, no Qt platform chosen and an empty home: as on a bare server."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    for name in ISOLATION_VARS:
        env.pop(name, None)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    env["XDG_DATA_HOME"] = str(home / ".local" / "share")
    env["XDG_CACHE_HOME"] = str(home / ".cache")
    return env


def test_run_self_test_passes_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    for name in ISOLATION_VARS:
        monkeypatch.delenv(name, raising=False)

    assert run_self_test() == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "SELF-TEST PASSED"
    assert all(line.startswith("ok  ") for line in lines[:-1]), lines
    assert "ok  policy loaded (43 references)" in lines
    assert any("criteria_met" in line for line in lines)
    assert any("signature verified" in line for line in lines)
    assert any("rendered with QtPdf" in line for line in lines)
    assert list(scratch.iterdir()) == []  # its temporary folder is gone
    assert all(name not in os.environ for name in ISOLATION_VARS)  # settings folders restored


def test_a_failing_step_is_named_and_returns_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(selftest, "DEMO_INTAKE", ("demo", "intake", "missing.json"))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))

    assert run_self_test() == 1

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "ok  policy loaded (43 references)"
    assert lines[-1].startswith("SELF-TEST FAILED: intake: ")
    assert "missing.json" in lines[-1]
    assert "SELF-TEST PASSED" not in lines
    assert list(tmp_path.iterdir()) == []


def test_reviewer_app_self_test_runs_headless_without_a_window(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    done = subprocess.run(
        [*reviewer_app_command(), "--self-test"],
        env=headless_env(home),
        capture_output=True,
        text=True,
        timeout=180,  # a GUI that started instead would wait here forever
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "SELF-TEST PASSED"
    assert "Qt started (offscreen platform)" in done.stdout
    # Settings, data and logs all went to its own temporary folder.
    assert not (home / ".config" / "reviewer-workstation").exists()
    assert not (home / ".local" / "share" / "reviewer-workstation").exists()
    assert not (home / ".cache" / "reviewer-workstation").exists()


def test_version_is_the_pyproject_version() -> None:
    done = subprocess.run(
        [*reviewer_app_command(), "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Reviewer Workstation {pyproject_version()}"


def test_self_test_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    from reviewer_app.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    assert "--self-test" in capsys.readouterr().out
