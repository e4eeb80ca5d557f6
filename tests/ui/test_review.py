"""A review in the main window, as a reviewer does it: the checklist's answers, notes,
evidence and keys, and what a refused change or a decided case says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from window_helpers import (
    CTRL,
    banner,
    capture_dialogs,
    case_view,
    click,
    import_via_menu,
    keep_active,
    open_case,
    row,
    set_number,
)

from reviewer_app.casefile import CaseFile
from reviewer_app.review.answers import Reply
from reviewer_app.ui.main_window import MainWindow


@dataclass(frozen=True)
class Review:
    name: str
    case_id: str
    start: str  # the banner as imported
    confirm: str  # a criterion whose intake answer we confirm
    flip: str  # a criterion we answer "No"
    after_flip: str  # the banner then
    note_on: str
    select: str  # a criterion whose source we look at


REVIEWS = [
    Review(
        "dli-relapsed-aml",
        "UM-2026-100001",
        "Criteria met",
        "dli.relapsed",
        "dli.same_donor",
        "Criteria not met — Same donor source as the HSCT (from the Overview)",
        "dli.same_donor",
        "dli.relapsed",
    ),
    Review(
        "dli-after-autologous",
        "UM-2026-100003",
        "Criteria not met — Prior allogeneic HSCT",
        "dli.allogeneic_hsct",
        "dli.hematologic_malignancy",
        "Criteria not met — Prior allogeneic HSCT; Hematologic malignancy",
        "dli.allogeneic_hsct",
        "dli.allogeneic_hsct",
    ),
    Review(
        "hpc-boost-mixed-chimerism",
        "UM-2026-100002",
        "Criteria met",
        "hpc_boost.prior_hsct",
        "hpc_boost.same_source",
        "Criteria not met — Same donor source as the HSCT (from the Overview)",
        "hpc_boost.prior_hsct",
        "hpc_boost.chimerism_below_100",
    ),
]


@pytest.mark.parametrize("review", REVIEWS, ids=[r.name for r in REVIEWS])
def test_a_whole_review(
    review: Review,
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    intake_copy: Callable[[str], Path],
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    import_via_menu(window, intake_copy(review.name), monkeypatch, qtbot)

    case_path = workspace / f"{review.case_id}.umcase"
    assert case_path.is_file()
    assert window.windowTitle() == f"Reviewer Workstation — {review.case_id}"
    assert banner(window).startswith(review.start)
    case = case_view(window).case

    # Confirm one answer taken from the intake.
    confirm_row = row(window, review.confirm)
    assert confirm_row.badge.isVisibleTo(confirm_row)
    click(qtbot, confirm_row.confirm_button, window)
    assert not confirm_row.badge.isVisibleTo(confirm_row)
    assert case.answer_rows()[review.confirm].confirmed

    if review.name.startswith("hpc"):
        chimerism = row(window, "hpc_boost.chimerism_below_100")
        assert chimerism.number is not None and chimerism.computed is not None
        set_number(qtbot, chimerism.number, "100")
        # The request names only chimerism: engraftment is open, with the intake's words
        # beside it, so 100% alone denies nothing until the reviewer answers it.
        qtbot.waitUntil(lambda: banner(window).startswith("Insufficient information"))
        engraftment = row(window, "hpc_boost.promote_engraftment")
        qtbot.waitUntil(lambda: engraftment.intake_words.isVisibleTo(engraftment))
        assert engraftment.intake_words.text() == "Intake: indication stated: enhance_chimerism"
        click(qtbot, engraftment.reply_buttons[Reply.NO], window)
        qtbot.waitUntil(lambda: banner(window).startswith("Criteria not met"))
        assert "Chimerism study shows <100% donor cells" in banner(window)
        assert chimerism.computed.text() == "→ below 100% donor: no"
        set_number(qtbot, chimerism.number, "99.9")
        qtbot.waitUntil(lambda: banner(window).startswith("Criteria met"))
        assert chimerism.computed.text() == "→ below 100% donor: yes"
        assert case.answers()["hpc_boost.chimerism_below_100"].number == 99.9

    # Change an answer by clicking "No": the banner follows at once.
    click(qtbot, row(window, review.flip).reply_buttons[Reply.NO], window)
    assert banner(window).startswith(review.after_flip)
    assert case.answers()[review.flip].reply is Reply.NO

    # Type a note: saved by itself after a short pause.
    note = row(window, review.note_on).note
    click(qtbot, note, window)
    qtbot.keyClicks(note, "Checked against the lab report")
    qtbot.waitUntil(
        lambda: case.answer_rows()[review.note_on].note == "Checked against the lab report",
        timeout=10_000,
    )

    # Selecting a criterion highlights its source sentence in the policy.
    selected = row(window, review.select)
    click(qtbot, selected.question, window)
    quote = "\n".join(s.quote for s in selected.node.sources)
    pane: Any = case_view(window).policy_pane
    assert pane.highlighted_text() == quote

    # Close with Ctrl+W and open it again from the workspace list with Enter.
    qtbot.keyClick(window, Qt.Key.Key_W, CTRL)
    assert window.case is None
    table = window.workspace.view.table
    qtbot.waitUntil(lambda: window.workspace.model.rowCount() == 1)
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.case is not None and window.case.path == case_path
    keep_active(qtbot, window)

    stored = window.case.answer_rows()
    assert stored[review.confirm].confirmed
    assert stored[review.flip].reply == "no"
    assert stored[review.note_on].note == "Checked against the lab report"
    assert row(window, review.note_on).note.text() == "Checked against the lab report"
    assert row(window, review.flip).reply_buttons[Reply.NO].isChecked()
    assert not row(window, review.confirm).badge.isVisibleTo(row(window, review.confirm))
    assert banner(window).startswith(review.after_flip)
    if review.name.startswith("hpc"):
        spin = row(window, "hpc_boost.chimerism_below_100").number
        assert spin is not None and spin.value() == pytest.approx(99.9)


def test_a_note_typed_just_before_closing_is_kept(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    path = make_case("dli-relapsed-aml", workspace)
    window = make_window()
    open_case(qtbot, window, path)
    note = row(window, "dli.relapsed").note
    click(qtbot, note, window)
    qtbot.keyClicks(note, "typed and closed at once")
    qtbot.keyClick(window, Qt.Key.Key_W, CTRL)  # no pause: the close flushes it
    with CaseFile.open(path, window._opener._registry) as case:
        assert case.answer_rows()["dli.relapsed"].note == "typed and closed at once"


def test_evidence_typed_in_a_row_is_saved_and_shown_again(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    path = make_case("dli-relapsed-aml", workspace)
    window = make_window()
    open_case(qtbot, window, path)
    checklist = case_view(window).checklist
    r = row(window, "dli.relapsed")
    click(qtbot, r.evidence_toggle, window)
    editor = r.evidence_editor
    assert editor.isVisible()
    click(qtbot, editor.document, window)
    assert checklist.selected_id == "dli.relapsed"  # the focus in its fields selects it
    qtbot.keyClick(editor.document, Qt.Key.Key_A, CTRL)  # over what the intake said
    qtbot.keyClicks(editor.document, "Bone marrow biopsy report")
    editor.date.setDate(QDate(2026, 10, 1))  # as picked from the calendar
    click(qtbot, editor.value, window)
    qtbot.keyClick(editor.value, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor.value, "8% blasts")
    qtbot.keyClick(editor.value, Qt.Key.Key_Return)
    stored = window.case.answer_rows()["dli.relapsed"] if window.case else None
    assert stored is not None
    assert (stored.evidence_document, stored.evidence_date, stored.evidence_value) == (
        "Bone marrow biopsy report",
        dt.date(2026, 10, 1),
        "8% blasts",
    )

    qtbot.keyClick(window, Qt.Key.Key_W, CTRL)
    open_case(qtbot, window, path)
    again = row(window, "dli.relapsed")
    summary = "Bone marrow biopsy report — 2026-10-01 — 8% blasts"
    assert again.evidence_summary.text() == summary  # beside the closed section
    click(qtbot, again.evidence_toggle, window)
    assert again.evidence_editor.evidence() == again.answer().evidence
    assert again.evidence_editor.document.text() == "Bone marrow biopsy report"
    click(qtbot, row(window, "dli.allogeneic_hsct").note, window)
    assert case_view(window).checklist.selected_id == "dli.allogeneic_hsct"


def test_keys_answer_the_focused_criterion_and_tab_moves_through_the_row(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    window = make_window()
    open_case(qtbot, window, make_case("dli-after-autologous", workspace))
    first = row(window, "dli.allogeneic_hsct")
    first.question.setFocus()
    qtbot.keyClick(first.question, Qt.Key.Key_Y)
    assert first.current_reply() is Reply.YES
    assert banner(window).startswith("Insufficient information — still open:")
    assert QApplication.focusWidget() is first.note  # typing goes on in the note
    qtbot.keyClicks(first.note, "no, unsure")  # its n, u and y letters change nothing
    assert first.current_reply() is Reply.YES
    qtbot.keyClick(first.question, Qt.Key.Key_N)
    assert first.current_reply() is Reply.NO
    qtbot.keyClick(first.note, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert first.current_reply() is Reply.UNKNOWN
    qtbot.waitUntil(lambda: window.case.answer_rows()["dli.allogeneic_hsct"].note == "no, unsure")

    order = []
    first.question.setFocus()
    for _ in range(8):
        order.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    expected = [
        first.question,
        *first.reply_buttons.values(),
        first.note,
        first.evidence_toggle,
        row(window, "dli.hematologic_malignancy").question,
    ]
    names = [f"{type(w).__name__}:{w.accessibleName() or w.objectName()}" for w in order]
    assert [w for w in order if w in expected] == expected, names

    # An opened evidence section comes right after its toggle, before the next row.
    qtbot.keyClick(first.evidence_toggle, Qt.Key.Key_Space)
    editor = first.evidence_editor
    order = []
    first.evidence_toggle.setFocus()
    for _ in range(10):  # Tab also steps through the date's year, month and day
        if QApplication.focusWidget() not in order[-1:]:
            order.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    expected = [
        first.evidence_toggle,
        editor.document,
        editor.date,
        editor.clear_date,
        editor.value,
        row(window, "dli.hematologic_malignancy").question,
    ]
    focused = [w.focusProxy() or w for w in expected]  # the date edit's own line edit
    seen = [w for w in order if w in expected or w in focused]
    names = [f"{type(w).__name__}:{w.accessibleName() or w.objectName()}" for w in order]
    assert [expected[focused.index(w)] if w in focused else w for w in seen] == expected, names


def test_a_refused_change_is_explained_and_undone(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reviewer_app.casefile import CaseStateError

    window = make_window()
    open_case(qtbot, window, make_case("dli-relapsed-aml", workspace))
    case = case_view(window).case

    def refuse(*_a: object, **_k: object) -> None:
        raise CaseStateError("UM-2026-100001 is decided: a medical director must reopen it")

    monkeypatch.setattr(case, "set_answer", refuse)
    texts = capture_dialogs(monkeypatch)
    same_donor = row(window, "dli.same_donor")
    click(qtbot, same_donor.reply_buttons[Reply.NO], window)
    assert "The change was not saved" in texts[0] and "must reopen it" in texts[0]
    assert "Your change was undone." in texts[0]
    assert same_donor.current_reply() is Reply.YES  # back to the stored answer
    assert banner(window).startswith("Criteria met")


def test_a_decided_case_is_locked_and_says_so(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
    registry: Any,
) -> None:
    path = make_case("dli-relapsed-aml", workspace)
    with CaseFile.open(path, registry) as case:
        case.set_status("decided", "Dr. Morgan Lee, MD", "approved")
    window = make_window()
    open_case(qtbot, window, path)
    view = case_view(window)
    assert not view.editable
    assert "This case is decided" in view.notice_text()
    assert not row(window, "dli.same_donor").reply_buttons[Reply.NO].isEnabled()
    assert view.header.status.text() == "Decided"
    assert window.windowTitle() == "Reviewer Workstation — UM-2026-100001"


def test_the_countdown_turns_red_and_says_overdue(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    import datetime as dt

    now = [dt.datetime(2026, 12, 5, 12, 5, tzinfo=dt.UTC)]  # two hours before it is due
    window = make_window(clock=lambda: now[0])
    open_case(qtbot, window, make_case("dli-relapsed-aml", workspace))
    due = case_view(window).header.due
    assert due.text().endswith("— 2h 0m left") and due.property("overdue") is False
    now[0] = dt.datetime(2026, 12, 5, 15, 35, tzinfo=dt.UTC)
    case_view(window).header.update_countdown()  # what its 30-second timer calls
    assert due.text().endswith("— Overdue by 1h 30m")
    assert due.property("overdue") is True
