"""A tab page that builds its content the first time it is shown or asked for.

Opening a case shows the checklist and the policy text; the audit trail, the decision
panel and the policy's references and coding tables wait until their tab is chosen, so
a case opens without building (and styling) widgets nobody has looked at yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QApplication, QTabWidget, QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)


class LazyPage(QWidget, Generic[W]):
    def __init__(
        self,
        build: Callable[[], W],
        on_built: Callable[[W], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._build: Callable[[], W] | None = build
        self._on_built = on_built
        self._content: W | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> W | None:
        """The content if it has been built, else None (nothing is built by asking)."""
        return self._content

    def content(self) -> W:
        """The content, built now if it was not yet."""
        if self._content is None:
            build, self._build = self._build, None
            assert build is not None
            # The Decision panel loads the letter machinery (~0.3 s): say we are busy.
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._content = build()
            finally:
                QApplication.restoreOverrideCursor()
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self._content)
            self._tab_after_bar(self._content)
            # Inherit the page's font now (View ▸ Zoom): with style sheets, a widget added
            # after its parent's font was set is not always given it. An empty QFont sets
            # nothing itself, so later zooms still reach it.
            self._content.setFont(QFont())
            if self.isVisible():  # shown now, not on the next turn of the event loop
                self._content.show()
            if self._on_built is not None:
                self._on_built(self._content)
        return self._content

    def _tab_after_bar(self, content: QWidget) -> None:
        """Widgets made now come last for Tab, after everything built before them: put
        the content's fields where a tab page's fields belong, right after its tab bar."""
        stack = self.parentWidget()  # a QTabWidget keeps its pages in a stacked widget
        tabs = stack.parentWidget() if stack is not None else None
        if not isinstance(tabs, QTabWidget):
            return
        fields: list[QWidget] = []
        widget = content.nextInFocusChain()
        while widget is not None and widget is not content and content.isAncestorOf(widget):
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
                fields.append(widget)
            widget = widget.nextInFocusChain()
        previous: QWidget = tabs.tabBar()
        for field in fields:  # one by one: Qt does not move a container that takes no focus
            QWidget.setTabOrder(previous, field)
            previous = field

    def showEvent(self, event: QShowEvent) -> None:
        self.content()
        super().showEvent(event)
