"""The case header: who, what, when, and a live countdown to the decision due time."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.status import STATUS_LABELS
from reviewer_app.review.deadlines import LOB_LABELS, format_time_left
from reviewer_app.ui.case.styling import make_bold, set_style_property

COUNTDOWN_MS = 30_000
PENDING = ("draft", "in_review", "referred_to_md")


def _cpt_description(case: CaseFile) -> str:
    for entry in case.policy.coding.codes:
        if entry.code == case.header.cpt:
            return entry.description
    return ""


def _transplant_text(clinical: dict[str, Any]) -> str:
    transplant = clinical.get("transplant") or {}
    if not transplant:
        return "None reported"
    parts = [str(transplant.get("type", "")).capitalize() or "Type not given"]
    parts.append(f"on {transplant['date']}" if transplant.get("date") else "date not given")
    donor = transplant.get("donor_id")
    parts.append(f"donor {donor}" if donor else "no donor ID")
    return ", ".join(parts)


class CaseHeaderView(QFrame):
    """The header reflows its fields to as many columns as its width holds (three at most)
    and, collapsed, shows one line: the member, the case, the status and the time left.

    It collapses by itself when its details would take more than ``MAX_SHARE`` of the
    height it is given (``fit_to``: a small screen or a large zoom), so the checklist keeps
    its room; ``toggle_details`` (View ▸ Case details, Ctrl+H) overrides that either way
    until the room changes again.
    """

    MAX_SHARE = 0.25
    COLUMN_EMS = 24  # a field's caption and value need about this many "M" widths

    def __init__(
        self, case: CaseFile, clock: Callable[[], dt.datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setProperty("panel", "header")
        self.setAccessibleName("Case header")
        self._case = case
        self._clock = clock
        self._chosen: bool | None = None  # the reviewer's choice: None follows the room
        self._cramped = False
        self._columns = 0

        self.member = self._value("Member")
        self.summary = self._value("Status and decision due")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._member_texts = ("", "")  # (expanded, collapsed)
        self.toggle = QToolButton()
        self.toggle.setAccessibleName("Case details")
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.toggle.clicked.connect(self.toggle_details)
        self.service = self._value("Service")
        self.date_of_service = self._value("Date of service")
        self.diagnoses = self._value("Diagnoses")
        self.transplant = self._value("Transplant history")
        self.product_donor = self._value("Product donor")
        self.urgency = self._value("Urgency and line of business")
        self.status = self._value("Status")
        self.due = self._value("Decision due")
        make_bold(self.due)
        make_bold(self.summary)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.member, 1)
        top.addWidget(self.summary, 1)
        top.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        self.details = QWidget()
        self.details.setAccessibleName("Case details")
        self._grid = QGridLayout(self.details)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(4)
        self._fields: list[tuple[QLabel, QLabel]] = []
        for caption, value in (
            ("Service", self.service),
            ("Date of service", self.date_of_service),
            ("Urgency", self.urgency),
            ("Diagnoses", self.diagnoses),
            ("Transplant", self.transplant),
            ("Status", self.status),
            ("Product donor", self.product_donor),
            ("Decision due", self.due),
        ):
            label = QLabel(f"{caption}:")
            label.setProperty("role", "caption")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self._fields.append((label, value))
        layout = self._layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.details)
        self._reflow(self.width())

        self._timer = QTimer(self)
        self._timer.setInterval(COUNTDOWN_MS)
        self._timer.timeout.connect(self.update_countdown)
        self._timer.start()
        self.set_case(case)
        self._show_state()

    # -- collapsing and reflowing -----------------------------------------------------------

    @property
    def collapsed(self) -> bool:
        return self._cramped if self._chosen is None else not self._chosen

    @property
    def columns(self) -> int:
        return self._columns

    def toggle_details(self) -> None:
        """Show the details if they are hidden, hide them if they are shown."""
        self._chosen = self.collapsed
        self._show_state()

    def set_collapsed(self, collapsed: bool) -> None:
        self._chosen = not collapsed
        self._show_state()

    def fit_to(self, available: int) -> None:
        """Collapse by itself when the details would take too much of ``available``."""
        self._reflow(self.width())
        cramped = self.expanded_height() > available * self.MAX_SHARE
        if cramped != self._cramped:  # the room changed: the reviewer's last choice lapses
            self._cramped, self._chosen = cramped, None
            self._show_state()

    def expanded_height(self) -> int:
        """The header's height for its width with its details shown."""
        layout = self._layout
        margins = layout.contentsMargins()
        inner = self.contentsRect().width() - margins.left() - margins.right()
        top = max(self.member.heightForWidth(max(1, self.member.width())), 0)
        top = max(top, self.toggle.sizeHint().height())
        chrome = self.height() - self.contentsRect().height() + margins.top() + margins.bottom()
        details = max(self.details.heightForWidth(max(1, inner)), 0)
        return chrome + top + layout.spacing() + details

    def _show_state(self) -> None:
        collapsed = self.collapsed
        self.details.setVisible(not collapsed)
        self.summary.setVisible(collapsed)
        self.member.setText(self._member_texts[collapsed])
        self.toggle.setText("Details")
        self.toggle.setArrowType(Qt.ArrowType.RightArrow if collapsed else Qt.ArrowType.DownArrow)
        self.toggle.setToolTip(("Show" if collapsed else "Hide") + " the case details (Ctrl+H)")
        self.updateGeometry()

    def _reflow(self, width: int) -> None:
        em = max(1, self.fontMetrics().horizontalAdvance("M"))
        columns = max(1, min(3, width // (em * self.COLUMN_EMS)))
        if columns == self._columns:
            return
        self._columns = columns
        grid = self._grid
        for col in range(6):
            grid.setColumnStretch(col, 0)
        for i, (label, value) in enumerate(self._fields):
            row, col = divmod(i, columns)
            grid.addWidget(label, row, col * 2)
            grid.addWidget(value, row, col * 2 + 1)
        for col in range(columns):
            grid.setColumnStretch(col * 2 + 1, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._reflow(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # a zoom: the columns' widths change
            self._columns = 0
            self._reflow(self.width())
        super().changeEvent(event)

    def _value(self, name: str) -> QLabel:
        label = QLabel()
        label.setAccessibleName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return label

    def set_case(self, case: CaseFile) -> None:
        """Show (again) what the case file says, e.g. after its status changed."""
        self._case = case
        h = case.header
        clinical = case.clinical()
        training = "  <i>(training case)</i>" if h.training else ""
        name = f"<big><b>{html.escape(h.member_name)}</b></big>"
        self._member_texts = (
            f"{name}{training} &nbsp; born {h.member_dob.isoformat()} &nbsp;·&nbsp; member ID "
            f"{html.escape(h.member_id)} &nbsp;·&nbsp; case {html.escape(h.case_id)}",
            f"{name} &nbsp;·&nbsp; case {html.escape(h.case_id)}",
        )
        self.member.setText(self._member_texts[self.collapsed])
        cpt = _cpt_description(case)
        self.service.setText(
            f"{case.criteria.service_label}, CPT {h.cpt}" + (f" ({cpt})" if cpt else "")
        )
        self.date_of_service.setText(h.date_of_service.isoformat())
        self.diagnoses.setText(
            "\n".join(f"{d.icd10} {d.description}" for d in case.diagnoses()) or "None given"
        )
        self.transplant.setText(_transplant_text(clinical))
        self.product_donor.setText(str(clinical.get("product_donor_id") or "Not given"))
        lob = LOB_LABELS.get(h.line_of_business, h.line_of_business)  # type: ignore[call-overload]
        self.urgency.setText(f"{h.urgency.capitalize()} · {lob}")
        self.status.setText(STATUS_LABELS.get(h.status, h.status))
        self.update_countdown()

    def update_countdown(self) -> None:
        case = self._case
        due = case.due_at
        when = due.astimezone().strftime("%Y-%m-%d %H:%M")
        status = STATUS_LABELS.get(case.header.status, case.header.status)
        if case.header.status not in PENDING:
            self.due.setText(when)
            self.summary.setText(status)
            set_style_property(self.due, "overdue", False)
            set_style_property(self.summary, "overdue", False)
            return
        left = due - self._clock()
        text = format_time_left(left)
        overdue = left.total_seconds() < 0
        if overdue:
            text = text[:1].upper() + text[1:]  # "Overdue by 2h 3m"
        self.due.setText(f"{when} — {text}")
        self.summary.setText(f"{status} · {text}")  # the due time itself is in the details
        set_style_property(self.due, "overdue", overdue)
        set_style_property(self.summary, "overdue", overdue)
