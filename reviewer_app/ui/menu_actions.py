"""Every command of the main window, in its menus, with standard shortcuts."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from reviewer_app.ui.app_settings import AppSettings
from reviewer_app.ui.training.menu import TrainingActions
from reviewer_app.ui.workspace.recent_menu import RecentCasesMenu


def _action(window: QMainWindow, text: str, *keys: str | QKeySequence.StandardKey) -> QAction:
    action = QAction(text, window)
    sequences: list[QKeySequence] = []
    for key in keys:
        for seq in (
            QKeySequence.keyBindings(key)
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        ):
            if not seq.isEmpty() and seq not in sequences:
                sequences.append(seq)
    action.setShortcuts(sequences)
    return action


class MenuActions:
    """Every command of the window, each in a menu and most with a standard shortcut."""

    def __init__(self, w: QMainWindow, settings: AppSettings) -> None:
        K = QKeySequence.StandardKey
        self.new_case = _action(w, "&New case from intake…", K.New, "Ctrl+N")
        self.open = _action(w, "&Open…", K.Open, "Ctrl+O")
        self.close_case = _action(w, "&Close case", "Ctrl+W", K.Close)
        self.export_letter = _action(w, "&Export letter…", "Ctrl+E")
        self.print_letter = _action(w, "&Print…", K.Print, "Ctrl+P")
        self.change_folder = _action(w, "Change &workspace folder…")
        self.profile = _action(w, "Pro&file…")
        self.quit = _action(w, "&Quit", K.Quit, "Ctrl+Q")
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.find = _action(w, "&Find in policy", "Ctrl+F")
        self.zoom_in = _action(w, "Zoom &in", K.ZoomIn, "Ctrl++", "Ctrl+=")
        self.zoom_out = _action(w, "Zoom &out", K.ZoomOut, "Ctrl+-")
        self.reset_zoom = _action(w, "&Reset zoom", "Ctrl+0")
        self.case_details = _action(w, "Case &details", "Ctrl+H")  # the case header's fields
        self.show_workspace = _action(w, "&Workspace", "Ctrl+1")
        self.show_case = _action(w, "&Case", "Ctrl+2")
        self.show_policy = _action(w, "&Policy", "Ctrl+3")  # the case's policy pane, focused
        self.shortcuts = _action(w, "&Keyboard shortcuts", K.HelpContents, "F1")
        self.about = _action(w, "&About Reviewer Workstation")
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.lock = _action(w, "&Lock", "Ctrl+L")  # these three shown by ui/security/guard.py
        self.change_passphrase = _action(w, "C&hange passphrase…")
        self.idle_lock = _action(w, "Lock after &inactivity…")
        for action in (self.lock, self.change_passphrase, self.idle_lock):
            action.setVisible(False)

        bar = w.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_case, self.open])
        self.recent_menu = RecentCasesMenu(settings, w)
        file_menu.addMenu(self.recent_menu)
        file_menu.addActions([self.close_case])
        file_menu.addSeparator()
        file_menu.addActions([self.export_letter, self.print_letter])
        file_menu.addSeparator()
        file_menu.addActions(
            [self.change_folder, self.profile, self.change_passphrase, self.idle_lock]
        )
        file_menu.addSeparator()
        file_menu.addActions([self.lock, self.quit])
        bar.addMenu("&Edit").addAction(self.find)
        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.zoom_in, self.zoom_out, self.reset_zoom])
        view_menu.addSeparator()
        view_menu.addActions(
            [self.show_workspace, self.show_case, self.show_policy, self.case_details]
        )
        self.training = TrainingActions(w)  # wired by ui/training/mode.py
        bar.addMenu(self.training.menu)
        bar.addMenu("&Help").addActions([self.shortcuts, self.about])
