"""The policy pane beside the checklist: read the policy, follow citations, find text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from reviewer_app.policy import Policy
from reviewer_app.policy.models import SourceRef
from reviewer_app.ui.policy.document_html import policy_html
from reviewer_app.ui.policy.pane_view import (
    POLICY_TAB,
    REFERENCES_TAB,
    PolicyPaneView,
)
from reviewer_app.ui.policy.passages import policy_date_warnings

if TYPE_CHECKING:
    from reviewer_app.ui.policy.references import ReferencesTab


class PolicyPane(PolicyPaneView):
    """``referenceActivated(number)`` fires when the reader follows a citation link."""

    referenceActivated = Signal(int)

    def __init__(self, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(policy, parent)
        self._policy = policy
        self.document_view.set_policy_html(policy_html(policy))

        self.document_view.referenceClicked.connect(self._on_citation)

        self._shortcut(QKeySequence.StandardKey.Find, self.start_find)
        self._shortcut("F3", self.find_bar.find_next)
        self._shortcut("Shift+F3", self.find_bar.find_previous)
        for i in range(self.tabs.count()):
            self._shortcut(f"Alt+{i + 1}", partial(self.tabs.setCurrentIndex, i))
        self._shortcut("Ctrl+PgDown", lambda: self._cycle_tab(1))
        self._shortcut("Ctrl+PgUp", lambda: self._cycle_tab(-1))

    def _references_built(self, tab: ReferencesTab) -> None:
        tab.passageActivated.connect(self.show_source)

    @property
    def policy(self) -> Policy:
        return self._policy

    # -- the policy text -------------------------------------------------------------

    def show_source(self, anchor: str, quote: str) -> bool:
        """Show the Policy tab scrolled to ``quote`` in block ``anchor``, highlighted.

        Replaces any earlier highlight. Returns False when the text is not found.
        """
        return self.show_sources([SourceRef(anchor=anchor, quote=quote)])

    def show_sources(self, sources: Iterable[SourceRef]) -> bool:
        """Highlight several sentences at once; the first is scrolled into view."""
        self.tabs.setCurrentIndex(POLICY_TAB)
        return self.document_view.highlight([(s.anchor, s.quote) for s in sources])

    def clear_highlight(self) -> None:
        self.document_view.clear_highlight()

    def highlighted_text(self) -> str:
        """The highlighted words (one line per sentence), or '' when nothing is."""
        return self.document_view.highlighted_text()

    def start_find(self) -> None:
        self.tabs.setCurrentIndex(POLICY_TAB)
        self.find_bar.open_bar()

    def zoom_in(self) -> None:
        self.document_view.zoom_by(1)

    def zoom_out(self) -> None:
        self.document_view.zoom_by(-1)

    def reset_zoom(self) -> None:
        self.document_view.reset_zoom()

    # -- references and coding -------------------------------------------------------

    def show_reference(self, number: int) -> bool:
        self.tabs.setCurrentIndex(REFERENCES_TAB)
        return self.references.show_reference(number)

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def tab_names(self) -> list[str]:
        return [self.tabs.tabText(i).replace("&", "") for i in range(self.tabs.count())]

    # -- the case --------------------------------------------------------------------

    def set_case_context(self, date_of_service: dt.date | None, today: dt.date) -> None:
        """Warn above the tabs when the policy is overdue for review or postdates the DOS."""
        warnings = policy_date_warnings(self._policy.meta, date_of_service, today)
        self.banner.setText("\n".join(warnings))
        self.banner.setVisible(bool(warnings))

    def banner_text(self) -> str:
        return self.banner.text() if not self.banner.isHidden() else ""

    # -- slots -----------------------------------------------------------------------

    def _on_citation(self, number: int) -> None:
        self.referenceActivated.emit(number)
        self.show_reference(number)

    def _cycle_tab(self, delta: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + delta) % self.tabs.count())

    def _shortcut(
        self, keys: str | QKeySequence | QKeySequence.StandardKey, slot: Callable[[], object]
    ) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut
