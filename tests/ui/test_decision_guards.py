"""The Decision tab refuses what must not happen: signing with a wrong passphrase or another
role's identity, an overturn without a medical director and a rationale, unconfirmed answers;
and what it offers on decided, reopened, read-only and training cases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from decision_helpers import (
    DOCTOR,
    NURSE,
    RATIONALE,
    click,
    fake_note_dialog,
    fake_sign_dialog,
    signed_letter,
    wait_for_draft,
)
from PySide6.QtCore import QSettings

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile import determinations as store
from reviewer_app.casefile.importer import import_intake
from reviewer_app.decisions.rules import Decision
from reviewer_app.intake import load_intake
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.decision.sign_dialog import LAST_IDENTITY_KEY

from helpers import INTAKE_DIR

# -- signing that must not happen ------------------------------------------------------------


def test_wrong_passphrase_stores_nothing(
    case_file: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[str],
) -> None:
    case = case_file("dli-relapsed-aml")
    panel = build(case, NURSE)
    click(qtbot, panel.buttons[Decision.APPROVE])
    qtbot.waitUntil(lambda: panel.sign_button.isEnabled(), timeout=10_000)
    audit_before = len(case.audit_entries())
    seen = fake_sign_dialog(monkeypatch, qtbot, identities["nurse_reviewer"], "not the passphrase")
    click(qtbot, panel.sign_button)
    assert len(dialogs) == 1 and "passphrase" in dialogs[0].lower()
    assert seen[0].identity() is None and not seen[0].sign_button.isEnabled()
    assert store.letters(case) == [] and panel.letters_model.rowCount() == 0
    assert case.status == "in_review" and len(case.audit_entries()) == audit_before


def test_identity_of_another_role_cannot_sign(
    case_file: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    dialogs: list[str],
) -> None:
    case = case_file("dli-relapsed-aml")
    panel = build(case, NURSE)
    click(qtbot, panel.buttons[Decision.APPROVE])
    qtbot.waitUntil(lambda: panel.sign_button.isEnabled(), timeout=10_000)
    seen = fake_sign_dialog(monkeypatch, qtbot, identities["medical_director"])
    click(qtbot, panel.sign_button)
    dialog = seen[0]
    assert dialog.name_label.text() == "Dr. Riley Sample"  # shown before anything is signed
    assert dialog.role_label.text() == "Medical director"
    assert "your profile is a nurse reviewer's" in dialog.note.text()
    assert dialog.note.property("verdict") == "bad"
    assert store.letters(case) == []
    stored = QSettings(str(tmp_path / "decision.ini"), QSettings.Format.IniFormat)
    assert stored.value(LAST_IDENTITY_KEY) == str(identities["medical_director"])


def test_overturn_needs_a_medical_director_and_a_rationale(
    case_file: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    qtbot: Any,
) -> None:
    case = case_file("dli-after-autologous")
    nurse = build(case, NURSE)
    approve = nurse.buttons[Decision.APPROVE]
    assert approve.text() == "&Approve" and not approve.isEnabled()
    assert "only a medical director may approve against it" in approve.toolTip()
    click(qtbot, approve)
    assert nurse.preview.shown_pdf() is None and not nurse.sign_button.isEnabled()

    doctor = build(case, DOCTOR)
    overturn = doctor.buttons[Decision.APPROVE]
    assert overturn.text() == "Overturn: &approve" and overturn.isEnabled()
    assert not doctor.buttons[Decision.REFER].isVisible()
    click(qtbot, overturn)
    wait_for_draft(qtbot, doctor)
    assert not doctor.sign_button.isEnabled()
    assert "rationale" in doctor.sign_reason.text()
    assert doctor.rationale_hint.text().startswith("Required")
    doctor.rationale.setFocus()
    qtbot.keyClicks(doctor.rationale, "Donor chimerism supports an exception.")
    qtbot.waitUntil(lambda: "at least 20" in doctor.sign_reason.text(), timeout=10_000)
    assert not doctor.sign_button.isEnabled()  # five words are not a rationale
    qtbot.keyClicks(doctor.rationale, " " + RATIONALE)
    qtbot.waitUntil(lambda: doctor.sign_button.isEnabled(), timeout=10_000)


def test_unconfirmed_answers_block_signing(
    case_file: Callable[..., CaseFile], build: Callable[..., DecisionPanel], qtbot: Any
) -> None:
    case = case_file("dli-relapsed-aml", confirm=False)
    panel = build(case, NURSE)
    assert panel.blocker.isVisible() and "not confirmed" in panel.blocker.text()
    assert "Review tab" in panel.blocker.text()
    click(qtbot, panel.buttons[Decision.APPROVE])
    wait_for_draft(qtbot, panel)
    assert not panel.sign_button.isEnabled() and "not confirmed" in panel.sign_reason.text()
    assert panel.buttons[Decision.REFER].isEnabled()


# -- decided, reopened, read-only and training cases ----------------------------------------


def test_medical_director_reopens_and_the_next_letter_supersedes(
    case_file: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = case_file("dli-after-autologous")
    signed_letter(case, identities["medical_director"], Decision.DENY, RATIONALE)
    nurse = build(case, NURSE)
    assert not nurse.actions_box.isVisible() and not nurse.reopen_button.isVisible()
    assert "Denied" in nurse.determination.text()
    assert "Medical director" in nurse.determination.text()

    doctor = build(case, DOCTOR)
    assert doctor.reopen_button.isVisible() and not doctor.actions_box.isVisible()
    fake_note_dialog(monkeypatch, qtbot, "New chimerism results arrived.")
    asked = fake_sign_dialog(monkeypatch, qtbot, identities["medical_director"])  # who reopens
    with qtbot.waitSignal(doctor.caseChanged):
        click(qtbot, doctor.reopen_button)
    assert doctor.actions_box.isVisible() and not store.locked(case)
    # The identity is asked for a reopening, not for signing a letter.
    assert [(d.windowTitle(), d.sign_button.text()) for d in asked] == [
        ("Reopen the determination", "&Reopen")
    ]
    assert "will be reopened by Dr. Riley Sample" in asked[0].note.text()
    assert "supersedes version 1" in doctor.determination.text()
    click(qtbot, doctor.buttons[Decision.DENY])
    doctor.rationale.setFocus()
    qtbot.keyClicks(doctor.rationale, RATIONALE)
    qtbot.waitUntil(lambda: doctor.sign_button.isEnabled(), timeout=10_000)
    assert "version 2" in doctor.preview.caption.text()
    asked = fake_sign_dialog(monkeypatch, qtbot, identities["medical_director"])
    click(qtbot, doctor.sign_button)
    assert [d.windowTitle() for d in asked] == ["Sign the determination letter"]
    assert doctor.letters_model.rowCount() == 2
    newest = doctor.letters_model.index(0, 4).data()
    assert newest == "supersedes v1"


def test_reopening_takes_a_medical_directors_identity_not_the_profiles_role(
    case_file: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A profile that still says 'medical director' (saved before roles came from
    certificates) cannot reopen with a nurse's identity: the certificate decides."""
    case = case_file("dli-after-autologous")
    signed_letter(case, identities["medical_director"], Decision.DENY, RATIONALE)
    claimed = build(case, DOCTOR)
    fake_note_dialog(monkeypatch, qtbot, "I would like to change this.")
    fake_sign_dialog(monkeypatch, qtbot, identities["nurse_reviewer"])
    monkeypatch.setattr("reviewer_app.ui.decision.unlock.show_problem", lambda *_a: None)
    click(qtbot, claimed.reopen_button)
    assert store.locked(case)
    assert not [e for e in case.audit_entries() if e.action == "reopened"]


