"""Two people on two machines, a third that only checks (issue 19, done when), and a letter
tied to the trail (issue 19, item 5), all through the command line.

Each "machine" has its own config, data and XDG folders; the case travels between them as
a copy made with `case export`. The nurse works the case on hers, the medical director
decides on his, the nurse carries on with the decided copy, and a third machine holding
only the organization's trust bundle finds every entry signed by the person who acted.
`letter verify --case` then refuses a letter whose decision entry someone else signed or
nobody signed.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from file_helpers import AML, one_line, run
from trust_helpers import DENIAL_RATIONALE, PASS, Org

from reviewer_app.casefile.audit import GENESIS, entry_hash
from reviewer_app.casefile.entry_signing import fingerprint
from reviewer_app.decisions.entry_trust import IdentitySigner
from reviewer_app.letters.identity import load_identity

NURSE = "Nia Nurse, RN (nurse_reviewer)"
DIRECTOR = "Dr. Mo Director, MD (medical_director)"


class Machine:
    """One computer: its own settings, data (record of seen trails) and trust bundle."""

    def __init__(self, root: Path, org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.cases = root / "cases"
        self.cases.mkdir(parents=True)
        org.install(root / "config")
        self._monkeypatch = monkeypatch

    def use(self) -> None:
        """Commands from now on run on this machine."""
        env = {
            "REVIEWER_APP_CONFIG_DIR": "config",
            "REVIEWER_APP_DATA_DIR": "data",
            "XDG_CONFIG_HOME": "xdg/config",
            "XDG_DATA_HOME": "xdg/data",
            "XDG_CACHE_HOME": "xdg/cache",
            "XDG_STATE_HOME": "xdg/state",
        }
        for var, sub in env.items():
            self._monkeypatch.setenv(var, str(self.root / sub))


@pytest.fixture
def org(tmp_path: Path) -> Org:
    (tmp_path / "ids").mkdir()
    (tmp_path / "pass.txt").write_bytes(PASS)
    return Org(tmp_path / "ids")


def as_(tmp_path: Path, p12: Path) -> list[str]:
    return ["--identity", str(p12), "--passphrase-file", str(tmp_path / "pass.txt")]


def send(capsys: pytest.CaptureFixture[str], case: Path, to: Machine) -> Path:
    """A consistent copy of ``case`` (made where it is), put in ``to``'s case folder."""
    outbox = case.parent / "outbox.umcase"
    status, _, err = run(capsys, "case", "export", case, "-o", outbox)
    assert status == 0, err
    dest = to.cases / case.name
    shutil.move(outbox, dest)
    return dest


def actors(out: str) -> list[str]:
    """The actor column of `case audit`'s listing, in entry order."""
    names = []
    for line in out.splitlines():
        parts = line.strip().split("  ")
        if len(parts) >= 4 and parts[0].strip().isdigit():
            names.append(parts[2].strip())
    return names


def worked_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, mp: pytest.MonkeyPatch
) -> tuple[Path, dict[str, Machine], dict[str, Path]]:
    """The nurse's machine, the director's, and the case after both worked it in turn."""
    machines = {n: Machine(tmp_path / n, org, mp) for n in ("nurse", "director", "auditor")}
    people = {
        "nurse": org.issue("Nia Nurse", "RN", "nurse_reviewer"),
        "director": org.issue("Dr. Mo Director", "MD", "medical_director"),
    }
    by_nurse, by_md = as_(tmp_path, people["nurse"]), as_(tmp_path, people["director"])

    machines["nurse"].use()
    case = machines["nurse"].cases / "c.umcase"
    steps = [
        ["case", "import", AML, "-o", case],
        ["case", "answer", case, "dli.relapsed", "yes", "--note", "marrow 22% blasts"],
        ["case", "confirm", case],
        ["case", "refer", case, "--note", "please review"],
    ]
    for step in steps:
        status, _, err = run(capsys, *step, *by_nurse)
        assert status == 0, (step, err)

    machines["director"].use()
    case = send(capsys, case, machines["director"])
    decide = ["case", "decide", case, "--decision", "approve", "--rationale", DENIAL_RATIONALE]
    status, _, err = run(capsys, *decide, *by_md)
    assert status == 0, err
    return send(capsys, case, machines["nurse"]), machines, people


