"""The case header: who, what, when, and a live countdown to the decision due time."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

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
    def __init__(
        self, case: CaseFile, clock: Callable[[], dt.datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setProperty("panel", "header")
        self._case = case
        self._clock = clock

        self.member = self._value("Member")
        self.service = self._value("Service")
        self.date_of_service = self._value("Date of service")
        self.diagnoses = self._value("Diagnoses")
        self.transplant = self._value("Transplant history")
        self.product_donor = self._value("Product donor")
        self.urgency = self._value("Urgency and line of business")
        self.status = self._value("Status")
        self.due = self._value("Decision due")
        make_bold(self.due)

        grid = QGridLayout(self)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.member, 0, 0, 1, 6)
        pairs: list[tuple[str, QLabel | None, str, QLabel | None, str, QLabel | None]] = [
            (
                "Service",
                self.service,
                "Date of service",
                self.date_of_service,
                "Urgency",
                self.urgency,
            ),
            ("Diagnoses", self.diagnoses, "Transplant", self.transplant, "Status", self.status),
            ("Product donor", self.product_donor, "", None, "Decision due", self.due),
        ]
        for row, items in enumerate(pairs, start=1):
            for col in range(3):
                caption, widget = str(items[col * 2]), items[col * 2 + 1]
                if not isinstance(widget, QLabel):
                    continue
                label = QLabel(f"{caption}:")
                label.setProperty("role", "caption")
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                grid.addWidget(label, row, col * 2)
                grid.addWidget(widget, row, col * 2 + 1)
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(COUNTDOWN_MS)
        self._timer.timeout.connect(self.update_countdown)
        self._timer.start()
        self.set_case(case)

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
        self.member.setText(
            f"<big><b>{html.escape(h.member_name)}</b></big>{training} &nbsp; "
            f"born {h.member_dob.isoformat()} &nbsp;·&nbsp; member ID "
            f"{html.escape(h.member_id)} &nbsp;·&nbsp; case {html.escape(h.case_id)}"
        )
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
        if case.header.status not in PENDING:
            self.due.setText(when)
            set_style_property(self.due, "overdue", False)
            return
        left = due - self._clock()
        text = format_time_left(left)
        overdue = left.total_seconds() < 0
        if overdue:
            text = text[:1].upper() + text[1:]  # "Overdue by 2h 3m"
        self.due.setText(f"{when} — {text}")
        set_style_property(self.due, "overdue", overdue)
