"""The figures measured inside this process: policy load, answer commit, import, letter.

Each returns its Figure and, when it misses its budget and profiling is on, a cProfile
summary of the same operation.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.fixtures import (
    ACTOR,
    IDENTITY_PASSPHRASE,
    INTAKE,
    Layout,
    import_case,
    make_identity,
)
from benchmarks.measure import Stat, profile_calls, time_ms
from benchmarks.report import Budget, Figure
from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.audit import entry_hash
from reviewer_app.policy import PolicyRegistry
from reviewer_app.review.answers import Answer, Reply

Measured = tuple[Figure, dict[str, Any] | None]
WARMUP = 2


def policy_load(reg: PolicyRegistry, repeat: int, profile: bool) -> Measured:
    """A fresh registry loading every policy: what the app does once per start."""

    def load() -> None:
        fresh = PolicyRegistry(reg.root)
        for policy_id in fresh.ids():
            fresh.get(policy_id)

    for _ in range(WARMUP):
        load()
    samples = time_ms(load, repeat)
    figure = Figure(
        "policy_load",
        "policy load (every policy in policy_data, validated)",
        Stat.of(samples, "ms"),
        Budget("< 100 ms", limit=100),
    )
    return figure, _profile_if_missed(figure, profile, load)


def answer_commit(
    layout: Layout, reg: PolicyRegistry, repeat: int, profile: bool
) -> tuple[Figure, list[Figure], dict[str, Any] | None]:
    """``case.set_answer`` with its audit entry signed by the reviewer's identity (ECDSA
    P-256), as the app commits one, beside raw sqlite3 committing the same rows with the
    same durability; for reference, the same rows hashed and signed with no app code (what
    signing alone adds), and a raw one-row INSERT."""
    from reviewer_app.decisions.entry_trust import IdentitySigner
    from reviewer_app.letters.identity import load_identity

    folder = layout.scratch / "answers"
    path = import_case(reg, folder)
    case = CaseFile.open(path, reg)
    identity = load_identity(make_identity(folder), IDENTITY_PASSPHRASE)
    case.sign_entries_as(IdentitySigner(identity))
    criterion = next(n.id for n in case.criteria.root.leaves() if n.input == "boolean")
    # Made beforehand, as the checklist makes one before it stores it.
    replies = itertools.cycle([Answer(reply=r, note="benchmark") for r in (Reply.NO, Reply.YES)])

    def ours() -> None:
        case.set_answer(criterion, next(replies), ACTOR)

    same_rows = _SameRows(path, folder / "same-rows.umcase", case.case_id, criterion)
    signed_rows = _SameRows(
        path, folder / "signed-rows.umcase", case.case_id, criterion, IdentitySigner(identity)
    )
    raw = _connect(folder / "baseline.sqlite")
    raw.execute(
        "CREATE TABLE IF NOT EXISTS answer (id INTEGER PRIMARY KEY, criterion TEXT, "
        "reply TEXT, note TEXT, actor TEXT, at TEXT)"
    )

    def one_row() -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(
            "INSERT INTO answer (criterion, reply, note, actor, at) VALUES (?, ?, ?, ?, ?)",
            (criterion, "yes", "benchmark", ACTOR, dt.datetime.now(dt.UTC).isoformat()),
        )
        raw.execute("COMMIT")

    try:
        for _ in range(WARMUP):
            ours()
            same_rows()
            signed_rows()
            one_row()
        ours_ms: list[float] = []
        same_ms: list[float] = []
        signed_ms: list[float] = []
        one_ms: list[float] = []
        runs: list[tuple[list[float], Callable[[], object]]] = [
            (ours_ms, ours),
            (same_ms, same_rows),
            (signed_ms, signed_rows),
            (one_ms, one_row),
        ]
        order = random.Random(261)
        for _ in range(repeat):  # interleaved, so all four see the same disk and load, ...
            order.shuffle(runs)  # ... in a new order each round: none always follows another
            for samples, timed in runs:
                samples += time_ms(timed, 1)
        figure = Figure(
            "answer_commit",
            "committing one checklist answer with its signed audit entry (durable, `set_answer`)",
            Stat.of(ours_ms, "ms"),
            Budget("ratio ≤ 1.3", max_ratio=1.3),
            baseline=Stat.of(same_ms, "ms"),
            baseline_title=(
                "raw sqlite3 committing the same rows (the answer, the audit entry, its "
                "signature, the header's chain head) in one transaction, journal DELETE, "
                "synchronous EXTRA (the case files' setting), on a copy of the case file"
            ),
            note=(
                "ours adds what raw sqlite3 does not do: the policy rules of an answer, the "
                "entry's hash and its ECDSA P-256 signature; the statements are the app's "
                "own SQL, compiled once from the tables. Timed from the call with the "
                "answer made (as the checklist makes it before storing it) to its return"
            ),
        )
        floor = Figure(
            "answer_commit_signing_floor",
            "the same rows with their entry hashed and signed (ECDSA P-256) by the same "
            "identity, raw sqlite3 and no app code, beside the same rows unsigned",
            Stat.of(signed_ms, "ms"),
            Budget("— (informational: what signing alone adds; the floor of the row above)"),
            baseline=Stat.of(same_ms, "ms"),
            baseline_title="the same rows unsigned, as above",
        )
        reference = Figure(
            "answer_commit_one_row",
            "committing one checklist answer, as above, beside the smallest durable write",
            Stat.of(ours_ms, "ms"),
            Budget("— (informational: four rows on seven pages against one row on two)"),
            baseline=Stat.of(one_ms, "ms"),
            baseline_title="raw sqlite3 one-row INSERT + commit, journal DELETE, synchronous EXTRA",
        )
        return figure, [floor, reference], _profile_if_missed(figure, profile, ours)
    finally:
        raw.close()
        same_rows.close()
        signed_rows.close()
        case.close()


def _connect(path: Path) -> sqlite3.Connection:
    """A raw sqlite3 connection with the case files' durability settings."""
    from reviewer_app.casefile.engine import configure

    conn = sqlite3.connect(path, isolation_level=None)
    configure(conn, readonly=False)
    return conn


