"""Hostile file systems: odd names, planted links, races, contradictory options.

Each command given a bad file or a bad place ends in exit 2 with one line naming the file
and the problem, opens the case it was given and no other, and never writes through a
link or leaves a file behind.
"""

from __future__ import annotations

import os
import stat
import string
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from file_helpers import AML, AUTO, imported, one_line, run

from helpers import tree_digest


def member_of(capsys: pytest.CaptureFixture[str], case: Path) -> str:
    status, out, err = run(capsys, "case", "show", case)
    assert status == 0, err
    return next(line for line in out.splitlines() if line.startswith("Member:"))


# -- names -----------------------------------------------------------------------------

ODD_NAMES = [f"a{c}b.umcase" for c in string.punctuation if c != "/"] + [
    "a%41.umcase",
    "case #1.umcase",
    "what?.umcase",
    "two  spaces .umcase",
    "ünïcødé 病例.umcase",
    "new\nline.umcase",
    "file:x.umcase",
    "-dash.umcase",
]


@pytest.mark.parametrize("name", ODD_NAMES, ids=repr)
def test_odd_file_names_open_their_own_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    decoy = imported(capsys, AUTO, tmp_path / "aA.umcase")  # what 'a%41' used to open
    odd = imported(capsys, AML, tmp_path / name)
    before = set(os.listdir(tmp_path))
    assert "Ava Demo" in member_of(capsys, odd)
    status, out, _ = run(capsys, "case", "evaluate", odd, "--json")
    assert status == 0 and "UM-2026-100001" in out
    copy = tmp_path / ("copy-" + name)
    status, _, err = run(capsys, "case", "export", odd, "-o", copy)
    assert status == 0, err
    assert "Ava Demo" in member_of(capsys, copy)
    assert "Ava Demo" not in member_of(capsys, decoy)
    assert set(os.listdir(tmp_path)) - {"home"} == before - {"home"} | {copy.name}  # no strays
    status, _, err = run(capsys, "case", "answer", odd, "dli.hematologic_malignancy", "yes")
    assert status == 0, err


def test_new_files_are_owner_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = os.umask(0o022)
    try:
        case = imported(capsys, AML, tmp_path / "c.umcase")
        run(capsys, "case", "export", case, "-o", tmp_path / "copy.umcase")
    finally:
        os.umask(old)
    for path in (case, tmp_path / "copy.umcase"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


# -- links -------------------------------------------------------------------------------


def test_planted_lock_links_are_refused_never_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = imported(capsys, AML, tmp_path / "c3.umcase")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    lock = tmp_path / "c3.umcase.lock"
    plants = {
        "symlink": lambda: lock.symlink_to(victim),
        "hard link": lambda: os.link(victim, lock),
        "dangling link": lambda: lock.symlink_to(tmp_path / "nowhere"),
        "folder": lambda: lock.mkdir(),
    }
    for what, plant in plants.items():
        plant()
        status, _, err = run(capsys, "case", "answer", case, "dli.hematologic_malignancy", "no")
        line = one_line(err)
        assert status == 2 and "lock file" in line, (what, line)
        assert victim.read_text() == "precious", what
        assert not (tmp_path / "nowhere").exists()
        lock.rmdir() if lock.is_dir() and not lock.is_symlink() else lock.unlink()
    status, out, err = run(capsys, "case", "audit", case)
    assert status == 0 and "Audit chain intact: 1 entries" in out, err


def test_letter_export_never_writes_through_a_planted_temporary_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewer_app import safe_files

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out.pdf"
    for guess in (".out.pdf.tmp", f".out.pdf.{os.getpid()}.tmp"):
        (tmp_path / guess).symlink_to(victim)
    safe_files.write_file(out, b"%PDF-1.7 letter")
    assert victim.read_text() == "precious"
    assert out.read_bytes() == b"%PDF-1.7 letter"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with pytest.raises(safe_files.OutputExists):
        safe_files.write_file(out, b"second")
    assert out.read_bytes() == b"%PDF-1.7 letter"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.is_symlink()) == [
        "out.pdf",
        "victim.txt",
    ]


def _answer_in_subprocess(case: Path, note: str) -> tuple[int, str]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "reviewer_app.cli",
            "case",
            "answer",
            str(case),
            "dli.hematologic_malignancy",
            "yes",
            "--note",
            note,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    return proc.returncode, proc.stderr


def test_one_writer_whichever_name_reaches_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = imported(capsys, AML, tmp_path / "c.umcase")
    (tmp_path / "sym.umcase").symlink_to(case)
    os.link(case, tmp_path / "hard.umcase")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "rel.umcase").symlink_to(Path("..") / "hard.umcase")
    names = [case, tmp_path / "sym.umcase", tmp_path / "hard.umcase", sub / "rel.umcase"] * 6
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(lambda ia: _answer_in_subprocess(ia[1], f"n{ia[0]}"), enumerate(names))
        )
    for status, err in results:
        assert status in (0, 2), err
        if status == 2:
            assert "open in another session" in one_line(err), err
    written = sum(1 for status, _ in results if status == 0)
    status, out, err = run(capsys, "case", "audit", case)
    assert status == 0, err
    assert f"Audit chain intact: {1 + written} entries" in out