def test_nurse_then_director_on_two_machines_and_an_auditor_with_only_the_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, machines, people = worked_case(tmp_path, capsys, org, monkeypatch)

    # Back on the nurse's machine: the decided copy opens (newer than what she saw), and
    # what the medical director signed is checked there too.
    machines["nurse"].use()
    status, out, err = run(capsys, "case", "audit", case)
    assert status == 0 and "Audit chain intact: 5 entries" in out, err
    by_nurse = as_(tmp_path, people["nurse"])
    status, _, err = run(capsys, "case", "answer", case, "dli.relapsed", "no", *by_nurse)
    assert status == 2 and "reopen" in one_line(err)  # decided: locked for everyone

    # The auditor's machine has the trust bundle and nothing else of the case.
    copy = send(capsys, case, machines["auditor"])
    machines["auditor"].use()
    assert not any((machines["auditor"].root / "data").glob("**/*"))  # never saw the case
    status, out, err = run(capsys, "case", "audit", copy)
    assert status == 0, err
    assert "Audit chain intact: 5 entries" in out
    assert "Signatures: 5 of 5 entries signed" in out
    assert actors(out) == [NURSE, NURSE, NURSE, NURSE, DIRECTOR]
    status, out, err = run(capsys, "letter", "verify", copy)
    assert status == 0 and "Valid: signed by Dr. Mo Director" in out, err


def _resign_as(case: Path, seq: int, p12: Path) -> None:
    """What a colleague with write access and her own key does: rewrite entry ``seq`` (and
    the ones after) as hers, recompute the chain and sign every rewritten entry."""
    signer = IdentitySigner(load_identity(p12, PASS))
    conn = sqlite3.connect(case)
    rows = conn.execute("SELECT seq, at, actor, action, detail FROM audit ORDER BY seq")
    prev = GENESIS
    for row_seq, at, actor, action, detail in rows.fetchall():
        who = signer.actor if row_seq == seq else actor
        digest = entry_hash(prev, row_seq, at, who, action, detail)
        conn.execute(
            "UPDATE audit SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (who, prev, digest, row_seq),
        )
        if row_seq >= seq:
            der = signer.cert_der
            conn.execute(
                "INSERT OR IGNORE INTO signer_cert "
                "VALUES ((SELECT case_id FROM case_header), ?, ?, ?, '2026-01-01 00:00:00')",
                (fingerprint(der), who, der),
            )
            conn.execute(
                "UPDATE audit_signature SET signer = ?, signature = ? WHERE seq = ?",
                (fingerprint(der), signer.sign(digest), row_seq),
            )
        prev = digest
    conn.execute("UPDATE case_header SET audit_head = ?", (prev,))
    conn.commit()
    conn.close()


def test_a_letter_whose_decision_entry_someone_else_or_nobody_signed_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, machines, people = worked_case(tmp_path, capsys, org, monkeypatch)
    machines["auditor"].use()  # a machine that never saw the case: no record of its trail
    letter = tmp_path / "letter.pdf"
    status, _, err = run(capsys, "letter", "export", case, "-o", letter)
    assert status == 0, err
    status, out, err = run(capsys, "letter", "verify", letter, "--case", case)
    assert status == 0 and "Matches the case file." in out, err
    pristine = case.read_bytes()

    # The nurse records the director's decision as her own entry, re-signed with her key.
    # The auditor's machine saw the case before: its record of the trail names the change.
    _resign_as(case, 5, people["nurse"])
    status, _, err = run(capsys, "case", "audit", case)
    assert status == 1 and "entry 5 is not the same" in one_line(err)
    # A machine that never saw it finds every signature sound, but the letter refused.
    Machine(tmp_path / "recipient", org, monkeypatch).use()
    status, out, err = run(capsys, "case", "audit", case)
    assert status == 0 and actors(out)[-1] == NURSE, err
    status, _, err = run(capsys, "letter", "verify", letter, "--case", case)
    line = one_line(err)
    assert status == 1, line
    assert "entry 5" in line and f"signed by {NURSE}, not by the letter's signer" in line

    # The decision entry's signature removed: after signed entries, the trail names it.
    Machine(tmp_path / "another-recipient", org, monkeypatch).use()
    case.write_bytes(pristine)
    unsign(case, "WHERE seq = 5")
    status, _, err = run(capsys, "letter", "verify", letter, "--case", case)
    assert status == 1 and "entry 5 (decided) is not signed, though entry 1" in one_line(err)
    # Every signature removed (the trail of a case from before signed audit): the letter
    # still needs its decision entry signed by its signer.
    Machine(tmp_path / "a-third-recipient", org, monkeypatch).use()
    case.write_bytes(pristine)
    unsign(case, "")
    status, _, err = run(capsys, "letter", "verify", letter, "--case", case)
    assert status == 1 and "(entry 5) is not signed: the case does not show who" in one_line(err)


def unsign(case: Path, where: str) -> None:
    conn = sqlite3.connect(case)
    conn.execute(f"DELETE FROM audit_signature {where}")
    conn.commit()
    conn.close()
