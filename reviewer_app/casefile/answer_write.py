"""Every change to a case ends here: its audit entry, signed, and the header's chain head.

:func:`append_entry` is the one place an audit entry is built and written, inside the
caller's transaction (``CaseDB.write()``); :func:`answer_write` builds the answer hot
path's writes, for one short transaction of writes and no reads (the store that holds the
case's lock keeps the header in memory, so the chain head needs no read first).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from reviewer_app.casefile.audit import entry_hash
from reviewer_app.casefile.convert import answer_values, utc_now
from reviewer_app.casefile.db import (
    ANSWER,
    AUDIT,
    AUDIT_SIGNATURE,
    HEADER,
    CaseDB,
    header_write,
    insert_statement,
    record,
    record_of,
    run,
    stored_certs,
    upsert_statement,
)
from reviewer_app.casefile.entry_signing import EntrySigner, certificate_writes, fingerprint
from reviewer_app.casefile.records import AnswerRecord, HeaderRecord
from reviewer_app.casefile.status import after_work
from reviewer_app.review.answers import Answer

_DETAIL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)  # built once


def entry_text(detail: dict[str, Any]) -> str:
    return _DETAIL.encode(detail)


Write = tuple[Any, dict[str, Any]]  # a statement built once, and the values it runs with


def append_entry(
    conn: Connection,
    header: HeaderRecord,
    actor: str,
    action: str,
    text: str,
    signer: EntrySigner | None,
    **header_changes: Any,
) -> HeaderRecord:
    """Write the audit entry after ``header``'s chain head (signed by ``signer`` when
    given) and move the head, with ``header_changes``, inside the caller's transaction;
    return the header as it now is."""
    stored = stored_certs(conn)
    writes, moved = entry_writes(
        header, actor, action, text, signer, (stored, conn.dialect.name), header_changes, utc_now()
    )
    for stmt, values in writes:
        run(conn, stmt, values)
    return record_of(vars(header) | moved, HeaderRecord)


def entry_writes(
    header: HeaderRecord,
    actor: str,
    action: str,
    text: str,
    signer: EntrySigner | None,
    certs: tuple[set[tuple[str, str]], str],
    header_changes: dict[str, Any],
    now: dt.datetime,
) -> tuple[list[Write], dict[str, Any]]:
    """The writes of one audit entry made at ``now`` (the entry, its signature, the
    header's new chain head) and the header's values they change. ``certs``: the signer
    certificates the connection has stored, and its dialect."""
    seq = header.audit_count + 1
    at = now.isoformat().replace("+00:00", "Z")
    digest = entry_hash(header.audit_head, seq, at, actor, action, text)
    entry = {"case_id": header.case_id, "seq": seq, "at": at, "actor": actor, "action": action}
    entry |= {"detail": text, "prev_hash": header.audit_head, "hash": digest}
    writes: list[Write] = [(insert_statement(AUDIT), entry)]
    if signer is not None:
        writes += signature_writes(signer, header.case_id, seq, digest, now, *certs)
    moved = {"audit_head": digest, "audit_count": seq, "updated_at": now, **header_changes}
    writes.append(header_write(header.case_id, moved))
    return writes, moved


def signature_writes(
    signer: EntrySigner,
    case_id: str,
    seq: int,
    entry_hash: str,
    at: dt.datetime,
    stored: set[tuple[str, str]],
    dialect: str,
) -> list[Write]:
    """The writes that store the signature of entry ``seq``: its signer's certificate
    the first time this connection meets it (``stored``), then the signature."""
    signature = signer.sign(entry_hash)  # first: if it fails, nothing is noted as stored
    der = signer.cert_der
    writes = certificate_writes(stored, case_id, der, signer.actor, at, dialect)
    row = {"case_id": case_id, "seq": seq, "signer": fingerprint(der), "signature": signature}
    writes.append((insert_statement(AUDIT_SIGNATURE), row))
    return writes


@dataclass
class AnswerWrite:
    """One answer's writes, built before anything is written, and what they change: the
    header's values and the answer's row."""

    writes: list[Write]
    header_changes: dict[str, Any]
    row: dict[str, Any]


def answer_write(
    header: HeaderRecord,
    criterion_id: str,
    answer: Answer,
    actor: str,
    detail: dict[str, Any],
    signer: EntrySigner | None,
    certs: set[tuple[str, str]],
) -> AnswerWrite:
    """The writes that store ``answer`` with its audit entry (for ``CaseDB.commit_writes``:
    one durable transaction of writes and no reads); ``certs`` as for ``entry_writes``."""
    now = utc_now()
    row = answer_values(header.case_id, criterion_id, answer, actor, now)
    changes = {"status": after_work(header.status).value}  # the header holds plain text
    text = entry_text(detail)
    writes, moved = entry_writes(
        header, actor, "answer", text, signer, (certs, "sqlite"), changes, now
    )
    answer_row = (upsert_statement("sqlite", ANSWER, tuple(row), False), row)
    return AnswerWrite([answer_row, *writes], moved, row)


class AnswerChange:
    """What setting an answer touched: the criterion, and its row as now stored (None
    when the answer was already so and nothing was written)."""

    __slots__ = ("_row", "criterion_id")

    def __init__(self, criterion_id: str, row: dict[str, Any] | None) -> None:
        self.criterion_id = criterion_id
        self._row = row

    @property
    def changed(self) -> bool:
        return self._row is not None

    @property
    def stored(self) -> AnswerRecord | None:
        """The row as ``record()`` would read it back."""
        return None if self._row is None else record_of(self._row, AnswerRecord)


def append_audit(
    db: CaseDB, actor: str, action: str, detail: dict[str, Any], signer: EntrySigner | None = None
) -> None:
    """Append one audit entry to the file behind ``db`` (a copy being prepared, such as a
    rekeyed file before it replaces the case), reading its header in the transaction."""
    with db.write() as conn:
        header = record(conn.execute(select(HEADER)).one(), HeaderRecord)
        append_entry(conn, header, actor, action, entry_text(detail), signer)
