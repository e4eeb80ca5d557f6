"""The Decision tab: choose, preview, sign, verify, export and print a letter, with clicks."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile import determinations as store
from reviewer_app.casefile.importer import import_intake
from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.service import decide
from reviewer_app.decisions.trust import TrustStore, load_organization
from reviewer_app.intake import load_intake
from reviewer_app.letters.identity import create_identity, load_identity
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.decision.note_dialog import NoteDialog
from reviewer_app.ui.decision.sign_dialog import LAST_IDENTITY_KEY, SignDialog

INTAKE_DIR = Path(__file__).parent.parent / "data" / "intake"
PASS = "correct horse battery staple"
NURSE = ReviewerProfile("Nora Nurse", "RN", "nurse_reviewer")
DOCTOR = ReviewerProfile("Dr. Riley Sample", "MD", "medical_director")
RATIONALE = "Only an autologous transplant is documented; DLI needs an allogeneic donor."
IDENTITIES = {
    "nurse_reviewer": ("Nora Nurse", "RN"),
    "medical_director": ("Dr. Riley Sample", "MD"),
}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@pytest.fixture(scope="module")
def identities(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One .p12 per role (made once: key generation and PKCS#12 encryption are slow)."""
    folder = tmp_path_factory.mktemp("identities")
    return {
        role: create_identity(name, creds, role, PASS.encode(), folder / f"{role}.p12")
        for role, (name, creds) in IDENTITIES.items()
    }


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, identities: dict[str, Path]) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(folder))
    trust = TrustStore(folder / "trust")
    for path in identities.values():  # as `identity create` does on this machine
        trust.add(load_identity(path, PASS.encode()).cert_der)
    return folder


@pytest.fixture
def open_case(make_case: Callable[..., Path], registry: Any) -> Iterator[Callable[..., CaseFile]]:
    opened: list[CaseFile] = []

    def open_(name: str, *, confirm: bool = True) -> CaseFile:
        case = CaseFile.open(make_case(name), registry)
        if confirm:
            case.confirm(None, "Test Runner (tests)")
        opened.append(case)
        return case

    yield open_
    for case in opened:
        case.close()


