"""Cold start of a passphrase prompt from plain Qt widgets: no app code, no style sheet.

The lower bound of the app's first window (``ui/start.py``'s unlock prompt) with this
toolkit: a QDialog with a wrapped plain-text label, a password field and OK/Cancel, shown
as the first window. Like the app's prompt it names no member of the ``Qt`` namespace
(PySide builds the Python enums of the whole namespace on first use, about 17 ms, which
the app does after its prompt has painted). The clock, the exit and the JSON line are those
of ``cold_start_baseline.py``.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

from first_paint import run_until, watch_first_paint  # noqa: E402


def main() -> tuple[object, object]:
    from PySide6.QtWidgets import (
        QApplication,
        QDialog,
        QDialogButtonBox,
        QFormLayout,
        QLabel,
        QLineEdit,
        QVBoxLayout,
    )

    app = QApplication(sys.argv[:1])
    dialog = QDialog()
    dialog.setWindowTitle("Unlock")
    body = QVBoxLayout(dialog)
    intro = QLabel("Enter your passphrase to open the workspace. Case data stays hidden.")
    intro.setWordWrap(True)
    intro.setProperty("textFormat", 0)  # Qt.TextFormat.PlainText
    body.addWidget(intro)
    form = QFormLayout()
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    form.addRow("&Passphrase:", edit)
    body.addLayout(form)
    buttons = QDialogButtonBox()
    buttons.setStandardButtons(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    body.addWidget(buttons)
    painted = watch_first_paint(dialog)
    dialog.show()
    run_until(lambda: bool(painted))
    elapsed = painted[0] - T0
    print("BENCH " + json.dumps({"ready_s": elapsed}), flush=True)
    return app, dialog


if __name__ == "__main__":
    shown = main()
    shown[1].close()  # type: ignore[attr-defined]
    sys.stdout.flush()
    os._exit(0)
