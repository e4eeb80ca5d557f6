"""No protected health information in logs or temporary files after a full review."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import INTAKE_DIR

MEMBER = ("Ava Demo", "DEMO-M-0001", "1968-03-14")


def _scan(folder: Path) -> list[str]:
    hits = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for needle in MEMBER:
            if needle.encode() in data or needle.encode("utf-16-le") in data:
                hits.append(f"{path.relative_to(folder)}: {needle}")
    return hits


@pytest.mark.slow
def test_command_line_review_leaves_no_phi_in_logs_or_temp(tmp_path: Path) -> None:
    logs, temp, config, work = (tmp_path / n for n in ("logs", "tmp", "config", "work"))
    for folder in (logs, temp, config, work):
        folder.mkdir()
    env = dict(
        os.environ,
        REVIEWER_APP_LOG_DIR=str(logs),
        TMPDIR=str(temp),
        REVIEWER_APP_CONFIG_DIR=str(config),
        REVIEWER_APP_PASSPHRASE="phi test passphrase",
    )
    pw = work / "pw"
    pw.write_text("signing passphrase\n")
    case, letter = work / "c.umcase", work / "letter.pdf"

    def cli(*argv: object, ok: tuple[int, ...] = (0,)) -> None:
        proc = subprocess.run(
            [sys.executable, "-m", "reviewer_app", *map(str, argv)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode in ok, proc.stderr

    ca_key = work / "ca-key.pem"
    cli("org", "init", "--key", ca_key, "--passphrase-file", pw)
    cli(
        "org",
        "issue",
        "--name",
        "Nora Nurse",
        "--credentials",
        "RN",
        "--role",
        "nurse_reviewer",
        "--passphrase-file",
        pw,
        "--ca-key",
        ca_key,
        "--ca-passphrase-file",
        pw,
        "-o",
        work / "rn.p12",
    )
    env.update(REVIEWER_APP_IDENTITY=str(work / "rn.p12"))  # the nurse signs her entries
    env.update(REVIEWER_APP_IDENTITY_PASSPHRASE_FILE=str(pw))
    cli("case", "import", INTAKE_DIR / "dli-relapsed-aml.json", "-o", case)
    cli("case", "answer", case, "dli.relapsed", "yes", "--note", "marrow blasts 22%")
    cli("case", "answer", case, "dli.nope", "yes", ok=(2,))  # an error path logs too
    cli("case", "confirm", case)
    cli(
        "case",
        "decide",
        case,
        "--decision",
        "approve",
        "--identity",
        work / "rn.p12",
        "--passphrase-file",
        pw,
    )
    cli("letter", "export", case, "-o", letter)
    cli("letter", "verify", case)
    assert not case.read_bytes().startswith(b"SQLite format 3"), "the real case is encrypted"
    assert _scan(INTAKE_DIR), "control: the scanner finds the member in the intake itself"
    assert _scan(logs) == []
    assert _scan(temp) == []
    assert _scan(config) == []
