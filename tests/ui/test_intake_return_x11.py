"""In Qt's own file dialog (no native one: Xvfb, a bare X server), Return on a partly typed
intake file name whose completion list shows one match opens that file with that one
Return (issue 22, item 4), instead of "File not found" and a second try. Real key presses
(xdotool) under Xvfb: the offscreen platform's completion popup takes keys differently.
With several matches Return stays Qt's: nothing is guessed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import subprocess, sys
from PySide6.QtCore import QDeadlineTimer, QTimer
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox
from reviewer_app.ui.application import ReviewerApplication

folder, typed = sys.argv[1], sys.argv[2]
app = ReviewerApplication(sys.argv[:1])
window = QMainWindow()
window.show()
deadline = QDeadlineTimer(30_000)


# Only the application's own queries: wrappers of the widgets Qt made inside the static
# dialog are not reliable from Python.
def when(ready, action):
    def check():
        if deadline.hasExpired():
            print("TIMEOUT", flush=True)
            app.exit(3)
        elif ready():
            action()
        else:
            QTimer.singleShot(20, check)
    QTimer.singleShot(0, check)


def ask():
    when(lambda: isinstance(app.activeModalWidget(), QFileDialog) and app.focusWindow(), type_name)
    chosen, _ = QFileDialog.getOpenFileName(
        window, "New case from intake request", folder, "Intake requests (*.json)"
    )
    print("CHOSEN", chosen, flush=True)
    app.quit()


def type_name():
    subprocess.run(["xdotool", "type", "--delay", "15", typed], check=True)
    when(lambda: app.activePopupWidget() is not None, press_return)  # the completion list


def press_return():
    subprocess.run(["xdotool", "key", "Return"], check=True)
    when(lambda: isinstance(app.activeModalWidget(), QMessageBox), refused)


def refused():
    box = app.activeModalWidget()
    print("REFUSED", box.text().replace(chr(10), " "), flush=True)
    box.done(0)
    when(lambda: isinstance(app.activeModalWidget(), QFileDialog), cancel)


def cancel():
    app.activeModalWidget().reject()


QTimer.singleShot(0, ask)
sys.exit(app.exec())
"""


def _xvfb_display() -> tuple[subprocess.Popen[bytes], str]:
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert server.stdout is not None
    number = server.stdout.readline().decode().strip()
    return server, f":{number}"


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
    reason="Xvfb and xdotool not installed",
)
@pytest.mark.parametrize(
    ("typed", "opened"),
    [
        ("requests/dli-rel", "requests/dli-relapsed-aml.json"),  # one match: one Return
        ("requests/dli-relapsed-aml.json", "requests/dli-relapsed-aml.json"),  # typed whole
        ("requests/dli-", ""),  # two matches: Return reads the name as typed, not a guess
    ],
)
def test_one_return_opens_the_only_completion_under_x(
    tmp_path: Path, typed: str, opened: str
) -> None:
    from reviewer_app.ui.preflight import problem

    requests = tmp_path / "requests"
    requests.mkdir()
    for name in ("dli-relapsed-aml.json", "dli-after-autologous.json", "hpc-boost.json"):
        (requests / name).write_text("{}", "utf-8")
    (tmp_path / "home").mkdir()
    server, display = _xvfb_display()
    try:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", HOME=str(tmp_path))
        missing = problem(env)
        if missing:
            pytest.skip(missing)
        script = tmp_path / "pick.py"
        script.write_text(SCRIPT, "utf-8")
        done = subprocess.run(
            [sys.executable, str(script), str(tmp_path / "home"), f"{tmp_path}/{typed}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.terminate()
        server.wait(10)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[-1] == f"CHOSEN {tmp_path / opened}" if opened else lines[-1] == "CHOSEN "
    if not opened:
        assert lines[0].startswith("REFUSED") and "File not found" in lines[0]
