"""The answer hot path: one short transaction of three prepared statements.

A reviewer commits an answer every few seconds all day; the ORM's round trips would
triple the time of a durable commit. The case's header is held in memory by the store
that owns the file (and its lock), so the audit head and count need no read first.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, bindparam
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from reviewer_app.casefile.audit import entry_hash
from reviewer_app.casefile.convert import fill_answer_row, utc_now
from reviewer_app.casefile.tables import AnswerRow, AuditRow, CaseHeader
from reviewer_app.review.answers import Answer

# The answer hot path's statements, built once; SQLAlchemy caches their compiled form.
_ANSWER = AnswerRow.__table__  # type: ignore[attr-defined]
_HEADER = CaseHeader.__table__  # type: ignore[attr-defined]
_UPSERT_ANSWER = sqlite_insert(_ANSWER)
_UPSERT_ANSWER = _UPSERT_ANSWER.on_conflict_do_update(
    index_elements=["criterion_id"],
    set_={c.name: _UPSERT_ANSWER.excluded[c.name] for c in _ANSWER.c if c.name != "criterion_id"},
)
_INSERT_AUDIT = AuditRow.__table__.insert()  # type: ignore[attr-defined]
_UPDATE_HEADER = (
    _HEADER.update()
    .where(_HEADER.c.id == 1)
    .values(
        audit_head=bindparam("head"),
        audit_count=bindparam("count"),
        updated_at=bindparam("updated"),
        status=bindparam("status"),
    )
)


def write_answer(
    engine: Engine,
    header: CaseHeader,
    criterion_id: str,
    answer: Answer,
    actor: str,
    detail: dict[str, Any],
) -> CaseHeader:
    """Store ``answer`` with its audit entry; return the header as it now is on disk."""
    now = utc_now()
    seq = header.audit_count + 1
    at = now.isoformat().replace("+00:00", "Z")
    text = json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)
    digest = entry_hash(header.audit_head, seq, at, actor, "answer", text)
    row = AnswerRow(criterion_id=criterion_id, answered_by=actor, answered_at=now)
    fill_answer_row(row, answer)
    status = "in_review" if header.status == "draft" else header.status
    with engine.begin() as conn:
        conn.execute(_UPSERT_ANSWER, row.model_dump())
        conn.execute(
            _INSERT_AUDIT,
            {
                "seq": seq,
                "at": at,
                "actor": actor,
                "action": "answer",
                "detail": text,
                "prev_hash": header.audit_head,
                "hash": digest,
            },
        )
        conn.execute(
            _UPDATE_HEADER, {"head": digest, "count": seq, "updated": now, "status": status}
        )
    return header.model_copy(
        update={"audit_head": digest, "audit_count": seq, "updated_at": now, "status": status}
    )
