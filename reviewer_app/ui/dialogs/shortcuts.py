"""Help ▸ Keyboard shortcuts: every key the window answers to, read from the window itself
(its menus' actions, its other actions, the shortcuts that describe themselves and the
tabs' Alt+letter keys), so the list stays true as commands come and go."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
NATIVE = QKeySequence.SequenceFormat.NativeText


@dataclass(frozen=True)
class ShortcutRow:
    where: str  # "File menu", "Case view"...
    command: str
    keys: str


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _mnemonic(text: str) -> str:
    """'Alt+R' for '&Review', '' when the text has no mnemonic."""
    at = text.replace("&&", "").find("&")
    if at < 0 or at + 1 >= len(text.replace("&&", "")):
        return ""
    key = text.replace("&&", "")[at + 1].upper()
    return QKeySequence(f"Alt+{key}").toString(NATIVE)


def _typed(sequence: QKeySequence) -> bool:
    """A key a keyboard has: with a modifier, or a function key (not the "New" or "Zoom
    In" media keys that Qt's standard bindings add)."""
    if sequence.isEmpty():
        return False
    combo = sequence[0]  # type: ignore[index]  # PySide6 stubs lack __getitem__
    if combo.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        return True
    return Qt.Key.Key_F1.value <= combo.key().value <= Qt.Key.Key_F35.value or combo.key() in (
        Qt.Key.Key_Escape,
        Qt.Key.Key_Delete,
    )


def _keys(sequences: list[QKeySequence]) -> str:
    return " or ".join(s.toString(NATIVE) for s in sequences if _typed(s))


def _menu_rows(menu: QMenu, where: str, rows: list[ShortcutRow]) -> None:
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        sub = action.menu()
        if isinstance(sub, QMenu):
            _menu_rows(sub, f"{where} ▸ {_plain(action.text())}", rows)
            continue
        keys = _keys(action.shortcuts())
        if keys:
            rows.append(ShortcutRow(where, _plain(action.text()), keys))


def shortcut_rows(window: QWidget) -> list[ShortcutRow]:
    """What ``window`` answers to now, menus first."""
    rows: list[ShortcutRow] = []
    bar = window.menuBar() if isinstance(window, QMainWindow) else None
    in_menus: set[int] = set()
    if bar is not None:
        for action in bar.actions():
            menu = action.menu()
            if not isinstance(menu, QMenu) or not action.isVisible():
                continue
            name = f"{_plain(action.text())} menu"
            if key := _mnemonic(action.text()):
                rows.append(ShortcutRow("Menus", f"Open the {name}", key))
            _menu_rows(menu, name, rows)
            in_menus.update(id(a) for a in menu.actions())
    for action in window.findChildren(QAction):
        if id(action) in in_menus or not action.isEnabled() or not action.toolTip():
            continue
        if (keys := _keys(action.shortcuts())) and action.whatsThis():
            rows.append(ShortcutRow("Window", action.whatsThis(), keys))
    for shortcut in window.findChildren(QShortcut):
        if shortcut.isEnabled() and shortcut.whatsThis() and not shortcut.key().isEmpty():
            where = shortcut.property("where") or "Window"
            rows.append(ShortcutRow(str(where), shortcut.whatsThis(), _keys([shortcut.key()])))
    for tabs in window.findChildren(QTabWidget):
        where = tabs.accessibleName() or "Tabs"
        for i in range(tabs.count()):
            if key := _mnemonic(tabs.tabText(i)):
                rows.append(ShortcutRow(where, f"Show {_plain(tabs.tabText(i))}", key))
    seen: set[ShortcutRow] = set()
    return [r for r in rows if not (r in seen or seen.add(r))]  # type: ignore[func-returns-value]


class ShortcutsModel(QAbstractTableModel):
    HEADERS = ("Keys", "Command", "Where")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ShortcutRow] = []

    def set_rows(self, rows: list[ShortcutRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows[index.row()]
        return (row.keys, row.command, row.where)[index.column()]


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        self.model = ShortcutsModel()
        self.model.set_rows(shortcut_rows(window))
        self.table = QTableView()
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(em * 62, self.fontMetrics().height() * 36)
        self.table.setFocus()
