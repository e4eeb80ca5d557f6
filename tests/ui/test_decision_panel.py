"""The Decision tab: choose, preview, sign, verify, export and print a letter, with clicks;
a stored letter that was altered; the panel in the window and from the keyboard."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from decision_helpers import (
    DOCTOR,
    IDENTITIES,
    NURSE,
    RATIONALE,
    click,
    fake_note_dialog,
    fake_sign_dialog,
    signed_letter,
    wait_for_draft,
)
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile import determinations as store
from reviewer_app.decisions.rules import Decision
from reviewer_app.ui.decision import DecisionPanel


def pdf_files() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("*.pdf"))


# -- the whole path, for each example -------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["dli-relapsed-aml", "hpc-boost-mixed-chimerism", "dli-after-autologous"]
)
def test_decide_sign_verify_export_print(
    name: str,
    case_file: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    dialogs: list[str],
) -> None:
    case = case_file(name)
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

    previewed = panel.draft_pdf()
    assert previewed is not None
    if case.header.member_language == "en":
        assert panel.preview.shown_pdf() == previewed
    fake_sign_dialog(monkeypatch, qtbot, signer)
    with qtbot.waitSignals([panel.caseChanged, panel.letterChanged]):
        click(qtbot, panel.sign_button)
    assert dialogs == []
    rows = store.letters(case)
    assert len(rows) == 1 and panel.letters_model.rowCount() == 1 and panel.has_letter()
    assert rows[0].id is not None
    stored = store.letter_pdf(case, rows[0].id)
    # What was signed is the draft that was previewed, byte for byte, plus the signature
    # (an incremental update after it): not a second rendering.
    assert stored.startswith(previewed) and len(stored) > len(previewed)
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
    assert "pages to the printer" in panel.verdict.text()


# -- stored letters that were altered -------------------------------------------------------


def test_altered_letter_is_reported_and_not_shown(
    case_file: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    registry: Any,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    dialogs: list[str],
) -> None:
    case = case_file("dli-relapsed-aml")
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
    case_file: Callable[..., CaseFile],
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

    case = case_file("hpc-boost-mixed-chimerism")
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


def test_a_letter_that_cannot_be_stored_is_reported_and_nothing_is_stored(
    case_file: Callable[..., CaseFile],
    build: Callable[..., DecisionPanel],
    identities: dict[str, Path],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[str],
) -> None:
    """The signing step's failure path: the signed letter cannot be stored (the file
    refuses the write): one problem, in the app's words, and nothing kept."""
    from reviewer_app.casefile import CaseFileError

    case = case_file("dli-relapsed-aml")
    panel = build(case, NURSE)
    click(qtbot, panel.buttons[Decision.APPROVE])
    wait_for_draft(qtbot, panel)
    qtbot.waitUntil(lambda: panel.sign_button.isEnabled())
    before = (case.status, case.chain.count)
    fake_sign_dialog(monkeypatch, qtbot, identities["nurse_reviewer"])

    def refused(*_args: object, **_kw: object) -> None:
        raise CaseFileError(f"{case.path}: the case file cannot be written")

    monkeypatch.setattr(store, "store_decision", refused)
    click(qtbot, panel.sign_button)
    assert len(dialogs) == 1 and "The letter was not signed" in dialogs[0]
    assert "Nothing was stored" in dialogs[0]
    assert store.letters(case) == [] and (case.status, case.chain.count) == before
    assert not panel.has_letter()
