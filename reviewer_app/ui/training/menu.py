"""The Training menu's commands; :class:`.mode.TrainingMode` gives them behaviour.

They stay disabled until a TrainingMode is wired to the window (see ui/run.py), so a
window built without one shows the menu but offers nothing that does nothing.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget


class TrainingActions:
    def __init__(self, parent: QWidget) -> None:
        self.open_training = QAction("&Open training workspace", parent)
        self.leave_training = QAction("&Return to my workspace", parent)
        self.reset_training = QAction("Re&set training workspace…", parent)
        self.walkthrough = QAction("&Guided walkthrough…", parent)
        self.quiz = QAction("&Quiz…", parent)
        self.menu = QMenu("Trainin&g", parent)
        self.menu.addActions([self.open_training, self.leave_training, self.reset_training])
        self.menu.addSeparator()
        self.menu.addActions([self.walkthrough, self.quiz])
        for action in self.menu.actions():
            action.setEnabled(False)