class _SameRows:
    """Raw sqlite3 writing what one answer writes, on a copy of the case file: the
    statements compiled from the app's tables, the values made here (no policy rules,
    hashing or signing)."""

    def __init__(
        self, case_path: Path, copy: Path, case_id: str, criterion: str, signer: Any = None
    ) -> None:
        from sqlalchemy.dialects import sqlite as sqlite_dialect

        from reviewer_app.casefile import db

        self.signer = signer  # when given: the entry is hashed and signed, as the app does
        shutil.copyfile(case_path, copy)
        self.conn = _connect(copy)
        self.case_id, self.criterion = case_id, criterion
        (self.seq,) = self.conn.execute("SELECT max(seq) FROM audit").fetchone()
        dialect = sqlite_dialect.dialect(paramstyle="qmark")
        names = {  # every column of the rows an answer writes, from the tables
            "answer": tuple(db.ANSWER.c.keys()),
            "audit": tuple(db.AUDIT.c.keys()),
            "signature": tuple(db.AUDIT_SIGNATURE.c.keys()),
            "header": ("status", "updated_at", "audit_head", "audit_count", "header_key"),
        }
        statements = {
            "answer": db.upsert_statement("sqlite", db.ANSWER, names["answer"], False),
            "audit": db.insert_statement(db.AUDIT),
            "signature": db.insert_statement(db.AUDIT_SIGNATURE),
            "header": db.header_write(case_id, dict.fromkeys(names["header"][:-1]))[0],
        }
        self.sql = {}
        for part, stmt in statements.items():
            compiled = stmt.compile(dialect=dialect, column_keys=list(names[part]))
            self.sql[part] = (str(compiled), compiled.positiontup)

    def __call__(self) -> None:
        self.seq += 1
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        at = now.isoformat(sep=" ")
        head = f"{self.seq:064x}"
        values: dict[str, Any] = {"case_id": self.case_id, "criterion_id": self.criterion}
        values |= {"number": None}
        values |= {"reply": "yes" if self.seq % 2 else "no", "note": "benchmark"}
        values |= {"evidence_document": "", "evidence_date": None, "evidence_value": ""}
        values |= {"source": "reviewer", "confirmed": 1, "answered_by": ACTOR}
        values |= {"answered_at": at, "seq": self.seq, "at": at, "actor": ACTOR}
        values |= {"action": "answer", "detail": _DETAIL, "prev_hash": head, "hash": head}
        values |= {"signer": "0" * 64, "signature": _SIGNATURE, "status": "in_review"}
        if self.signer is not None:
            digest = entry_hash(head, self.seq, at, ACTOR, "answer", _DETAIL)
            values |= {"hash": digest, "signature": self.signer.sign(digest)}
        values |= {"updated_at": at, "audit_head": head, "audit_count": self.seq}
        values |= {"header_key": self.case_id}
        self.conn.execute("BEGIN IMMEDIATE")
        for sql, order in self.sql.values():
            self.conn.execute(sql, [values[name] for name in order])
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


