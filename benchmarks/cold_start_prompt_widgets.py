"""Cold start of a passphrase prompt from plain Qt widgets: no app code, no style sheet.

The lower bound of the app's first window (``ui/start.py``'s unlock prompt) with this
toolkit: a QDialog with a wrapped label, a password field and OK/Cancel, shown as the
first window, touching the ``Qt`` namespace as any real dialog does (PySide builds its
Python enums on first use). The clock, the exit and the JSON line are those of
``cold_start_baseline.py``.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

from cold_start_baseline import wait_until  # noqa: E402


def main() -> tuple[object, object]:
    from PySide6.QtCore import Qt
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
    intro.setTextFormat(Qt.TextFormat.PlainText)
    body.addWidget(intro)
    form = QFormLayout()
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    form.addRow("&Passphrase:", edit)
    body.addLayout(form)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    body.addWidget(buttons)
    dialog.show()
    wait_until(lambda: dialog.windowHandle() is not None and dialog.windowHandle().isExposed())
    app.processEvents()  # the first paint
    elapsed = time.perf_counter() - T0
    print("BENCH " + json.dumps({"ready_s": elapsed}), flush=True)
    return app, dialog


if __name__ == "__main__":
    shown = main()
    shown[1].close()  # type: ignore[attr-defined]
    sys.stdout.flush()
    os._exit(0)
