"""Dynamic properties read by resources/styles/app.qss."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget


def set_style_property(widget: QWidget, name: str, value: str | bool) -> None:
    """Set a property the style sheet keys on, and make the style see the change."""
    # Imported here: the unlock prompt uses this module and shows before PySide builds the
    # Qt namespace's enums (passphrase_dialogs.py says why).
    from PySide6.QtCore import Qt

    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return  # not styled yet: the first polish (when shown) reads the property
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def make_bold(widget: QWidget) -> None:
    """Bold text whose size still follows the window (View ▸ Zoom).

    A font that sets only the weight leaves the size to be inherited; a style sheet
    font-weight would pin the size the widget had when it was polished.
    """
    font = QFont()
    font.setBold(True)
    widget.setFont(font)
