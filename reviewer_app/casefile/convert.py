"""Between stored rows and domain values (answers, times)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from reviewer_app.casefile.records import AnswerRecord
from reviewer_app.review.answers import Answer, AnswerSource, Evidence, Reply

if TYPE_CHECKING:
    from reviewer_app.casefile.tables import AnswerRow


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def to_db_time(value: dt.datetime) -> dt.datetime:
    """Times are stored in UTC."""
    return value.astimezone(dt.UTC)


def from_db_time(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def answer_from_row(row: AnswerRecord | AnswerRow) -> Answer:
    return Answer(
        reply=Reply(row.reply),
        number=row.number,
        note=row.note,
        evidence=Evidence(
            document=row.evidence_document, date=row.evidence_date, value=row.evidence_value
        ),
        source=AnswerSource(row.source),
        confirmed=row.confirmed,
    )


def fill_answer_row(row: AnswerRow, answer: Answer) -> None:
    row.reply = answer.reply.value
    row.number = answer.number
    row.note = answer.note
    row.evidence_document = answer.evidence.document
    row.evidence_date = answer.evidence.date
    row.evidence_value = answer.evidence.value
    row.source = answer.source.value
    row.confirmed = answer.confirmed
