"""The checklist: every criterion of the case's criteria set, grouped as the policy groups them.

Every change is saved at once through the case store (no Save button); the evaluation it
returns updates each row's state and the outcome banner. A refused change (read-only,
decided case, a bad number) is explained and the row goes back to the stored answer.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.casefile import CaseFile
from reviewer_app.policy.models import Node
from reviewer_app.review.answers import Answer
from reviewer_app.review.engine import Evaluation
from reviewer_app.review.prefill import stored_intake_words
from reviewer_app.ui.case.criterion_row import STATE_TEXT, CriterionRow
from reviewer_app.ui.case.styling import make_bold, set_style_property
from reviewer_app.ui.dialogs.messages import save_problem, show_problem

log = logging.getLogger(__name__)

_GROUP_WORDS = {"all_of": "ALL of:", "any_of": "ANY of:"}


class ChecklistPanel(QWidget):
    evaluated = Signal(object)  # Evaluation, after every saved change
    saved = Signal(str)  # a short status message
    criterionSelected = Signal(object)  # Node

    def __init__(self, case: CaseFile, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case = case
        self._actor = actor
        self._editable = True
        self.rows: dict[str, CriterionRow] = {}
        self._group_states: dict[str, QLabel] = {}
        self._selected: str | None = None

        self.confirm_all = QPushButton("Confirm &all from intake")
        self.confirm_all.setAccessibleName("Confirm all answers from intake")
        self.confirm_all.setToolTip(
            "Confirm every answer that was filled in from the intake request"
        )
        self.confirm_all.clicked.connect(self._confirm_all)
        hint = QLabel("Keys: Y · N · U answer the focused criterion")
        hint.setToolTip("Y yes · N no · U unknown, or Alt+Y/N/U while typing in its note")
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(hint, 1)
        bar.addWidget(self.confirm_all)

        # Built top down: each widget joins its parent before its own children are made,
        # so the style sheet resolves every widget once rather than at each reparenting.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        # Rows wrap their text to the width; a scroll bar beats clipping if it is too narrow.
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setAccessibleName("Checklist")
        layout.addWidget(self.scroll_area, 1)
        content = QWidget()
        content.setObjectName("checklistContent")
        self._content_layout = QVBoxLayout(content)
        self._content_layout.setSpacing(6)
        self.scroll_area.setWidget(content)
        self._add_node(case.criteria.root, self._content_layout, depth=0)
        self._content_layout.addStretch(1)
        # After the first paint: reading the stored request loads its schema (~0.1 s cold).
        QTimer.singleShot(0, self, self._show_intake_words)
        self.reload()
        # The focus entering a row (any of its fields, by key or click) selects it. One
        # connection here, not an event filter on every field of every row.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    # -- building -------------------------------------------------------------------------

    def _add_node(self, node: Node, layout: QVBoxLayout, depth: int) -> None:
        if node.kind == "criterion":
            row = CriterionRow(node)
            row.edited.connect(self._save)
            row.confirmRequested.connect(self._confirm_one)
            self.rows[node.id] = row
            layout.addWidget(row)
            return
        caption = QWidget()
        line = QHBoxLayout(caption)
        line.setContentsMargins(0, 4 if depth else 0, 0, 0)
        text = QLabel(f"<b>{_GROUP_WORDS[node.kind]}</b> {node.label}")
        text.setWordWrap(True)
        text.setProperty("role", "group-caption")
        state = QLabel()
        state.setProperty("role", "state")
        make_bold(state)
        state.setAccessibleName(f"Group state: {node.label}")
        self._group_states[node.id] = state
        line.addWidget(text, 1)
        line.addWidget(state, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(caption)
        inner = QVBoxLayout()
        # Indent children under their group caption, so the tree reads at a glance.
        inner.setContentsMargins(self.fontMetrics().horizontalAdvance("MM"), 0, 0, 0)
        inner.setSpacing(6)
        layout.addLayout(inner)
        for child in node.children:
            self._add_node(child, inner, depth + 1)

    def _show_intake_words(self) -> None:
        words = stored_intake_words(self._case.criteria, self._case.header.intake_json)
        for cid, text in words.items():
            self.rows[cid].set_intake_words(text)

    # -- public -----------------------------------------------------------------------------

    def reload(self) -> Evaluation:
        """Show the stored answers and their evaluation."""
        stored = self._case.answer_rows()
        for cid, row in self.rows.items():
            row.show_answer(stored.get(cid))
        evaluation = self._case.evaluate()
        self._show_evaluation(evaluation)
        return evaluation

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for row in self.rows.values():
            row.set_editable(editable)
        self._update_confirm_all(self._case.evaluate())

    def set_actor(self, actor: str) -> None:
        """Who is recorded with the next changes (the profile was edited)."""
        self._actor = actor

    def flush(self) -> None:
        """Save text still waiting for its debounce (before the case closes)."""
        for row in self.rows.values():
            if row.has_pending_edit():
                row.flush()

    def select(self, criterion_id: str) -> None:
        row = self.rows[criterion_id]
        row.question.setFocus(Qt.FocusReason.OtherFocusReason)
        self._on_selected(criterion_id)

    @property
    def selected_id(self) -> str | None:
        return self._selected

    # -- behaviour --------------------------------------------------------------------------

    def _save(self, criterion_id: str, answer: Answer) -> None:
        stored = self._case.answers().get(criterion_id)
        if stored == answer or (stored is None and answer == Answer()):
            return  # nothing changed: no audit entry
        try:
            change = self._case.set_answer(criterion_id, answer, self._actor)
        except Exception as exc:
            self._refused(criterion_id, exc)
            return
        if not change.changed:
            return
        self.rows[criterion_id].show_answer(change.stored)  # as stored: who and when
        self._show_evaluation(self._case.evaluate())
        self.saved.emit(f"Saved: {self.rows[criterion_id].node.label}")

    def _confirm_one(self, criterion_id: str) -> None:
        self._confirm([criterion_id])

    def _confirm_all(self) -> None:
        self._confirm(None)

    def _confirm(self, ids: list[str] | None) -> None:
        try:
            done = self._case.confirm(ids, self._actor)
        except Exception as exc:
            self._refused(ids[0] if ids else None, exc)
            return
        stored = self._case.answer_rows()
        for cid in done:
            self.rows[cid].show_answer(stored.get(cid))
        self._show_evaluation(self._case.evaluate())
        noun = "answer" if len(done) == 1 else "answers"
        self.saved.emit(f"Confirmed {len(done)} {noun} from intake")

    def _refused(self, criterion_id: str | None, exc: Exception) -> None:
        log.warning("change refused (%s)", exc.__class__.__name__)
        if criterion_id is not None:
            self.rows[criterion_id].show_answer(self._case.answer_rows().get(criterion_id))
        show_problem(self, save_problem(exc))

    def _show_evaluation(self, evaluation: Evaluation) -> None:
        for cid, row in self.rows.items():
            row.show_state(evaluation.state(cid))
        for gid, label in self._group_states.items():
            state = evaluation.state(gid)
            label.setText(STATE_TEXT[state])
            set_style_property(label, "state", state.value)
        self._update_confirm_all(evaluation)
        self.evaluated.emit(evaluation)

    def _update_confirm_all(self, evaluation: Evaluation) -> None:
        count = len(evaluation.unconfirmed)
        self.confirm_all.setText(
            f"Confirm &all from intake ({count})" if count else "Confirm &all from intake"
        )
        self.confirm_all.setEnabled(self._editable and count > 0)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        widget = new
        while widget is not None and not isinstance(widget, CriterionRow):
            widget = widget.parentWidget()
        if widget is not None and self.rows.get(widget.node.id) is widget:
            self._on_selected(widget.node.id)

    def _on_selected(self, criterion_id: str) -> None:
        if criterion_id == self._selected:
            return
        if self._selected is not None:
            self.rows[self._selected].set_selected(False)
        self._selected = criterion_id
        row = self.rows[criterion_id]
        row.set_selected(True)
        self.scroll_area.ensureWidgetVisible(row, 0, 0)
        self.scroll_area.horizontalScrollBar().setValue(0)  # keep the group captions in view
        self.criterionSelected.emit(row.node)
