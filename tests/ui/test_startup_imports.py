"""Start-up stays light: the letter, PDF, crypto and ORM libraries load on first use only.

reportlab, pyHanko, fontTools and QtPdf wait for the Decision tab; cryptography for
signing or the training identity; SQLAlchemy and SQLModel for the first change to a case
that needs the ORM (reading a case goes through the DB-API connection).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

HEAVY = (
    "reportlab",
    "pyhanko",
    "fontTools",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "cryptography",
    "sqlalchemy",
    "sqlmodel",
)
PDF_MODULES = ("PySide6.QtPdf", "PySide6.QtPdfWidgets")

# The steps of run_gui (benchmarks/cold_start_app.py drives them the same way): the
# composition root, the unlock dialog answered as soon as it shows, then the case opened.
SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication
    from reviewer_app.policy import PolicyRegistry
    from reviewer_app.resources import policy_data_dir
    from reviewer_app.ui import run
    from reviewer_app.ui.app_settings import AppSettings

    HEAVY = {heavy!r}
    ini, case, cache = (Path(a) for a in sys.argv[1:4])
    app = run.make_application(["test"])
    settings = AppSettings(QSettings(str(ini), QSettings.Format.IniFormat))
    registry = PolicyRegistry(policy_data_dir())
    session = run.build_session(settings)
    window = run.build_window(settings, registry, cache, session=session)
    guard = run.guard_window(window, session, settings, registry)
    window.show()

    def answer_unlock():
        dialog = QApplication.activeModalWidget()
        edit = getattr(dialog, "passphrase_edit", None)
        if edit is None:
            QTimer.singleShot(5, answer_unlock)
            return
        edit.setText("any passphrase opens a plain case")
        dialog.accept()

    QTimer.singleShot(0, answer_unlock)
    opened = []
    guard.start(then=lambda: opened.append(window.open_path(case)))

    def run_until(done):
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: done() and loop.quit())
        timer.start(5)
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        timer.stop()

    run_until(lambda: bool(opened) and window.case_view is not None
              and window.case_view.isVisible())
    loaded = lambda: sorted(m for m in HEAVY if m in sys.modules)
    result = {{"opened": opened, "at_start": loaded()}}
    view = window.case_view
    view.tabs.setCurrentIndex(1)  # the Decision tab: its panel is built now
    run_until(lambda: view.decision.preview.has_view())
    result["decision_tab"] = loaded()
    print("RESULT " + json.dumps(result), flush=True)
    window.close()
""")


def test_opening_a_case_loads_no_letter_or_pdf_library(
    tmp_path: Path, make_case: Callable[..., Path]
) -> None:
    case = make_case("dli-relapsed-aml")
    ini = tmp_path / "settings.ini"
    ini.write_text(
        "[profile]\nname=Pat Rivera\ncredentials=RN\nrole=nurse_reviewer\n"
        "\n[security]\npassphrase_set_up=true\n"
        f"\n[workspace]\nfolder={case.parent.as_posix()}\n",
        "utf-8",
    )
    script = SCRIPT.format(heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", script, str(ini), str(case), str(tmp_path / "index.sqlite")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    assert result["opened"] == [True]
    assert result["at_start"] == []
    # Showing the Decision tab builds the letter preview, and only then QtPdf loads.
    assert set(PDF_MODULES) <= set(result["decision_tab"])
