"""A case whose tables were edited outside the app opens for reading only in the app too:
the store refuses its changes, so the checklist does not offer them (issue 19)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from window_helpers import case_view, open_case, row

from reviewer_app.review.answers import Reply
from reviewer_app.ui.main_window import MainWindow


def test_an_edited_case_shows_why_and_offers_no_changes(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    path = make_case("dli-relapsed-aml", workspace)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE answer SET reply = 'no' WHERE criterion_id = 'dli.same_donor'")
    conn.commit()
    conn.close()
    window = make_window()
    open_case(qtbot, window, path)
    view = case_view(window)
    assert not view.editable
    assert "audit trail is broken" in view.notice_text().lower()
    same_donor = row(window, "dli.same_donor")
    assert not same_donor.reply_buttons[Reply.YES].isEnabled()
    qtbot.mouseClick(same_donor.reply_buttons[Reply.YES], Qt.MouseButton.LeftButton)
    assert same_donor.current_reply() is Reply.NO  # nothing changed
