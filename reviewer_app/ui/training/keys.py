"""The walkthrough's keys, the same in its window and in the presenter view.

Presentation clickers send Page Down / Page Up (some send Right / Left), so those step
too. The keys are window shortcuts: they work whichever control has the focus, and Space
steps on rather than pressing a focused button.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

K = Qt.Key
NEXT_KEYS = (K.Key_Right, K.Key_PageDown, K.Key_Space)
PREVIOUS_KEYS = (K.Key_Left, K.Key_PageUp, K.Key_Backspace)
FIRST_KEYS = (K.Key_Home,)
LAST_KEYS = (K.Key_End,)
LEAVE_KEYS = (K.Key_Escape,)
PRESENTER_KEYS = (K.Key_F5,)
KEYS_HINT = (
    "Next: → · Page Down · Space    Back: ← · Page Up · Backspace    "
    "First / last: Home / End    Presenter view: F5    Leave: Esc"
)


def add_keys(window: QWidget, keys: tuple[Qt.Key, ...], slot: Callable[[], object]) -> None:
    for key in keys:
        shortcut = QShortcut(QKeySequence(key), window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.setAutoRepeat(False)  # a held clicker button must not race to the end
        shortcut.activated.connect(slot)


def add_step_keys(
    window: QWidget,
    *,
    next_: Callable[[], object],
    previous: Callable[[], object],
    first: Callable[[], object],
    last: Callable[[], object],
    leave: Callable[[], object],
) -> None:
    add_keys(window, NEXT_KEYS, next_)
    add_keys(window, PREVIOUS_KEYS, previous)
    add_keys(window, FIRST_KEYS, first)
    add_keys(window, LAST_KEYS, last)
    add_keys(window, LEAVE_KEYS, leave)
