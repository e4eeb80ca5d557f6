"""Under a real X server without a window manager (Xvfb), closing a dialog opened over
another dialog gives the keys back to each window in turn.

The offscreen platform the other tests use does not show what went wrong here: under
xcb, the Python wrapper of the outer dialog's window, kept from its first focus, was
invalidated once the inner dialog closed, and the activation silently stopped there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import sys
from PySide6.QtCore import QDeadlineTimer, QTimer
from PySide6.QtWidgets import QDialog, QLineEdit, QMainWindow, QVBoxLayout
from reviewer_app.ui.application import ReviewerApplication

app = ReviewerApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("main")
window.setCentralWidget(QLineEdit())
window.show()
window.activateWindow()
seen = []
app.focusWindowChanged.connect(lambda w: seen.append(w.title() if w is not None else "-"))


def when_focused(title, action):
    # Each step waits for the keys to reach the window it expects, however busy the
    # machine; after 10 s it goes on regardless and the order printed shows what went wrong.
    deadline = QDeadlineTimer(10_000)

    def check():
        focus = app.focusWindow()
        if (focus is not None and focus.title() == title) or deadline.hasExpired():
            action()
        else:
            QTimer.singleShot(10, check)

    QTimer.singleShot(0, check)


def dialog(parent, title):
    box = QDialog(parent)
    box.setWindowTitle(title)
    QVBoxLayout(box).addWidget(QLineEdit())
    return box


def inner_dialog(outer):
    inner = dialog(outer, "inner")  # dropped once closed, as a dialog's own code does
    when_focused("inner", inner.reject)
    inner.exec()
    when_focused("outer", outer.reject)  # the keys back to the outer dialog first


def outer_dialog():
    outer = dialog(window, "outer")
    when_focused("outer", lambda: inner_dialog(outer))
    outer.exec()
    when_focused("main", finish)


def finish():
    focus = app.focusWindow()
    print(" ".join(seen), "|", focus.title() if focus is not None else "-")
    app.quit()


when_focused("main", outer_dialog)
app.exec()
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


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb not installed")
def test_closing_nested_dialogs_gives_each_window_the_keys_back_under_x(
    tmp_path: Path,
) -> None:
    from reviewer_app.ui.preflight import problem

    server, display = _xvfb_display()
    try:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", HOME=str(tmp_path))
        missing = problem(env)
        if missing:
            pytest.skip(missing)
        script = tmp_path / "nested.py"
        script.write_text(SCRIPT, "utf-8")
        done = subprocess.run(
            [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=180
        )
    finally:
        server.terminate()
        server.wait(10)
    assert done.returncode == 0, done.stderr[-2000:]
    order, _, focus = done.stdout.strip().rpartition(" | ")
    assert order.split() == ["main", "outer", "inner", "outer", "main"]
    assert focus == "main"
