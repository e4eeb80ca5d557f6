"""One object owns one case file: every change is a short transaction with its audit entry."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

from sqlalchemy import update

from reviewer_app.casefile import files
from reviewer_app.casefile.answer_write import (
    AnswerChange,
    answer_write,
    append_entry,
    entry_text,
)
from reviewer_app.casefile.audit import ChainCheck
from reviewer_app.casefile.convert import answer_from_row, from_db_time, utc_now
from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.casefile.db import ANSWER, CaseDB
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
    letter_count,
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

if TYPE_CHECKING:
    from sqlalchemy import Connection

log = logging.getLogger(__name__)
T = TypeVar("T")

SAME_KEY = object()


class CaseFile:
    """An open case file: every read and change goes through its one connection (``db``),
    and every change is one transaction with its audit entry (``change``)."""

    def __init__(
        self,
        path: Path,
        db: CaseDB,
        header: HeaderRecord,
        policy: Policy,
        *,
        readonly: bool,
        lock: CaseLock | None,
        locked_by: str = "",
        key: CaseKey | None = None,
        seen: SeenTrails | None = None,
        entry_check: EntryCheck | None = None,
        answer_rows: dict[str, AnswerRecord] | None = None,
    ) -> None:
        self.path = path
        self._entry_check = entry_check
        self._seen = seen if not header.training else None  # rollback of a demo is no threat
        self._signer: EntrySigner | None = None
        self._first_entry = ""
        self.policy = policy
        self.readonly = readonly
        self.locked_by = locked_by
        self.db = db
        self._lock = lock
        self._key = key
        self._answers: dict[str, Answer] | None = None  # what the file holds, read once
        self._header = header
        # A case keeps the criteria tree it was created under (see policy/earlier.py).
        self.criteria: CriteriaSet = policy.criteria_set_for_case(
            header.criteria_set, header.policy_hash
        )
        self._leaves = {n.id: n for n in self.criteria.root.leaves()}
        # The answers the opening check read in this snapshot: replayed against the trail,
        # then kept as the case's answers (an open reads them once).
        self._trail: ChainCheck = read_or_damaged(
            path, key, lambda: self._verify(self.audit_entries(), answer_rows)
        )
        if answer_rows is not None:
            self._answers = {cid: answer_from_row(r) for cid, r in answer_rows.items()}

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

    def release_lock(self) -> None:
        """Let go of the case's lock while it stays open (read-only from then on)."""
        self.readonly = True
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def close(self) -> None:
        chain = self.chain
        if self._seen is not None and chain.ok and self._first_entry:
            self._seen.record(self.case_id, self._first_entry, chain.count, chain.head)
            self._seen = None
        self.db.close()
        self.release_lock()

    def __enter__(self) -> CaseFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
        return read_diagnoses(self.db, self.case_id)

    def clinical(self) -> dict[str, Any]:
        return dict(json.loads(self._header.clinical_json))

    def member_address(self) -> dict[str, str]:
        return dict(json.loads(self._header.member_address_json))

    def answer_rows(self) -> dict[str, AnswerRecord]:
        return read_answers(self.db, self.case_id)

    def answers(self) -> dict[str, Answer]:
        return dict(self._stored_answers())

    def _stored_answers(self) -> dict[str, Answer]:
        """The answers the file holds, read once (the dict the store keeps up to date)."""
        if self._answers is None:
            self._answers = {cid: answer_from_row(r) for cid, r in self.answer_rows().items()}
        return self._answers

    def letter_count(self) -> int:
        """How many letters the file holds."""
        return letter_count(self.db, self.case_id)

    def evaluate(self) -> Evaluation:
        return evaluate(self.criteria, self.answers())

    def audit_entries(self) -> list[AuditRecord]:
        return read_audit(self.db, self.case_id)

    def _read_header(self) -> HeaderRecord:
        header = read_header(self.db)
        if header is None:
            raise CaseFileError(f"{self.path}: the case header is gone")
        return header

    def _verify(
        self, entries: list[AuditRecord], answers: dict[str, AnswerRecord] | None = None
    ) -> ChainCheck:
        self._first_entry = entries[0].hash if entries else ""
        check = self._entry_check
        return verify_case(self.db, entries, self._header, self._seen, check, answers)

    def entry_signatures(self) -> tuple[dict[int, tuple[str, bytes]], dict[str, bytes]]:
        """seq -> (certificate fingerprint, signature), and fingerprint -> certificate."""
        return read_signatures(self.db, self.case_id), read_certificates(self.db, self.case_id)

    def audit_snapshot(self) -> list[AuditRecord]:
        """The audit trail and its check (``self.chain``), read in one transaction so
        that a writer in another process cannot commit between the two."""
        with self.db.snapshot():
            self._header = self._read_header()
            entries = self.audit_entries()
            self._trail = self._verify(entries)
        return entries

    # -- writing ---------------------------------------------------------------------

    def sign_entries_as(self, signer: EntrySigner | None) -> None:
        """From now on every audit entry is signed by ``signer``, whose certificate's
        subject is the actor recorded (whatever name a caller passes)."""
        self._signer = signer

    def actor_for(self, actor: str) -> str:
        return self._signer.actor if self._signer is not None else actor

    @property
    def chain(self) -> ChainCheck:
        """The check of the trail (at open, or the last ``audit_snapshot``); while it
        holds, its head and count are the header's, which every change moves."""
        if not self._trail.ok:
            return self._trail
        return ChainCheck(
            True, self._trail.problem, self._header.audit_head, self._header.audit_count
        )

    @property
    def writable(self) -> bool:
        """Open for changes here: not read-only, and its record intact (see _verify)."""
        return not self.readonly and self._trail.ok

    def _require_writable(self) -> None:
        if self.readonly:
            raise ReadOnlyCase(self.locked_by or f"{self.path}: the case is open read-only")
        if not self._trail.ok:
            raise CaseStateError(
                f"{self.path}: the case record was changed outside the app "
                f"({self._trail.problem}); it can be read, not changed"
            )

    @contextlib.contextmanager
    def change(
        self, actor: str, action: str, detail: dict[str, Any], **header_changes: Any
    ) -> Iterator[Connection]:
        """One durable transaction of the caller's statements, its audit entry (signed by
        the unlocked identity) and ``header_changes``: the one way a case changes."""
        self._require_writable()
        with self.db.write() as conn:
            yield conn
            header = append_entry(
                conn,
                self._header,
                self.actor_for(actor),
                action,
                entry_text(detail),
                self._signer,
                **header_changes,
            )
        self._header = header
        self._answers = None  # the change may have touched answers: read them again

    def set_answer(self, criterion_id: str, answer: Answer, actor: str) -> AnswerChange:
        """Store ``answer`` with its audit entry, unless it is the answer already stored;
        return what changed (the caller evaluates the case if it shows the outcome).

        The hot path: one short transaction of its writes and no reads. The header is ours
        (this object holds the case's lock), so its audit head and count come from memory
        rather than a read inside the transaction. Everything the case becomes is made
        before the commit and only taken on once it is committed.
        """
        node = self._leaves.get(criterion_id)
        if node is None:
            known = ", ".join(self._leaves)
            raise CaseStateError(f"unknown criterion {criterion_id!r} (this case has: {known})")
        if node.input == "number" and answer.number is not None and node.rule is not None:
            check_number(node.rule, answer.number, criterion_id)
        self._require_open_for_review()
        answers = self._stored_answers()
        if answers.get(criterion_id) == answer:
            return AnswerChange(criterion_id, None)  # no change, no audit entry: for every UI
        evidence = answer.evidence
        detail = {
            "criterion": criterion_id,
            "reply": answer.reply,  # a StrEnum: its text
            "number": answer.number,
            "note": answer.note,
            "evidence": [evidence.document, evidence.date, evidence.value],
            "confirmed": answer.confirmed,
        }
        plan = answer_write(
            self._header,
            criterion_id,
            answer,
            self.actor_for(actor),
            detail,
            self._signer,
            self.db.certs,
        )
        change = AnswerChange(criterion_id, plan.row)
        self.db.commit_writes(plan.writes)
        vars(self._header).update(plan.header_changes)
        answers[criterion_id] = answer
        return change

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
        actor = self.actor_for(actor)
        status = after_work(self.status).value
        with self.change(actor, "confirm", {"criteria": wanted}, status=status) as conn:
            conn.execute(
                update(ANSWER)
                .where(ANSWER.c.case_id == self.case_id, ANSWER.c.criterion_id.in_(wanted))
                .values(confirmed=True, answered_by=actor, answered_at=utc_now())
            )
        return wanted

    def set_status(self, status: str, actor: str, reason: str = "") -> None:
        target = check_transition(self.status, status)
        detail = {"from": self.status, "to": target.value, "reason": reason}
        with self.change(actor, "status", detail, status=target.value):
            pass

    def _require_open_for_review(self) -> None:
        self._require_writable()
        if not open_for_review(self._header.status):
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
        self.db.close()
        self._key = new_key
        self.db = CaseDB.open(self.path, key=new_key)
        if self._lock is not None:
            self._lock.relock_file()
        self._header = self._read_header()

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