@pytest.fixture
def build(qtbot: Any, config: Path, tmp_path: Path) -> Callable[..., DecisionPanel]:
    def make(case: CaseFile, profile: ReviewerProfile) -> DecisionPanel:
        panel = DecisionPanel(
            case,
            profile,
            organization=load_organization(config),
            trust=TrustStore(config / "trust"),
            now=utc_now,
            settings=QSettings(str(tmp_path / "decision.ini"), QSettings.Format.IniFormat),
        )
        qtbot.addWidget(panel)
        panel.resize(1300, 800)
        panel.show()
        return panel

    return make


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes shown (title and text), instead of blocking."""
    shown: list[str] = []

    def record(_parent: Any, title: str, text: str, *_a: Any, **_k: Any) -> Any:
        shown.append(f"{title}\n{text}")
        return QMessageBox.StandardButton.Ok

    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, record)
    return shown


def fake_sign_dialog(
    monkeypatch: pytest.MonkeyPatch, qtbot: Any, identity: Path, passphrase: str = PASS
) -> list[SignDialog]:
    """SignDialog.exec browses to ``identity``, types the passphrase, unlocks, clicks Sign."""
    seen: list[SignDialog] = []

    def exec_(dialog: SignDialog) -> int:
        seen.append(dialog)
        dialog.show()
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(identity), ""))
        qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.passphrase_edit, passphrase)
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        if dialog.sign_button.isEnabled():
            qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
        else:
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(SignDialog, "exec", exec_)
    return seen


def fake_note_dialog(monkeypatch: pytest.MonkeyPatch, qtbot: Any, text: str) -> None:
    def exec_(dialog: NoteDialog) -> int:
        qtbot.keyClicks(dialog.editor, text)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(NoteDialog, "exec", exec_)


def click(qtbot: Any, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_for_draft(qtbot: Any, panel: DecisionPanel) -> None:
    doc = panel.preview.document
    qtbot.waitUntil(
        lambda: (
            doc.status() is QPdfDocument.Status.Ready
            and doc.pageCount() >= 1
            and panel.preview.caption.text().startswith("Unsigned draft")
        ),
        timeout=10_000,
    )


def pdf_files() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("*.pdf"))


def signed_letter(case: CaseFile, identity: Path, decision: Decision, rationale: str = "") -> int:
    """A letter made through the domain service, for tests about stored letters."""
    ident = load_identity(identity, PASS.encode())
    row = decide(
        case, decision, rationale, ident, load_organization(Path("/nonexistent")), utc_now()
    )
    assert row.id is not None
    return row.id


# -- the whole path, for each example -------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["dli-relapsed-aml", "hpc-boost-mixed-chimerism", "dli-after-autologous"]
)
def test_decide_sign_verify_export_print(
    name: str,
    open_case: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    dialogs: list[str],
) -> None:
    case = open_case(name)
    panel = build(case, NURSE)
    deny = panel.buttons[Decision.DENY]
    assert deny.isVisible() and not deny.isEnabled()
    assert "a medical director must decide" in deny.toolTip()
    assert "a medical director must decide" in panel.reasons[Decision.DENY].text()

    if name == "dli-after-autologous":
        assert "Criteria not met" in panel.outcome.text()
        assert not panel.buttons[Decision.APPROVE].isEnabled()
        fake_note_dialog(monkeypatch, qtbot, "Autologous transplant only; please review.")
        with qtbot.waitSignal(panel.caseChanged):
            click(qtbot, panel.buttons[Decision.REFER])
        assert case.status == "referred_to_md"
        assert "Referred to medical director" in panel.state_note.text()
        panel = build(case, DOCTOR)
        action, signer = panel.buttons[Decision.DENY], identities["medical_director"]
        assert action.isEnabled()
    else:
        assert "Criteria met" in panel.outcome.text()
        action, signer = panel.buttons[Decision.APPROVE], identities["nurse_reviewer"]

    tmp_before, pdf_before = set(tmp_path.rglob("*.pdf")), pdf_files()
    click(qtbot, action)
    wait_for_draft(qtbot, panel)
    if name == "dli-after-autologous":
        items = [panel.check_list.item(i).text() for i in range(panel.check_list.count())]
        assert "Missing: clinical rationale" in items
        assert not panel.sign_button.isEnabled()
        panel.rationale.setFocus()
        qtbot.keyClicks(panel.rationale, RATIONALE)
        wait_for_draft(qtbot, panel)
    qtbot.waitUntil(lambda: panel.sign_button.isEnabled())
    assert panel.check_status.text() == "Ready to sign"
    assert panel.check_status.property("check") == "ready"

    fake_sign_dialog(monkeypatch, qtbot, signer)
    with qtbot.waitSignals([panel.caseChanged, panel.letterChanged]):
        click(qtbot, panel.sign_button)
    assert dialogs == []
    rows = store.letters(case)
    assert len(rows) == 1 and panel.letters_model.rowCount() == 1 and panel.has_letter()
    assert rows[0].id is not None
    stored = store.letter_pdf(case, rows[0].id)
    assert panel.preview.shown_pdf() == stored  # the signed letter, not the draft
    assert panel.preview.caption.text().startswith("Signed letter — version 1")
    name_, creds = IDENTITIES["medical_director" if "autologous" in name else "nurse_reviewer"]
    assert f"Decided by {name_}, {creds}" in panel.determination.text()
    assert not panel.actions_box.isVisible()  # a final determination: no more actions
    assert set(tmp_path.rglob("*.pdf")) == tmp_before and pdf_files() == pdf_before

    click(qtbot, panel.verify_button)
    assert panel.verdict.text().startswith("Valid: signed by")
    assert panel.verdict.property("verdict") == "ok"

    out = tmp_path / "exported.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    click(qtbot, panel.export_button)
    assert out.read_bytes() == stored
    assert [p.name for p in tmp_path.glob(".exported.pdf.*")] == []  # no temp file left

    printed = tmp_path / "printed.pdf"

    def accept_print(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept_print)
    click(qtbot, panel.print_button)
    assert printed.read_bytes().startswith(b"%PDF") and printed.stat().st_size > 10_000
    assert "page(s) to the printer" in panel.verdict.text()


# -- stored letters that were altered -------------------------------------------------------


def test_altered_letter_is_reported_and_not_shown(
    open_case: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    registry: Any,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    dialogs: list[str],
) -> None:
    case = open_case("dli-relapsed-aml")
    signed_letter(case, identities["nurse_reviewer"], Decision.APPROVE)
    path = case.path
    case.close()
    conn = sqlite3.connect(path)
    pdf = bytearray(conn.execute("SELECT pdf FROM letter").fetchone()[0])
    pdf[len(pdf) // 2] ^= 0x01
    conn.execute("UPDATE letter SET pdf = ?", (bytes(pdf),))
    conn.commit()
    conn.close()

    with CaseFile.open(path, registry) as reopened:
        panel = build(reopened, NURSE)
        assert "does not match its recorded SHA-256" in panel.preview.message_text()
        assert panel.preview.shown_pdf() is None  # the damaged bytes are not displayed
        assert "does not match its recorded hash" in panel.verdict.text()
        assert panel.verdict.property("verdict") == "bad"

        click(qtbot, panel.verify_button)
        assert panel.verdict.text().startswith("Not valid:")
        assert "does not match its recorded SHA-256" in panel.verdict.text()
        assert panel.verdict.property("verdict") == "bad"

        out = tmp_path / "damaged.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
        click(qtbot, panel.export_button)
        assert not out.exists()
        assert "does not match its recorded SHA-256" in dialogs[-1]


# -- signing that must not happen ------------------------------------------------------------


def test_wrong_passphrase_stores_nothing(
    open_case: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[str],
) -> None:
    case = open_case("dli-relapsed-aml")
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
    open_case: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    dialogs: list[str],
) -> None:
    case = open_case("dli-relapsed-aml")
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
    open_case: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    qtbot: Any,
) -> None:
    case = open_case("dli-after-autologous")
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
    qtbot.waitUntil(lambda: doctor.sign_button.isEnabled(), timeout=10_000)


def test_unconfirmed_answers_block_signing(
    open_case: Callable[..., CaseFile], build: Callable[..., DecisionPanel], qtbot: Any
) -> None:
    case = open_case("dli-relapsed-aml", confirm=False)
    panel = build(case, NURSE)
    assert panel.blocker.isVisible() and "not confirmed" in panel.blocker.text()
    assert "Review tab" in panel.blocker.text()
    click(qtbot, panel.buttons[Decision.APPROVE])
    wait_for_draft(qtbot, panel)
    assert not panel.sign_button.isEnabled() and "not confirmed" in panel.sign_reason.text()
    assert panel.buttons[Decision.REFER].isEnabled()


# -- decided, reopened, read-only and training cases ----------------------------------------


def test_medical_director_reopens_and_the_next_letter_supersedes(
    open_case: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = open_case("dli-after-autologous")
    signed_letter(case, identities["medical_director"], Decision.DENY, RATIONALE)
    nurse = build(case, NURSE)
    assert not nurse.actions_box.isVisible() and not nurse.reopen_button.isVisible()
    assert "Denied" in nurse.determination.text()
    assert "Medical director" in nurse.determination.text()

    doctor = build(case, DOCTOR)
    assert doctor.reopen_button.isVisible() and not doctor.actions_box.isVisible()
    fake_note_dialog(monkeypatch, qtbot, "New chimerism results arrived.")
    with qtbot.waitSignal(doctor.caseChanged):
        click(qtbot, doctor.reopen_button)
    assert doctor.actions_box.isVisible() and not store.locked(case)
    assert "supersedes version 1" in doctor.determination.text()
    click(qtbot, doctor.buttons[Decision.DENY])
    doctor.rationale.setFocus()
    qtbot.keyClicks(doctor.rationale, RATIONALE)
    qtbot.waitUntil(lambda: doctor.sign_button.isEnabled(), timeout=10_000)
    assert "version 2" in doctor.preview.caption.text()
    fake_sign_dialog(monkeypatch, qtbot, identities["medical_director"])
    click(qtbot, doctor.sign_button)
    assert doctor.letters_model.rowCount() == 2
    newest = doctor.letters_model.index(0, 4).data()
    assert newest == "supersedes v1"


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


# -- in the window ------------------------------------------------------------------------------


def test_window_wires_the_panel_and_its_shortcuts(
    app_settings: Any,
    registry: Any,
    make_case: Callable[..., Path],
    identities: dict[str, Path],
    config: Path,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from reviewer_app.ui.run import build_window

    path = make_case("dli-relapsed-aml", tmp_path / "cases")
    with CaseFile.open(path, registry) as case:
        case.confirm(None, "Test Runner (tests)")
        signed_letter(case, identities["nurse_reviewer"], Decision.APPROVE)
    window = build_window(app_settings, registry, tmp_path / "index.sqlite")
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(path)
    assert window.case_view is not None
    panel = window.case_view.decision
    assert isinstance(panel, DecisionPanel)
    assert window.actions_.export_letter.isEnabled()
    out = tmp_path / "from-menu.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.actions_.export_letter.trigger()
    assert out.read_bytes().startswith(b"%PDF")
    window.close()


def test_keyboard_reaches_the_actions_and_every_control_is_named(
    open_case: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QApplication,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
        QTableView,
        QWidget,
    )

    case = open_case("hpc-boost-mixed-chimerism")
    panel = build(case, NURSE)
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    qtbot.keyClick(panel, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # &Approve
    qtbot.waitUntil(panel.buttons[Decision.APPROVE].isChecked)  # a mnemonic animates a click
    qtbot.waitUntil(lambda: panel.sign_button.isEnabled(), timeout=10_000)
    fake_sign_dialog(monkeypatch, qtbot, identities["nurse_reviewer"])
    with qtbot.waitSignal(panel.letterChanged):
        qtbot.keyClick(panel, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # &Sign letter…
    assert panel.letters_model.rowCount() == 1

    controls: list[QWidget] = []
    for kind in (QAbstractButton, QPlainTextEdit, QLineEdit, QTableView, QListWidget):
        controls += panel.findChildren(kind)
    unnamed = [w for w in controls if not w.accessibleName() and w.isVisibleTo(panel)]
    assert unnamed == []
