"""The read-only policy text: anchors, citation links, the source highlight and zoom."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QPoint, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QPalette, QShowEvent, QTextCursor, QTextDocument, QTextOption
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from reviewer_app.ui.policy.document_html import REF_SCHEME, document_css

log = logging.getLogger(__name__)

_ZOOM_MIN, _ZOOM_MAX = -4, 12
FIND_MATCH = "#f2b233"  # extra selections take no style sheet: the amber of the banners


class PolicyDocumentView(QTextBrowser):
    """Shows the policy HTML; never navigates, it reports citation clicks instead."""

    referenceClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyDocument")
        self.setAccessibleName("Policy text")
        # No widget tooltip: it would cover the text. Citation links carry their own.
        self.setAccessibleDescription(
            "Tab moves between citation links; Enter opens the cited reference"
        )
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDocumentMargin(14)
        self._html = ""
        self._anchors: dict[str, int] = {}
        self._marks: list[tuple[int, int]] = []
        self._find_marks: list[tuple[int, int]] = []  # every match of the find bar
        self._zoom = 0
        self._pending_reveal: tuple[int, int] | None = None
        self.anchorClicked.connect(self._on_anchor_clicked)

    # -- content ---------------------------------------------------------------------

    def set_policy_html(self, html: str) -> None:
        self._html = html
        self._apply()

    def _apply(self) -> None:
        pal = self.palette()
        role = QPalette.ColorRole
        mid = pal.color(role.Mid).name()
        header = _blend(pal.color(role.Base), pal.color(role.Text), 0.08)
        muted = pal.color(role.PlaceholderText).name()
        self.document().setDefaultStyleSheet(document_css(mid, header.name(), muted))
        self.setHtml(self._html)
        self._anchors = self._index_anchors(self.document())
        self._paint_marks()

    @staticmethod
    def _index_anchors(doc: QTextDocument) -> dict[str, int]:
        anchors: dict[str, int] = {}
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                for name in fragment.charFormat().anchorNames():
                    anchors.setdefault(name, block.position())
                it += 1
            block = block.next()
        return anchors

    def has_anchor(self, anchor: str) -> bool:
        return anchor in self._anchors

    # -- the source highlight --------------------------------------------------------

    def highlight(self, sources: list[tuple[str, str]]) -> bool:
        """Mark each (anchor, quote) and scroll the first into view; False if none found.

        An empty quote scrolls to its block without marking anything.
        """
        marks = [m for m in (self._locate(a, q) for a, q in sources if q) if m is not None]
        self._marks = marks
        self._paint_marks()
        if marks:
            self._place_cursor(marks[0][0])
            self.reveal(*marks[0])
            return True
        if sources and not any(q for _, q in sources):
            return self.scroll_to_anchor(sources[0][0])
        log.info("policy source not found in the document")
        return False

    def clear_highlight(self) -> None:
        self._marks = []
        self._paint_marks()

    def set_find_marks(self, marks: list[tuple[int, int]]) -> None:
        """Mark every match of the find bar (the current one is the text selection)."""
        self._find_marks = list(marks)
        self._paint_marks()

    def find_marks(self) -> list[tuple[int, int]]:
        return list(self._find_marks)

    def highlighted_text(self) -> str:
        return "\n".join(self._cursor(start, end).selectedText() for start, end in self._marks)

    def _locate(self, anchor: str, quote: str) -> tuple[int, int] | None:
        position = self._anchors.get(anchor)
        if position is None:
            return None
        block = self.document().findBlock(position)
        offset = block.text().find(quote)
        if offset >= 0:
            start = block.position() + offset
            return start, start + len(quote)
        # Only a match inside the block counts: the same words elsewhere are another source.
        found = self.document().find(quote, position)
        if found.isNull() or self.document().findBlock(found.selectionStart()) != block:
            return None
        return found.selectionStart(), found.selectionEnd()

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _paint_marks(self) -> None:
        pal = self.palette()
        # A translucent highlight keeps the palette's text colour readable in light and dark.
        background = QColor(pal.color(QPalette.ColorRole.Highlight))
        background.setAlpha(110)
        # Find matches in amber, under the source highlight, so both read at once.
        found = QColor(FIND_MATCH)
        found.setAlpha(120)
        selections = []
        for marks, colour in ((self._find_marks, found), (self._marks, background)):
            for start, end in marks:
                selection = QTextEdit.ExtraSelection()
                selection.cursor = self._cursor(start, end)
                selection.format.setBackground(colour)
                selection.format.setForeground(pal.color(QPalette.ColorRole.Text))
                selections.append(selection)
        self.setExtraSelections(selections)

    def reveal(self, start: int, end: int) -> None:
        """Scroll so ``start:end`` sits in the upper part of the view, unless it is
        already comfortably visible. Deferred until shown: a hidden view has no layout."""
        if not self.isVisible():
            self._pending_reveal = (start, end)
            return
        self._pending_reveal = None
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        top = self.cursorRect(cursor)
        cursor.setPosition(end)
        bottom = self.cursorRect(cursor)
        height = self.viewport().height()
        margin = min(48, height // 6)
        if top.top() >= margin and bottom.bottom() <= height - margin:
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top.top() - height // 4)

    def scroll_to_anchor(self, anchor: str) -> bool:
        if anchor not in self._anchors:
            return False
        start = self._anchors[anchor]
        self._place_cursor(start)
        self.reveal(start, start)
        return True

    def _place_cursor(self, position: int) -> None:
        # Keyboard reading (and Tab to the next link) continues from here.
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        self.setTextCursor(cursor)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending_reveal is not None:
            # Parent layouts settle after this event: measure once they have.
            QTimer.singleShot(0, self._reveal_pending)

    def _reveal_pending(self) -> None:
        if self._pending_reveal is not None and self.isVisible():
            self.reveal(*self._pending_reveal)

    def changeEvent(self, event: QEvent) -> None:
        # A zoom (the pane's or the window's) lays the text out again: the line at the top
        # of the view stays there, so the reader does not lose their place.
        top = self._top_position() if event.type() == QEvent.Type.FontChange else None
        super().changeEvent(event)
        if top is not None:
            QTimer.singleShot(0, lambda: self._scroll_to_top(top))
        if event.type() == QEvent.Type.PaletteChange and self._html:
            bar = self.verticalScrollBar().value()
            self._apply()
            self.verticalScrollBar().setValue(bar)

    def _top_position(self) -> int | None:
        if not self._html or self.verticalScrollBar().value() == 0:
            return None  # at the top already: it stays there
        return self.cursorForPosition(QPoint(0, 0)).position()

    def _scroll_to_top(self, position: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(cursor).top())

    # -- links -----------------------------------------------------------------------

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() != REF_SCHEME:
            # The app is offline: no other link is ever followed.
            return
        try:
            number = int(url.path())
        except ValueError:
            return
        self.referenceClicked.emit(number)

    # -- zoom ------------------------------------------------------------------------

    def zoom_by(self, steps: int) -> None:
        target = max(_ZOOM_MIN, min(_ZOOM_MAX, self._zoom + steps))
        if target != self._zoom:
            self.zoomIn(target - self._zoom)
            self._zoom = target

    def reset_zoom(self) -> None:
        self.zoom_by(-self._zoom)


def _blend(base: QColor, over: QColor, amount: float) -> QColor:
    return QColor(
        round(base.red() + (over.red() - base.red()) * amount),
        round(base.green() + (over.green() - base.green()) * amount),
        round(base.blue() + (over.blue() - base.blue()) * amount),
    )
