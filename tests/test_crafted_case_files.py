"""Case files as hostile input: crafted by hand, truncated, or read beside a busy writer.

A case file edited outside the app is refused in one line as damaged, under every command,
with nothing on disk changed; a reader beside a writer reads one consistent snapshot.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from file_helpers import AML, CLI, PHI, imported, one_line, run

from reviewer_app.casefile.db import HEADER

from helpers import make_case, tree_digest

# -- crafted case files --------------------------------------------------------------------

HEADER_COLUMNS = [c.name for c in HEADER.columns]
CRAFTED = {
    "answer maybe": "UPDATE answer SET reply = 'maybe'",
    "bad date": "UPDATE case_header SET member_dob = 'not-a-date'",
    "bad time": "UPDATE case_header SET received_at = 'yesterday'",
    "unknown criteria set": "UPDATE case_header SET criteria_set = 'nope'",
    "unknown policy": "UPDATE case_header SET policy_id = 'nope'",
    "unknown status": "UPDATE case_header SET status = 'approved!'",
    "letter as text": (
        "INSERT INTO letter (case_id, id, version, kind, pdf, sha256, created_at, signer, "
        "audit_head) "
        "SELECT case_id, 1, 1, 'approval', 'not a pdf', 'x', '2026-01-01 00:00:00.000000', '', '' "
        "FROM case_header"
    ),
    "dropped audit": "DROP TABLE audit",
    "dropped answer": "DROP TABLE answer",
    "dropped letter": "DROP TABLE letter",
    "clinical not json": "UPDATE case_header SET clinical_json = '{bad'",
    "number not a number": "UPDATE answer SET number = 'abc'",
    "no header": "DELETE FROM case_header",
    "header twice": "INSERT INTO case_header SELECT 'X-' || case_id, "
    + ", ".join(c for c in HEADER_COLUMNS if c != "case_id")
    + " FROM case_header",
    "rows of another case": "UPDATE answer SET case_id = 'SOMEONE-ELSE'",
}


def _craft(case: Path, sql: str) -> None:
    conn = sqlite3.connect(case)
    try:
        try:
            conn.execute(sql)
        except sqlite3.Error as exc:
            raise AssertionError(f"the crafted change did not apply: {exc}") from None
        conn.commit()
    finally:
        conn.close()


COMMANDS = (
    ("case", "show"),
    ("case", "evaluate", "--json"),
    ("case", "audit"),
    ("case", "answer", "{case}", "dli.hematologic_malignancy", "no"),
    ("case", "export", "{case}", "-o", "{out}"),
    ("letter", "verify"),
)


@pytest.mark.parametrize("craft", [*list(CRAFTED), "truncated 4 KiB", "truncated 20 KiB"])
def test_crafted_case_files_are_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], craft: str
) -> None:
    case = imported(capsys, AML, tmp_path / "c.umcase")
    if craft.startswith("truncated"):
        with case.open("r+b") as fh:
            fh.truncate(int(craft.split()[1]) * 1024)
    else:
        _craft(case, CRAFTED[craft])
    before = tree_digest(tmp_path)
    for command in COMMANDS:
        argv = [a.format(case=case, out=tmp_path / "out.umcase") for a in command]
        if "{case}" not in command:
            argv.append(str(case))
        status, _, err = run(capsys, *argv)
        line = one_line(err)
        assert status in (1, 2), (craft, argv, line)
        assert "internal error" not in line, (craft, argv)
        assert not any(p in line for p in PHI)
    assert tree_digest(tmp_path) == before, craft


WRITER = """
import sys
import time
from reviewer_app.casefile.store import CaseFile
from reviewer_app.policy import PolicyRegistry
from reviewer_app.resources import policy_data_dir
from reviewer_app.review.answers import Answer, Reply
with CaseFile.open(sys.argv[1], PolicyRegistry(policy_data_dir())) as case:
    print("ready", flush=True)
    i = 0
    while True:  # until the test kills it: every read below has a writer beside it
        i += 1
        reply = Reply.YES if i % 2 else Reply.NO
        case.set_answer("dli.hematologic_malignancy", Answer(reply=reply, note=str(i)), "writer")
        time.sleep(0.003)
"""


def test_audit_read_beside_a_busy_writer_never_reports_a_broken_chain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_case(tmp_path)  # unsigned, as the writer's entries (it has no identity)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(case)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        reads = ok = 0
        # Without one snapshot, about 1 read in 15 beside this writer saw a broken chain.
        # 30 reads must get through; how many tries that takes depends on the machine.
        while ok < 30:
            assert reads < 600, f"only {ok} of {reads} reads got through"
            status, out, err = run(capsys, "case", "audit", case)
            reads += 1
            if status == 2 and "busy" in err:  # starved by the writer: said so, not broken
                continue
            assert status == 0, err
            assert "Audit chain intact" in out
            ok += 1
    finally:
        writer.kill()
        writer.wait(timeout=60)


def test_no_deprecation_noise_on_stderr(tmp_path: Path) -> None:
    """pyHanko's DSA imports make cryptography warn; an error must stay one line."""
    proc = subprocess.run(
        [*CLI, "letter", "verify", str(tmp_path / "missing.pdf")],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"},
    )
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Warning" not in proc.stderr
