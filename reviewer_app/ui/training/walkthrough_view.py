"""Layout of the walkthrough window: the step's title, narrative and policy sentence, the
step counter and the buttons. Behaviour lives in :mod:`.walkthrough_window`."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.ui.case.styling import make_bold
from reviewer_app.ui.training.banner import TrainingBanner
from reviewer_app.ui.training.keys import KEYS_HINT


@dataclass(frozen=True)
class StepShown:
    """What both walkthrough views show for one step."""

    case_line: str
    progress: str
    title: str
    narrative: str
    quote: str
    source: str
    at_start: bool
    at_end: bool


def _text(name: str, *, selectable: bool = True) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # "<100% donor" is text, not a tag
    label.setAccessibleName(name)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setToolTip(tip)
    return button


class WalkthroughView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("walkthroughView")
        self.banner = TrainingBanner()
        self.case_line = _text("Walkthrough case")
        self.case_line.setProperty("role", "caption")
        self.progress = _text("Step", selectable=False)
        make_bold(self.progress)
        self.step_title = _text("Step title")
        self.step_title.setTextFormat(Qt.TextFormat.RichText)
        self.narrative = _text("Narrative")
        self.narrative.setProperty("training", "narrative")
        self.quote = _text("Policy sentence")
        self.quote.setProperty("training", "quote")
        italic = QFont()  # only the style: the size follows the window (View ▸ Zoom)
        italic.setItalic(True)
        self.quote.setFont(italic)
        self.source = _text("Policy section")
        self.source.setProperty("role", "caption")
        hint = _text("Keys", selectable=False)
        hint.setText(KEYS_HINT)
        hint.setProperty("role", "hint")

        self.previous_button = _button("&Previous", "Previous step", "Page Up, ← or Backspace")
        self.next_button = _button("&Next", "Next step", "Page Down, → or Space")
        self.presenter_button = _button(
            "Presenter &view", "Presenter view", "Large type for a projector (F5)"
        )
        self.presenter_button.setCheckable(True)
        self.close_button = _button("&Close", "Close walkthrough", "Leave the walkthrough (Esc)")
        self.next_button.setDefault(True)

        top = QHBoxLayout()
        top.addWidget(self.case_line, 1)
        top.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        quote_box = QFrame()
        quote_box.setProperty("training", "quote-box")
        quote_layout = QVBoxLayout(quote_box)
        quote_layout.addWidget(self.quote)
        quote_layout.addWidget(self.source)
        buttons = QHBoxLayout()
        for button in (self.previous_button, self.next_button, self.presenter_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        body = QVBoxLayout()
        body.setContentsMargins(12, 8, 12, 12)
        body.addLayout(top)
        body.addWidget(self.step_title)
        body.addWidget(self.narrative)
        body.addWidget(quote_box)
        body.addStretch(1)
        body.addWidget(hint)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

    def show_step(self, shown: StepShown) -> None:
        self.case_line.setText(shown.case_line)
        self.progress.setText(shown.progress)
        self.step_title.setText(f"<big><b>{html.escape(shown.title)}</b></big>")
        self.step_title.setAccessibleDescription(shown.title)
        self.narrative.setText(shown.narrative)
        self.quote.setText(f"“{shown.quote}”")
        self.source.setText(shown.source)
        self.previous_button.setEnabled(not shown.at_start)
        self.next_button.setEnabled(not shown.at_end)
