"""Issue 18's rules of the one store: the draft a person previewed is what gets signed,
an answer costs its writes and no reads, and the case rules hold the same from every
front end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from trust_helpers import DENIAL_RATIONALE, PASS

from reviewer_app.casefile import CaseStateError
from reviewer_app.casefile import determinations as store
from reviewer_app.casefile.importer import import_intake
from reviewer_app.decisions.rules import Decision, DecisionNotAllowed
from reviewer_app.decisions.service import Rendered, decide, draft
from reviewer_app.intake import parse_intake
from reviewer_app.letters.content import Signer, demo_organization
from reviewer_app.letters.identity import create_identity, load_identity
from reviewer_app.review.answers import Answer, Reply

from helpers import intake_data, make_case, open_case, registry


def _training_case(tmp_path: Path):  # type: ignore[no-untyped-def]
    intake = parse_intake(intake_data("dli-after-autologous"))
    case = import_intake(intake, tmp_path / "t.umcase", registry(), "test", training=True)
    case.confirm(None, "test")
    made = create_identity("Tara Trainee", "MD", "medical_director", PASS, tmp_path / "t.p12")
    return case, load_identity(made, PASS)


def test_the_previewed_draft_is_signed_byte_for_byte(tmp_path: Path) -> None:
    case, who = _training_case(tmp_path)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    signer = Signer(who.name, who.credentials, who.role)
    looked_at = draft(
        case, Decision.DENY, DENIAL_RATIONALE, signer, demo_organization(), now.date()
    )
    # The bytes the preview showed (marked, so a second rendering could not produce them).
    shown = looked_at.render() + b"\n%previewed\n"
    with case:
        row = decide(
            case,
            Decision.DENY,
            DENIAL_RATIONALE,
            who,
            demo_organization(),
            now,
            previewed=Rendered(looked_at, shown),
        )
        assert row.id is not None
        stored = store.letter_pdf(case, row.id)
    assert stored.startswith(shown) and len(stored) > len(shown)


def test_a_draft_that_no_longer_matches_is_not_signed(tmp_path: Path) -> None:
    case, who = _training_case(tmp_path)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    signer = Signer(who.name, who.credentials, who.role)
    yesterday = now.date() - dt.timedelta(days=1)  # previewed before midnight, say
    old = draft(case, Decision.DENY, DENIAL_RATIONALE, signer, demo_organization(), yesterday)
    with case, pytest.raises(DecisionNotAllowed, match="changed since it was previewed"):
        decide(
            *(case, Decision.DENY, DENIAL_RATIONALE, who, demo_organization(), now),
            previewed=Rendered(old, old.render()),
        )
    with open_case(tmp_path / "t.umcase", readonly=True) as again:
        assert store.letters(again) == [] and again.chain.count == 2  # created, confirmed


def test_an_answer_commit_is_its_writes_and_no_reads(tmp_path: Path) -> None:
    path = make_case(tmp_path, "dli-relapsed-aml")
    with open_case(path) as case:
        case.answers()  # the case view shows them on open
        seen: list[str] = []
        case.db.on_statement(seen.append)
        case.set_answer("dli.relapsed", Answer(reply=Reply.NO), "Pat Rivera, RN")
        reads = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
        writes = [s for s in seen if not s.lstrip().upper().startswith("SELECT")]
        assert len(reads) <= 2, reads
        # BEGIN IMMEDIATE, the answer, its audit entry, the header's chain head
        assert len(writes) == 4, writes
        seen.clear()
        case.set_answer("dli.relapsed", Answer(reply=Reply.NO), "Pat Rivera, RN")
        assert seen == []  # no change: nothing read, nothing written


def test_unknown_criteria_and_closed_cases_are_refused_by_the_store(tmp_path: Path) -> None:
    path = make_case(tmp_path, "dli-relapsed-aml")
    with open_case(path) as case:
        with pytest.raises(CaseStateError, match=r"unknown criterion 'dli\.nope'"):
            case.set_answer("dli.nope", Answer(reply=Reply.NO), "Pat Rivera, RN")
        case.set_status("closed", "Pat Rivera, RN", "withdrawn")
        with pytest.raises(CaseStateError):
            case.set_answer("dli.relapsed", Answer(reply=Reply.NO), "Pat Rivera, RN")
        with pytest.raises(CaseStateError):
            case.set_status("in_review", "Pat Rivera, RN")
        assert [e.action for e in case.audit_entries()] == ["created", "status"]


def test_a_signed_answer_stores_the_signers_certificate_once(tmp_path: Path) -> None:
    from reviewer_app.decisions.entry_trust import IdentitySigner

    made = create_identity("Nora Nurse", "RN", "nurse_reviewer", PASS, tmp_path / "n.p12")
    path = make_case(tmp_path, "dli-relapsed-aml")
    with open_case(path) as case:
        case.sign_entries_as(IdentitySigner(load_identity(made, PASS)))
        seen: list[str] = []
        case.db.on_statement(seen.append)
        for first, reply in ((True, Reply.NO), (False, Reply.YES), (False, Reply.NO)):
            seen.clear()
            case.set_answer("dli.relapsed", Answer(reply=reply), "ignored")
            certs = [s for s in seen if "signer_cert" in s]
            assert len(certs) == (1 if first else 0), seen
            case.audit_entries()  # a read between two answers, as the audit tab does
        signatures, certificates = case.entry_signatures()
        assert sorted(signatures) == [2, 3, 4] and len(certificates) == 1
        assert {e.actor for e in case.audit_entries()[1:]} == {"Nora Nurse, RN (nurse_reviewer)"}


def test_prepared_writes_store_what_core_statements_store(tmp_path: Path) -> None:
    """The hot path binds values to SQL compiled once; the stored values (their SQLite
    types and text: times in SQLAlchemy's format, booleans as integers) are those a Core
    statement stores, and the records read back are equal."""
    from sqlalchemy import insert as core_insert

    from reviewer_app.casefile.db import ANSWER, record, run, upsert_statement
    from reviewer_app.casefile.records import AnswerRecord

    path = make_case(tmp_path, "dli-relapsed-aml")
    at = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
    base = {"reply": "yes", "number": 82.5, "note": "n", "evidence_document": "d"}
    base |= {"evidence_date": dt.date(2026, 1, 2), "evidence_value": "v", "source": "x"}
    base |= {"confirmed": True, "answered_by": "A", "answered_at": at}
    with open_case(path) as case, case.db.write() as conn:
        core = base | {"case_id": case.case_id, "criterion_id": "core"}
        conn.execute(core_insert(ANSWER), core)
        prepared = base | {"case_id": case.case_id, "criterion_id": "prepared"}
        run(conn, upsert_statement("sqlite", ANSWER, tuple(prepared), False), prepared)
        run(conn, core_insert(ANSWER), base | {"case_id": case.case_id, "criterion_id": "run"})
        stored = {
            r[0]: r[1:]
            for r in conn.exec_driver_sql(
                "SELECT criterion_id, typeof(answered_at), answered_at, typeof(confirmed),"
                " evidence_date, number FROM answer WHERE criterion_id IN ('core','prepared','run')"
            )
        }
        assert stored["prepared"] == stored["core"] == stored["run"], stored
        rows = conn.execute(ANSWER.select().where(ANSWER.c.criterion_id != "x")).all()
        by_id = {r.criterion_id: vars(record(r, AnswerRecord)) for r in rows}
        for name in ("prepared", "run"):
            assert by_id[name] | {"criterion_id": "core"} == by_id["core"]


def test_a_failed_hot_path_commit_leaves_nothing_and_forgets_what_it_stored(
    tmp_path: Path,
) -> None:
    """A write that fails inside the answer's transaction (here: an audit position that
    is taken) rolls the whole transaction back, and the certificate it had stored is
    stored again by the next signed answer."""
    import sqlite3

    from reviewer_app.casefile.answer_write import entry_writes
    from reviewer_app.casefile.convert import utc_now
    from reviewer_app.casefile.db import AUDIT, insert_statement
    from reviewer_app.decisions.entry_trust import IdentitySigner

    made = create_identity("Nora Nurse", "RN", "nurse_reviewer", PASS, tmp_path / "n.p12")
    signer = IdentitySigner(load_identity(made, PASS))
    path = make_case(tmp_path, "dli-relapsed-aml")
    with open_case(path) as case:
        before = (case.answers(), case.chain.count)
        certs = case.db.certs
        writes, _ = entry_writes(
            case.header, "x", "answer", "{}", signer, (certs, "sqlite"), {}, utc_now()
        )
        assert certs  # the signer's certificate is among the writes
        taken = {"case_id": case.case_id, "seq": 1, "at": "", "actor": "", "action": ""}
        taken |= {"detail": "", "prev_hash": "", "hash": ""}
        with pytest.raises(sqlite3.IntegrityError):
            case.db.commit_writes([*writes, (insert_statement(AUDIT), taken)])
        assert not case.db.certs
        case.sign_entries_as(signer)
        case.set_answer("dli.relapsed", Answer(reply=Reply.NO), "ignored")
        signatures, certificates = case.entry_signatures()
        assert len(certificates) == 1 and sorted(signatures) == [before[1] + 1]
    with open_case(path) as again:
        assert again.chain.ok and again.chain.count == before[1] + 1
        assert again.answers()["dli.relapsed"].reply is Reply.NO


def test_an_answer_whose_commit_fails_changes_nothing_in_the_file_or_in_memory(
    tmp_path: Path,
) -> None:
    """The store takes on an answer's changes (chain head, count, status, the answer) only
    once its commit returned: after a fault inside the transaction the case reads as
    before, in memory and on disk, and the next answer follows the old head."""
    path = make_case(tmp_path, "dli-relapsed-aml")
    failing = {"on": True}

    def fault(statement: str) -> None:
        if failing["on"] and statement.startswith("INSERT INTO audit"):
            raise OSError(28, "No space left on device")

    with open_case(path) as case:
        before = (case.answers(), case.chain, case.status)
        case.db.on_statement(fault)
        with pytest.raises(OSError):
            case.set_answer("dli.relapsed", Answer(reply=Reply.NO), "test")
        assert (case.answers(), case.chain, case.status) == before
        failing["on"] = False
        assert case.set_answer("dli.relapsed", Answer(reply=Reply.NO), "test").changed
        assert case.chain.count == before[1].count + 1
    with open_case(path) as again:
        assert again.chain.ok and again.chain.count == before[1].count + 1
        assert again.answers()["dli.relapsed"].reply is Reply.NO


def test_an_answer_that_cannot_be_bound_leaves_the_signers_certificate_to_store(
    tmp_path: Path,
) -> None:
    """A value that does not bind (here an evidence date given as text) stops the answer
    before anything is written; the signer's certificate it was to store is still stored
    by the next answer, so the trail's signatures can be checked (before, the connection
    took it as stored and the next entry's signature had no certificate)."""
    from reviewer_app.decisions.entry_trust import IdentitySigner
    from reviewer_app.review.answers import Evidence

    made = create_identity("Nora Nurse", "RN", "nurse_reviewer", PASS, tmp_path / "n.p12")
    signer = IdentitySigner(load_identity(made, PASS))
    path = make_case(tmp_path, "dli-relapsed-aml")
    with open_case(path) as case:
        count = case.chain.count
        case.sign_entries_as(signer)
        bad = Answer(reply=Reply.NO, evidence=Evidence("lab", "2026-01-02", "v"))  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            case.set_answer("dli.relapsed", bad, "ignored")
        assert case.chain.count == count and not case.db.certs
        case.set_answer("dli.relapsed", Answer(reply=Reply.NO), "ignored")
        signatures, certificates = case.entry_signatures()
        assert sorted(signatures) == [count + 1]
        assert set(certificates) == {signatures[count + 1][0]}


