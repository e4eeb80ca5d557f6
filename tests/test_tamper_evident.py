"""The case's state checked against its audit trail (issue 19, the parts that need no
signed entries): tables edited with sqlite3 beside an intact hash chain are reported by
`case audit` (exit 1) and `case show`, and the case can no longer be changed; a planted
trigger is refused before SQLite could run it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from file_helpers import AML, imported, one_line, run
from trust_helpers import DENIAL_RATIONALE, PASS, Org

from reviewer_app.cli import main


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(folder))
    return folder


def sql(case: Path, *statements: str) -> None:
    conn = sqlite3.connect(case)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def reviewed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    case = imported(capsys, AML, tmp_path / "c.umcase")
    assert run(capsys, "case", "answer", case, "dli.relapsed", "yes", "--note", "marrow")[0] == 0
    assert run(capsys, "case", "confirm", case)[0] == 0
    status, out, err = run(capsys, "case", "audit", case)
    assert status == 0 and "Audit chain intact" in out, err
    return case


def reported(capsys: pytest.CaptureFixture[str], case: Path, words: str) -> None:
    status, out, err = run(capsys, "case", "audit", case)
    assert status == 1, (out, err)
    line = one_line(err)
    assert "audit chain broken" in line and words in line, line
    status, out, _ = run(capsys, "case", "show", case)
    assert status == 0 and "The audit trail is broken" in out and words in out
    status, _, err = run(capsys, "case", "answer", case, "dli.relapsed", "no")
    assert status == 2 and "changed outside the app" in one_line(err)


TAMPERING = {
    "answer flipped": (
        ["UPDATE answer SET reply = 'no' WHERE criterion_id = 'dli.relapsed'"],
        "answer to dli.relapsed is 'no' in the table but 'yes' in the audit trail",
    ),
    "note rewritten": (
        ["UPDATE answer SET note = 'nothing' WHERE criterion_id = 'dli.relapsed'"],
        "answer to dli.relapsed differs",
    ),
    "pre-filled answer flipped": (
        ["UPDATE answer SET reply = 'no' WHERE criterion_id = 'dli.hematologic_malignancy'"],
        "answer to dli.hematologic_malignancy is 'no' in the table",
    ),
    "answer un-confirmed": (
        ["UPDATE answer SET confirmed = 0 WHERE criterion_id = 'dli.hematologic_malignancy'"],
        "confirmation of dli.hematologic_malignancy was removed",
    ),
    "answer deleted": (
        ["DELETE FROM answer WHERE criterion_id = 'dli.relapsed'"],
        "answer to dli.relapsed was deleted",
    ),
    "member renamed": (["UPDATE case_header SET member_name = 'Someone Else'"], "header"),
    "date of service moved": (
        ["UPDATE case_header SET date_of_service = '2027-01-01'"],
        "header",
    ),
    "units raised": (["UPDATE case_header SET units = 9"], "header"),
    "status closed": (["UPDATE case_header SET status = 'closed'"], "status 'closed'"),
}


@pytest.mark.parametrize("tampering", list(TAMPERING))
def test_tables_edited_beside_an_intact_chain_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tampering: str
) -> None:
    case = reviewed(capsys, tmp_path)
    statements, words = TAMPERING[tampering]
    sql(case, *statements)
    reported(capsys, case, words)


def test_a_planted_trigger_is_refused_before_it_can_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = reviewed(capsys, tmp_path)
    sql(
        case,
        "CREATE TRIGGER flip AFTER INSERT ON audit BEGIN "
        "UPDATE answer SET reply = 'no' WHERE criterion_id = 'dli.relapsed'; END",
    )
    for argv in (("case", "show", case), ("case", "answer", case, "dli.eligible", "yes")):
        status, _, err = run(capsys, *argv)
        assert status == 2 and "trigger" in one_line(err)
    conn = sqlite3.connect(case)
    reply = conn.execute("SELECT reply FROM answer WHERE criterion_id = 'dli.relapsed'")
    assert reply.fetchone()[0] == "yes"


def test_a_decided_case_unlocked_by_hand_is_reported_and_cannot_be_decided_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], config: Path
) -> None:
    (tmp_path / "ids").mkdir()
    org = Org(tmp_path / "ids")
    org.install(config)
    md = org.issue()
    secret = tmp_path / "pass.txt"
    secret.write_bytes(PASS)
    case = reviewed(capsys, tmp_path)
    decide = ["case", "decide", case, "--decision", "approve", "--rationale", DENIAL_RATIONALE]
    decide += ["--identity", md, "--passphrase-file", secret]
    status, _, err = run(capsys, *decide)
    assert status == 0, err
    status, out, _ = run(capsys, "case", "audit", case)
    assert status == 0 and "Audit chain intact" in out
    sql(
        case,
        "UPDATE case_header SET status = 'in_review'",
        "UPDATE determination SET locked = 0",
    )
    status, _, err = run(capsys, "case", "audit", case)
    assert status == 1 and ("unlocked" in err or "status" in err), err
    status, _, err = run(capsys, *decide)
    assert status == 2 and "changed outside the app" in one_line(err)
    conn = sqlite3.connect(case)
    assert conn.execute("SELECT count(*) FROM letter").fetchone()[0] == 1


def test_the_apps_own_changes_replay_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], config: Path
) -> None:
    """No false alarm: answers, confirmations, a referral, a pend, a decision, a reopening
    and a second decision all replay to the state on disk."""
    (tmp_path / "ids").mkdir()
    org = Org(tmp_path / "ids")
    org.install(config)
    md = org.issue()
    secret = tmp_path / "pass.txt"
    secret.write_bytes(PASS)
    case = reviewed(capsys, tmp_path)
    sign = ["--identity", md, "--passphrase-file", secret]
    steps = [
        ["case", "answer", case, "dli.relapsed", "unknown"],
        ["case", "answer", case, "dli.relapsed", "yes", "--evidence-document", "marrow report"],
        ["case", "refer", case, "--note", "for the medical director"],
        ["case", "decide", case, "--decision", "approve", "--rationale", DENIAL_RATIONALE, *sign],
        ["case", "reopen", case, "--reason", "new records arrived", *sign],
        ["case", "decide", case, "--decision", "approve", "--rationale", DENIAL_RATIONALE, *sign],
    ]
    for step in steps:
        status, _, err = run(capsys, *step)
        assert status == 0, (step, err)
        status, out, err = run(capsys, "case", "audit", case)
        assert status == 0 and "Audit chain intact" in out, (step, err)
    assert main(["letter", "verify", str(case)]) == 0


@pytest.mark.parametrize(
    "planted",
    [
        "CREATE VIEW v AS SELECT * FROM answer",
        "CREATE TABLE shadow (x)",
        "ALTER TABLE answer ADD COLUMN shadow TEXT",
        "CREATE TEMP TABLE t (x)",  # temporary: gone with the connection, so harmless
    ],
)
def test_only_the_apps_schema_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], planted: str
) -> None:
    case = reviewed(capsys, tmp_path)
    sql(case, planted)
    status, _, err = run(capsys, "case", "show", case)
    if "TEMP" in planted:
        assert status == 0, err
        return
    assert status == 2 and "never makes" in one_line(err)


def test_the_schema_list_matches_the_tables_the_app_creates() -> None:
    from sqlmodel import SQLModel

    import reviewer_app.casefile.tables  # noqa: F401  (registers the tables)
    from reviewer_app.casefile.integrity import SCHEMA

    made = {t.name: frozenset(c.name for c in t.columns) for t in SQLModel.metadata.sorted_tables}
    assert made == SCHEMA


def test_an_older_copy_put_back_is_noticed_and_read_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = reviewed(capsys, tmp_path)
    older = case.read_bytes()
    assert run(capsys, "case", "answer", case, "dli.relapsed", "no")[0] == 0
    case.write_bytes(older)  # rolled back: its own chain is intact
    status, _, err = run(capsys, "case", "audit", case)
    assert status == 1 and "older copy" in one_line(err)
    status, _, err = run(capsys, "case", "answer", case, "dli.relapsed", "no")
    assert status == 2 and "changed outside the app" in one_line(err)
    # The same request imported again is a new case with its own history, not a rollback.
    again = imported(capsys, AML, tmp_path / "again.umcase")
    status, _, err = run(capsys, "case", "answer", again, "dli.relapsed", "yes")
    assert status == 0, err
