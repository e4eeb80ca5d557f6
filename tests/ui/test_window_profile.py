"""Who is reviewing: the first-run profile dialog, the settings that remember it, and a
case opened before any profile is set."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from window_helpers import LEFT, case_view, click, row

from reviewer_app.review.answers import Reply
from reviewer_app.ui.app_settings import AppSettings, ReviewerProfile
from reviewer_app.ui.main_window import MainWindow


def test_profile_dialog_records_who_is_reviewing(qtbot: Any) -> None:
    from reviewer_app.ui.dialogs.profile_dialog import ProfileDialog

    dialog = ProfileDialog(None, first_run=True)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # a name is required
    qtbot.keyClicks(dialog.name_edit, "Dr. Morgan Lee")
    qtbot.keyClicks(dialog.credentials_edit, "MD")
    assert ok.isEnabled()
    qtbot.mouseClick(ok, LEFT)
    assert dialog.result() == ProfileDialog.DialogCode.Accepted
    # Typing "MD" makes nobody a medical director: the role comes from an identity.
    assert dialog.profile() == ReviewerProfile("Dr. Morgan Lee", "MD", "nurse_reviewer")


def test_the_profile_role_comes_from_the_identity_certificate(
    qtbot: Any, identities: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from decision_helpers import PASS
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from reviewer_app.ui.dialogs.profile_dialog import ProfileDialog

    dialog = ProfileDialog(ReviewerProfile("Someone", "RN", "nurse_reviewer"))
    qtbot.addWidget(dialog)
    assert not hasattr(dialog, "role_combo")  # nothing to choose
    path = str(identities["medical_director"])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (path, ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (PASS, True))
    qtbot.mouseClick(dialog.identity_button, LEFT)
    assert dialog.role_label.text() == "Medical director"
    assert dialog.profile() == ReviewerProfile("Dr. Riley Sample", "MD", "medical_director")


def test_first_run_joins_the_organization_or_stays_training_only(
    qtbot: Any, config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from reviewer_app.decisions.trust import read_bundle
    from reviewer_app.ui.dialogs.profile_dialog import ProfileDialog

    laptop = tmp_path / "laptop"
    dialog = ProfileDialog(None, first_run=True, config=laptop)
    qtbot.addWidget(dialog)
    assert dialog.organization_label.text().startswith("None: training only")
    bundle = str(config / "organization.json")  # what the administrator handed over
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (bundle, ""))
    qtbot.mouseClick(dialog.join_button, LEFT)
    assert dialog.organization_label.text().startswith("Demo Health Plan")
    assert read_bundle(laptop) == read_bundle(config)


def test_settings_round_trip(tmp_path: Path, qapp: Any) -> None:
    from PySide6.QtCore import QSettings

    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings = AppSettings(store, default_folder=tmp_path / "default")
    assert settings.workspace_folder() == tmp_path / "default"
    assert settings.profile() is None
    for i in range(12):
        settings.add_recent(tmp_path / f"c{i}.umcase")
    settings.add_recent(tmp_path / "c5.umcase")
    recent = settings.recent_files()
    assert len(recent) == 10 and recent[0] == tmp_path / "c5.umcase"
    settings.set_profile(ReviewerProfile("Pat", "RN", "trainer"))
    settings.sync()
    again = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert again.profile() == ReviewerProfile("Pat", "RN", "trainer")
    assert again.recent_files() == recent


def test_without_a_profile_opening_a_case_asks_who_is_reviewing(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QSettings

    from reviewer_app.ui.dialogs.profile_dialog import ProfileDialog

    settings = AppSettings(QSettings(str(tmp_path / "first-run.ini"), QSettings.Format.IniFormat))
    settings.set_workspace_folder(workspace)
    path = make_case("dli-relapsed-aml", workspace)
    window = make_window(settings)
    assert window.profile_label.text() == "No reviewer profile"

    monkeypatch.setattr(ProfileDialog, "exec", lambda self: ProfileDialog.DialogCode.Rejected)
    assert not window.open_path(path)  # nobody to record the answers against
    assert window.case is None

    def fill_in(dialog: ProfileDialog) -> int:
        dialog.name_edit.setText("Sam Okafor")
        dialog.credentials_edit.setText("RN")
        return ProfileDialog.DialogCode.Accepted

    monkeypatch.setattr(ProfileDialog, "exec", fill_in)
    assert window.open_path(path)
    assert settings.profile() == ReviewerProfile("Sam Okafor", "RN", "nurse_reviewer")
    assert window.profile_label.text() == "Sam Okafor, RN · Nurse reviewer"
    click(qtbot, row(window, "dli.same_donor").reply_buttons[Reply.NO], window)
    assert case_view(window).case.audit_entries()[-1].actor == "Sam Okafor, RN"
