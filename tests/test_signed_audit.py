"""Audit entries signed by the person who acted (issue 19, part 1, from the command line).

A nurse and a medical director work one case in turn, each with an organization-issued
identity; a third machine holding only the trust bundle finds every entry signed by the
right person. A rewritten actor, a tampered signature, a certificate from elsewhere and a
self-signed identity on a real case are each refused or reported in one line.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from file_helpers import AML, one_line, run
from trust_helpers import DENIAL_RATIONALE, PASS, Org

from reviewer_app.casefile.audit import GENESIS, entry_hash


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Org:
    """This machine's trust bundle from a fresh organization authority."""
    (tmp_path / "ids").mkdir()
    org = Org(tmp_path / "ids")
    config = tmp_path / "config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(config))
    org.install(config)
    (tmp_path / "pass.txt").write_bytes(PASS)
    return org


def signed(tmp_path: Path, p12: Path) -> list[str]:
    return ["--identity", str(p12), "--passphrase-file", str(tmp_path / "pass.txt")]


def test_two_people_in_turn_and_a_third_machine_that_only_has_the_bundle(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    machine: Org,
) -> None:
    nurse = machine.issue("Nia Nurse", "RN", "nurse_reviewer")
    md = machine.issue("Dr. Mo Director", "MD", "medical_director")
    case = tmp_path / "c.umcase"
    by_nurse = signed(tmp_path, nurse)
    assert run(capsys, "case", "import", AML, "-o", case, *by_nurse)[0] == 0
    assert run(capsys, "case", "answer", case, "dli.relapsed", "yes", *by_nurse)[0] == 0
    assert run(capsys, "case", "confirm", case, *by_nurse)[0] == 0
    assert run(capsys, "case", "refer", case, "--note", "please review", *by_nurse)[0] == 0
    by_md = signed(tmp_path, md)
    decide = ["case", "decide", case, "--decision", "approve", "--rationale", DENIAL_RATIONALE]
    status, _, err = run(capsys, *decide, *by_md)
    assert status == 0, err

    # A third machine: a fresh home with only the trust bundle.
    third = tmp_path / "third"
    monkeypatch.setenv("REVIEWER_APP_DATA_DIR", str(third / "data"))
    machine.install(third / "config")
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(third / "config"))
    status, out, err = run(capsys, "case", "audit", case)
    assert status == 0, err
    assert "Audit chain intact: 5 entries" in out
    assert "5 of 5 entries signed" in out
    assert "Nia Nurse, RN (nurse_reviewer)" in out and "Dr. Mo Director, MD" in out


def _rewrite_actor(case: Path, seq: int, actor: str) -> None:
    """What an attacker with sqlite3 does: change an entry and recompute the chain."""
    conn = sqlite3.connect(case)
    rows = conn.execute("SELECT seq, at, actor, action, detail FROM audit ORDER BY seq").fetchall()
    prev = GENESIS
    for row_seq, at, old_actor, action, detail in rows:
        who = actor if row_seq == seq else old_actor
        digest = entry_hash(prev, row_seq, at, who, action, detail)
        conn.execute(
            "UPDATE audit SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (who, prev, digest, row_seq),
        )
        prev = digest
    conn.execute("UPDATE case_header SET audit_head = ?", (prev,))
    conn.commit()
    conn.close()


def test_a_rewritten_actor_or_signature_is_reported(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    machine: Org,
) -> None:
    nurse = machine.issue("Nia Nurse", "RN", "nurse_reviewer")
    case = tmp_path / "c.umcase"
    by_nurse = signed(tmp_path, nurse)
    assert run(capsys, "case", "import", AML, "-o", case, *by_nurse)[0] == 0
    assert run(capsys, "case", "answer", case, "dli.relapsed", "yes", *by_nurse)[0] == 0
    pristine = case.read_bytes()

    _rewrite_actor(case, 2, "Dr. Real Director, MD (medical_director)")
    for machine_dir in ("", "elsewhere"):  # this machine, and one that never saw the case
        if machine_dir:
            monkeypatch.setenv("REVIEWER_APP_DATA_DIR", str(tmp_path / machine_dir))
        status, _, err = run(capsys, "case", "audit", case)
        assert status == 1 and "entry 2 (answer): the signature does not match" in one_line(err)
        status, _, err = run(capsys, "case", "answer", case, "dli.relapsed", "no")
        assert status == 2 and "changed outside the app" in one_line(err)  # checked on open

    case.write_bytes(pristine)
    monkeypatch.setenv("REVIEWER_APP_DATA_DIR", str(tmp_path / "a-third-machine"))
    conn = sqlite3.connect(case)
    conn.execute("UPDATE audit_signature SET signature = zeroblob(70) WHERE seq = 1")
    conn.commit()
    conn.close()
    status, _, err = run(capsys, "case", "audit", case)
    assert status == 1 and "entry 1 (created)" in one_line(err)


def test_identities_this_machine_does_not_trust(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    machine: Org,
) -> None:
    (tmp_path / "other").mkdir()
    other = Org(tmp_path / "other", name="Other Health Plan")
    stranger = other.issue("Sam Else", "RN", "nurse_reviewer")
    case = tmp_path / "c.umcase"
    status, _, err = run(capsys, "case", "import", AML, "-o", case, *signed(tmp_path, stranger))
    assert status == 2 and "--identity" in one_line(err)
    assert not case.exists()

    # Signed here, checked on a machine of the other organization: named as untrusted.
    mine = machine.issue("Nia Nurse", "RN", "nurse_reviewer")
    assert run(capsys, "case", "import", AML, "-o", case, *signed(tmp_path, mine))[0] == 0
    other.install(tmp_path / "other-config")
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(tmp_path / "other-config"))
    status, _, err = run(capsys, "case", "audit", case)
    assert status == 1 and "trust bundle did not issue" in one_line(err)


def test_a_self_signed_identity_signs_training_cases_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], machine: Org
) -> None:
    p12 = tmp_path / "self.p12"
    status, _, err = run(
        capsys,
        "identity",
        "create",
        "--name",
        "Tia Trainer",
        "--credentials",
        "RN",
        "--role",
        "trainer",
        "--passphrase-file",
        tmp_path / "pass.txt",
        "-o",
        p12,
    )
    assert status == 0, err
    real = tmp_path / "real.umcase"
    status, _, err = run(capsys, "case", "import", AML, "-o", real, *signed(tmp_path, p12))
    assert status == 2 and "training" in one_line(err)
    drill = tmp_path / "drill.umcase"
    argv = ["case", "import", AML, "-o", drill, "--training", *signed(tmp_path, p12)]
    assert run(capsys, *argv)[0] == 0
    status, out, err = run(capsys, "case", "audit", drill)
    assert status == 0 and "1 of 1 entries signed (by Tia Trainer, RN (trainer))" in out, err
    detail = json.loads(
        sqlite3.connect(drill).execute("SELECT detail FROM audit WHERE seq = 1").fetchone()[0]
    )
    assert detail["case_id"] == "UM-2026-100001"