_DETAIL = (
    '{"confirmed": true, "criterion": "dli.relapsed", "evidence": ["", null, ""], '
    '"note": "benchmark", "number": null, "reply": "yes"}'
)
_SIGNATURE = bytes(71)  # the size of a DER-encoded ECDSA P-256 signature


def intake_import(layout: Layout, reg: PolicyRegistry, repeat: int, profile: bool) -> Measured:
    """Reading an intake request and importing it into a new case file, as the app does."""
    from reviewer_app.casefile.importer import import_intake
    from reviewer_app.intake import load_intake

    folder = layout.scratch / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    counter = itertools.count()
    opened: list[CaseFile] = []

    def once() -> None:
        dest = folder / f"import-{next(counter)}.umcase"
        opened.append(import_intake(load_intake(INTAKE), dest, reg, ACTOR))

    def close() -> None:
        while opened:
            opened.pop().close()

    time_ms(once, WARMUP, teardown=close)
    samples = time_ms(once, repeat, teardown=close)
    figure = Figure(
        "intake_import",
        "importing an intake into a new case file (`load_intake` + `import_intake`)",
        Stat.of(samples, "ms"),
        Budget("< 150 ms", limit=150),
    )
    return figure, _profile_if_missed(figure, profile, once, teardown=close)


def letter(layout: Layout, reg: PolicyRegistry, repeat: int, profile: bool) -> Measured:
    """``decide(APPROVE)``: render, sign and store the letter, vs reportlab's minimum."""
    from benchmarks.fixtures import bench_trust, make_identity
    from reviewer_app.decisions.rules import Decision
    from reviewer_app.decisions.service import decide
    from reviewer_app.letters.content import demo_organization
    from reviewer_app.letters.identity import load_identity

    template = import_case(reg, layout.scratch / "letter-template", confirm=True)
    p12 = make_identity(layout.scratch)
    identity, trust = load_identity(p12, IDENTITY_PASSPHRASE), bench_trust(p12)
    organization = demo_organization()
    folder = layout.scratch / "letters"
    folder.mkdir(parents=True, exist_ok=True)
    counter = itertools.count()
    current: list[CaseFile] = []

    def setup() -> None:
        copy = Path(shutil.copyfile(template, folder / f"letter-{next(counter)}.umcase"))
        current.append(CaseFile.open(copy, reg))

    def ours() -> None:
        now = dt.datetime.now(dt.UTC)
        decide(current[-1], Decision.APPROVE, "", identity, organization, now, trust)

    def close() -> None:
        while current:
            current.pop().close()

    time_ms(ours, WARMUP, setup=setup, teardown=close)  # first use loads reportlab, pyHanko
    ours_ms: list[float] = []
    base_ms: list[float] = []
    for _ in range(repeat):
        ours_ms += time_ms(ours, 1, setup=setup, teardown=close)
        base_ms += time_ms(_reportlab_one_paragraph, 1)
    figure = Figure(
        "letter",
        "rendering, signing and storing a determination letter (`decide`, warm)",
        Stat.of(ours_ms, "ms"),
        Budget("< 300 ms in all", limit=300),
        baseline=Stat.of(base_ms, "ms"),
        baseline_title="reportlab: one page, one paragraph",
    )
    return figure, _profile_if_missed(figure, profile, ours, setup=setup, teardown=close)


def _reportlab_one_paragraph() -> bytes:
    from reportlab.lib.pagesizes import letter as page
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=page)
    doc.build([Paragraph("Your request was approved.", getSampleStyleSheet()["Normal"])])
    return out.getvalue()


def letter_case(layout: Layout, reg: PolicyRegistry) -> tuple[Path, Path]:
    """A decided case with its signed letter (for the memory figure), and the identity."""
    from benchmarks.fixtures import bench_trust, make_identity
    from reviewer_app.decisions.rules import Decision
    from reviewer_app.decisions.service import decide
    from reviewer_app.letters.content import demo_organization
    from reviewer_app.letters.identity import load_identity

    folder = layout.scratch / "decided"
    path = import_case(reg, folder, confirm=True)
    p12 = make_identity(folder)
    with CaseFile.open(path, reg) as case:
        identity = load_identity(p12, IDENTITY_PASSPHRASE)
        now = dt.datetime.now(dt.UTC)
        decide(case, Decision.APPROVE, "", identity, demo_organization(), now, bench_trust(p12))
    return path, p12


def _profile_if_missed(figure: Figure, enabled: bool, fn: Any, **hooks: Any) -> Any:
    if not enabled or not figure.problems():
        return None
    return profile_calls(fn, max(3, min(10, figure.ours.n)), **hooks)
