"""The case's signed letters: list, preview, verify, export and print.

Bytes are always read through ``determinations.letter_pdf``, which checks them against
the SHA-256 recorded when the letter was signed: altered bytes are reported, never shown
or written out as if they were the letter.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QItemSelection, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from reviewer_app.casefile import CaseFile, CaseFileError
from reviewer_app.casefile import determinations as store
from reviewer_app.casefile.tables import LetterRow
from reviewer_app.decisions.trust import TrustStore
from reviewer_app.decisions.verification import verify_case_letter
from reviewer_app.ui.case.styling import set_style_property
from reviewer_app.ui.decision.letter_output import print_pdf, write_atomically
from reviewer_app.ui.decision.letters_model import KIND_LABELS, LETTER_ID_ROLE
from reviewer_app.ui.decision.panel_view import DecisionPanelView
from reviewer_app.ui.decision.summary import letter_caption
from reviewer_app.ui.dialogs.messages import Problem, show_info, show_problem

_DAMAGED = (
    "The stored bytes no longer match the letter that was signed. Nothing was written. "
    "Ask for an intact copy of the case file."
)


@contextmanager
def busy() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


class StoredLetters(QObject):
    """``letterShown``: the reviewer picked a stored letter; the preview now shows it.

    Export, Print and Verify use the selected letter, or the newest when none is selected.
    """

    letterShown = Signal()

    def __init__(self, case: CaseFile, trust: TrustStore, view: DecisionPanelView) -> None:
        super().__init__(view)
        self._case = case
        self._trust = trust
        self._view = view
        view.letters_table.selectionModel().selectionChanged.connect(self._on_selected)
        view.verify_button.clicked.connect(self.verify)
        view.export_button.clicked.connect(self.export)
        view.print_button.clicked.connect(self.print)

    def reload(self, select: int | None = None) -> None:
        """Read the letters again and select ``select`` (default: the newest)."""
        view = self._view
        view.letters_model.set_rows(
            store.letters(self._case), store.representative_copies(self._case)
        )
        self.say("", "")
        count = view.letters_model.rowCount()
        if count:
            row = view.letters_model.row_of(select) if select is not None else 0
            view.letters_table.clearSelection()
            view.letters_table.selectRow(max(0, row))
        for button in (view.verify_button, view.export_button, view.print_button):
            button.setEnabled(bool(count))
        view.no_letters.setVisible(not count)
        view.letters_table.setVisible(bool(count))
        view.letter_buttons.setVisible(bool(count))

    def count(self) -> int:
        return self._view.letters_model.rowCount()

    def selected_id(self) -> int | None:
        view = self._view
        rows = view.letters_table.selectionModel().selectedRows()
        index = rows[0] if rows else view.letters_model.index(0, 0)
        value = index.data(LETTER_ID_ROLE) if index.isValid() else None
        return int(value) if value is not None else None

    def show_selected(self) -> None:
        """Preview the selected letter, or say plainly that its bytes were altered."""
        self.say("", "")
        row = self._selected_row()
        if row is None or row.id is None:
            return
        caption = letter_caption(row)
        try:
            pdf = store.letter_pdf(self._case, row.id)
        except CaseFileError as exc:
            text = self._plain(exc)
            self._view.preview.show_message(
                caption.replace("Signed letter", "Altered letter", 1),
                f"This letter cannot be shown: {text}. Do not use it; Verify gives details.",
                "bad",
            )
            self.say(f"Letter version {row.version} does not match its recorded hash.", "bad")
        else:
            self._view.preview.show_pdf(pdf, caption)
        self.letterShown.emit()

    def verify(self) -> bool:
        letter_id = self.selected_id()
        if letter_id is None:
            return False
        with busy():
            check = verify_case_letter(
                self._case, self._trust.anchors(), letter_id, training=self._case.header.training
            )
        reason = check.reason.removeprefix(f"{self._case.case_id}: ")
        self.say(reason if check.ok else f"Not valid: {reason}", "ok" if check.ok else "bad")
        return check.ok

    def export(self) -> bool:
        found = self._selected_pdf("export")
        if found is None:
            return False
        name, pdf = found
        chosen, _ = QFileDialog.getSaveFileName(
            self._view, "Export letter", str(Path.home() / name), "PDF files (*.pdf)"
        )
        if not chosen:
            return False
        target = Path(chosen)
        try:
            write_atomically(target, pdf)
        except OSError as exc:
            show_problem(
                self._view,
                Problem(
                    "The letter was not exported",
                    f"The file could not be written ({exc.strerror or type(exc).__name__}).",
                    "No file was written. Choose another folder and try again.",
                ),
            )
            return False
        self.say(f"Exported the letter to {target.name}.", "ok")
        return True

    def print(self) -> bool:
        found = self._selected_pdf("print")
        if found is None:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(found[0])
        dialog = QPrintDialog(printer, self._view)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            with busy():
                pages = print_pdf(found[1], printer)
        except (OSError, ValueError) as exc:
            show_problem(self._view, Problem("The letter was not printed", f"{exc}.", "Try again."))
            return False
        noun = "page" if pages == 1 else "pages"
        self.say(f"Sent {pages} {noun} to the printer.", "ok")
        return True

    def say(self, text: str, verdict: str) -> None:
        """The result line under the letters: verdict "ok" (green) or "bad" (red)."""
        label = self._view.verdict
        set_style_property(label, "verdict", verdict)
        label.setText(text)
        label.setVisible(bool(text))

    def _on_selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        if self._view.letters_table.selectionModel().hasSelection():
            self.show_selected()

    def _selected_row(self) -> LetterRow | None:
        model = self._view.letters_model
        letter_id = self.selected_id()
        return model.row_at(model.row_of(letter_id)) if letter_id is not None else None

    def _selected_pdf(self, verb: str) -> tuple[str, bytes] | None:
        row = self._selected_row()
        if row is None or row.id is None:
            show_info(self._view, "No letter", f"This case has no signed letter to {verb} yet.")
            return None
        try:
            pdf = store.letter_pdf(self._case, row.id)
        except CaseFileError as exc:
            text = self._plain(exc)
            what = f"{text[:1].upper()}{text[1:]}."
            show_problem(self._view, Problem(f"The letter was not {verb}ed", what, _DAMAGED))
            return None
        kind = KIND_LABELS.get(row.kind, row.kind).lower().replace(" ", "-")
        return f"{self._case.case_id}-letter-v{row.version}-{kind}.pdf", pdf

    def _plain(self, exc: Exception) -> str:
        return str(exc).removeprefix(f"{self._case.case_id}: ").rstrip(".")
