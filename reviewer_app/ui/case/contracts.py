"""What the case view and the main window need from the panes the composition root gives
them (``reviewer_app.ui.run``): typed contracts, so a pane is never reached by name.

The case view lays out the policy pane and the Decision tab's panel; it knows them only
through these Protocols, and mypy checks the real panes (``ui.policy.PolicyPane``,
``ui.decision.DecisionPanel``) against them where they are wired.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from PySide6.QtCore import SignalInstance

from reviewer_app.policy.models import SourceRef
from reviewer_app.review.engine import Evaluation


class PolicyPaneLike(Protocol):
    """What the case view needs from the policy pane (reviewer_app.ui.policy.PolicyPane)."""

    def show_tab(self, index: int) -> None: ...
    def tab_names(self) -> list[str]: ...
    def show_sources(self, sources: Iterable[SourceRef]) -> bool: ...
    def highlighted_text(self) -> str: ...
    def set_case_context(self, date_of_service: dt.date | None, today: dt.date) -> None: ...
    def start_find(self) -> None: ...


class DecisionPanelLike(Protocol):
    """What the case view and the main window need from the Decision tab's panel
    (reviewer_app.ui.decision.DecisionPanel). The panel is also a QWidget: the case view
    puts it in the tab."""

    @property
    def caseChanged(self) -> SignalInstance:
        """The decision changed the case (status, letters): the case view reloads."""
        ...

    @property
    def letterChanged(self) -> SignalInstance:
        """The letters Export and Print would use changed: the window updates its menu."""
        ...

    def set_evaluation(self, evaluation: Evaluation) -> None:
        """The checklist's outcome, on open and after every change."""
        ...

    def set_banner_above(self, shown: bool) -> None:
        """The window already shows the TRAINING banner above the case."""
        ...

    def has_letter(self) -> bool: ...
    def export_letter(self) -> bool: ...
    def print_letter(self) -> bool: ...
