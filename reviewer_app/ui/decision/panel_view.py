"""Layout of the Decision tab: actions, letter check and letters on the left, the letter
preview on the right. Behaviour lives in :mod:`.panel`."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.decisions.rules import Decision
from reviewer_app.letters.content import TRAINING_WATERMARK, Organization, demo_organization
from reviewer_app.letters.i18n import language_name
from reviewer_app.ui.case.outcome_banner import OutcomeBanner
from reviewer_app.ui.case.styling import set_style_property
from reviewer_app.ui.decision.letter_preview import LetterPreview
from reviewer_app.ui.decision.letters_model import LettersModel

# Mnemonics avoid the window's menus (F, E, V, H) and the case tabs (R, D, T).
ACTION_TEXTS = {
    Decision.APPROVE: "&Approve",
    Decision.DENY: "De&ny (adverse determination)",
    Decision.PEND: "Request &information (pend)",
    Decision.REFER: "Refer to &medical director…",
}
OVERTURN_TEXT = "Overturn: &approve"


def _label(text: str, kind: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("decision", kind)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DecisionPanelView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionPanel")
        self.setAccessibleName("Decision")

        self.training_note = _label(TRAINING_WATERMARK, "training", "Training case")
        self.training_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner_above = False  # the window says TRAINING already (training mode)
        self.state_note = _label("", "state", "Case state")
        self.outcome = OutcomeBanner()
        self.blocker = _label("", "blocker", "Why deciding is blocked")
        self.letterhead_note = _label("", "hint", "Letterhead")
        self.letterhead_note.hide()

        self.actions_box = QGroupBox("Decision")
        self.actions_box.setAccessibleName("Decision actions")
        self.buttons: dict[Decision, QPushButton] = {}
        self.reasons: dict[Decision, QLabel] = {}
        self.action_group = QButtonGroup(self)
        self.action_group.setExclusive(True)
        actions = QVBoxLayout(self.actions_box)
        for decision, text in ACTION_TEXTS.items():
            button = QPushButton(text)
            button.setProperty("decisionAction", decision.value)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
            if decision is not Decision.REFER:
                button.setCheckable(True)
                self.action_group.addButton(button)
            reason = _label("", "reason", f"Why {text.replace('&', '').rstrip('…')} is off")
            self.buttons[decision] = button
            self.reasons[decision] = reason
            actions.addWidget(button)
            actions.addWidget(reason)

        self.rationale_label = QLabel("Clinical rationa&le:")
        self.rationale = QPlainTextEdit()
        self.rationale.setAccessibleName("Clinical rationale")
        self.rationale.setPlaceholderText(
            "The clinical reasoning applied to this member (printed in the letter)"
        )
        self.rationale.setTabChangesFocus(True)
        self.rationale.setMinimumHeight(70)
        self.rationale.setMaximumHeight(110)
        self.rationale_label.setBuddy(self.rationale)
        self.rationale_hint = _label("", "hint", "Rationale requirement")
        # A letter in the member's language prints the rationale in that language: the
        # plan's translation of it (the English version prints the rationale above).
        self.member_rationale_label = QLabel("")
        self.member_rationale = QPlainTextEdit()
        self.member_rationale.setAccessibleName("Clinical rationale in the member's language")
        self.member_rationale.setTabChangesFocus(True)
        self.member_rationale.setMaximumHeight(90)
        self.member_rationale_label.setBuddy(self.member_rationale)
        self.member_rationale_label.setWordWrap(True)
        self.check_title = QLabel("Letter check:")
        self.check_status = _label("", "check", "Letter check result")
        self.check_list = QListWidget()
        self.check_list.setAccessibleName("Letter check")
        self.check_list.setMaximumHeight(96)
        self.check_list.setWordWrap(True)  # a missing translation names its whole message
        self.sign_button = QPushButton("&Sign letter…")
        self.sign_button.setAccessibleName("Sign letter")
        self.sign_button.setProperty("decision", "primary")
        self.sign_reason = _label("", "reason", "Why signing is off")
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_title)
        check_row.addWidget(self.check_status, 1)
        actions.addSpacing(6)
        actions.addWidget(self.rationale_label)
        actions.addWidget(self.rationale)
        actions.addWidget(self.rationale_hint)
        actions.addWidget(self.member_rationale_label)
        actions.addWidget(self.member_rationale)
        self.show_language("")
        actions.addLayout(check_row)
        actions.addWidget(self.check_list)
        actions.addWidget(self.sign_button)
        actions.addWidget(self.sign_reason)

        self.determination_box = QGroupBox("Determination")
        self.determination_box.setAccessibleName("Determination")
        self.determination = _label("", "determination", "Determination")
        self.reopen_button = QPushButton("Re&open determination…")
        self.reopen_button.setAccessibleName("Reopen determination")
        det = QVBoxLayout(self.determination_box)
        det.addWidget(self.determination)
        det.addWidget(self.reopen_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.letters_box = QGroupBox("Letters in this &case")
        self.letters_box.setAccessibleName("Letters in this case")
        self.letters_model = LettersModel()
        self.letters_table = QTableView()
        self.letters_table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.letters_table.setAccessibleName("Letters")
        self.letters_table.setModel(self.letters_model)
        self.letters_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.letters_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.letters_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.letters_table.verticalHeader().hide()
        self.letters_table.setWordWrap(False)
        header = self.letters_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.letters_table.setMinimumHeight(90)
        self.letters_table.setMaximumHeight(150)
        self.verify_button = QPushButton("Verif&y")
        self.verify_button.setAccessibleName("Verify letter")
        self.verify_button.setToolTip("Check the signature, the stored hash and the audit trail")
        self.export_button = QPushButton("E&xport…")
        self.export_button.setAccessibleName("Export letter")
        self.export_button.setToolTip("Save the selected letter as a PDF file (Ctrl+E)")
        self.print_button = QPushButton("&Print…")
        self.print_button.setAccessibleName("Print letter")
        self.print_button.setToolTip("Print the selected letter (Ctrl+P)")
        self.verdict = _label("", "verdict", "Verification result")
        self.no_letters = _label(
            "No signed letters yet. A letter is stored here when it is signed.",
            "hint",
            "No letters",
        )
        row = QHBoxLayout()
        for button in (self.verify_button, self.export_button, self.print_button):
            row.addWidget(button)
        row.addStretch(1)
        self.letter_buttons = QWidget()
        self.letter_buttons.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        letters = QVBoxLayout(self.letters_box)
        letters.addWidget(self.no_letters)
        letters.addWidget(self.letters_table)
        letters.addWidget(self.letter_buttons)
        letters.addWidget(self.verdict)

        side = QWidget()
        side.setObjectName("decisionSide")
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 6, 0)
        for widget in (
            self.training_note,
            self.state_note,
            self.letterhead_note,
            self.outcome,
            self.blocker,
            self.actions_box,
            self.determination_box,
            self.letters_box,
        ):
            column.addWidget(widget)
        column.addStretch(1)
        self.side_scroll = QScrollArea()
        self.side_scroll.setAccessibleName("Decision controls")
        self.side_scroll.setWidget(side)
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_scroll.setMinimumWidth(380)

        self.preview = LetterPreview()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("decisionSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.side_scroll)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter, 1)

        order: list[QWidget] = [*self.buttons.values(), self.rationale, self.member_rationale]
        order.append(self.check_list)
        order += [self.sign_button, self.reopen_button, self.letters_table, self.verify_button]
        order += [self.export_button, self.print_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        # The PDF view is built when the preview first shows (QtPdf loads on first use).
        self.preview.viewCreated.connect(self._order_preview)

    def _order_preview(self) -> None:
        QWidget.setTabOrder(self.print_button, self.preview.view)

    def set_banner_above(self, shown: bool) -> None:
        """The window shows a TRAINING banner above: the tab does not repeat it."""
        self.banner_above = shown
        if shown:
            self.training_note.hide()

    def show_letterhead(self, organization: Organization) -> None:
        """Say so when letters carry the demo plan's letterhead and appeals address (no
        organization's details are installed): they are demo letters, not the plan's."""
        demo = organization == demo_organization()
        self.letterhead_note.setText(
            f"Demo letters: made-up letterhead and appeals address ({organization.name}, "
            f"{organization.address_lines[-1]}) until your plan's details are installed "
            "(File ▸ Profile… ▸ Join organization…)."
            if demo
            else ""
        )
        self.letterhead_note.setVisible(demo)

    def show_language(self, language: str) -> None:
        """The member-language rationale field, for a draft in ``language`` ("": none)."""
        shown = bool(language) and language != "en"
        name = language_name(language) if shown else ""
        self.member_rationale_label.setText(
            f"Clinical rationale in {name} (printed in the letter):"
        )
        self.member_rationale.setPlaceholderText(
            f"The rationale above, translated into {name} by the plan's translator"
        )
        self.member_rationale_label.setVisible(shown)
        self.member_rationale.setVisible(shown)

    def set_rationale_writable(self, writable: bool) -> None:
        self.rationale.setReadOnly(not writable)
        self.member_rationale.setReadOnly(not writable)

    def clear_rationale(self) -> None:
        self.rationale.clear()
        self.member_rationale.clear()

    def member_words(self) -> str:
        if self.member_rationale.isHidden():
            return ""
        return self.member_rationale.toPlainText().strip()

    def show_check(
        self, problems: list[str] | None, *, blocked: bool = False, notes: list[str] | None = None
    ) -> None:
        """The letter's check. "Ready to sign" only when nothing else stops the signature
        (``blocked``: unconfirmed answers, a missing rationale...): one status, not two.
        ``notes`` (the letter's language) are listed without blocking."""
        self.check_list.clear()
        if problems is None:
            self.check_status.setText("Choose an action to check its letter.")
            set_style_property(self.check_status, "check", "")
        elif problems:
            self.check_list.addItems([f"Missing: {p}" for p in problems])
            noun = "required element" if len(problems) == 1 else "required elements"
            self.check_status.setText(f"{len(problems)} {noun} missing")
            set_style_property(self.check_status, "check", "missing")
        elif blocked:
            self.check_status.setText("Every required element is present; not ready to sign.")
            set_style_property(self.check_status, "check", "")
        else:
            self.check_status.setText("Ready to sign")
            set_style_property(self.check_status, "check", "ready")
        self.check_list.addItems([f"Note: {note}" for note in notes or []])
        self.check_list.setVisible(bool(problems or notes))

    def uncheck_actions(self) -> None:
        self.action_group.setExclusive(False)  # an exclusive group keeps one button checked
        for button in self.action_group.buttons():
            button.setChecked(False)
        self.action_group.setExclusive(True)