def test_read_only_case_disables_every_action(
    make_case: Callable[..., Path],
    registry: Any,
    build: Callable[..., DecisionPanel],
) -> None:
    path = make_case("dli-relapsed-aml")
    with CaseFile.open(path, registry) as holder:
        holder.confirm(None, "Somebody else")
        with CaseFile.open(path, registry) as case:
            assert case.readonly
            panel = build(case, DOCTOR)
            assert "Read-only" in panel.state_note.text()
            for button in panel.buttons.values():
                assert not button.isEnabled()
            assert panel.rationale.isReadOnly() and not panel.sign_button.isEnabled()


def test_training_case_says_so(
    tmp_path: Path, registry: Any, build: Callable[..., DecisionPanel]
) -> None:
    intake = load_intake(INTAKE_DIR / "dli-relapsed-aml.json")
    with import_intake(intake, tmp_path / "t.umcase", registry, "Trainer", training=True) as case:
        panel = build(case, NURSE)
        assert panel.training_note.isVisible()
        assert panel.training_note.text() == "TRAINING — NOT A COVERAGE DETERMINATION"


def test_a_training_reopening_is_worded_as_one_in_the_demo_identity_dialog(qtbot: Any) -> None:
    from reviewer_app.ui.training.demo_sign import DemoSignDialog

    letter = DemoSignDialog("Approve case DEMO-1")
    reopening = DemoSignDialog("Reopen the determination of case DEMO-1", reopening=True)
    for dialog in (letter, reopening):
        qtbot.addWidget(dialog)
    assert letter.windowTitle() == "Sign the training letter"
    assert letter.demo_button.text() == "Sign with the &demo trainer identity"
    assert reopening.windowTitle() == "Reopen the training determination"
    assert reopening.demo_button.text() == "Reopen with the &demo trainer identity"
    assert "watermarked" not in reopening.signer.text()
    assert "audit trail" in reopening.signer.text()
