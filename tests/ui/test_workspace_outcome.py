"""The workspace shows each case's outcome, and a case decided after its due time says
"Decided late" instead of losing its overdue mark (issue 22, item 6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from trust_helpers import DENIAL_RATIONALE, PASS, Org

from reviewer_app.casefile.summary import CaseSummary, read_summary
from reviewer_app.cli import main
from reviewer_app.ui.workspace.case_table_model import CaseTableModel

from helpers import make_case

DUE = dt.datetime(2026, 12, 1, 17, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


def summary(name: str, status: str, outcome: str, decided_at: dt.datetime | None) -> CaseSummary:
    return CaseSummary(
        path=Path(f"/w/{name}.umcase"),
        case_id=name,
        member_name="Ava Demo",
        service="DLI",
        urgency="standard",
        status=status,
        due_at=DUE,
        updated_at=decided_at or DUE,
        outcome=outcome,
        decided_at=decided_at,
    )


def test_outcome_column_and_decided_late(qtbot: Any) -> None:
    model = CaseTableModel(lambda: NOW)
    late = summary("late", "decided", "deny", DUE + dt.timedelta(hours=3))
    on_time = summary("on-time", "decided", "approve", DUE - dt.timedelta(days=1))
    pended = summary("pended", "in_review", "pend", DUE + dt.timedelta(days=2))
    model.set_rows([late, on_time, pended])
    shown = {
        model.index(r, model.COL_CASE).data(): (
            model.index(r, model.COL_OUTCOME).data(),
            model.index(r, model.COL_LEFT).data(),
        )
        for r in range(model.rowCount())
    }
    assert model.headerData(model.COL_OUTCOME, _horizontal()) == "Outcome"
    assert shown["late"] == ("Denied", "Decided late")
    assert shown["on-time"] == ("Approved", "")
    assert shown["pended"][0] == "Pending information"
    assert shown["pended"][1].startswith("Overdue by")  # a pend is no decision: still due


def test_a_signed_decision_reaches_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ids").mkdir()
    org = Org(tmp_path / "ids")
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(tmp_path / "config"))
    org.install(tmp_path / "config")
    secret = tmp_path / "pass.txt"
    secret.write_bytes(PASS)
    path = make_case(tmp_path)
    assert read_summary(path).outcome == ""
    assert main(["case", "confirm", str(path)]) == 0
    decide = ["case", "decide", str(path), "--decision", "approve", "--rationale", DENIAL_RATIONALE]
    assert main([*decide, "--identity", str(org.issue()), "--passphrase-file", str(secret)]) == 0
    got = read_summary(path)
    assert got.outcome == "approve" and got.outcome_label == "Approved"
    assert got.decided_at is not None and got.decided_at <= dt.datetime.now(dt.UTC)
    assert got.decided_late == (got.decided_at > got.due_at)  # type: ignore[operator]


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
