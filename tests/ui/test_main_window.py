"""The main window, driven as a reviewer drives it: its remembered layout and zoom, cases
held elsewhere, the audit tab, bad input, and a review that never touches the network."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from window_helpers import (
    CTRL,
    LEFT,
    capture_dialogs,
    case_view,
    click,
    import_via_menu,
    open_case,
    row,
)

from reviewer_app.casefile import CaseFile
from reviewer_app.review.answers import Reply
from reviewer_app.ui.app_settings import AppSettings
from reviewer_app.ui.case.case_view import AUDIT_TAB
from reviewer_app.ui.main_window import MainWindow

# -- the window -------------------------------------------------------------------------------


def test_title_geometry_and_splitter_are_remembered(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    app_settings: AppSettings,
) -> None:
    path = make_case("dli-relapsed-aml", workspace)
    first = make_window()
    assert first.windowTitle().startswith("Reviewer Workstation")
    first.resize(700, 500)  # the offscreen screen is 800x600
    assert first.open_path(path)
    size = (first.width(), first.height())  # at least the window's minimum size
    splitter = case_view(first).splitter
    splitter.setSizes([250, 430])
    sizes = splitter.sizes()
    first.close()

    second = make_window(app_settings)
    assert (second.width(), second.height()) == size
    assert second.open_path(path)
    assert case_view(second).splitter.sizes() == sizes


def test_a_case_held_elsewhere_opens_read_only_naming_the_holder(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    registry: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = make_case("dli-relapsed-aml", workspace)
    asked = capture_dialogs(monkeypatch, answer=True)
    with CaseFile.open(path, registry) as holder:
        assert not holder.readonly
        window = make_window()
        assert window.open_path(path)
        view = case_view(window)
        assert view.case.readonly
        assert window.windowTitle() == "Reviewer Workstation — UM-2026-100001 (read-only)"
        assert "already open" in asked[0] and "Open it read-only?" in asked[0]
        assert "Read-only" in view.notice_text() and "held by" in view.notice_text()
        allo = row(window, "dli.allogeneic_hsct")
        assert not allo.reply_buttons[Reply.NO].isEnabled()
        assert not allo.note.isEnabled()
        assert not view.checklist.confirm_all.isEnabled()
        window.close_case()


def test_declining_read_only_leaves_the_case_closed(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    registry: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = make_case("dli-relapsed-aml", workspace)
    capture_dialogs(monkeypatch, answer=False)
    with CaseFile.open(path, registry):
        window = make_window()
        assert not window.open_path(path)
        assert window.case is None


def test_audit_tab_lists_the_trail_and_warns_when_it_is_broken(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    path = make_case("dli-relapsed-aml", workspace)
    window = make_window()
    assert window.open_path(path)
    click(qtbot, row(window, "dli.same_donor").reply_buttons[Reply.NO], window)
    view = case_view(window)
    view.tabs.setCurrentIndex(AUDIT_TAB)
    model = view.audit.model
    assert model.rowCount() == 2
    assert model.index(1, 3).data() == "Answer"
    assert model.index(1, 2).data() == "Pat Rivera, RN"
    assert model.index(1, 4).data().startswith("Same donor source as the HSCT")
    assert view.audit.warning is None
    window.close_case()

    with closing(sqlite3.connect(path)) as conn:  # alter it behind the app's back
        conn.execute("UPDATE audit SET actor = 'someone else' WHERE seq = 2")
        conn.commit()
    assert window.open_path(path)
    view = case_view(window)
    assert view.audit.warning is not None
    assert view.audit.warning.text().startswith("The audit trail is broken: ")
    assert "This case may have been altered outside the app." in view.audit.warning.text()
    assert "The audit trail is broken" in view.notice_text()


def test_zoom_keys_scale_the_text_and_are_remembered(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    app_settings: AppSettings,
    qapp: Any,
) -> None:
    from reviewer_app.ui.run import finish_application, style_application

    style_application(qapp)  # as the app runs: with the style sheet
    finish_application()  # and the style sheet's font propagation, set with the main window
    try:
        app_settings.set_zoom(1)  # from an earlier session
        window = make_window()
        base = window.font().pointSizeF() / 1.1
        open_case(qtbot, window, make_case("dli-relapsed-aml", workspace))
        view = case_view(window)
        relapsed = row(window, "dli.relapsed")
        texts = [
            relapsed.question,
            relapsed.state_label,
            view.banner.headline,
            view.header.due,
            relapsed.reply_buttons[Reply.YES],
            view.audit.table,
        ]

        def sizes() -> set[float]:
            return {round(w.font().pointSizeF(), 2) for w in texts}

        assert sizes() == {round(base * 1.1, 2)}
        qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
        qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
        assert sizes() == {round(base * 1.3, 2)}
        assert relapsed.state_label.font().bold()  # bold, and still zooming
        assert app_settings.zoom() == 3
        qtbot.keyClick(window, Qt.Key.Key_Minus, CTRL)
        assert app_settings.zoom() == 2
        qtbot.keyClick(window, Qt.Key.Key_0, CTRL)
        assert sizes() == {round(base, 2)} and app_settings.zoom() == 0
    finally:
        qapp.setStyleSheet("")
        qapp.setAttribute(Qt.ApplicationAttribute.AA_UseStyleSheetPropagationInWidgetStyles, False)


# -- bad input ------------------------------------------------------------------------------


def test_bad_input_gets_a_dialog_and_changes_nothing(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    example_intakes: Path,
) -> None:
    shown = capture_dialogs(monkeypatch)
    window = make_window()

    bad = tmp_path / "bad-intake.json"
    text = (example_intakes / "dli-relapsed-aml.json").read_text()
    bad.write_text(text.replace('"cpt": "38242"', '"cpt": "99999"'))
    assert not window.new_case_from_intake(bad)
    assert "Cannot import the intake request" in shown[-1]
    assert "CPT 99999" in shown[-1] and "No case was created." in shown[-1]
    assert list(workspace.iterdir()) == []

    newer = make_case("dli-relapsed-aml", workspace)
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute("PRAGMA user_version=99")
    before = newer.read_bytes()
    assert not window.open_path(newer)
    assert "newer version" in shown[-1] and "Update the app" in shown[-1]
    assert newer.read_bytes() == before
    assert window.case is None


def test_unexpected_errors_are_logged_and_shown_briefly(
    monkeypatch: pytest.MonkeyPatch,
    qapp: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from reviewer_app.ui.run import install_excepthook

    shown = capture_dialogs(monkeypatch)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook()
    name = "-".join(["Ava", "Demo"])  # PHI in a message must not reach the log
    try:
        raise ValueError(f"member {name}")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert "Something went wrong" in shown[0] and "ValueError" in shown[0]
    assert "ValueError" in caplog.text and "Ava-Demo" not in caplog.text


# -- offline by construction --------------------------------------------------------------


def test_a_review_opens_no_socket(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    intake_copy: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("the app tried to open a network connection")

    monkeypatch.setattr(socket.socket, "__init__", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    window = make_window()
    import_via_menu(window, intake_copy("hpc-boost-mixed-chimerism"), monkeypatch)
    click(qtbot, row(window, "hpc_boost.same_source").reply_buttons[Reply.NO], window)
    qtbot.mouseClick(case_view(window).checklist.confirm_all, LEFT)
    click(qtbot, row(window, "hpc_boost.prior_hsct").question, window)
    case_view(window).tabs.setCurrentIndex(AUDIT_TAB)
    window.close_case()
    assert window.case is None


def test_the_gui_never_loads_qt_network(tmp_path: Path) -> None:
    """In a fresh interpreter (other tests may load QtNetwork): walk a case, then look."""
    script = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ["REVIEWER_APP_LOG_DIR"] = {str(tmp_path / "logs")!r}
        from pathlib import Path
        from PySide6.QtCore import QSettings
        from reviewer_app.policy import PolicyRegistry
        from reviewer_app.resources import policy_data_dir
        from reviewer_app.review.answers import Reply
        from reviewer_app.ui.app_settings import AppSettings, ReviewerProfile
        from reviewer_app.ui.run import build_window, make_application
        app = make_application(["t"])
        tmp = Path({str(tmp_path)!r})
        settings = AppSettings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat),
                               default_folder=tmp / "cases")
        settings.set_profile(ReviewerProfile("Pat", "RN", "nurse_reviewer"))
        # The organization's identity the session unlocks: the changes are signed with it.
        import datetime as dt
        import reviewer_app.ui.security.identity_unlock as unlock
        from reviewer_app.decisions.trust import write_bundle
        from reviewer_app.letters import authority as ca
        from reviewer_app.letters.identity import load_identity
        now = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        org = ca.create_authority("Demo Health Plan", now=now)
        os.environ["REVIEWER_APP_CONFIG_DIR"] = str(tmp / "config")
        write_bundle(tmp / "config", [org.cert], [ca.make_crl(org, [], now=now)])
        request = ca.IssueRequest("Pat", "RN", "nurse_reviewer")
        ca.issue_identity(org, request, b"passphrase", tmp / "id.p12", now=now)
        unlock.ask_session_identity = lambda *a: load_identity(tmp / "id.p12", b"passphrase")
        window = build_window(settings, PolicyRegistry(policy_data_dir()), tmp / "i.sqlite")
        window.show()
        intake = Path({str(Path(__file__).parents[1] / "data" / "intake")!r})
        assert window.new_case_from_intake(intake / "dli-relapsed-aml.json")
        row = window.case_view.checklist.rows["dli.same_donor"]
        row.reply_buttons[Reply.NO].click()
        window.case_view.select_criterion("dli.relapsed")
        window.close()
        app.processEvents()
        print("QtNetwork loaded:", "PySide6.QtNetwork" in sys.modules)
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "QtNetwork loaded: False" in done.stdout
