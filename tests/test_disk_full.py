"""A full disk and a read-only file system, for real: a small tmpfs mounted for the test.

Every writing command, at 16 amounts of free space, either does its work or ends with
exit 2 and one line saying there is not enough disk space; then the case is unchanged,
no temporary file is left, and neither stderr nor the log carries the intake's PHI.
Mounting needs root (CI runs as root); elsewhere these tests skip and say why.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reviewer_app.cli import main

from helpers import INTAKE_DIR

AML = INTAKE_DIR / "dli-relapsed-aml.json"
PHI = ("Ava Demo", "12 Example Road", "marrow 22% blasts", "DEMO-M-0001", "Springfield")
FREE_KIB = (0, 4, 8, 12, 16, 24, 32, 40, 48, 56, 64, 80, 96, 128, 192, 320)
PASSPHRASE = "disk full passphrase 1"


def _mount(point: Path, options: str) -> None:
    point.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.decode().strip()[:80]})")


@contextlib.contextmanager
def tmpfs(point: Path, options: str) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    _mount(point, options)
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def fill_leaving(folder: Path, kib: int) -> None:
    """Fill the file system of ``folder`` until about ``kib`` KiB are left."""
    st = os.statvfs(folder)
    extra = st.f_bavail * st.f_frsize - kib * 1024
    if extra <= 0:
        return
    with (folder / "filler").open("wb") as fh, contextlib.suppress(OSError):
        fh.write(b"\0" * extra)


def digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != "filler"
    }


def log_text() -> str:
    text = ""
    for handler in logging.getLogger().handlers:
        name = getattr(handler, "baseFilename", None)
        if name and Path(name).exists():
            handler.flush()
            text += Path(name).read_text("utf-8", errors="replace")
    return text


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


Setup = Callable[[Path, pytest.CaptureFixture[str]], list[str | Path]]


def _case(disk: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The case under test, copied from a template imported once per test."""
    template = disk.parent / "template.umcase"
    if not template.exists():
        status, _, err = run(capsys, "case", "import", AML, "-o", template)
        assert status == 0, err
    case = disk / "c.umcase"
    case.write_bytes(template.read_bytes())
    return case


def _import(disk: Path, capsys: pytest.CaptureFixture[str]) -> list[str | Path]:
    return ["case", "import", AML, "-o", disk / "new.umcase"]


def _answer(disk: Path, capsys: pytest.CaptureFixture[str]) -> list[str | Path]:
    case = _case(disk, capsys)
    return ["case", "answer", case, "dli.hematologic_malignancy", "yes", "--note", "n" * 2000]


def _confirm(disk: Path, capsys: pytest.CaptureFixture[str]) -> list[str | Path]:
    return ["case", "confirm", _case(disk, capsys)]


def _refer(disk: Path, capsys: pytest.CaptureFixture[str]) -> list[str | Path]:
    return ["case", "refer", _case(disk, capsys), "--note", "please review"]


def _export(disk: Path, capsys: pytest.CaptureFixture[str]) -> list[str | Path]:
    return ["case", "export", _case(disk, capsys), "-o", disk / "copy.umcase"]


def _rekey(disk: Path, capsys: pytest.CaptureFixture[str]) -> list[str | Path]:
    new = disk.parent / "new-pass.txt"
    new.write_text("the new disk passphrase 2")
    return ["case", "rekey", _case(disk, capsys), "--new-passphrase-file", new]


OPERATIONS: dict[str, Setup] = {
    "import": _import,
    "answer": _answer,
    "confirm": _confirm,
    "refer": _refer,
    "export": _export,
    "rekey": _rekey,
}


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_full_disk_one_line_nothing_changed_no_phi(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    operation: str,
) -> None:
    monkeypatch.setenv("REVIEWER_APP_PASSPHRASE", PASSPHRASE)
    outcomes: dict[int, int] = {}
    with tmpfs(tmp_path / "disk", "size=1m,mode=700") as disk:
        for kib in FREE_KIB:
            for p in disk.iterdir():
                p.unlink()
            # Each size starts from the same template: a fresh computer, or the copy
            # would rightly be noticed as an older copy of a case seen before.
            monkeypatch.setenv("REVIEWER_APP_DATA_DIR", str(tmp_path / f"data-{kib}"))
            argv = OPERATIONS[operation](disk, capsys)
            fill_leaving(disk, kib)
            before = digest(disk)
            status, _, err = run(capsys, *argv)
            outcomes[kib] = status
            lines = err.strip().splitlines()
            assert "Traceback" not in err
            assert not any(p in err for p in PHI), err
            assert not [p.name for p in disk.iterdir() if p.name.endswith((".tmp", "-journal"))]
            if status == 0:
                continue
            assert status == 2, (kib, err)
            assert len(lines) == 1 and "not enough disk space to" in lines[0], (kib, err)
            assert digest(disk) == before, (operation, kib)
            if operation != "import":  # and the case still opens whole
                (disk / "filler").unlink()
                status, out, err = run(capsys, "case", "audit", argv[2])
                assert status == 0 and "Audit chain intact: 1 entries" in out, err
    assert not any(p in log_text() for p in PHI)
    assert 2 in outcomes.values(), f"the disk never ran full for {operation}: {outcomes}"
    assert outcomes[FREE_KIB[-1]] == 0, f"{operation} failed with room to spare: {outcomes}"


def test_read_only_file_system_refuses_every_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    point = tmp_path / "ro"
    with tmpfs(point, "size=1m,mode=700") as disk:
        case = _case(disk, capsys)
        remount = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True)
        if remount.returncode:
            pytest.skip("cannot remount the tmpfs read-only here")
        before = digest(disk)
        for argv in (
            ["case", "import", AML, "-o", disk / "d.umcase"],
            ["case", "answer", case, "dli.hematologic_malignancy", "no"],
            ["case", "confirm", case],
            ["case", "export", case, "-o", disk / "e.umcase"],
            ["letter", "export", case, "-o", disk / "l.pdf"],
        ):
            status, _, err = run(capsys, *argv)
            lines = err.strip().splitlines()
            assert status == 2 and len(lines) == 1, (argv, err)
            assert "Traceback" not in err and not any(p in err for p in PHI)
        assert digest(disk) == before
        status, out, _ = run(capsys, "case", "show", case)  # reading still works
        assert status == 0 and "Ava Demo" in out
