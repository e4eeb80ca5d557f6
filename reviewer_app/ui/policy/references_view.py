"""Layout of the References tab: a searchable table above the selected reference.

The table takes the height; the selected reference below is as tall as its text and its
"Cited in" list (a few passages at most before that list scrolls). On a narrow pane the
Journal column steps aside (the reference's text below names it) so the title can be read.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def _wrapping_label(name: str, role: str = "") -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    if role:
        label.setProperty("role", role)
    return label


JOURNAL_MIN_EMS = 55  # narrower than this many "M" widths, the table hides the journal
DETAIL_MAX_SHARE = 0.4  # the selected reference takes at most this share of the height
TABLE_MIN_ROWS = 6


class ReferencesView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("referenceSearch")
        self.search.setAccessibleName("Search references")
        self.search.setPlaceholderText("Search references: author, title, journal, year")
        self.search.setToolTip("Show only the references containing these words")
        self.search.setClearButtonEnabled(True)

        self.count = QLabel()
        self.count.setObjectName("referenceCount")
        self.count.setProperty("role", "muted")

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setObjectName("referenceTable")
        self.table.setAccessibleName("References")
        self.table.setToolTip("The policy's references; select one to read it")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setHighlightSections(False)

        self.heading = _wrapping_label("referenceHeading", "heading")
        self.text = _wrapping_label("referenceText")
        self.text.setAccessibleName("Reference text")
        self.mismatch = _wrapping_label("referenceMismatch", "note")
        self.mismatch.setAccessibleName("Citation note")
        self.mismatch.hide()

        self.url = QLineEdit()
        self.url.setObjectName("referenceUrl")
        self.url.setReadOnly(True)
        self.url.setAccessibleName("Reference link")
        self.url.setToolTip("The reference's web address (not opened: this app works offline)")
        self.copy_link = QPushButton("Copy link")
        self.copy_link.setObjectName("copyLink")
        self.copy_link.setAccessibleName("Copy link")
        self.copy_link.setToolTip("Copy the reference's web address to the clipboard")
        self.url_row = QWidget()
        url_layout = QHBoxLayout(self.url_row)
        url_layout.setContentsMargins(0, 0, 0, 0)
        url_layout.addWidget(self.url, 1)
        url_layout.addWidget(self.copy_link)

        self.cited_label = QLabel("Cited in:")
        self.cited_label.setProperty("role", "subheading")
        self.cited = QListView()
        self.cited.setObjectName("citedIn")
        self.cited.setAccessibleName("Cited in")
        self.cited.setToolTip("Passages of the policy citing this reference; click one to show it")
        self.cited.setWordWrap(True)
        self.cited.setUniformItemSizes(False)
        self.cited.setResizeMode(QListView.ResizeMode.Adjust)
        self.cited.setSpacing(2)
        self.cited.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cited.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cited_label.setBuddy(self.cited)

        self.detail = detail = QWidget()
        detail.setObjectName("referenceDetail")
        detail.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        box = QVBoxLayout(detail)
        box.setContentsMargins(0, 6, 0, 0)
        box.addWidget(self.heading)
        box.addWidget(self.text)
        box.addWidget(self.url_row)
        box.addWidget(self.mismatch)
        box.addWidget(self.cited_label)
        box.addWidget(self.cited)
        box.addStretch(1)

        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("referenceSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 1)  # a taller pane gives the table more rows
        splitter.setStretchFactor(1, 0)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        QWidget.setTabOrder(self.search, self.table)
        QWidget.setTabOrder(self.table, self.text)
        QWidget.setTabOrder(self.text, self.url)
        QWidget.setTabOrder(self.url, self.copy_link)
        QWidget.setTabOrder(self.copy_link, self.cited)

    def configure_columns(self) -> None:
        """Column sizing, once a model is set (the header needs its sections)."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 170)
        header.resizeSection(3, 130)

    def fit_columns(self) -> None:
        """Hide the journal on a narrow table, so the authors and title keep their room."""
        em = max(1, self.fontMetrics().horizontalAdvance("M"))
        narrow = self.table.viewport().width() < JOURNAL_MIN_EMS * em
        self.table.setColumnHidden(3, narrow)
        self.table.horizontalHeader().resizeSection(1, 14 * em if narrow else 17 * em)

    def fit_detail(self) -> None:
        """The "Cited in" list as tall as its passages and the detail as tall as its
        content, up to DETAIL_MAX_SHARE of the tab (then the list scrolls): the table gets
        the rest."""
        cited = self.cited
        cited.doItemsLayout()  # its passages wrapped to its width now, not at its next paint
        model = cited.model()
        rows = model.rowCount() if model is not None else 0
        # The rows as laid out (wrapped to the list's width), not sizeHintForRow's guess.
        content = sum(
            cited.visualRect(model.index(r, 0)).height() + 2 * cited.spacing() for r in range(rows)
        )
        frame = 2 * cited.frameWidth()
        line = self.fontMetrics().height() + 2 * cited.spacing()
        cited.setFixedHeight(max(content, line) + frame)  # one line when it lists nothing
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        wanted = self._detail_height()
        limit = int(total * DETAIL_MAX_SHARE)
        if wanted > limit and rows:  # many passages: the list scrolls
            cited.setFixedHeight(max(cited.height() - (wanted - limit), 2 * line + frame))
            wanted = self._detail_height()
        detail = min(wanted, max(total - TABLE_MIN_ROWS * self._row_height(), 0))
        self.splitter.setSizes([total - detail, detail])

    def _detail_height(self) -> int:
        layout = self.detail.layout()
        width = self.splitter.width() or self.width()
        wanted = layout.totalHeightForWidth(width) if layout is not None else -1
        return wanted if wanted > 0 else self.detail.sizeHint().height()

    def _row_height(self) -> int:
        return self.table.verticalHeader().defaultSectionSize()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()
        self.fit_detail()
