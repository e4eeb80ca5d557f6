"""One checklist row: a criterion's question, its answer, note and evidence.

The row only shows and collects an answer. It emits `edited` with the Answer the
widgets now hold; the checklist saves it through the case store and calls
`show_answer` back (or again with the stored answer, to undo a refused change).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.casefile.records import AnswerRecord
from reviewer_app.policy.models import Node
from reviewer_app.review.answers import Answer, AnswerSource, Evidence, Reply
from reviewer_app.review.engine import State
from reviewer_app.review.warnings import number_warning
from reviewer_app.ui.case.chip import WrappingChip
from reviewer_app.ui.case.evidence_editor import EvidenceEditor
from reviewer_app.ui.case.styling import make_bold, set_style_property

TEXT_SAVE_DELAY_MS = 400  # a pause in typing saves the note...
MAX_UNSAVED_MS = 1000  # ...and typing that does not pause is saved at least this often
STATE_TEXT = {State.SATISFIED: "✓ Satisfied", State.FAILED: "✗ Failed", State.OPEN: "○ Open"}
_RULE_WORDS = {
    "lt": "below",
    "le": "at or below",
    "gt": "above",
    "ge": "at or above",
    "eq": "exactly",
}
_KEYS = {Qt.Key.Key_Y: Reply.YES, Qt.Key.Key_N: Reply.NO, Qt.Key.Key_U: Reply.UNKNOWN}


class CriterionRow(QFrame):
    edited = Signal(str, object)  # criterion id, Answer
    confirmRequested = Signal(str)

    def __init__(self, node: Node, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.node = node
        self.setProperty("criterion", "row")
        self.setAccessibleName(f"Criterion: {node.label}")
        self._source = AnswerSource.REVIEWER
        self._confirmed = True
        self._loading = False
        self._editable = True

        self.title = QLabel(f"<b>{node.label}</b>")
        self.title.setWordWrap(True)
        self.state_label = QLabel()
        self.state_label.setProperty("role", "state")
        make_bold(self.state_label)
        self.state_label.setAccessibleName("State")
        self.question = QLabel(node.question)
        self.question.setWordWrap(True)
        self.question.setProperty("role", "question")
        self.question.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.question.setAccessibleName(node.question)
        self.question.setToolTip(node.help or node.question)
        # What the request says about this question, shown while no intake answer carries
        # it as evidence: an open question still shows the intake's words.
        self.intake_words = QLabel()
        self.intake_words.setWordWrap(True)
        self.intake_words.setProperty("role", "hint")
        self.intake_words.setAccessibleName("What the intake says")
        self.intake_words.setVisible(False)
        self._intake_text = ""

        self.reply_buttons: dict[Reply, QPushButton] = {}
        self.number: QDoubleSpinBox | None = None
        self.computed: QLabel | None = None
        answer_line = QHBoxLayout()
        if node.input == "number" and node.rule is not None:
            self._build_number(answer_line)
        else:
            self._build_buttons(answer_line)
        self.badge = WrappingChip("from intake, unconfirmed")
        self.badge.setProperty("role", "badge")
        self.badge.setAccessibleName("Answer from intake, unconfirmed")
        self.confirm_button = QPushButton("Confirm")
        self.confirm_button.setAccessibleName(f"Confirm intake answer: {node.label}")
        self.confirm_button.setToolTip("Confirm the answer taken from the intake request")
        self.confirm_button.clicked.connect(lambda: self.confirmRequested.emit(self.node.id))
        answer_line.addStretch(1)

        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (saved as you type)")
        self.note.setAccessibleName(f"Note: {node.label}")
        self.evidence_toggle = QToolButton()
        self.evidence_toggle.setCheckable(True)
        self.evidence_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.evidence_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.evidence_toggle.setAccessibleName(f"Evidence: {node.label}")
        self.evidence_toggle.setText("Evidence")
        self.evidence_toggle.toggled.connect(self._show_evidence)
        self.evidence_summary = QLabel()
        self.evidence_summary.setWordWrap(True)
        self.evidence_summary.setProperty("role", "hint")
        self._evidence = Evidence()  # what the row holds until the editor is built
        self._evidence_editor: EvidenceEditor | None = None

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignTop)
        # Its own line (shown only while unconfirmed) keeps rows narrow beside the policy.
        self.intake_line = QWidget()
        intake = QHBoxLayout(self.intake_line)
        intake.setContentsMargins(0, 0, 0, 0)
        intake.addWidget(self.badge)
        intake.addWidget(self.confirm_button)
        intake.addStretch(1)
        evidence_line = QHBoxLayout()
        evidence_line.addWidget(self.evidence_toggle, 0, Qt.AlignmentFlag.AlignTop)
        evidence_line.addWidget(self.evidence_summary, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.question)
        layout.addWidget(self.intake_words)
        layout.addLayout(answer_line)
        layout.addWidget(self.intake_line)
        layout.addWidget(self.note)
        layout.addLayout(evidence_line)
        self._layout = layout

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_SAVE_DELAY_MS)
        self._text_timer.timeout.connect(self._emit_text_edit)
        # The deadline is not restarted by each key: a crash loses at most a second.
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(MAX_UNSAVED_MS)
        self._deadline.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one runs 5% late
        self._deadline.timeout.connect(self.flush)
        self.note.textEdited.connect(self._on_text_edited)
        self.note.editingFinished.connect(self.flush)
        for key, reply in _KEYS.items():
            shortcut = QShortcut(QKeySequence(Qt.Modifier.ALT | key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda r=reply: self._choose(r))

    # -- building -------------------------------------------------------------------------

    def _build_buttons(self, line: QHBoxLayout) -> None:
        for reply, text in ((Reply.YES, "&Yes"), (Reply.NO, "&No"), (Reply.UNKNOWN, "&Unknown")):
            button = QPushButton(text)
            button.setShortcut(QKeySequence())  # Alt+letter is handled per row, not per window
            button.setCheckable(True)
            button.setProperty("answer", reply.value)
            button.setAccessibleName(f"{reply.value.capitalize()}: {self.node.label}")
            button.setToolTip(f"{reply.value.capitalize()} (key {text[1]} or Alt+{text[1]})")
            button.clicked.connect(lambda _=False, b=button: self._on_reply_clicked(b))
            self.reply_buttons[reply] = button
            line.addWidget(button)
        # Exclusive by hand, not with a QButtonGroup: Qt 6 makes grouped buttons a single
        # tab stop whose arrow keys check (and here would save) another answer. Separate
        # buttons give Tab a stop on each, and arrows never change an answer.

    def _build_number(self, line: QHBoxLayout) -> None:
        rule = self.node.rule
        assert rule is not None
        spin = QDoubleSpinBox()
        spin.setDecimals(1)
        spin.setSingleStep(0.1)
        # One step below the minimum stands for "not entered": 0% is a real result.
        spin.setRange(rule.minimum - 0.1, rule.maximum)
        spin.setSpecialValueText("Not entered")
        spin.setSuffix(f" {rule.unit}")
        spin.setKeyboardTracking(False)
        spin.setAccessibleName(f"{self.node.label} ({rule.unit})")
        spin.valueChanged.connect(self._on_number_changed)
        self.number = spin
        self.computed = QLabel()
        self.computed.setWordWrap(True)
        self.computed.setAccessibleName("Computed result")
        line.addWidget(spin)
        line.addWidget(self.computed, 1)

    # -- showing --------------------------------------------------------------------------

    def show_answer(self, row: AnswerRecord | None) -> None:
        """Put the stored answer into the widgets, without emitting `edited`."""
        self._text_timer.stop()
        self._loading = True
        try:
            reply = Reply(row.reply) if row else Reply.UNKNOWN
            self._source = AnswerSource(row.source) if row else AnswerSource.REVIEWER
            self._confirmed = row.confirmed if row else True
            if self.number is not None:
                value = row.number if row and row.number is not None else None
                self.number.setValue(self.number.minimum() if value is None else value)
            else:
                for r, button in self.reply_buttons.items():
                    button.setChecked(row is not None and r is reply)
            self.note.setText(row.note if row else "")
            self._evidence = (
                Evidence(row.evidence_document, row.evidence_date, row.evidence_value)
                if row
                else Evidence()
            )
            if self._evidence_editor is not None:
                self._evidence_editor.set_evidence(self._evidence)
        finally:
            self._loading = False
        unconfirmed = self._source is AnswerSource.INTAKE and not self._confirmed
        self.intake_line.setVisible(unconfirmed)
        self._show_intake_words()
        self.confirm_button.setEnabled(unconfirmed and self._editable)
        self._update_evidence_caption()

    def set_intake_words(self, text: str) -> None:
        self._intake_text = text
        self.intake_words.setText(f"Intake: {text}" if text else "")
        self._show_intake_words()

    def _show_intake_words(self) -> None:
        from_intake = self._source is AnswerSource.INTAKE  # its evidence already says it
        self.intake_words.setVisible(bool(self._intake_text) and not from_intake)

    def show_state(self, state: State) -> None:
        self.state_label.setText(STATE_TEXT[state])
        set_style_property(self.state_label, "state", state.value)
        self.setAccessibleDescription(f"{self.node.label}: {state.value}")
        if self.computed is not None and self.node.rule is not None:
            rule = self.node.rule
            verdict = {State.SATISFIED: "yes", State.FAILED: "no"}.get(state, "not entered")
            text = f"→ {_RULE_WORDS[rule.op]} {rule.value:g}{rule.unit}: {verdict}"
            warning = number_warning(self.node, self.answer().number)
            self.computed.setText(f"{text}. {warning}" if warning else text)

    def set_selected(self, selected: bool) -> None:
        set_style_property(self, "selected", selected)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for w in (*self.reply_buttons.values(), self.note):
            w.setEnabled(editable)
        if self._evidence_editor is not None:
            self._evidence_editor.set_editable(editable)
        if self.number is not None:
            self.number.setEnabled(editable)
        self.confirm_button.setEnabled(editable and not self.intake_line.isHidden())

    def current_reply(self) -> Reply | None:
        for reply, button in self.reply_buttons.items():
            if button.isChecked():
                return reply
        return None

    # -- collecting -----------------------------------------------------------------------

    def answer(self, *, decided_now: bool = False) -> Answer:
        """The answer the widgets hold. Choosing a reply or number makes it the reviewer's."""
        number = None
        if self.number is not None and self.number.value() >= self.number.minimum() + 0.05:
            number = round(self.number.value(), 1)
        source, confirmed = self._source, self._confirmed
        if decided_now:
            source, confirmed = AnswerSource.REVIEWER, True
        return Answer(
            reply=self.current_reply() or Reply.UNKNOWN,
            number=number,
            note=self.note.text().strip(),
            evidence=self.evidence(),
            source=source,
            confirmed=confirmed,
        )

    def flush(self) -> None:
        """Save a pending text edit now (focus left, Enter, or the case is closing)."""
        if self._text_timer.isActive():
            self._text_timer.stop()
        self._deadline.stop()
        self._emit_text_edit()

    def save_deadline_ms(self) -> int:
        """Milliseconds until typed text is saved even if typing goes on; -1: none waits."""
        return self._deadline.remainingTime() if self._deadline.isActive() else -1

    def _on_text_edited(self) -> None:
        self._text_timer.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def has_pending_edit(self) -> bool:
        return self._text_timer.isActive()

    def _emit_text_edit(self) -> None:
        self._deadline.stop()
        if not self._loading and self._editable:
            self.edited.emit(self.node.id, self.answer())

    def _on_reply_clicked(self, clicked: QAbstractButton) -> None:
        for button in self.reply_buttons.values():
            button.setChecked(button is clicked)
        if not self._loading:
            self._text_timer.stop()
            self.edited.emit(self.node.id, self.answer(decided_now=True))

    def _on_number_changed(self, _value: float) -> None:
        if not self._loading:
            self._text_timer.stop()
            self.edited.emit(self.node.id, self.answer(decided_now=True))

    def _choose(self, reply: Reply) -> None:
        """Answer from the keyboard, then go on to the note: typing continues there, so a
        sentence typed next cannot flip the answer through its y, n and u letters."""
        button = self.reply_buttons.get(reply)
        if button is not None and button.isEnabled():
            button.click()
            self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- evidence section -----------------------------------------------------------------

    def evidence(self) -> Evidence:
        """The evidence the row holds (its editor's fields, once the editor is built)."""
        editor = self._evidence_editor
        return self._evidence if editor is None else editor.evidence()

    @property
    def evidence_editor(self) -> EvidenceEditor:
        """The document, date and value fields; built on first use (opening the section)."""
        if self._evidence_editor is None:
            editor = EvidenceEditor(self.node.evidence_label or "Document")
            editor.setVisible(False)
            editor.set_evidence(self._evidence)
            editor.set_editable(self._editable)
            editor.typed.connect(self._on_text_edited)
            editor.finished.connect(self.flush)
            editor.dateChanged.connect(self._emit_text_edit)
            self._layout.addWidget(editor)
            # Made after every row, its fields would come last for Tab: put them after
            # the section's toggle, where they show.
            previous: QWidget = self.evidence_toggle
            for field in (editor.document, editor.date, editor.clear_date, editor.value):
                QWidget.setTabOrder(previous, field)
                previous = field
            self._evidence_editor = editor
        return self._evidence_editor

    def _show_evidence(self, shown: bool) -> None:
        if shown or self._evidence_editor is not None:
            self.evidence_editor.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.evidence_toggle.setArrowType(arrow)

    def _update_evidence_caption(self) -> None:
        evidence = self.evidence()
        date = evidence.date.isoformat() if evidence.date else ""
        parts = [evidence.document, date, evidence.value]
        self.evidence_summary.setText(" — ".join(p for p in parts if p))

    # -- keys and selection ---------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        reply = _KEYS.get(Qt.Key(event.key()))
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if reply is not None and plain and self.reply_buttons:
            self._choose(reply)
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.question.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)
