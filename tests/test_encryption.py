"""Encrypted case files: unreadable without the passphrase, refused with a wrong one,
rekeyed atomically, and shared with a passphrase agreed with the recipient."""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from reviewer_app.casefile.crypto import CaseKey, connect
from reviewer_app.cli import main

from helpers import INTAKE_DIR, make_case, open_case, tree_digest

SECRET = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _no_env_passphrase(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("REVIEWER_APP_PASSPHRASE", raising=False)
    monkeypatch.setenv("REVIEWER_APP_LOG_DIR", str(tmp_path / "logs"))


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def _pw(folder: Path, text: str = SECRET, name: str = "pw.txt") -> Path:
    path = folder / name
    path.write_text(text + "\n")
    return path


def test_import_with_passphrase_encrypts_and_plain_sqlite_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pw = _pw(tmp_path)
    case = tmp_path / "c.umcase"
    status, _, err = run(
        capsys,
        "case",
        "import",
        INTAKE_DIR / "dli-relapsed-aml.json",
        "-o",
        case,
        "--case-passphrase-file",
        pw,
    )
    assert status == 0 and "NOT encrypted" not in err
    raw = case.read_bytes()
    assert (
        not raw.startswith(b"SQLite format 3")
        and b"Ava Demo" not in raw
        and b"DEMO-M-0001" not in raw
    )
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(case).execute("SELECT * FROM case_header").fetchall()
    status, out, _ = run(capsys, "case", "evaluate", case, "--json", "--case-passphrase-file", pw)
    assert status == 0 and '"criteria_met"' in out


def test_environment_variable_supplies_the_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_APP_PASSPHRASE", SECRET)
    case = tmp_path / "c.umcase"
    assert run(capsys, "case", "import", INTAKE_DIR / "dli-relapsed-aml.json", "-o", case)[0] == 0
    assert not case.read_bytes().startswith(b"SQLite format 3")
    assert run(capsys, "case", "answer", case, "dli.relapsed", "yes")[0] == 0


def test_without_a_passphrase_import_warns_and_writes_plain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "c.umcase"
    status, _, err = run(capsys, "case", "import", INTAKE_DIR / "dli-relapsed-aml.json", "-o", case)
    assert status == 0
    assert err.count("\n") == 1 and "is NOT encrypted" in err
    assert case.read_bytes().startswith(b"SQLite format 3")


def test_training_cases_stay_plain_and_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "t.umcase"
    status, out, _ = run(
        capsys,
        "case",
        "import",
        INTAKE_DIR / "dli-relapsed-aml.json",
        "-o",
        case,
        "--training",
        "--case-passphrase-file",
        _pw(tmp_path),
    )
    assert status == 0 and "stored plain" in out
    assert case.read_bytes().startswith(b"SQLite format 3")


@pytest.mark.parametrize(
    "argv",
    [
        ["case", "show"],
        ["case", "answer", None, "dli.relapsed", "no"],
        ["case", "audit"],
        ["letter", "verify"],
    ],
)
def test_wrong_passphrase_exit_2_and_nothing_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str | None]
) -> None:
    cases = tmp_path / "cases"  # the log folder lives beside it, out of the comparison
    cases.mkdir()
    case = make_case(cases, key=CaseKey(SECRET))
    wrong = _pw(tmp_path, "not it", "wrong.txt")
    before = tree_digest(cases)
    args = [a if a is not None else str(case) for a in argv]
    if None not in argv:
        args.append(str(case))
    status, _, err = run(capsys, *args, "--case-passphrase-file", wrong)
    assert status == 2
    assert "the passphrase is wrong" in err and err.count("\n") == 1 and "Traceback" not in err
    assert tree_digest(cases) == before


def test_missing_passphrase_says_it_may_be_encrypted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_case(tmp_path, key=CaseKey(SECRET))
    status, _, err = run(capsys, "case", "show", case)
    assert status == 2 and "encrypted and needing its passphrase" in err


