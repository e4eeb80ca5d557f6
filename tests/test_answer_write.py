"""The answer hot path writes rows the ORM reads back exactly, plain and encrypted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewer_app.casefile.convert import from_db_time
from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.review.answers import Answer, AnswerSource, Evidence, Reply

from helpers import make_case, open_case


@pytest.mark.parametrize("key", [None, CaseKey("a passphrase for the hot path")])
def test_a_written_answer_reads_back_field_for_field(tmp_path: Path, key: CaseKey | None) -> None:
    path = make_case(tmp_path, "hpc-boost-mixed-chimerism", key=key)
    answer = Answer(
        number=99.9,
        note="CD3 fraction 70%",
        evidence=Evidence(document="chimerism report", date=dt.date(2026, 10, 30), value="99.9"),
        source=AnswerSource.REVIEWER,
        confirmed=True,
    )
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2)
    with open_case(path, key=key) as case:
        case.set_answer("hpc_boost.chimerism_below_100", answer, "Nora Nurse, RN")
        case.set_answer("hpc_boost.prior_hsct", Answer(reply=Reply.NO), "Nora Nurse, RN")
    with open_case(path, key=key, readonly=True) as case:
        assert case.answers()["hpc_boost.chimerism_below_100"] == answer
        assert case.answers()["hpc_boost.prior_hsct"].reply is Reply.NO
        row = case.answer_rows()["hpc_boost.chimerism_below_100"]
        assert row.answered_by == "Nora Nurse, RN"
        assert before <= from_db_time(row.answered_at) <= dt.datetime.now(dt.UTC)
        assert before <= case.updated_at and case.status == "in_review"
        assert case.chain.ok and case.chain.count == 3
        assert case.evaluate().outcome.value == "criteria_not_met"
