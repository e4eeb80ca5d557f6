"""A guided walkthrough of one demo case: step through a trainer's script while the main
window shows the case, each step selecting its criterion and highlighting its policy
sentence. The presenter view (F5) shows the same step in large type for a projector.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget

from reviewer_app.training import DemoCase, Walkthrough, WalkthroughStep
from reviewer_app.ui.training.keys import PRESENTER_KEYS, add_keys, add_step_keys
from reviewer_app.ui.training.presenter_view import PresenterView
from reviewer_app.ui.training.walkthrough_view import StepShown, WalkthroughView

ShowInCase = Callable[[WalkthroughStep], object]
"""Shows a step in the case view: selects its criterion, highlights its sentence."""


class WalkthroughWindow(WalkthroughView):
    """``stepChanged(index)`` after every move; ``closed`` when the walkthrough ends."""

    stepChanged = Signal(int)
    closed = Signal()

    def __init__(
        self,
        case: DemoCase,
        walkthrough: Walkthrough,
        show_in_case: ShowInCase,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(f"Walkthrough — {case.case_id} · {walkthrough.title}")
        self.setAccessibleName("Guided walkthrough")
        self.case = case
        self.walkthrough = walkthrough
        self._show_in_case = show_in_case
        self.presenter: PresenterView | None = None

        add_step_keys(
            self,
            next_=self.next_step,
            previous=self.previous_step,
            first=self.first_step,
            last=self.last_step,
            leave=self.close,
        )
        add_keys(self, PRESENTER_KEYS, self.toggle_presenter)
        self.previous_button.clicked.connect(self.previous_step)
        self.next_button.clicked.connect(self.next_step)
        self.presenter_button.clicked.connect(self.toggle_presenter)
        self.close_button.clicked.connect(self.close)
        self.resize(self.fontMetrics().horizontalAdvance("M") * 56, 440)
        self._show()

    # -- moving -----------------------------------------------------------------------------

    def next_step(self) -> None:
        self._move(lambda: self.walkthrough.next())

    def previous_step(self) -> None:
        self._move(lambda: self.walkthrough.previous())

    def first_step(self) -> None:
        self._move(lambda: self.walkthrough.go_to(0))

    def last_step(self) -> None:
        self._move(lambda: self.walkthrough.go_to(len(self.walkthrough) - 1))

    def go_to(self, index: int) -> None:
        self._move(lambda: self.walkthrough.go_to(index))

    def _move(self, move: Callable[[], WalkthroughStep]) -> None:
        before = self.walkthrough.index
        move()
        if self.walkthrough.index != before:
            self._show()

    def shown(self) -> StepShown:
        w = self.walkthrough
        step = w.current
        section = self.case.policy.section_of(step.anchor).title
        return StepShown(
            case_line=f"{self.case.case_id} · {w.title}",
            progress=w.progress_text(),
            title=step.title,
            narrative=step.narrative,
            quote=step.quote,
            source=f"Coverage Policy 0261 — {section}",  # no anchor: an audience reads it
            at_start=w.at_start,
            at_end=w.at_end,
        )

    def _show(self) -> None:
        shown = self.shown()
        self.show_step(shown)
        if self.presenter is not None:
            self.presenter.show_step(shown)
        self._show_in_case(self.walkthrough.current)
        self.setAccessibleDescription(f"{shown.progress}: {shown.title}")
        self.stepChanged.emit(self.walkthrough.index)

    # -- the presenter view ---------------------------------------------------------------

    def toggle_presenter(self) -> None:
        if self.presenter is None:
            self.open_presenter()
        else:
            self.presenter.close()

    def open_presenter(self) -> PresenterView:
        if self.presenter is None:
            presenter = PresenterView(self)
            presenter.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            presenter.nextRequested.connect(self.next_step)
            presenter.previousRequested.connect(self.previous_step)
            presenter.firstRequested.connect(self.first_step)
            presenter.lastRequested.connect(self.last_step)
            presenter.closed.connect(self._on_presenter_closed)
            presenter.show_step(self.shown())
            self.presenter = presenter
        self.presenter.show()
        self.presenter.raise_()
        self.presenter.activateWindow()
        self.presenter_button.setChecked(True)
        return self.presenter

    def _on_presenter_closed(self) -> None:
        self.presenter = None
        self.presenter_button.setChecked(False)
        if self.isVisible():
            self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.presenter is not None:
            self.presenter.close()
        self.closed.emit()
        super().closeEvent(event)
