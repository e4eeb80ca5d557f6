"""Between stored rows and domain values (answers, times)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

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


def answer_from_row(row: AnswerRow) -> Answer:
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


def answer_values(
    case_id: str, criterion_id: str, answer: Answer, by: str, at: dt.datetime
) -> dict[str, Any]:
    """The answer table's row for ``answer``, given by ``by`` at ``at`` (its reply and
    source as their enum members, which are their text)."""
    evidence = answer.evidence
    return {
        "case_id": case_id,
        "criterion_id": criterion_id,
        "reply": answer.reply,
        "number": answer.number,
        "note": answer.note,
        "evidence_document": evidence.document,
        "evidence_date": evidence.date,
        "evidence_value": evidence.value,
        "source": answer.source,
        "confirmed": answer.confirmed,
        "answered_by": by,
        "answered_at": at,
    }
