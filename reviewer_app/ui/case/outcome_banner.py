"""Banners: the checklist's outcome as you answer, and notices (read-only, broken audit)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget

from reviewer_app.review.engine import OUTCOME_LABELS, Evaluation, Outcome
from reviewer_app.ui.case.styling import make_bold, set_style_property

_OUTCOME_KEYS = {
    Outcome.CRITERIA_MET: "met",
    Outcome.CRITERIA_NOT_MET: "not_met",
    Outcome.INSUFFICIENT_INFORMATION: "insufficient",
}
_ICONS = {
    "met": QStyle.StandardPixmap.SP_DialogApplyButton,
    "not_met": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "insufficient": QStyle.StandardPixmap.SP_MessageBoxQuestion,
    "readonly": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "broken": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "intact": QStyle.StandardPixmap.SP_DialogApplyButton,
}


def outcome_text(evaluation: Evaluation) -> str:
    """The banner's headline: the outcome and the criteria that explain it."""
    label = OUTCOME_LABELS[evaluation.outcome]
    if evaluation.outcome is Outcome.CRITERIA_NOT_MET:
        return f"{label} — {'; '.join(n.label for n in evaluation.failed_items)}"
    if evaluation.outcome is Outcome.INSUFFICIENT_INFORMATION:
        return f"{label} — still open: {'; '.join(n.label for n in evaluation.open_items)}"
    return label


class _Banner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.headline = QLabel()
        make_bold(self.headline)
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLabel()
        make_bold(self.detail)
        self.detail.setWordWrap(True)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.headline)
        texts.addWidget(self.detail)
        layout = QHBoxLayout(self)
        layout.addWidget(self.icon)
        layout.addLayout(texts, 1)

    def _set_icon(self, key: str) -> None:
        size = self.fontMetrics().height() * 2
        icon = self.style().standardIcon(_ICONS[key])
        self.icon.setPixmap(icon.pixmap(QSize(size, size)))


class OutcomeBanner(_Banner):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("banner", "outcome")
        self.setAccessibleName("Outcome")
        self.headline.setAccessibleName("Outcome")
        self.detail.setAccessibleName("Answers to confirm")

    def show_evaluation(self, evaluation: Evaluation) -> None:
        key = _OUTCOME_KEYS[evaluation.outcome]
        set_style_property(self, "outcome", key)
        self._set_icon(key)
        self.headline.setText(outcome_text(evaluation))
        count = len(evaluation.unconfirmed)
        noun = "answer" if count == 1 else "answers"
        self.detail.setText(f"{count} {noun} from intake to confirm" if count else "")
        self.detail.setVisible(bool(count))
        self.setAccessibleDescription(self.text())

    def text(self) -> str:
        parts = [self.headline.text(), self.detail.text() if self.detail.isVisibleTo(self) else ""]
        return "\n".join(p for p in parts if p)


class NoticeBanner(_Banner):
    """A notice over the case: kind 'readonly', 'broken' or 'info' ('intact': the audit
    trail's chain holds)."""

    def __init__(
        self, kind: str, headline: str, detail: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setProperty("banner", "notice")
        set_style_property(self, "notice", kind)
        self.setAccessibleName("Notice")
        self.headline.setAccessibleName("Notice")
        self.detail.setAccessibleName("Notice detail")
        self._set_icon(kind)
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))

    def text(self) -> str:
        return "\n".join(t for t in (self.headline.text(), self.detail.text()) if t)
