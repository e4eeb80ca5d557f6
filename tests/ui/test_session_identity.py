"""The person's identity, unlocked once per session, signs every change made in the app
(issue 19, item 1): the actor recorded is the certificate's name, not the profile's; a real
case without an identity is read-only with a way to unlock; a training case is signed with
the training identity."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from decision_helpers import PASS
from PySide6.QtCore import Qt
from window_helpers import case_view, click, open_case, row

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.index import WorkspaceIndex
from reviewer_app.decisions.entry_check import checked_with
from reviewer_app.decisions.session_signing import SessionSigners
from reviewer_app.decisions.trust import TrustStore
from reviewer_app.letters.identity import SigningIdentity, load_identity
from reviewer_app.policy import PolicyRegistry
from reviewer_app.review.answers import Reply
from reviewer_app.training import demo_identity
from reviewer_app.ui.app_settings import AppSettings
from reviewer_app.ui.case.audit_view import SIGNED, UNSIGNED
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.policy import PolicyPane
from reviewer_app.ui.security.session_identity import IdentityNotice, SessionIdentity

from helpers import INTAKE_DIR

NURSE = "Nora Nurse, RN (nurse_reviewer)"  # the certificate; the profile says "Pat Rivera"


class Person:
    """Answers the unlock prompt: the identity (or None, cancelled) and how often asked."""

    def __init__(self, answers: list[SigningIdentity | None]) -> None:
        self.answers = answers
        self.asked = 0

    def __call__(self, _parent: object) -> SigningIdentity | None:
        self.asked += 1
        return self.answers.pop(0)


@pytest.fixture
def window_with(
    qtbot: Any, app_settings: AppSettings, registry: PolicyRegistry, tmp_path: Path, config: Path
) -> Callable[..., MainWindow]:
    def make(person: Person, *, remembered: bool = True) -> MainWindow:
        trust = TrustStore(config / "trust")
        signers = SessionSigners(trust.anchors, demo_identity)
        window = MainWindow(
            app_settings,
            registry,
            index_factory=lambda folder: WorkspaceIndex(folder, tmp_path / "index.sqlite"),
            policy_pane_factory=PolicyPane,
            identity=SessionIdentity(signers, person, lambda: remembered),
        )
        qtbot.addWidget(window)
        window.show()
        return window

    return make


def trail(path: Path, registry: PolicyRegistry, config: Path) -> list[tuple[str, bool]]:
    """Each entry's actor and whether it is signed, from a case whose signatures hold."""
    check = checked_with(TrustStore(config / "trust").anchors)
    with CaseFile.open(path, registry, readonly=True, entry_check=check) as case:
        assert case.chain.ok, case.chain.problem
        signatures, _ = case.entry_signatures()
        return [(e.actor, e.seq in signatures) for e in case.audit_entries()]


def test_one_unlock_signs_every_change_under_the_certificates_name(
    qtbot: Any,
    window_with: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    identities: dict[str, Path],
    registry: PolicyRegistry,
    config: Path,
) -> None:
    first, second = (make_case(n, workspace) for n in ("dli-relapsed-aml", "dli-after-autologous"))
    nurse = Person([load_identity(identities["nurse_reviewer"], PASS.encode())])
    window = window_with(nurse)
    open_case(qtbot, window, first)
    assert nurse.asked == 1 and case_view(window).editable
    click(qtbot, row(window, "dli.same_donor").reply_buttons[Reply.NO], window)
    click(qtbot, case_view(window).checklist.confirm_all, window)
    open_case(qtbot, window, second)  # the same session: not asked again
    click(qtbot, row(window, "dli.relapsed").reply_buttons[Reply.YES], window)
    assert nurse.asked == 1
    window.close_case()

    made = trail(first, registry, config)[1:]  # the first entry: the import, before the app
    assert [a for a, _ in made] == [NURSE, NURSE] and all(signed for _, signed in made)
    assert trail(second, registry, config)[1:] == [(NURSE, True)]


def test_without_an_identity_a_real_case_is_read_only_until_one_is_unlocked(
    qtbot: Any,
    window_with: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    identities: dict[str, Path],
    registry: PolicyRegistry,
    config: Path,
) -> None:
    path = make_case("dli-relapsed-aml", workspace)
    nurse = Person([None, load_identity(identities["nurse_reviewer"], PASS.encode())])
    window = window_with(nurse)
    open_case(qtbot, window, path)  # asked once, and cancelled
    assert nurse.asked == 1
    view = case_view(window)
    assert not view.editable and "(read-only)" in window.windowTitle()
    notice = view.findChild(IdentityNotice)
    assert notice is not None and "Set up your identity to work on cases" in notice.text()
    same_donor = row(window, "dli.same_donor").reply_buttons[Reply.NO]
    assert not same_donor.isEnabled()
    window.close_case()
    open_case(qtbot, window, path)  # not asked again by itself in this session
    assert nurse.asked == 1 and not case_view(window).editable

    notice = case_view(window).findChild(IdentityNotice)
    assert notice is not None
    qtbot.mouseClick(notice.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.case_view is not None and window.case_view.editable)
    assert nurse.asked == 2 and case_view(window).findChild(IdentityNotice) is None
    click(qtbot, row(window, "dli.same_donor").reply_buttons[Reply.NO], window)
    window.close_case()
    assert trail(path, registry, config)[-1] == (NURSE, True)


