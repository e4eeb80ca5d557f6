"""Helpers shared by the hostile file-system tests (CLI in-process, one clean line)."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest

from reviewer_app.cli import main

from helpers import INTAKE_DIR

AML = INTAKE_DIR / "dli-relapsed-aml.json"  # member Ava Demo
AUTO = INTAKE_DIR / "dli-after-autologous.json"
CLI = (sys.executable, "-m", "reviewer_app.cli")
PHI = ("Ava Demo", "12 Example Road", "marrow 22% blasts")


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def imported(capsys: pytest.CaptureFixture[str], intake: Path, out: Path) -> Path:
    status, _, err = run(capsys, "case", "import", intake, "-o", out)
    assert status == 0, err
    return out


class FullOutput:
    """Standard output on a full disk (``> /dev/full``)."""

    encoding = "utf-8"

    def write(self, _text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
