"""The sign dialog opens over the Decision tab's actions, not over the letter preview
(issue 22, item 14): the signer reads the letter being signed while unlocking."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from decision_helpers import NURSE, click, wait_for_draft
from PySide6.QtCore import QPoint, QRect

from reviewer_app.casefile import CaseFile
from reviewer_app.decisions.rules import Decision
from reviewer_app.ui.app_settings import ReviewerProfile
from reviewer_app.ui.decision import DecisionPanel
from reviewer_app.ui.decision.sign_dialog import SignDialog


def test_the_sign_dialog_leaves_the_letter_preview_in_view(
    case_file: Callable[..., CaseFile],
    build: Callable[[CaseFile, ReviewerProfile], DecisionPanel],
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = build(case_file("dli-relapsed-aml"), NURSE)  # 1300x800, as at 1366x768
    click(qtbot, panel.buttons[Decision.APPROVE])
    wait_for_draft(qtbot, panel)
    letter = panel.preview.stack  # the page of the letter, under its caption
    shown: dict[str, QRect] = {}

    def exec_(dialog: SignDialog) -> int:
        dialog.show()
        shown["dialog"] = dialog.frameGeometry()
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(SignDialog, "exec", exec_)
    qtbot.waitUntil(panel.sign_button.isEnabled, timeout=15_000)
    panel.sign()
    preview = QRect(letter.mapToGlobal(QPoint(0, 0)), letter.size())
    assert preview.width() > 300
    assert not shown["dialog"].intersects(preview), (shown["dialog"], preview)
