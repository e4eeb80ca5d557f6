"""The issue's attacks on a signed trail that the other tests leave out (issue 19, done when):
an entry deleted and the chain recomputed, the last entries cut off with the header's head
and count fixed, and an entry added under any name. Each is named in one line by
`case audit` (exit 1) and leaves the case read-only; the ones a trail alone cannot show
(a cut-off with the tables put back) are named by this computer's record of the trail.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from file_helpers import AML, one_line, run
from trust_helpers import PASS, Org

from reviewer_app.casefile.audit import GENESIS, entry_hash

FORGER = "Dr. Real Director, MD (medical_director)"


@pytest.fixture
def signed_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, list[str]]:
    """A case the nurse worked with her identity: created, answered, confirmed, referred."""
    (tmp_path / "ids").mkdir()
    org = Org(tmp_path / "ids")
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(tmp_path / "config"))
    org.install(tmp_path / "config")
    (tmp_path / "pass.txt").write_bytes(PASS)
    nurse = org.issue("Nia Nurse", "RN", "nurse_reviewer")
    by_nurse = ["--identity", str(nurse), "--passphrase-file", str(tmp_path / "pass.txt")]
    case = tmp_path / "c.umcase"
    steps = [
        ["case", "import", AML, "-o", case],
        ["case", "answer", case, "dli.relapsed", "yes"],
        ["case", "confirm", case],
        ["case", "refer", case, "--note", "please review"],
    ]
    for step in steps:
        status, _, err = run(capsys, *step, *by_nurse)
        assert status == 0, (step, err)
    return case, by_nurse


def rewrite(case: Path, keep: list[int], signatures: dict[int, int | None]) -> None:
    """Keep the entries ``keep`` (old numbers, in order), renumber and rechain them, fix
    the header's head and count; new seq -> the old entry whose signature it gets (None:
    no signature)."""
    conn = sqlite3.connect(case)
    rows = {
        r[0]: r[1:]
        for r in conn.execute("SELECT seq, at, actor, action, detail FROM audit").fetchall()
    }
    sigs = {r[0]: r[1:] for r in conn.execute("SELECT seq, signer, signature FROM audit_signature")}
    conn.execute("DELETE FROM audit")
    conn.execute("DELETE FROM audit_signature")
    prev = GENESIS
    for seq, old in enumerate(keep, start=1):
        at, actor, action, detail = rows[old]
        digest = entry_hash(prev, seq, at, actor, action, detail)
        conn.execute(
            "INSERT INTO audit (case_id, seq, at, actor, action, detail, prev_hash, hash) "
            "VALUES ((SELECT case_id FROM case_header), ?, ?, ?, ?, ?, ?, ?)",
            (seq, at, actor, action, detail, prev, digest),
        )
        source = signatures.get(seq, old)
        if source is not None:
            conn.execute(
                "INSERT INTO audit_signature VALUES ((SELECT case_id FROM case_header), ?, ?, ?)",
                (seq, *sigs[source]),
            )
        prev = digest
    conn.execute("UPDATE case_header SET audit_head = ?, audit_count = ?", (prev, len(keep)))
    conn.commit()
    conn.close()


def elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    """Commands from now on run on a machine that never saw the case (same trust bundle)."""
    monkeypatch.setenv("REVIEWER_APP_DATA_DIR", str(tmp_path / name))


def named_and_read_only(
    capsys: pytest.CaptureFixture[str], case: Path, by: list[str], words: str
) -> None:
    status, out, err = run(capsys, "case", "audit", case)
    assert status == 1, out
    line = one_line(err)
    assert words in line, line
    status, _, err = run(capsys, "case", "answer", case, "dli.same_donor", "yes", *by)
    assert status == 2 and "changed outside the app" in one_line(err)


def test_an_entry_deleted_and_the_chain_recomputed_is_named(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    signed_case: tuple[Path, list[str]],
) -> None:
    case, by_nurse = signed_case
    pristine = case.read_bytes()
    # The confirmation is deleted (the table keeps it confirmed: nothing to replay against),
    # the referral renumbered into its place with its own signature.
    rewrite(case, [1, 2, 4], {})
    elsewhere(monkeypatch, tmp_path, "second")
    named_and_read_only(capsys, case, by_nurse, "entry 3 (status): the signature does not match")

    # The same, with the signatures of the moved entries removed rather than kept.
    case.write_bytes(pristine)
    rewrite(case, [1, 2, 4], {3: None})
    elsewhere(monkeypatch, tmp_path, "third")
    named_and_read_only(
        capsys, case, by_nurse, "entry 3 (status) is not signed, though entry 1 before it is"
    )


def test_the_last_entries_cut_off_with_the_header_fixed_are_named(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    signed_case: tuple[Path, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case, by_nurse = signed_case
    status, _, err = run(capsys, "case", "answer", case, "dli.relapsed", "no", *by_nurse)
    assert status == 0, err
    pristine = case.read_bytes()
    rewrite(case, [1, 2, 3, 4], {})  # entry 5 (the 'no') is gone; every signature holds
    named_and_read_only(
        capsys, case, by_nurse, "answer to dli.relapsed is 'no' in the table but 'yes'"
    )

    # The answer put back as well: the trail and the tables agree, and only this computer,
    # which saw entry 5, can tell (another would take it for the copy before entry 5).
    case.write_bytes(pristine)
    rewrite(case, [1, 2, 3, 4], {})
    conn = sqlite3.connect(case)
    conn.execute("UPDATE answer SET reply = 'yes' WHERE criterion_id = 'dli.relapsed'")
    conn.commit()
    conn.close()
    named_and_read_only(capsys, case, by_nurse, "older copy")


def test_an_entry_under_any_name_is_refused_or_named(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    signed_case: tuple[Path, list[str]],
) -> None:
    case, by_nurse = signed_case
    before = case.read_bytes()
    monkeypatch.delenv("REVIEWER_APP_IDENTITY")  # no identity: refused, whatever the name
    status, _, err = run(capsys, "case", "answer", case, "dli.relapsed", "no")
    assert status == 2 and "--identity" in one_line(err)
    monkeypatch.setenv("REVIEWER_APP_ACTOR", FORGER)  # the retired way to give a name
    status, _, err = run(capsys, "case", "answer", case, "dli.relapsed", "no")
    assert status == 2 and "REVIEWER_APP_ACTOR" in one_line(err)
    monkeypatch.delenv("REVIEWER_APP_ACTOR")
    assert case.read_bytes() == before  # nothing written under the made-up name

    # Written by hand instead: an unsigned entry in the forger's name, the answer changed
    # to match and the header moved on, so that chain and tables agree.
    conn = sqlite3.connect(case)
    head, count = conn.execute("SELECT audit_head, audit_count FROM case_header").fetchone()
    at = "2026-12-06T12:00:00Z"
    detail = {"criterion": "dli.relapsed", "reply": "no", "number": None, "note": ""}
    detail |= {"evidence": ["", None, ""], "confirmed": True}
    text = json.dumps(detail, sort_keys=True)
    digest = entry_hash(head, count + 1, at, FORGER, "answer", text)
    conn.execute(
        "INSERT INTO audit (case_id, seq, at, actor, action, detail, prev_hash, hash) "
        "VALUES ((SELECT case_id FROM case_header), ?, ?, ?, 'answer', ?, ?, ?)",
        (count + 1, at, FORGER, text, head, digest),
    )
    conn.execute("UPDATE answer SET reply = 'no', note = '' WHERE criterion_id = 'dli.relapsed'")
    conn.execute("UPDATE case_header SET audit_head = ?, audit_count = ?", (digest, count + 1))
    conn.commit()
    conn.close()
    elsewhere(monkeypatch, tmp_path, "second")  # a machine that could take it for newer
    named_and_read_only(
        capsys, case, by_nurse, "entry 5 (answer) is not signed, though entry 1 before it is"
    )