def test_concurrent_imports_to_one_name_one_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for round_ in range(4):
        out = tmp_path / f"same{round_}.umcase"
        intakes = [AML, AUTO, AML]

        def go(intake: Path, out: Path = out) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "reviewer_app.cli",
                    "case",
                    "import",
                    str(intake),
                    "-o",
                    str(out),
                    "--training",
                ],
                capture_output=True,
                text=True,
            )

        with ThreadPoolExecutor(max_workers=3) as pool:
            procs = list(pool.map(go, intakes))
        winners = [p for p in procs if p.returncode == 0]
        assert len(winners) == 1, [p.stderr for p in procs]
        for p in procs:
            if p.returncode:
                assert p.returncode == 2 and "already exists" in one_line(p.stderr)
        winner_id = winners[0].stdout.split("Imported ")[1].split()[0]
        _status, shown, _ = run(capsys, "case", "show", out)
        assert winner_id in shown
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# -- options that contradict -------------------------------------------------------------


def test_plain_and_passphrase_export_refused_and_the_message_reads_the_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_APP_PASSPHRASE", "original passphrase 1")
    case = imported(capsys, AML, tmp_path / "enc.umcase")
    shared = tmp_path / "shared.txt"
    shared.write_text("shared passphrase 22")
    sent = tmp_path / "sent.umcase"
    status, _, err = run(
        capsys, "case", "export", case, "-o", sent, "--plain", "--to-passphrase-file", shared
    )
    assert status == 2 and "contradict" in one_line(err)
    assert not sent.exists()
    status, out, _ = run(capsys, "case", "export", case, "-o", sent, "--plain")
    assert status == 0 and "(NOT encrypted)" in out
    assert sent.read_bytes().startswith(b"SQLite format 3\x00")
    sent.unlink()
    status, out, _ = run(capsys, "case", "export", case, "-o", sent, "--to-passphrase-file", shared)
    assert status == 0 and "(encrypted)" in out
    assert b"Ava Demo" not in sent.read_bytes()


# -- places that cannot be written -----------------------------------------------------


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_read_only_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    case = imported(capsys, AML, folder / "c.umcase")
    folder.chmod(0o555)
    try:
        before = tree_digest(folder)
        for argv in (
            ("case", "import", AML, "-o", folder / "d.umcase"),
            ("case", "answer", case, "dli.hematologic_malignancy", "no"),
            ("case", "export", case, "-o", folder / "e.umcase"),
        ):
            status, _, err = run(capsys, *argv)
            assert status == 2, (argv, err)
            one_line(err)
        assert tree_digest(folder) == before
    finally:
        folder.chmod(0o755)


def test_missing_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = imported(capsys, AML, tmp_path / "c.umcase")
    for argv in (
        ("case", "import", AML, "-o", tmp_path / "no" / "d.umcase"),
        ("case", "export", case, "-o", tmp_path / "no" / "e.umcase"),
        ("letter", "export", case, "-o", tmp_path / "no" / "l.pdf"),
    ):
        status, _, err = run(capsys, *argv)
        assert status == 2, (argv, err)
        assert "Traceback" not in one_line(err)
    assert not (tmp_path / "no").exists()


def test_broken_pipe_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = imported(capsys, AML, tmp_path / "c.umcase")
    for i in range(30):  # enough output that the pipe closes while it is being written
        note = f"{i} " + "x" * 500
        run(capsys, "case", "answer", case, "dli.hematologic_malignancy", "yes", "--note", note)
    proc = subprocess.run(
        f"{sys.executable} -m reviewer_app.cli case audit '{case}' | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) <= 1, proc.stderr


def test_malformed_organization_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = imported(capsys, AML, tmp_path / "c.umcase")
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "reviewer-workstation"
    config.mkdir(parents=True, exist_ok=True)
    for text in ("{not json", "[1, 2]", '{"name": 5}', "\udcff"):
        (config / "organization.json").write_text(text, errors="surrogateescape")
        status, _, err = run(capsys, "letter", "verify", case)
        assert status in (1, 2), err
        assert "Traceback" not in one_line(err)


def test_repeating_an_answer_records_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No change, no audit entry: a rule of the store, so the CLI keeps it as the GUI does."""
    case = imported(capsys, AML, tmp_path / "c.umcase")
    outs = [
        run(capsys, "case", "answer", case, "dli.hematologic_malignancy", "yes", "--note", "n")[1]
        for _ in range(3)
    ]
    assert "unchanged" not in outs[0]
    assert all("unchanged: nothing recorded" in out for out in outs[1:])
    status, out, _ = run(capsys, "case", "audit", case)
    assert status == 0 and "Audit chain intact: 2 entries" in out


def test_open_elsewhere_names_the_reviewer_not_the_account(tmp_path: Path) -> None:
    from reviewer_app.casefile.errors import CaseLocked
    from reviewer_app.casefile.lock import CaseLock

    case = tmp_path / "c.umcase"
    case.write_bytes(b"")
    holder = CaseLock(case, "Nia Nurse, RN (nurse_reviewer)\nforged second line")
    holder.acquire()
    try:
        with pytest.raises(CaseLocked) as caught:
            CaseLock(case, "someone else").acquire()
    finally:
        holder.release()
    message = str(caught.value)
    assert "held by Nia Nurse, RN (nurse_reviewer)forged second line since" in message
    assert "\n" not in message and "process" not in message