def test_rekey_changes_the_passphrase(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = make_case(tmp_path, key=CaseKey(SECRET))
    old, new = _pw(tmp_path), _pw(tmp_path, "a new passphrase", "new.txt")
    status, _, err = run(
        capsys, "case", "rekey", case, "--case-passphrase-file", old, "--new-passphrase-file", new
    )
    assert status == 0, err
    assert run(capsys, "case", "show", case, "--case-passphrase-file", old)[0] == 2
    status, out, _ = run(capsys, "case", "audit", case, "--case-passphrase-file", new)
    assert status == 0 and "rekeyed" in out
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_for_a_recipient_with_a_shared_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_case(tmp_path, key=CaseKey(SECRET))
    mine, shared = _pw(tmp_path), _pw(tmp_path, "shared with Dr. Example", "shared.txt")
    copy = tmp_path / "for-md.umcase"
    status, out, _ = run(
        capsys,
        "case",
        "export",
        case,
        "-o",
        copy,
        "--case-passphrase-file",
        mine,
        "--to-passphrase-file",
        shared,
    )
    assert status == 0 and "(encrypted)" in out
    assert run(capsys, "case", "show", copy, "--case-passphrase-file", mine)[0] == 2
    status, out, _ = run(capsys, "case", "audit", copy, "--case-passphrase-file", shared)
    assert status == 0 and "Audit chain intact" in out


def _rekey_forever(path: Path, keys: tuple[CaseKey, CaseKey], fd: int) -> None:
    """Child process: rekey back and forth, writing a byte to ``fd`` before each rekey."""
    try:
        i = 0
        while True:
            current, new = keys[i % 2], keys[(i + 1) % 2]
            with open_case(path, key=current) as case:
                os.write(fd, b"r")
                case.rekey(new, "rekey-test")
            i += 1
    finally:
        os._exit(0)


def _first_rekey_started(fd: int, limit_s: float = 60.0) -> None:
    """Wait until the child has opened the case and begins its first rekey."""
    ready, _, _ = select.select([fd], [], [], limit_s)
    assert ready, f"the child began no rekey in {limit_s:.0f} s"
    assert os.read(fd, 1) == b"r", "the child ended before its first rekey"


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_kill_during_rekey_loses_nothing(tmp_path: Path) -> None:
    keys = (CaseKey("first passphrase"), CaseKey("second passphrase"))
    path = make_case(tmp_path, key=keys[0])
    with open_case(path, key=keys[0]) as case:
        from reviewer_app.review.answers import Answer, Reply

        case.set_answer("dli.relapsed", Answer(reply=Reply.YES, note="must survive"), "t")
    rng = random.Random(7)
    for _ in range(25):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            os.close(read_fd)
            _rekey_forever(path, keys, write_fd)
        os.close(write_fd)
        # The kill lands at a random moment of the rekeys however long the child's open
        # (its key derivation) took: the delay is counted from the first rekey's start.
        _first_rekey_started(read_fd)
        time.sleep(rng.uniform(0.0, 0.85))  # the kill's moment, not a wait for anything
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_fd)
        opened = None
        for key in keys:
            try:
                opened = open_case(path, key=key, readonly=True)
                break
            except Exception:
                continue
        assert opened is not None, "the file must open with one of the two passphrases"
        with opened as case:
            assert case.answer_rows()["dli.relapsed"].note == "must survive"
            assert case.chain.ok
        conn = connect(path, key)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        # make sure the next child starts from a key that opens the file
        if key is keys[1]:
            keys = (keys[1], keys[0])


# -- the case-file issue's bad-input tests, against encrypted files -----------------------


def test_bad_answer_values_on_an_encrypted_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    case = make_case(cases, "hpc-boost-mixed-chimerism", key=CaseKey(SECRET))
    pw = _pw(tmp_path)
    before = tree_digest(cases)
    for argv, message in [
        (["hpc_boost.prior_hsct", "maybe"], "'maybe' is not one of yes | no | unknown"),
        (["no.such.criterion", "yes"], "unknown criterion 'no.such.criterion'"),
        (["hpc_boost.chimerism_below_100", "120"], "120 is outside 0-100 % donor"),
    ]:
        status, _, err = run(capsys, "case", "answer", case, *argv, "--case-passphrase-file", pw)
        assert status == 2, argv
        assert message in err and "Traceback" not in err
    assert tree_digest(cases) == before


def test_newer_schema_encrypted_case_is_refused_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    key = CaseKey(SECRET)
    case = make_case(cases, key=key)
    conn = connect(case, key)
    conn.execute("PRAGMA user_version=99")
    conn.commit()
    conn.close()
    before = tree_digest(cases)
    status, _, err = run(capsys, "case", "show", case, "--case-passphrase-file", _pw(tmp_path))
    assert status == 2 and "made by a newer version" in err
    assert tree_digest(cases) == before


def test_foreign_encrypted_database_is_not_a_case_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    path = cases / "other.umcase"
    conn = connect(path, CaseKey(SECRET))
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = tree_digest(cases)
    status, _, err = run(capsys, "case", "show", path, "--case-passphrase-file", _pw(tmp_path))
    assert status == 2 and "not a Reviewer Workstation case file" in err
    assert tree_digest(cases) == before


def test_a_key_derives_each_files_page_key_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from reviewer_app.casefile import crypto
    from reviewer_app.casefile.errors import CaseFileError

    key = CaseKey(SECRET)
    path = make_case(tmp_path, "dli-relapsed-aml", key=key)
    derived: list[bytes] = []
    real = hashlib.pbkdf2_hmac

    def counting(name: str, password: bytes, salt: bytes, *args: int) -> bytes:
        derived.append(salt)
        return real(name, password, salt, *args)

    monkeypatch.setattr(crypto.hashlib, "pbkdf2_hmac", counting)
    fresh = CaseKey(SECRET)  # a new session: nothing derived yet
    for _ in range(3):  # the case, its engine, the index: one derivation in all
        with open_case(path, key=fresh) as case:
            assert case.case_id == "UM-2026-100001"
            case.confirm(None, "Pat Rivera, RN")  # the ORM's connection too
    assert derived == [path.read_bytes()[:16]]
    with pytest.raises(CaseFileError, match="passphrase is wrong"):
        open_case(path, key=CaseKey("not the passphrase at all"))
