"""No protected health information in logs, crash reports, caches or temporary files
after a whole review in the desktop app: import, answer, confirm, decide and sign, export
the letter, lock, unlock, close."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import INTAKE_DIR

MEMBER = ("Ava Demo", "DEMO-M-0001", "1968-03-14")
CASE_PASSPHRASE = "a passphrase for the phi walkthrough"
SIGNING_PASSPHRASE = "signing passphrase for the walkthrough"
LEFT_BUTTON = 1  # Qt.MouseButton.LeftButton, without importing Qt at collection time


def _scan(*folders: Path) -> list[str]:
    """Every file below ``folders`` holding the member's name, ID or birth date, as UTF-8
    or UTF-16 (how Windows and Qt may write text)."""
    hits = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            data = path.read_bytes()
            for needle in MEMBER:
                forms = (needle.encode(), needle.encode("utf-16-le"), needle.encode("utf-16-be"))
                if any(form in data for form in forms):
                    hits.append(f"{path}: {needle}")
    return hits


@pytest.fixture
def app_log(tmp_path: Path) -> Iterator[Path]:
    """The app's own log file handler, writing into this test's log folder (as run.py's
    configure_logging does), at DEBUG so every message is there to scan."""
    from reviewer_app.logs import configure_logging

    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    root.handlers = [h for h in root.handlers if not getattr(h, "_reviewer_app", False)]
    configure_logging(logging.DEBUG)
    try:
        yield tmp_path / "logs"
    finally:
        for handler in root.handlers:
            if getattr(handler, "_reviewer_app", False):
                handler.close()
        root.handlers = saved_handlers
        root.setLevel(saved_level)


@pytest.mark.slow
def test_a_whole_gui_review_leaves_no_phi_behind(
    qtbot: Any,
    app_settings: Any,
    registry: Any,
    workspace: Path,
    tmp_path: Path,
    app_log: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    from reviewer_app.decisions.rules import Decision
    from reviewer_app.decisions.trust import write_bundle
    from reviewer_app.letters.authority import (
        IssueRequest,
        create_authority,
        issue_identity,
        make_crl,
    )
    from reviewer_app.review.answers import Reply
    from reviewer_app.ui.decision.session_sign import SessionSignDialog
    from reviewer_app.ui.decision.sign_dialog import SignDialog
    from reviewer_app.ui.run import build_session, build_window, guard_window, install_excepthook
    from reviewer_app.ui.security.passphrase_dialogs import SetupPassphraseDialog

    temp, cache, config, out = (tmp_path / n for n in ("tmp", "cache", "config", "out"))
    for folder in (temp, cache, config, out):
        folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(config))
    shown: list[str] = []

    def record(_parent: object, title: str, text: str, *_a: object) -> object:
        shown.append(f"{title}\n{text}")
        return QMessageBox.StandardButton.Yes

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, record)
    # An identity the organization issued; its trust bundle is installed here.
    now = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    authority = create_authority("Demo Health Plan", now=now)
    write_bundle(config, [authority.cert], [make_crl(authority, [], now=now)])
    identity = config / "rn.p12"
    request = IssueRequest("Pat Rivera", "RN", "nurse_reviewer")
    issue_identity(authority, request, SIGNING_PASSPHRASE.encode(), identity, now=now)

    def setup(dialog: SetupPassphraseDialog) -> int:
        qtbot.keyClicks(dialog.passphrase_edit, CASE_PASSPHRASE)
        qtbot.keyClicks(dialog.confirm_edit, CASE_PASSPHRASE)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    def sign(dialog: SignDialog) -> int:
        dialog.show()
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(identity), ""))
        qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.passphrase_edit, SIGNING_PASSPHRASE)
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    def confirm(dialog: SessionSignDialog) -> int:  # the letter, as the session's identity
        dialog.show()
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(SetupPassphraseDialog, "exec", setup)
    monkeypatch.setattr(SignDialog, "exec", sign)
    monkeypatch.setattr(SessionSignDialog, "exec", confirm)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook()

    # First run, then import the intake through the window: encrypted.
    session = build_session(app_settings)
    window = build_window(app_settings, registry, cache / "workspace-index.sqlite", session=session)
    guard = guard_window(window, session, app_settings, registry)
    qtbot.addWidget(window)
    window.show()
    guard.start()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    intake = INTAKE_DIR / "dli-relapsed-aml.json"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(intake), ""))
    window.actions_.new_case.trigger()
    view = window.case_view
    assert view is not None and window.case is not None and window.case.encrypted
    case_path = window.case.path

    # Answer (No, then Yes again), note, confirm everything.
    rows = view.checklist.rows
    for reply in (Reply.NO, Reply.YES):
        button = rows["dli.same_donor"].reply_buttons[reply]
        view.checklist.scroll_area.ensureWidgetVisible(button)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    note = rows["dli.relapsed"].note
    view.checklist.scroll_area.ensureWidgetVisible(note)
    qtbot.mouseClick(note, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(note, "Marrow 22% blasts, see the lab report")
    qtbot.mouseClick(view.checklist.confirm_all, Qt.MouseButton.LeftButton)
    assert view.case.evaluate().unconfirmed == []

    # Decide in the decision panel and sign with a throwaway identity; export the letter.
    panel: Any = view.decision
    view.tabs.setCurrentIndex(1)
    qtbot.mouseClick(panel.buttons[Decision.APPROVE], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            panel.preview.document.status() is QPdfDocument.Status.Ready
            and panel.sign_button.isEnabled()
        ),
        timeout=15_000,
    )
    with qtbot.waitSignal(panel.letterChanged, timeout=15_000):
        qtbot.mouseClick(panel.sign_button, Qt.MouseButton.LeftButton)
    letter = out / "letter.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(letter), ""))
    window.actions_.export_letter.trigger()
    assert letter.read_bytes().startswith(b"%PDF")

    # A damaged file and an unexpected error: both are logged.
    damaged = workspace / "damaged.umcase"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert not window.open_path(damaged)
    try:
        raise ValueError(f"member {MEMBER[0]} ({MEMBER[1]}, born {MEMBER[2]})")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert any(s.startswith("Something went wrong") for s in shown)
    assert window.open_path(case_path)

    # Lock and unlock, then close the case and the window.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert guard.locked and window.windowTitle() == "Reviewer Workstation — Locked"
    qtbot.keyClicks(guard.lock_screen.passphrase_edit, CASE_PASSPHRASE)
    qtbot.keyClick(guard.lock_screen.passphrase_edit, Qt.Key.Key_Return)
    assert not guard.locked
    qtbot.waitUntil(lambda: window.workspace.model.rowCount() == 2)  # the index cache is used
    assert window.close_case()
    window.close()
    logging.getLogger().handlers[-1].flush()

    log_files = list(app_log.rglob("*.log"))
    assert log_files and "ValueError" in log_files[0].read_text("utf-8")  # it did log
    assert list(cache.glob("*.sqlite")), "the index cache was written where we look"
    assert not case_path.read_bytes().startswith(b"SQLite format 3")
    assert _scan(INTAKE_DIR), "control: the scanner finds the member in the intake itself"
    assert _scan(app_log) == []
    assert _scan(temp) == []
    assert _scan(cache) == []
    assert _scan(config, tmp_path / "home") == []  # settings, trust store, platform dirs
