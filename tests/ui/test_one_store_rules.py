"""The case rules live in the store, so the GUI and the command line obey the same ones
(issue 18): a click that changes nothing records nothing, and an answer clicked in the
window costs its writes and at most two reads, whatever the case view shows after it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from file_helpers import run
from window_helpers import case_view, click, open_case, row

from reviewer_app.review.answers import Reply
from reviewer_app.ui.main_window import MainWindow


def _selects(seen: list[str]) -> list[str]:
    return [s for s in seen if s.lstrip().upper().startswith("SELECT")]


def test_an_answer_clicked_costs_its_writes_and_two_reads_at_most(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    make_case: Callable[..., Path],
    workspace: Path,
) -> None:
    window = make_window()
    open_case(qtbot, window, make_case("dli-relapsed-aml", workspace))
    case = case_view(window).case
    seen: list[str] = []
    case.db.on_statement(seen.append)
    same_donor = row(window, "dli.same_donor")
    click(qtbot, same_donor.reply_buttons[Reply.NO], window)
    qtbot.wait(50)  # anything the view does after the click
    assert case.answers()["dli.same_donor"].reply is Reply.NO
    assert len(seen) >= 4, seen  # the click was committed through the store
    assert len(_selects(seen)) <= 2, _selects(seen)
    assert len(seen) - len(_selects(seen)) <= 5  # BEGIN, answer, entry, signature, head

    # The same answer again changes nothing: no entry, from the window...
    count = case.chain.count
    seen.clear()
    click(qtbot, same_donor.reply_buttons[Reply.NO], window)
    qtbot.wait(50)
    assert case.chain.count == count
    assert [s for s in seen if not s.lstrip().upper().startswith("SELECT")] == []


def test_the_same_answer_twice_records_one_entry_from_the_command_line(
    tmp_path: Path, capsys: Any, make_case: Callable[..., Path], workspace: Path
) -> None:
    path = make_case("dli-relapsed-aml", workspace)
    for _ in range(3):
        status, _, err = run(capsys, "case", "answer", str(path), "dli.same_donor", "no")
        assert status == 0, err
    status, out, _ = run(capsys, "case", "audit", str(path))
    assert status == 0 and out.count("answer") >= 1
    assert "intact: 2 entries" in out  # created + one answer
