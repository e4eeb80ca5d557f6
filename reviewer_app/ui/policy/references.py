"""The References tab's behaviour: filtering, showing one reference, jumping to citations."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QWidget

from reviewer_app.policy import Policy
from reviewer_app.policy.models import Reference
from reviewer_app.ui.policy.models import NUMBER_ROLE, CitedInModel, ReferenceTableModel
from reviewer_app.ui.policy.passages import cited_in
from reviewer_app.ui.policy.references_view import ReferencesView


class ReferencesTab(ReferencesView):
    """Emits ``passageActivated(anchor, quote)`` when a citing passage is chosen."""

    passageActivated = Signal(str, str)

    def __init__(self, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._policy = policy
        self._current: Reference | None = None

        self.model = ReferenceTableModel(self)
        self.model.set_rows(list(policy.references))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.configure_columns()

        self.cited_model = CitedInModel(self)
        self.cited.setModel(self.cited_model)

        self.search.textChanged.connect(self._on_search)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.cited.clicked.connect(self._on_passage)
        self.cited.activated.connect(self._on_passage)
        self.copy_link.clicked.connect(self._on_copy_link)
        self._update_count()
        self._show(None)

    # -- public ----------------------------------------------------------------------

    def show_reference(self, number: int) -> bool:
        row = self.model.row_of(number)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            # Filtered out by an earlier search: clear it so the reference can be shown.
            self.search.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.selectRow(index.row())
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def current_number(self) -> int | None:
        return self._current.number if self._current else None

    # -- slots -----------------------------------------------------------------------

    def _on_search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()
        if self.proxy.rowCount() == 1:
            self.table.selectRow(0)
        self._on_selection()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{total} references" if shown == total else f"{shown} of {total}")

    def _on_selection(self) -> None:
        # Read the whole selection: filtering can drop rows without a "selected" change.
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self._show(None)
            return
        number = int(rows[0].data(NUMBER_ROLE))
        if self._current is None or self._current.number != number:
            self._show(self._policy.reference(number))

    def _show(self, ref: Reference | None) -> None:
        self._current = ref
        self.copy_link.setText("Copy link")
        if ref is None:
            self.heading.setText("No reference selected")
            self.text.setText("Select a reference above, or click a citation in the policy text.")
            self.url_row.hide()
            self.mismatch.hide()
            self.cited_model.set_rows([])
            self.cited_label.setText("Cited in:")
            self.fit_detail()
            return
        self.heading.setText(f"Reference {ref.number}")
        self.text.setText(ref.text)
        self.url.setText(ref.url)
        self.url.setCursorPosition(0)
        self.url_row.setVisible(bool(ref.url))
        passages = cited_in(self._policy, ref.number)
        notes = sorted({p.citation.mismatch for p in passages if p.citation.mismatch})
        self.mismatch.setText("\n".join(f"Note: {n}" for n in notes))
        self.mismatch.setVisible(bool(notes))
        self.cited_model.set_rows(passages)
        if passages:
            self.cited_label.setText(f"Cited in ({len(passages)}):")
        else:
            self.cited_label.setText("Cited in: not cited in the policy text")
        self.fit_detail()

    def _on_passage(self, index: QModelIndex) -> None:
        item = self.cited_model.passage_at(index.row())
        self.passageActivated.emit(item.anchor, item.citation.text)

    def _on_copy_link(self) -> None:
        if self._current and self._current.url:
            QGuiApplication.clipboard().setText(self._current.url)
            self.copy_link.setText("Copied")