def test_a_real_case_kept_read_only_for_want_of_an_identity_is_read_once_and_let_go(
    qtbot: Any,
    window_with: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    registry: PolicyRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import reviewer_app.casefile.store as store

    path = make_case("dli-relapsed-aml", workspace)
    opened: list[bool] = []
    real_open = store.open_case

    def counted(*args: Any, **kwargs: Any) -> CaseFile:
        opened.append(bool(kwargs.get("readonly")))
        return real_open(*args, **kwargs)

    monkeypatch.setattr(store, "open_case", counted)
    window = window_with(Person([]), remembered=False)
    open_case(qtbot, window, path)
    assert not case_view(window).editable and "(read-only)" in window.windowTitle()
    assert opened == [False]  # opened (read and checked) once, not again read-only
    # Its lock is let go: another session, whose identity can sign, may change it now.
    with CaseFile.open(path, registry) as other:
        assert not other.readonly and other.writable
    window.close_case()


def test_someone_who_never_used_an_identity_is_not_asked_on_open_and_trains_without_one(
    qtbot: Any,
    window_with: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    registry: PolicyRegistry,
    config: Path,
) -> None:
    from reviewer_app.casefile.importer import import_intake
    from reviewer_app.intake import load_intake

    real = make_case("dli-relapsed-aml", workspace)
    drill = workspace / "drill.umcase"
    intake = load_intake(INTAKE_DIR / "dli-after-autologous.json")
    import_intake(intake, drill, registry, "Test Runner (tests)", training=True).close()
    trainee = Person([])
    window = window_with(trainee, remembered=False)
    open_case(qtbot, window, real)
    assert trainee.asked == 0 and not case_view(window).editable
    open_case(qtbot, window, drill)
    assert trainee.asked == 0 and case_view(window).editable
    click(qtbot, row(window, "dli.relapsed").reply_buttons[Reply.YES], window)
    window.close_case()
    assert trail(drill, registry, config)[-1] == ("Demo Trainer, MD (trainer)", True)


def test_the_unlock_dialog_offers_a_known_identity_and_unlocks_it_for_the_session(
    qtbot: Any,
    app_settings: AppSettings,
    identities: dict[str, Path],
    config: Path,
    tmp_path: Path,
) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QDialog, QWidget

    from reviewer_app.letters.identity_store import IdentityStore
    from reviewer_app.ui.security.identity_unlock import IdentityUnlockDialog

    store = IdentityStore(tmp_path / "identities")
    nurse = identities["nurse_reviewer"]
    store.remember(nurse, load_identity(nurse, PASS.encode()).cert_der)
    parent = QWidget()
    qtbot.addWidget(parent)
    profile = app_settings.profile()
    assert profile is not None
    settings = QSettings(str(tmp_path / "dialog.ini"), QSettings.Format.IniFormat)
    dialog = IdentityUnlockDialog(profile, settings, parent, store)
    dialog.check_with(TrustStore(config / "trust"), training=False)
    assert dialog.windowTitle() == "Unlock your identity"
    assert Path(dialog.path_edit.text()) == nurse.absolute()  # offered: nothing to browse
    qtbot.keyClicks(dialog.passphrase_edit, PASS)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.sign_button.isEnabled() and "session" in dialog.note.text()
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    unlocked = dialog.identity()
    assert unlocked is not None and unlocked.name == "Nora Nurse"


def test_the_audit_tab_marks_the_entries_the_person_signed(
    qtbot: Any,
    window_with: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    identities: dict[str, Path],
) -> None:
    path = make_case("dli-relapsed-aml", workspace)
    window = window_with(Person([load_identity(identities["nurse_reviewer"], PASS.encode())]))
    open_case(qtbot, window, path)
    click(qtbot, row(window, "dli.same_donor").reply_buttons[Reply.NO], window)
    audit = case_view(window).audit
    audit.reload()
    model = audit.model
    tips = [model.index(r, 2).data(Qt.ItemDataRole.ToolTipRole) for r in range(2)]
    assert tips == [UNSIGNED, SIGNED]  # the import (before the app), then the answer
    assert model.index(1, 2).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(0, 2).data(Qt.ItemDataRole.DecorationRole) is None
    assert audit.chain_banner is not None
    assert "1 signed by the people who acted" in audit.chain_banner.text()
    assert "the entry before them is not" in audit.chain_banner.text()


def test_the_app_asks_at_the_first_real_case_only_someone_who_has_used_an_identity_here(
    qtbot: Any,
    app_settings: AppSettings,
    registry: PolicyRegistry,
    make_case: Callable[..., Path],
    workspace: Path,
    identities: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    config: Path,
) -> None:
    import reviewer_app.ui.security.identity_unlock as unlock
    from reviewer_app.config import data_dir
    from reviewer_app.letters.identity_store import IdentityStore
    from reviewer_app.ui.run import build_window

    path = make_case("dli-relapsed-aml", workspace)
    nurse = load_identity(identities["nurse_reviewer"], PASS.encode())
    asked: list[str] = []

    def ask(*_args: object) -> SigningIdentity:
        asked.append("asked")
        return nurse

    monkeypatch.setattr(unlock, "ask_session_identity", ask)
    for known in (False, True):
        if known:  # what unlocking an identity in the app leaves on this computer
            IdentityStore(data_dir() / "identities").remember(
                identities["nurse_reviewer"], nurse.cert_der
            )
        window = build_window(app_settings, registry, tmp_path / "index.sqlite")
        qtbot.addWidget(window)
        window.show()
        open_case(qtbot, window, path)
        assert len(asked) == known and case_view(window).editable is known
        window.close_case()
