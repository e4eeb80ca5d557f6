"""Reading a case without the ORM gives what the ORM gives: same columns, same values."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session, col, select

from reviewer_app.casefile.engine import make_engine
from reviewer_app.casefile.records import (
    AnswerRecord,
    AuditRecord,
    DiagnosisRecord,
    HeaderRecord,
)
from reviewer_app.casefile.tables import AnswerRow, AuditRow, CaseHeader, DiagnosisRow
from reviewer_app.review.answers import Answer, Evidence, Reply

from helpers import open_case

PAIRS = [
    (HeaderRecord, CaseHeader),
    (AnswerRecord, AnswerRow),
    (AuditRecord, AuditRow),
    (DiagnosisRecord, DiagnosisRow),
]


def test_each_record_has_the_columns_of_its_table() -> None:
    for record, table in PAIRS:
        names = [f.name for f in dataclasses.fields(record)]
        assert names == list(table.model_fields), record.__name__


def test_records_read_the_values_the_orm_reads(make_case: Callable[..., Path]) -> None:
    import datetime as dt

    path = make_case("dli-relapsed-aml")
    with open_case(path) as case:  # answers with a number, a date and a note
        case.set_answer(
            "dli.relapsed",
            Answer(
                reply=Reply.YES,
                note="per the bone marrow report",
                evidence=Evidence(document="BM biopsy", date=dt.date(2026, 10, 1), value="5%"),
            ),
            "Pat Rivera, RN",
        )
        header, answers = case.header, case.answer_rows()
        audit, diagnoses = case.audit_entries(), case.diagnoses()
    engine = make_engine(path, readonly=True)
    try:
        with Session(engine) as s:
            orm_header = s.get_one(CaseHeader, 1)
            orm_answers = {r.criterion_id: r for r in s.exec(select(AnswerRow)).all()}
            orm_audit = list(s.exec(select(AuditRow).order_by(col(AuditRow.seq))).all())
            orm_diagnoses = list(
                s.exec(select(DiagnosisRow).order_by(col(DiagnosisRow.position))).all()
            )
            assert dataclasses.asdict(header) == orm_header.model_dump()
            assert {k: dataclasses.asdict(v) for k, v in answers.items()} == {
                k: v.model_dump() for k, v in orm_answers.items()
            }
            assert [dataclasses.asdict(a) for a in audit] == [a.model_dump() for a in orm_audit]
            assert [dataclasses.asdict(d) for d in diagnoses] == [
                d.model_dump() for d in orm_diagnoses
            ]
    finally:
        engine.dispose()
    assert answers["dli.relapsed"].evidence_date == dt.date(2026, 10, 1)


def test_opening_and_answering_does_not_load_the_orm(make_case: Callable[..., Path]) -> None:
    path = make_case("dli-relapsed-aml")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reviewer_app.casefile import CaseFile\n"
        "from reviewer_app.policy import PolicyRegistry\n"
        "from reviewer_app.resources import policy_data_dir\n"
        "from reviewer_app.review.answers import Answer, Reply\n"
        "with CaseFile.open(Path(sys.argv[1]), PolicyRegistry(policy_data_dir())) as case:\n"
        "    case.set_answer('dli.relapsed', Answer(reply=Reply.NO), 'Pat Rivera, RN')\n"
        "    case.audit_entries(); case.diagnoses(); case.letter_count()\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == "[]"
