"""Layout of the policy pane: the date banner above three tabs (Policy, References, Coding)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from reviewer_app.policy import Policy
from reviewer_app.ui.lazy_page import LazyPage
from reviewer_app.ui.policy.document_view import PolicyDocumentView
from reviewer_app.ui.policy.find_bar import FindBar

if TYPE_CHECKING:
    from reviewer_app.ui.policy.coding import CodingView
    from reviewer_app.ui.policy.references import ReferencesTab

POLICY_TAB, REFERENCES_TAB, CODING_TAB = 0, 1, 2


class PolicyPaneView(QWidget):
    def __init__(self, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyPane")
        self.setAccessibleName(f"Coverage Policy {policy.meta.number}")

        self.banner = QLabel()
        self.banner.setObjectName("policyBanner")
        self.banner.setProperty("role", "warning")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setAccessibleName("Policy date warning")
        self.banner.hide()

        self.document_view = PolicyDocumentView()
        self.find_bar = FindBar(self.document_view)
        policy_page = QWidget()
        page = QVBoxLayout(policy_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        page.addWidget(self.document_view, 1)
        page.addWidget(self.find_bar)

        # Built (and their modules loaded) when first shown.
        self._references = LazyPage(lambda: _references_tab(policy), self._references_built)
        self._coding = LazyPage(lambda: _coding_view(policy))

        self.tabs = QTabWidget()
        self.tabs.setObjectName("policyTabs")
        self.tabs.setAccessibleName("Policy views")
        self.tabs.setDocumentMode(True)
        tabs = (
            (policy_page, "Policy", "The policy text (Alt+1); Ctrl+F finds in it"),
            (self._references, "References", "The policy's references (Alt+2)"),
            (self._coding, "Coding", "The codes the policy covers (Alt+3)"),
        )
        for i, (widget, title, tip) in enumerate(tabs):
            self.tabs.addTab(widget, title)
            self.tabs.setTabToolTip(i, tip)
        self.tabs.tabBar().setAccessibleName("Policy tabs")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

        QWidget.setTabOrder(self.tabs.tabBar(), self.document_view)
        QWidget.setTabOrder(self.document_view, self.find_bar.field)

    # The References and Coding tables are built when their tab is first shown.

    @property
    def references(self) -> ReferencesTab:
        return self._references.content()

    @property
    def coding(self) -> CodingView:
        return self._coding.content()

    def _references_built(self, tab: ReferencesTab) -> None:
        """Hook for the pane: connect the tab's signals (it may be built late)."""


def _references_tab(policy: Policy) -> ReferencesTab:
    from reviewer_app.ui.policy.references import ReferencesTab

    return ReferencesTab(policy)


def _coding_view(policy: Policy) -> CodingView:
    from reviewer_app.ui.policy.coding import CodingView

    return CodingView(policy)
