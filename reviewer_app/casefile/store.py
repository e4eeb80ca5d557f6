"""One object owns one case file: every change is a short transaction with its audit entry."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

from reviewer_app.casefile import files
from reviewer_app.casefile.answer_write import add_entry, write_answer
from reviewer_app.casefile.audit import ChainCheck
from reviewer_app.casefile.convert import answer_from_row, from_db_time, to_db_time, utc_now
from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.casefile.engine import make_engine, open_connection
from reviewer_app.casefile.entry_signing import (
    EntryCheck,
    EntrySigner,
    read_certificates,
    read_signatures,
)
from reviewer_app.casefile.errors import CaseFileError, CaseStateError, ReadOnlyCase
from reviewer_app.casefile.files import copy_case
from reviewer_app.casefile.lock import CaseLock
from reviewer_app.casefile.opening import (
    NewCase,
    OpenOptions,
    PolicySource,
    create_case,
    open_case,
)
from reviewer_app.casefile.records import (
    AnswerRecord,
    AuditRecord,
    DiagnosisRecord,
    HeaderRecord,
    read_answers,
    read_audit,
    read_diagnoses,
    read_header,
    read_or_damaged,
)
from reviewer_app.casefile.replay import verify_case
from reviewer_app.casefile.seen import SeenTrails
from reviewer_app.casefile.status import CaseStatus, after_work, check_transition, open_for_review
from reviewer_app.policy import Policy
from reviewer_app.policy.models import CriteriaSet
from reviewer_app.review.answers import Answer
from reviewer_app.review.engine import Evaluation, check_number, evaluate

if TYPE_CHECKING:  # the ORM loads on the first change that needs it, not on open
    from sqlalchemy import Engine
    from sqlmodel import Session

    from reviewer_app.casefile.tables import CaseHeader

log = logging.getLogger(__name__)
T = TypeVar("T")

SAME_KEY = object()


class CaseFile:
    """An open case file: reads go through one DB-API connection, changes through the ORM
    (whose engine is made on the first change) or, for answers, the same connection."""

    def __init__(
        self,
        path: Path,
        conn: Any,
        header: HeaderRecord,
        policy: Policy,
        *,
        readonly: bool,
        lock: CaseLock | None,
        locked_by: str = "",
        key: CaseKey | None = None,
        seen: SeenTrails | None = None,
        entry_check: EntryCheck | None = None,
    ) -> None:
        self.path = path
        self._entry_check = entry_check
        self._seen = seen if not header.training else None  # rollback of a demo is no threat
        self._signer: EntrySigner | None = None
        self._first_entry = ""
        self.policy = policy
        self.readonly = readonly
        self.locked_by = locked_by
        self._conn = conn
        self._engine: Engine | None = None
        self._lock = lock
        self._key = key
        self._answers: dict[str, Answer] | None = None  # what the file holds, read once
        self._header = header
        # A case keeps the criteria tree it was created under (see policy/earlier.py).
        self.criteria: CriteriaSet = policy.criteria_set_for_case(
            header.criteria_set, header.policy_hash
        )
        self.chain: ChainCheck = read_or_damaged(path, key, self._check_chain)

    # -- opening and creating -------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        new: NewCase,
        policy: Policy,
        actor: str,
        *,
        key: CaseKey | None = None,
        signer: EntrySigner | None = None,
    ) -> CaseFile:
        """Write a complete case file at ``path`` atomically (its first entry signed by
        ``signer`` when given), then open it."""
        return create_case(cls, path, new, policy, actor, key, signer)

    @classmethod
    def open(cls, path: Path, policies: PolicySource, **options: Unpack[OpenOptions]) -> CaseFile:
        """Open ``path`` (see ``OpenOptions``: read-only, passphrase, this machine's record of
        trails and check of signatures, and who the lock note names)."""
        return open_case(cls, path, policies, **options)

    def close(self) -> None:
        if self._seen is not None and self.chain.ok and self._first_entry:
            self._seen.record(self.case_id, self._first_entry, self.chain.count, self.chain.head)
            self._seen = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        self._conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> CaseFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session (SQLAlchemy and SQLModel are imported on the first one)."""
        from sqlmodel import Session

        if self._engine is None:
            self._engine = make_engine(self.path, readonly=self.readonly, key=self._key)
        with Session(self._engine, expire_on_commit=False) as s:
            yield s

    # -- reading ---------------------------------------------------------------------

    @property
    def header(self) -> HeaderRecord:
        return self._header

    @property
    def case_id(self) -> str:
        return self._header.case_id

    @property
    def status(self) -> str:
        return self._header.status

    @property
    def received_at(self) -> dt.datetime:
        return from_db_time(self._header.received_at)

    @property
    def due_at(self) -> dt.datetime:
        return from_db_time(self._header.due_at)

    @property
    def updated_at(self) -> dt.datetime:
        return from_db_time(self._header.updated_at)

    def diagnoses(self) -> list[DiagnosisRecord]:
        return read_diagnoses(self._conn)

    def clinical(self) -> dict[str, Any]:
        return dict(json.loads(self._header.clinical_json))

    def member_address(self) -> dict[str, str]:
        return dict(json.loads(self._header.member_address_json))

    def answer_rows(self) -> dict[str, AnswerRecord]:
        return read_answers(self._conn)

    def answers(self) -> dict[str, Answer]:
        if self._answers is None:
            self._answers = {cid: answer_from_row(r) for cid, r in self.answer_rows().items()}
        return dict(self._answers)

    def letter_count(self) -> int:
        """How many letters the file holds (without the ORM: the menus ask on open)."""
        return int(self._conn.execute("SELECT count(*) FROM letter").fetchone()[0])

    def evaluate(self) -> Evaluation:
        return evaluate(self.criteria, self.answers())

    def audit_entries(self) -> list[AuditRecord]:
        return read_audit(self._conn)

    def _read_header(self) -> HeaderRecord:
        header = read_header(self._conn)
        if header is None:
            raise CaseFileError(f"{self.path}: the case header is gone")
        return header

    def _check_chain(self) -> ChainCheck:
        return self._verify(self.audit_entries())

    def _verify(self, entries: list[AuditRecord]) -> ChainCheck:
        self._first_entry = entries[0].hash if entries else ""
        return verify_case(self._conn, entries, self._header, self._seen, self._entry_check)

    def entry_signatures(self) -> tuple[dict[int, tuple[str, bytes]], dict[str, bytes]]:
        """seq -> (certificate fingerprint, signature), and fingerprint -> certificate."""
        return read_signatures(self._conn), read_certificates(self._conn)

    def audit_snapshot(self) -> list[AuditRecord]:
        """The audit trail and its check (``self.chain``), read in one transaction so
        that a writer in another process cannot commit between the two."""
        self._conn.execute("BEGIN")
        try:
            self._header = self._read_header()
            entries = self.audit_entries()
            self.chain = self._verify(entries)
        finally:
            self._conn.execute("COMMIT")
        return entries

    # -- writing ---------------------------------------------------------------------

    def sign_entries_as(self, signer: EntrySigner | None) -> None:
        """From now on every audit entry is signed by ``signer``, whose certificate's
        subject is the actor recorded (whatever name a caller passes)."""
        self._signer = signer

    def actor_for(self, actor: str) -> str:
        return self._signer.actor if self._signer is not None else actor

    @property
    def writable(self) -> bool:
        """Open for changes here: not read-only, and its record intact (see _verify)."""
        return not self.readonly and self.chain.ok

    def _require_writable(self) -> None:
        if self.readonly:
            raise ReadOnlyCase(self.locked_by or f"{self.path}: the case is open read-only")
        if not self.chain.ok:
            raise CaseStateError(
                f"{self.path}: the case record was changed outside the app "
                f"({self.chain.problem}); it can be read, not changed"
            )

    @contextlib.contextmanager
    def change(self, actor: str, action: str, detail: dict[str, Any]) -> Iterator[Session]:
        """A transaction that also appends its audit entry and commits durably."""
        self._require_writable()
        from reviewer_app.casefile.tables import CaseHeader

        actor = self.actor_for(actor)
        with self.session() as s:
            header = s.get_one(CaseHeader, 1)
            yield s
            digest, seq = add_entry(s, header, actor, action, detail, self._signer)
            s.commit()
        self._header = self._read_header()
        self._answers = None  # the change may have touched answers: read them again
        self.chain = ChainCheck(self.chain.ok, self.chain.problem, digest, seq)

    def set_answer(self, criterion_id: str, answer: Answer, actor: str) -> Evaluation:
        node = next((n for n in self.criteria.root.leaves() if n.id == criterion_id), None)
        if node is None:
            known = ", ".join(n.id for n in self.criteria.root.leaves())
            raise CaseStateError(f"unknown criterion {criterion_id!r} (this case has: {known})")
        if node.input == "number" and answer.number is not None and node.rule is not None:
            check_number(node.rule, answer.number, criterion_id)
        self._require_open_for_review()
        if self.answers().get(criterion_id) == answer:
            return self.evaluate()  # no change, no audit entry: the rule for every front end
        detail = {
            "criterion": criterion_id,
            "reply": answer.reply.value,
            "number": answer.number,
            "note": answer.note,
            "evidence": [answer.evidence.document, answer.evidence.date, answer.evidence.value],
            "confirmed": answer.confirmed,
        }
        self._commit_answer(criterion_id, answer, self.actor_for(actor), detail)
        return self.evaluate()

    def _commit_answer(
        self, criterion_id: str, answer: Answer, actor: str, detail: dict[str, Any]
    ) -> None:
        """The hot path: one short transaction of three statements, no ORM round trips.

        The header is ours (this object holds the case's lock), so its audit head and count
        come from memory rather than a read inside the transaction.
        """
        self._header = write_answer(
            self._conn, self._header, criterion_id, answer, actor, detail, self._signer
        )
        if self._answers is not None:
            self._answers[criterion_id] = answer
        head, count = self._header.audit_head, self._header.audit_count
        self.chain = ChainCheck(self.chain.ok, self.chain.problem, head, count)

    def confirm(self, criterion_ids: list[str] | None, actor: str) -> list[str]:
        """Confirm pre-filled answers (all unconfirmed ones when ``criterion_ids`` is None)."""
        self._require_open_for_review()
        rows = self.answer_rows()
        wanted = [
            cid
            for cid, r in rows.items()
            if not r.confirmed and (criterion_ids is None or cid in criterion_ids)
        ]
        missing = [c for c in (criterion_ids or []) if c not in rows]
        if missing:
            raise CaseStateError(f"no answer to confirm for: {', '.join(missing)}")
        if not wanted:
            return []
        from reviewer_app.casefile.tables import AnswerRow

        with self.change(actor, "confirm", {"criteria": wanted}) as s:
            for cid in wanted:
                row = s.get_one(AnswerRow, cid)
                row.confirmed = True
                row.answered_by = actor
                row.answered_at = to_db_time(utc_now())
                s.add(row)
            self._bump_status(s)
        return wanted

    def set_status(self, status: str, actor: str, reason: str = "") -> None:
        target = check_transition(self.status, status)
        with self.change(
            actor, "status", {"from": self.status, "to": target.value, "reason": reason}
        ) as s:
            header = _orm_header(s)
            header.status = target.value

    def _bump_status(self, s: Session) -> None:
        header = _orm_header(s)
        header.status = after_work(header.status).value

    def _require_open_for_review(self) -> None:
        self._require_writable()
        if not open_for_review(self.status):
            raise CaseStateError(
                f"{self.case_id} is {CaseStatus(self.status).label.lower()}: a medical director "
                "must reopen it (with a reason) before answers change"
            )

    def rekey(self, new_key: CaseKey | None, actor: str) -> None:
        """Re-encrypt under ``new_key`` (see ``files.rekey``: the rekey's audit entry
        exists only where the rekey took effect), then carry on with the new file."""
        self._require_writable()
        if new_key is None and self._key is None:
            raise CaseStateError(f"{self.path}: the case file is already plain")
        files.rekey(self.path, self._key, new_key, self.actor_for(actor), self._signer)
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        self._conn.close()
        self._key = new_key
        self._conn = open_connection(self.path, key=new_key)
        if self._lock is not None:
            self._lock.relock_file()
        self._header = self._read_header()
        self.chain = ChainCheck(
            self.chain.ok, self.chain.problem, self._header.audit_head, self._header.audit_count
        )

    @property
    def encrypted(self) -> bool:
        return self._key is not None

    def export_copy(self, dest: Path, *, key: CaseKey | object | None = SAME_KEY) -> None:
        """A consistent copy for sending elsewhere (never a raw copy of an open file).

        By default the copy keeps this file's passphrase; give ``key`` to re-encrypt it
        (a passphrase shared with the recipient) or ``None`` for a plain copy.
        """
        if dest.exists():
            raise CaseFileError(f"{dest}: a file with this name already exists")
        dest_key = self._key if key is SAME_KEY else key
        assert dest_key is None or isinstance(dest_key, CaseKey)
        files.atomic_write(dest, lambda tmp: copy_case(self.path, self._key, tmp, dest_key))


def _orm_header(s: Session) -> CaseHeader:
    from reviewer_app.casefile.tables import CaseHeader

    return s.get_one(CaseHeader, 1)
