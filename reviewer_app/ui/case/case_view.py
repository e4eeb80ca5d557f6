"""The case view: header, then tabs Review (checklist | policy), Decision and Audit.

The Decision tab holds the panel the composition root's factory builds (a placeholder
when there is none). The factory runs the first time the tab is shown or the panel is
asked for (``decision``): the letter machinery stays unloaded until then. CaseView talks
to the panel and to the policy pane only through their contracts in ``contracts.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.status import open_for_review
from reviewer_app.policy.models import Node
from reviewer_app.review.engine import Evaluation
from reviewer_app.ui.case.checklist import ChecklistPanel
from reviewer_app.ui.case.contracts import DecisionPanelLike, PolicyPaneLike
from reviewer_app.ui.case.header import CaseHeaderView
from reviewer_app.ui.case.outcome_banner import NoticeBanner, OutcomeBanner
from reviewer_app.ui.case.styling import set_style_property
from reviewer_app.ui.lazy_page import LazyPage

if TYPE_CHECKING:
    from reviewer_app.ui.case.audit_view import AuditView

REVIEW_TAB, DECISION_TAB, AUDIT_TAB = 0, 1, 2
TRAINING_NOTICE = (
    "TRAINING — a synthetic case for practice; its letters are not coverage determinations."
)
TRAINING_STORAGE = "Training case — stored unencrypted: its members are synthetic."


class CaseView(QWidget):
    statusMessage = Signal(str)
    caseChanged = Signal()
    decisionReady = Signal(object)  # the Decision tab's DecisionPanelLike, once built

    def __init__(
        self,
        case: CaseFile,
        actor: str,
        policy_pane: QWidget,
        decision_factory: Callable[[], DecisionPanelLike] | None,
        clock: Callable[[], dt.datetime],
        parent: QWidget | None = None,
        *,
        training_banner: bool = False,  # the window already says TRAINING above the case
    ) -> None:
        super().__init__(parent)
        self.case = case
        self._training_banner = training_banner
        self._clock = clock
        self.policy_pane = policy_pane
        self.pane = cast(PolicyPaneLike, policy_pane)

        # Built top down (each widget joins its parent before its children are made): the
        # style sheet then resolves every widget once, not again at each reparenting.
        layout = QVBoxLayout(self)
        self.notices = QVBoxLayout()
        self.notices.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.notices)
        self.header = CaseHeaderView(case, clock)
        layout.addWidget(self.header)

        self._decision_factory = decision_factory
        self._panel: DecisionPanelLike | None = None  # built on first use
        self._decision_page = LazyPage(self._build_decision, self._decision_built)
        self._audit_page = LazyPage(lambda: _audit_view(case))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("reviewSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Case tabs")
        self.tabs.tabBar().setAccessibleName("Case tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, "&Review")
        self.tabs.addTab(self._decision_page, "&Decision")
        self.tabs.addTab(self._audit_page, "Audi&t")
        self.tabs.setTabToolTip(REVIEW_TAB, "Checklist and policy (Alt+R)")
        self.tabs.setTabToolTip(DECISION_TAB, "Determination and letter (Alt+D)")
        self.tabs.setTabToolTip(AUDIT_TAB, "Everything that happened to this case (Alt+T)")
        layout.addWidget(self.tabs, 1)

        left = QWidget()
        left.setObjectName("checklistSide")
        self.splitter.addWidget(left)
        self.splitter.addWidget(policy_pane)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        self.banner = OutcomeBanner()
        left_layout.addWidget(self.banner)
        self.checklist = ChecklistPanel(case, actor, parent=left)
        left_layout.addWidget(self.checklist, 1)

        self.checklist.evaluated.connect(self._on_evaluated)
        self.checklist.saved.connect(self.statusMessage)
        self.checklist.criterionSelected.connect(self._show_sources)

        _drop_duplicate_find_shortcut(policy_pane)
        self._add_policy_tab_keys()
        self.pane.set_case_context(case.header.date_of_service, clock().astimezone().date())
        self._notice_widgets: list[NoticeBanner] = []
        self._show_notices()
        self.checklist.set_editable(self.editable)
        self._on_evaluated(self.case.evaluate())

    # -- public -----------------------------------------------------------------------------

    @property
    def decision(self) -> DecisionPanelLike | None:
        """The Decision tab's panel, built now if it was not yet (None: no panel)."""
        if self._decision_factory is None:
            return None
        self._decision_page.content()
        return self._panel

    @property
    def audit(self) -> AuditView:
        """The Audit tab's view, built now if it was not yet."""
        return self._audit_page.content()

    def has_letter(self) -> bool:
        """Whether the case holds a letter the panel can export (asked of the panel once it
        is built; before, of the case file)."""
        if self._decision_factory is None:
            return False
        if self._panel is not None:
            return self._panel.has_letter()
        return self.case.letter_count() > 0

    @property
    def editable(self) -> bool:
        return self.case.writable and open_for_review(self.case.status)

    def notice_text(self) -> str:
        return "\n".join(n.text() for n in self._notice_widgets)

    def reload(self) -> None:
        """Show the case file as it is now (after a decision changed its status, say)."""
        self.header.set_case(self.case)
        self._show_notices()
        self.checklist.reload()
        self.checklist.set_editable(self.editable)
        if (audit := self._audit_page.built) is not None:
            audit.reload()
        self.caseChanged.emit()

    def flush(self) -> None:
        """Write edits still waiting (a note being typed) before the case closes."""
        focus = self.focusWidget()
        if focus is not None:
            focus.clearFocus()  # fires editingFinished on a line edit being typed in
        self.checklist.flush()

    def show_policy(self, index: int | None = None) -> None:
        """The Review tab with the policy pane's tab ``index`` (or the current one) and the
        focus in it: from anywhere in the case view (Alt+1/2/3, View ▸ Policy)."""
        self.tabs.setCurrentIndex(REVIEW_TAB)
        if index is not None:
            self.pane.show_tab(index)
        tabs = self.policy_pane.findChild(QTabWidget)
        page = tabs.currentWidget() if tabs is not None else None
        if isinstance(page, LazyPage):  # a page built on first show: build it now
            page.content()
        # The page's first control that Tab would reach (a policy page holds no focus).
        fields = [] if page is None else page.findChildren(QWidget)
        first = next(
            (w for w in fields if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus),
            None,
        )
        if first is not None:
            first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def select_criterion(self, criterion_id: str) -> None:
        self.tabs.setCurrentIndex(REVIEW_TAB)
        self.checklist.select(criterion_id)

    # -- private ----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.header.fit_to(event.size().height())  # a small window: the checklist keeps room

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View ▸ Zoom
            self.header.fit_to(self.height())

    def _add_policy_tab_keys(self) -> None:
        # The pane's own Alt+1/2/3 answer only inside it; these answer in the whole case
        # view (the Decision tab too), and the pane's are dropped so no key is ambiguous.
        names = self.pane.tab_names()
        keys = {QKeySequence(f"Alt+{i + 1}"): i for i in range(len(names))}
        for shortcut in self.policy_pane.findChildren(QShortcut):
            if shortcut.key() in keys:
                shortcut.setEnabled(False)
        for key, index in keys.items():
            shortcut = QShortcut(key, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.setWhatsThis(f"Show the policy pane's {names[index]} tab")
            shortcut.setProperty("where", "Case view")
            shortcut.activated.connect(lambda i=index: self.show_policy(i))

    def _show_notices(self) -> None:
        for widget in self._notice_widgets:
            self.notices.removeWidget(widget)
            widget.deleteLater()
        self._notice_widgets = []
        case = self.case
        if case.header.training and not self._training_banner:  # training.qss styles it
            notice = self._add_notice("info", TRAINING_NOTICE, TRAINING_STORAGE)
            set_style_property(notice, "notice", "training")
        if case.readonly:
            why = case.locked_by.removeprefix(f"{case.path}: ").rstrip(".")
            self._add_notice(
                "readonly",
                "Read-only: you can read this case but not change it.",
                f"{why[:1].upper()}{why[1:]}." if why else "It was opened for reading only.",
            )
        elif not open_for_review(case.status):
            self._add_notice(
                "info",
                f"This case is {case.status}: its answers are locked.",
                "A medical director can reopen it, with a reason, from the Decision tab.",
            )
        earlier = case.policy.earlier_criteria(case.header.policy_hash)
        if earlier is not None:
            self._add_notice(
                "info",
                f"This case keeps the criteria it was created under ({earlier.id}): its "
                "outcome is computed as then. New cases use the current criteria.",
                "What changed since: " + "; ".join(earlier.what_changed) + ".",
            )
        if not case.chain.ok:
            self._add_notice(
                "broken",
                f"The audit trail is broken: {case.chain.problem}. "
                "This case may have been altered outside the app.",
            )

    def _add_notice(self, kind: str, headline: str, detail: str = "") -> NoticeBanner:
        notice = NoticeBanner(kind, headline, detail)
        self.notices.addWidget(notice)
        self._notice_widgets.append(notice)
        return notice

    def _on_evaluated(self, evaluation: Evaluation) -> None:
        self.banner.show_evaluation(evaluation)
        self.header.set_case(self.case)
        if (audit := self._audit_page.built) is not None:
            audit.reload()
        if self._panel is not None:
            self._panel.set_evaluation(evaluation)

    def _build_decision(self) -> QWidget:
        if self._decision_factory is None:
            return _decision_placeholder()
        panel = self._decision_factory()
        if not isinstance(panel, QWidget):  # the tab shows it
            raise TypeError(f"the decision panel is a {type(panel).__name__}, not a QWidget")
        self._panel = panel
        return panel

    def _decision_built(self, _page: QWidget) -> None:
        panel = self._panel
        if panel is None:  # the placeholder
            return
        panel.set_banner_above(self._training_banner)
        panel.caseChanged.connect(self.reload)
        panel.set_evaluation(self.case.evaluate())
        self.decisionReady.emit(panel)

    def _show_sources(self, node: Node) -> None:
        self.pane.show_sources(node.sources)


def _decision_placeholder() -> QWidget:
    placeholder = QLabel(
        "The decision workspace (determination, letter and signature) is not "
        "available in this version yet."
    )
    placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
    placeholder.setWordWrap(True)
    placeholder.setProperty("role", "hint")
    return placeholder


def _drop_duplicate_find_shortcut(pane: QWidget) -> None:
    # The window's Edit ▸ Find in policy owns Ctrl+F; a second Ctrl+F inside the pane would
    # make the key ambiguous while the focus is in the pane, and Qt then fires neither.
    find = QKeySequence(QKeySequence.StandardKey.Find)
    for shortcut in pane.findChildren(QShortcut):
        if shortcut.key() == find:
            shortcut.setEnabled(False)


def _audit_view(case: CaseFile) -> AuditView:
    from reviewer_app.ui.case.audit_view import AuditView  # loaded with the tab

    return AuditView(case)
