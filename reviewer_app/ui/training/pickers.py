"""Choose a demo case (title and summary) for a walkthrough, or a trainee and a case for a
quiz. Both dialogs carry the TRAINING banner.

A quiz's picker shows only what a reviewer knows before reviewing (the service, the
member, when the request came in): a demo case's title and summary name its outcome."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.training import DemoCase, DemoLibrary
from reviewer_app.ui.training.banner import TrainingBanner


def blind_title(case: DemoCase) -> str:
    """The case as a reviewer sees it before reviewing: no title, no summary."""
    return f"{case.case_id} · {case.criteria.service_label} · {case.intake.member.name}"


def _blind_lines(case: DemoCase) -> str:
    received = case.intake.received_at.strftime("%d %b %Y")
    return (
        f"{case.case_id} — {case.criteria.service_label} (CPT {case.intake.service.cpt})\n"
        f"Member: {case.intake.member.name} · received {received}"
    )


class DemoCaseList(QListWidget):
    """One item per demo case: its id and title, then its one-line summary; or, ``blind``
    (a quiz), its id, service, member and received date only."""

    def __init__(
        self, library: DemoLibrary, parent: QWidget | None = None, *, blind: bool = False
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Demo cases")
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setSpacing(2)
        self.setAlternatingRowColors(True)
        for case in library:
            if blind:
                item = QListWidgetItem(_blind_lines(case))
            else:
                item = QListWidgetItem(f"{case.case_id} — {case.title}\n{case.summary}")
                item.setToolTip(case.summary)
            item.setData(Qt.ItemDataRole.UserRole, case.case_id)
            self.addItem(item)
        self.setCurrentRow(0)
        self.setMinimumSize(self.fontMetrics().horizontalAdvance("M") * 44, 320)

    def case_id(self) -> str | None:
        item = self.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return str(value) if value else None

    def select_case(self, case_id: str) -> None:
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == case_id:
                self.setCurrentRow(row)


class _PickerDialog(QDialog):
    def __init__(
        self,
        library: DemoLibrary,
        title: str,
        ok_text: str,
        parent: QWidget | None,
        *,
        blind: bool = False,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.cases = DemoCaseList(library, blind=blind)
        self.cases.itemActivated.connect(lambda _item: self._accept_if_ready())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.ok_button: QPushButton = self.buttons.addButton(
            ok_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setAccessibleName(ok_text.replace("&", ""))
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._accept_if_ready)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(TrainingBanner())

    def _ready(self) -> bool:
        return self.cases.case_id() is not None

    def _accept_if_ready(self) -> None:
        if self._ready():
            self.accept()

    def case_id(self) -> str | None:
        return self.cases.case_id()


class WalkthroughPicker(_PickerDialog):
    def __init__(self, library: DemoLibrary, parent: QWidget | None = None) -> None:
        super().__init__(library, "Guided walkthrough", "&Start walkthrough", parent)
        label = QLabel("&Choose the demo case to walk through:")
        label.setBuddy(self.cases)
        self.layout_.addWidget(label)
        self.layout_.addWidget(self.cases, 1)
        self.layout_.addWidget(self.buttons)
        self.cases.setFocus()


class QuizPicker(_PickerDialog):
    def __init__(
        self, library: DemoLibrary, trainee: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(library, "Quiz", "&Start quiz", parent, blind=True)
        intro = QLabel(
            "The trainee reviews a fresh copy of the case alone, chooses a decision and "
            "finishes the quiz to see the score; each difference from the answer key is "
            "explained then."
        )
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(trainee)
        self.name_edit.setAccessibleName("Trainee name")
        self.name_edit.setPlaceholderText("e.g. Sam Trainee")
        name_label = QLabel("&Trainee name:")
        name_label.setBuddy(self.name_edit)
        case_label = QLabel("&Demo case:")
        case_label.setBuddy(self.cases)
        for widget in (intro, name_label, self.name_edit, case_label):
            self.layout_.addWidget(widget)
        self.layout_.addWidget(self.cases, 1)
        self.layout_.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._update_ok)
        self._update_ok()
        self.name_edit.setFocus()

    def trainee(self) -> str:
        return self.name_edit.text().strip()

    def _ready(self) -> bool:
        return bool(self.trainee()) and super()._ready()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self._ready())


def case_title(case: DemoCase) -> str:
    return f"{case.case_id} · {case.title}"
