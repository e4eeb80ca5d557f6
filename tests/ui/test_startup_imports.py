"""Start-up where a person waits: the unlock prompt comes first, with nothing heavy loaded;
the ORM and the main window load behind it; the letter and PDF libraries wait for the
Decision tab.

The prompt needs Qt and the passphrase check only (not even the enums of Qt's ``Qt``
namespace, which PySide builds on first use): SQLAlchemy, SQLModel and the main
window load on a worker thread and are built while the person types (ui/start.py);
reportlab, pyHanko, fontTools and QtPdf wait for the Decision tab; cryptography for
signing or the training identity.
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
)
BEHIND_THE_PROMPT = ("sqlalchemy", "sqlmodel", "reviewer_app.ui.main_window")
PDF_MODULES = ("PySide6.QtPdf", "PySide6.QtPdfWidgets")

# run_gui's start (run.start_gui, as benchmarks/cold_start_app.py drives it): the unlock
# prompt, answered once the app behind it is built, then the case opened.
SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    from reviewer_app.ui import run, start
    from reviewer_app.ui.app_settings import AppSettings

    HEAVY = {heavy!r}
    BEHIND = {behind!r}
    ini, case, cache = (Path(a) for a in sys.argv[1:4])
    app = run.make_application(["test"])
    settings = AppSettings(QSettings(str(ini), QSettings.Format.IniFormat))
    loaded = lambda names: sorted(m for m in names if m in sys.modules)
    result = {{}}

    class FirstPaint(QObject):  # what was made by the time the prompt first paints
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and type(watched).__name__ == "UnlockDialog":
                result.setdefault("qt_enums_at_paint", "Qt" in vars(sys.modules["PySide6.QtCore"]))
            return False

    first_paint = FirstPaint()
    app.installEventFilter(first_paint)

    def answer_unlock():
        dialog = QApplication.activeModalWidget()
        edit = getattr(dialog, "passphrase_edit", None)
        if edit is None or not dialog.isVisible():
            QTimer.singleShot(5, answer_unlock)
            return
        if "at_prompt" not in result:
            result["at_prompt"] = loaded(BEHIND + HEAVY)
            result["windows_at_prompt"] = sorted(
                type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible())
            result["main_windows_at_prompt"] = sum(
                isinstance(w, QMainWindow) for w in QApplication.topLevelWidgets())
        if dialog.property(start.READY_PROPERTY) is None:  # the person is still typing
            QTimer.singleShot(5, answer_unlock)
            return
        app.removeEventFilter(first_paint)
        result["behind_prompt"] = loaded(BEHIND)
        edit.setText("any passphrase opens a plain case")
        dialog.accept()

    QTimer.singleShot(0, answer_unlock)
    opened = []
    window = run.start_gui(settings, cache, then=lambda w: opened.append(w.open_path(case)))

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
    result["opened"] = opened
    result["at_start"] = loaded(HEAVY)
    view = window.case_view
    view.tabs.setCurrentIndex(1)  # the Decision tab: its panel is built now
    run_until(lambda: view.decision.preview.has_view())
    result["decision_tab"] = loaded(HEAVY)
    print("RESULT " + json.dumps(result), flush=True)
    window.close()
""")


def test_the_prompt_comes_first_and_light_and_a_case_loads_no_letter_library(
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
    script = SCRIPT.format(heavy=HEAVY, behind=BEHIND_THE_PROMPT)
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
    # The first window is the prompt alone, shown before the ORM and the main window load,
    # and before PySide builds the Python enums of Qt's whole Qt namespace (about 17 ms).
    assert result["windows_at_prompt"] == ["UnlockDialog"]
    assert result["qt_enums_at_paint"] is False
    assert result["main_windows_at_prompt"] == 0
    assert result["at_prompt"] == []
    # While the person types, they load behind it.
    assert result["behind_prompt"] == sorted(BEHIND_THE_PROMPT)
    assert result["opened"] == [True]
    assert result["at_start"] == []
    # Showing the Decision tab builds the letter preview, and only then QtPdf loads.
    assert set(PDF_MODULES) <= set(result["decision_tab"])
