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
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

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
            # Inherit the page's font now (View ▸ Zoom): with style sheets, a widget added
            # after its parent's font was set is not always given it. An empty QFont sets
            # nothing itself, so later zooms still reach it.
            self._content.setFont(QFont())
            if self.isVisible():  # shown now, not on the next turn of the event loop
                self._content.show()
            if self._on_built is not None:
                self._on_built(self._content)
        return self._content

    def showEvent(self, event: QShowEvent) -> None:
        self.content()
        super().showEvent(event)