def test_a_change_whose_commit_fails_is_rolled_back_not_committed_later(
    tmp_path: Path,
) -> None:
    """A COMMIT refused because another program is reading the file leaves SQLite's
    transaction open; it is rolled back at once. Before, the next read committed the
    entry the case had reported as failed, and every later answer failed until the case
    was opened again."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    path = make_case(tmp_path, "dli-relapsed-aml")
    with open_case(path) as case:
        before = (case.chain.count, case.status)
        case.db.raw.execute("PRAGMA busy_timeout=50")
        reader = sqlite3.connect(path, isolation_level=None)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM audit").fetchone()  # holds a shared lock
        with pytest.raises(OperationalError):
            case.set_status("referred_to_md", "test")
        assert not case.db.raw.in_transaction
        reader.execute("COMMIT")
        reader.close()
        assert len(case.audit_entries()) == before[0]  # a read commits nothing
        assert (case.chain.count, case.status) == before
        assert case.set_answer("dli.relapsed", Answer(reply=Reply.NO), "test").changed
    with open_case(path) as again:
        assert again.chain.ok and again.chain.count == before[0] + 1
        assert [e.action for e in again.audit_entries()][-1] == "answer"


def test_opening_a_case_reads_its_answers_once(tmp_path: Path) -> None:
    """The opening check, the replay of the trail and the case view's first look at the
    answers share one read of the answer table."""
    from sqlalchemy import Engine, event

    path = make_case(tmp_path, "dli-relapsed-aml")
    seen: list[str] = []

    def _seen(_c: object, _cursor: object, statement: str, *_rest: object) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", _seen)
    try:
        with open_case(path) as case:
            assert case.chain.ok
            answers = case.answers()
            case.evaluate()
    finally:
        event.remove(Engine, "before_cursor_execute", _seen)
    reads = [s for s in seen if s.startswith("SELECT answer.")]  # the answer rows
    assert len(reads) == 1, reads
    assert answers["dli.relapsed"].reply is Reply.YES


def test_a_case_connection_syncs_the_folder_after_each_commit(tmp_path: Path) -> None:
    """In rollback-journal mode a commit is the journal's deletion: only synchronous EXTRA
    syncs the folder after it, so that a power cut right after a commit cannot bring the
    journal back and undo what the app reported as saved."""
    from reviewer_app.casefile.crypto import CaseKey

    (tmp_path / "plain").mkdir()
    (tmp_path / "encrypted").mkdir()
    plain = make_case(tmp_path / "plain", "dli-relapsed-aml")
    key = CaseKey("correct horse battery staple")
    encrypted = make_case(tmp_path / "encrypted", "dli-relapsed-aml", key=key)
    for path, with_key in ((plain, None), (encrypted, key)):  # sqlite3, then SQLCipher
        with open_case(path, key=with_key) as case:
            assert case.db.raw.execute("PRAGMA synchronous").fetchone()[0] == 3  # EXTRA
            assert case.db.raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
