"""Passphrases for new case files and intake files that are not plain files: each refusal
is exit 2 with one line, no traceback, and nothing left or changed on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_helpers import assert_refused, base, dumped, run_import

from reviewer_app.cli import main

from helpers import make_case, tree_digest

# Passphrases --------------------------------------------------------------------------

GOOD = "a passphrase long enough"


def _pw(folder: Path, text: str, name: str = "pw.txt") -> Path:
    path = folder / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("value", ["\n", "\r\n"])
def test_a_passphrase_variable_of_only_a_line_break_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("REVIEWER_APP_PASSPHRASE", value)
    status, err = run_import(tmp_path, capsys, dumped(base()))
    assert_refused(status, err, tmp_path, "REVIEWER_APP_PASSPHRASE", "empty")


@pytest.mark.parametrize("short", ["short", "elevenchars", " twelve chars", "twelve\tchars"])
def test_a_weak_passphrase_for_a_new_case_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], short: str
) -> None:
    pw = _pw(tmp_path, short + "\n")
    status, err = run_import(tmp_path, capsys, dumped(base()), "--case-passphrase-file", str(pw))
    assert_refused(status, err, tmp_path, "--case-passphrase-file", "new case file")


def test_a_short_passphrase_variable_is_refused_for_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_APP_PASSPHRASE", "elevenchars")
    status, err = run_import(tmp_path, capsys, dumped(base()))
    assert_refused(status, err, tmp_path, "REVIEWER_APP_PASSPHRASE", "at least 12 characters")


def test_a_short_passphrase_still_makes_a_training_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_APP_PASSPHRASE", "short")  # training cases are never keyed
    status, err = run_import(tmp_path, capsys, dumped(base()), "--training")
    assert status == 0, err


def test_export_and_rekey_refuse_a_short_new_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer_app.casefile.crypto import CaseKey

    monkeypatch.delenv("REVIEWER_APP_PASSPHRASE", raising=False)
    cases = tmp_path / "cases"
    cases.mkdir()
    case = make_case(cases, key=CaseKey(GOOD))
    mine, short = _pw(tmp_path, GOOD), _pw(tmp_path, "too short", "short.txt")
    before = tree_digest(cases)
    key = ["--case-passphrase-file", str(mine)]
    for argv in (
        ["case", "export", str(case), "-o", str(cases / "copy.umcase"), "--to-passphrase-file"],
        ["case", "rekey", str(case), "--new-passphrase-file"],
    ):
        status = main([*argv, str(short), *key])
        err = capsys.readouterr().err
        assert status == 2 and err.count("\n") == 1 and "at least 12 characters" in err, err
        assert str(short) in err and "too short" not in err  # the file is named, not quoted
        assert tree_digest(cases) == before


def test_the_gui_and_the_command_line_share_the_rule() -> None:
    from reviewer_app.casefile.crypto import new_passphrase_problem
    from reviewer_app.ui.security.session_key import passphrase_problem

    assert passphrase_problem("x" * 11, "x" * 11) == new_passphrase_problem("x" * 11)
    assert new_passphrase_problem("x" * 11).startswith("At least 12 characters")
    assert new_passphrase_problem("x" * 12) == ""
    assert new_passphrase_problem(" " + "x" * 12) != ""
    assert new_passphrase_problem("x" * 6 + "\n" + "x" * 6) != ""


# Files that are not plain intake files -------------------------------------------------


def _import_path(tmp_path: Path, capsys: pytest.CaptureFixture[str], intake: Path) -> str:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    status = main(["case", "import", str(intake), "-o", str(out / "new.umcase")])
    err = capsys.readouterr().err
    assert_refused(status, err, tmp_path)
    return err


def test_a_device_or_a_fifo_is_refused_without_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    assert "not a regular file" in _import_path(tmp_path, capsys, Path("/dev/zero"))
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # opening it would wait for a writer forever
    assert "not a regular file" in _import_path(tmp_path, capsys, fifo)


def test_a_huge_file_is_refused_after_reading_only_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as fh:
        fh.truncate(10 * 1024**3)  # sparse: 10 GiB that take no disk
    assert "too large" in _import_path(tmp_path, capsys, big)


def test_a_line_break_in_the_file_name_stays_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _import_path(tmp_path, capsys, tmp_path / "evil\nreviewer-app: error: forged.json")
    assert "file not found" in err and "evil\\n" in err
