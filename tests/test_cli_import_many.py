"""`reviewer-app case import A.json B.json … -d DIR`: many intakes in one command."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest
from file_helpers import FullOutput

from reviewer_app.cli import main

from helpers import EXAMPLES, INTAKE_DIR, open_case


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_every_intake_becomes_a_case_named_for_its_case_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    intakes = [str(INTAKE_DIR / f"{name}.json") for name in EXAMPLES]
    status, out, err = run(capsys, "case", "import", *intakes, "-d", str(tmp_path))
    assert status == 0, err
    made = sorted(tmp_path.glob("*.umcase"))
    ids = sorted(json.loads(Path(p).read_text("utf-8"))["case_id"] for p in intakes)
    assert [p.stem for p in made] == ids
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with open_case(path) as case:
            assert case.case_id == path.stem
    assert f"{len(intakes)} of {len(intakes)} intakes imported" in out


def test_bad_ones_are_named_in_one_line_each_and_the_good_ones_are_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": "umcase-intake/1"', "utf-8")
    missing = tmp_path / "missing.json"
    good = INTAKE_DIR / "dli-relapsed-aml.json"
    out_dir = tmp_path / "cases"
    out_dir.mkdir()
    status, out, err = run(
        capsys, "case", "import", str(broken), str(good), str(missing), "-d", str(out_dir)
    )
    assert status == 2
    errors = err.strip().splitlines()
    errors = [line for line in errors if not line.startswith("warning:")]
    assert len(errors) == 2, err
    assert errors[0].startswith(f"reviewer-app: error: {broken}")
    assert errors[1].startswith(f"reviewer-app: error: {missing}")
    assert "Traceback" not in err
    assert [p.name for p in out_dir.iterdir()] == ["UM-2026-100001.umcase"]
    assert "1 of 3 intakes imported" in out


def test_an_existing_case_file_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = str(INTAKE_DIR / "dli-relapsed-aml.json")
    assert run(capsys, "case", "import", good, "-d", str(tmp_path))[0] == 0
    case = tmp_path / "UM-2026-100001.umcase"
    before = case.read_bytes()
    status, _, err = run(capsys, "case", "import", good, "-d", str(tmp_path))
    assert status == 2
    assert "already exists; it was not overwritten" in err
    assert case.read_bytes() == before


def test_one_output_file_takes_one_intake_and_the_folder_must_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = str(INTAKE_DIR / "dli-relapsed-aml.json")
    status, _, err = run(capsys, "case", "import", good, good, "-o", str(tmp_path / "x.umcase"))
    assert status == 2 and "use -d DIR" in err
    status, _, err = run(capsys, "case", "import", good, "-d", str(tmp_path / "nope"))
    assert (
        status == 2
        and err.strip() == f"reviewer-app: error: -d {tmp_path / 'nope'}: no such folder"
    )
    with pytest.raises(SystemExit) as exited:  # argparse's usage error
        run(capsys, "case", "import", good)
    assert exited.value.code == 2
    assert "one of the arguments -o/--output -d/--directory is required" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_report_that_cannot_be_written_is_not_called_a_failed_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    intakes = [str(INTAKE_DIR / f"{name}.json") for name in list(EXAMPLES)[:2]]
    monkeypatch.setattr(sys, "stdout", FullOutput())
    status = main(["case", "import", *intakes, "-d", str(tmp_path)])
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if not line.startswith("warning:")]
    assert status == 2 and len(errors) == 1, err
    assert "standard output: No space left on device" in errors[0]
    assert "not enough disk space" not in err and "Traceback" not in err
    # The first case was stored before its report failed, and the message says so.
    (made,) = tmp_path.glob("*.umcase")
    assert f"{made} was imported" in errors[0] and "1 of 2 intakes" in errors[0]
    with open_case(made) as case:
        assert case.chain.ok
