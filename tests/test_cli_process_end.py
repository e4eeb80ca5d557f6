"""A command's process ends as soon as its output and log are flushed (``cli.run``),
without Python's teardown: what it printed and its exit status must all be there, also
when the reader of its output leaves early."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from file_helpers import FullOutput

from helpers import INTAKE_DIR, make_case, open_case

PROGRAM = [sys.executable, "-m", "reviewer_app"]


def _program(*args: str, log_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, REVIEWER_APP_LOG_DIR=str(log_dir))
    return subprocess.run(
        [*PROGRAM, *args], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def test_a_commands_whole_output_and_status_reach_the_caller(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewer_app.cli import main

    case = make_case(tmp_path)
    assert main(["case", "show", str(case)]) == 0
    in_process = capsys.readouterr().out
    done = _program("case", "show", str(case), log_dir=tmp_path / "logs")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout == in_process and done.stdout.count("\n") > 10


def test_a_failing_command_ends_with_its_status_and_one_line(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.umcase"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    done = _program("case", "show", str(damaged), log_dir=tmp_path / "logs")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_a_reader_leaving_early_is_no_error(tmp_path: Path) -> None:
    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    writer = subprocess.Popen(
        [*PROGRAM, "policy", "show", "cp0261"],  # pages of policy text
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        env=dict(os.environ, REVIEWER_APP_LOG_DIR=str(tmp_path / "logs")),
    )
    assert reader.stdin is not None
    reader.stdin.close()
    _, err = writer.communicate(timeout=120)
    reader.wait(timeout=30)
    assert b"Traceback" not in err and b"Exception ignored" not in err
    assert writer.returncode in (0, 2) and len(err.splitlines()) <= 1


def test_output_on_a_full_disk_is_not_called_a_full_disk_for_the_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``case answer … > /dev/full``: the answer is stored, and the one line says that
    standard output failed, not that there was no room to store the answer."""
    from reviewer_app.cli import main

    folder = tmp_path / "cases"
    folder.mkdir()
    intake = str(INTAKE_DIR / "dli-relapsed-aml.json")
    assert main(["case", "import", "--training", intake, "-d", str(folder)]) == 0
    (case,) = folder.glob("*.umcase")
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", FullOutput())
    status = main(["case", "answer", str(case), "dli.relapsed", "no"])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1, err
    assert "standard output: No space left on device" in err
    assert "disk space" not in err and "Traceback" not in err
    with open_case(case) as opened:
        assert opened.answers()["dli.relapsed"].reply.value == "no"
        assert opened.chain.ok
