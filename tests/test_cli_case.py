"""The `reviewer-app case` command line: the contract others script against."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer_app.casefile.format import SCHEMA_VERSION
from reviewer_app.cli import main

from helpers import EXAMPLES, INTAKE_DIR, make_case, open_case, tree_digest


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(("name", "outcome"), EXAMPLES.items())
def test_examples_import_and_evaluate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, outcome: str
) -> None:
    case = tmp_path / f"{name}.umcase"
    status, out, err = run(
        capsys, "case", "import", str(INTAKE_DIR / f"{name}.json"), "-o", str(case)
    )
    assert status == 0, err
    status, out, _ = run(capsys, "case", "evaluate", str(case), "--json")
    assert status == 0
    data = json.loads(out)
    assert data["outcome"] == outcome
    assert data["service"] in ("DLI", "HPC_BOOST")
    assert data["cpt"] == ("38243" if name.startswith("hpc") else "38242")
    assert {"id", "state", "anchor"} <= set(data["criteria"][0])
    assert isinstance(data["warnings"], list)
    assert any("past its next review date" in w for w in data["warnings"])


def test_answer_changes_outcome_and_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_case(tmp_path)
    status, out, err = run(
        capsys, "case", "answer", str(case), "dli.same_donor", "no", "--note", "different donor"
    )
    assert status == 0, err
    assert "criteria_not_met" in out
    _, out, _ = run(capsys, "case", "show", str(case), "--json")
    data = json.loads(out)
    row = next(c for c in data["criteria"] if c["id"] == "dli.same_donor")
    assert row["answer"] == {
        "reply": "no",
        "number": None,
        "note": "different donor",
        "source": "reviewer",
        "confirmed": True,
    }
    assert data["outcome"] == "criteria_not_met"


def test_number_criterion_takes_a_percentage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_case(tmp_path, "hpc-boost-mixed-chimerism")
    status, out, _ = run(
        capsys, "case", "answer", str(case), "hpc_boost.chimerism_below_100", "100"
    )
    # The request names only chimerism: engraftment stays open, so 100% alone denies nothing.
    assert status == 0 and "insufficient_information" in out
    run(capsys, "case", "answer", str(case), "hpc_boost.promote_engraftment", "no")
    status, out, _ = run(
        capsys, "case", "answer", str(case), "hpc_boost.chimerism_below_100", "100"
    )
    assert status == 0 and "criteria_not_met" in out
    status, out, _ = run(
        capsys, "case", "answer", str(case), "hpc_boost.chimerism_below_100", "99.9"
    )
    assert status == 0 and "criteria_met" in out


def test_confirm_clears_unconfirmed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = make_case(tmp_path)
    status, out, _ = run(capsys, "case", "confirm", str(case))
    assert status == 0 and "Confirmed 4" in out  # the other indications stay open
    _, out, _ = run(capsys, "case", "evaluate", str(case), "--json")
    assert json.loads(out)["unconfirmed"] == []


def test_npi_failing_its_check_digit_is_refused_and_early_date_warned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((INTAKE_DIR / "dli-relapsed-aml.json").read_text())
    data["requesting_provider"]["npi"] = "1234567890"
    intake = tmp_path / "in.json"
    intake.write_text(json.dumps(data))
    status, _, err = run(capsys, "case", "import", str(intake), "-o", str(tmp_path / "x.umcase"))
    assert status == 2 and "requesting_provider.npi" in err and "check digit" in err
    assert not (tmp_path / "x.umcase").exists()
    case = make_case(
        tmp_path,
        service__date_of_service="2025-01-05",
        clinical__transplant={"type": "allogeneic", "date": "2024-09-10", "donor_id": "DNR-7781"},
    )
    _, out, _ = run(capsys, "case", "evaluate", str(case), "--json")
    warnings = json.loads(out)["warnings"]
    assert any("before the policy's effective date 2025-05-15" in w for w in warnings)


def test_unaddressed_cpt_names_covered_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((INTAKE_DIR / "dli-relapsed-aml.json").read_text())
    data["service"]["cpt"] = "38240"
    intake = tmp_path / "in.json"
    intake.write_text(json.dumps(data))
    status, _, err = run(capsys, "case", "import", str(intake), "-o", str(tmp_path / "x.umcase"))
    assert status == 2
    assert "CPT 38240" in err and "38242" in err and "38243" in err
    assert not (tmp_path / "x.umcase").exists()


# -- bad input: exit 2, one clear line, nothing on disk changed ---------------------------


def _bad_intake(tmp_path: Path, mutate: str) -> Path:
    data = json.loads((INTAKE_DIR / "dli-relapsed-aml.json").read_text())
    if mutate == "not_json":
        p = tmp_path / "in.json"
        p.write_text("this is not json")
        return p
    if mutate == "schema":
        data["schema"] = "umcase-intake/9"
    elif mutate == "range":
        data["clinical"]["chimerism_percent_donor"] = 140
    elif mutate == "enum":
        data["urgency"] = "whenever"
    elif mutate == "before_transplant":
        data["service"]["date_of_service"] = "2025-08-01"
    p = tmp_path / "in.json"
    p.write_text(json.dumps(data))
    return p


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        ("missing", "file not found"),
        ("not_json", "not valid JSON"),
        ("schema", "schema: unsupported version 'umcase-intake/9'"),
        ("range", "clinical.chimerism_percent_donor: 140 is out of range"),
        ("enum", "urgency: unknown value 'whenever'"),
        ("before_transplant", "service.date_of_service: is before the transplant date"),
    ],
)
def test_bad_intake_exit_2_message_and_unchanged_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mutate: str, message: str
) -> None:
    intake = tmp_path / "nope.json" if mutate == "missing" else _bad_intake(tmp_path, mutate)
    before = tree_digest(tmp_path)
    status, _out, err = run(capsys, "case", "import", str(intake), "-o", str(tmp_path / "c.umcase"))
    assert status == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert tree_digest(tmp_path) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty (0 bytes)"),
        (
            b"hello, I am a text file that is long enough to fill a header " * 4,
            "not an SQLite database",
        ),
        ("foreign", "not a Reviewer Workstation case file"),
        ("newer", "made by a newer version"),
    ],
)
def test_bad_case_files_exit_2_and_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | str, message: str
) -> None:
    path = tmp_path / "c.umcase"
    if content == "foreign":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    elif content == "newer":
        path = make_case(tmp_path)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA user_version=99")
        conn.close()
    else:
        assert isinstance(content, bytes)
        path.write_bytes(content)
    before = tree_digest(tmp_path)
    for argv in (
        ["case", "show", str(path)],
        ["case", "answer", str(path), "dli.relapsed", "yes"],
        ["case", "evaluate", str(path), "--json"],
        ["case", "audit", str(path)],
    ):
        status, _out, err = run(capsys, *argv)
        assert status == 2, argv
        assert message in err and "Traceback" not in err
    assert tree_digest(tmp_path) == before


def test_bad_answer_values_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = make_case(tmp_path, "hpc-boost-mixed-chimerism")
    before = tree_digest(tmp_path)
    for argv, message in [
        (["hpc_boost.prior_hsct", "maybe"], "'maybe' is not one of yes | no | unknown"),
        (["no.such.criterion", "yes"], "unknown criterion 'no.such.criterion'"),
        (["hpc_boost.chimerism_below_100", "120"], "120 is outside 0-100 % donor"),
        (["hpc_boost.chimerism_below_100", "lots"], "takes a number"),
    ]:
        status, _, err = run(capsys, "case", "answer", str(case), *argv)
        assert status == 2, argv
        assert message in err
    assert tree_digest(tmp_path) == before


def test_import_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = make_case(tmp_path)
    before = tree_digest(tmp_path)
    status, _, err = run(
        capsys, "case", "import", str(INTAKE_DIR / "dli-relapsed-aml.json"), "-o", str(case)
    )
    assert status == 2 and "already exists" in err
    assert tree_digest(tmp_path) == before


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "reviewer_app", "case", "show", str(tmp_path / "none.umcase")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("file not found")
    assert "Traceback" not in proc.stderr


# -- audit trail ------------------------------------------------------------------------


def test_audit_intact_then_tampered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = make_case(tmp_path)
    run(capsys, "case", "answer", str(case), "dli.relapsed", "yes", "--note", "marrow 22% blasts")
    status, out, _ = run(capsys, "case", "audit", str(case))
    assert status == 0 and "Audit chain intact: 2 entries" in out

    conn = sqlite3.connect(case)
    conn.execute("UPDATE audit SET detail = replace(detail, '22%', '2%') WHERE seq = 2")
    conn.commit()
    conn.close()
    status, _, err = run(capsys, "case", "audit", str(case))
    assert status == 1
    assert "entry 2 (answer) was altered" in err


def test_audit_detects_a_deleted_last_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_case(tmp_path)
    run(capsys, "case", "answer", str(case), "dli.relapsed", "yes")
    conn = sqlite3.connect(case)
    conn.execute("DELETE FROM audit WHERE seq = 2")
    conn.commit()
    conn.close()
    status, _, err = run(capsys, "case", "audit", str(case))
    assert status == 1 and "entries were removed" in err


# -- sharing and locking ------------------------------------------------------------------


def test_second_opener_is_read_only_and_told_who_holds_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_case(tmp_path)
    with open_case(path) as holder:
        assert not holder.readonly
        status, _, err = run(capsys, "case", "answer", str(path), "dli.relapsed", "no")
        assert status == 2
        assert "open in another session" in err and "process" in err
        with open_case(path) as second:
            assert second.readonly and "held by" in second.locked_by
    status, _, _ = run(capsys, "case", "answer", str(path), "dli.relapsed", "no")
    assert status == 0


def test_export_makes_a_consistent_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_case(tmp_path)
    copy = tmp_path / "copy.umcase"
    with open_case(path):
        status, _, err = run(capsys, "case", "export", str(path), "-o", str(copy))
    assert status == 0, err
    with open_case(copy) as c:
        assert c.chain.ok and c.case_id == "UM-2026-100001"


def test_migrates_an_older_schema_after_a_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_case(tmp_path)
    run(capsys, "case", "answer", str(path), "dli.relapsed", "yes")
    # Make it look like a schema-1 file: no evidence columns, no audit count (and no
    # evidence in the trail: schema 1 had none to record).
    conn = sqlite3.connect(path)
    for col in ("evidence_document", "evidence_date", "evidence_value"):
        conn.execute(f"ALTER TABLE answer DROP COLUMN {col}")
    conn.execute("ALTER TABLE case_header DROP COLUMN audit_count")
    conn.execute("DROP TABLE audit_signature")  # schema 3
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    v1_dump = list(sqlite3.connect(path).iterdump())

    status, out, err = run(capsys, "case", "evaluate", str(path), "--json")
    assert status == 0, err
    assert json.loads(out)["outcome"] == "criteria_met"
    backup = tmp_path / "dli-relapsed-aml.umcase.schema1.bak"
    assert (
        backup.exists()
        and sqlite3.connect(backup).execute("PRAGMA user_version").fetchone()[0] == 1
    )
    assert list(sqlite3.connect(backup).iterdump()) == v1_dump
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    status, out, _ = run(capsys, "case", "audit", str(path))
    assert status == 0 and "intact: 2 entries" in out


def test_policy_show_lists_criteria_and_citations(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "policy", "show", "cp0261")
    assert status == 0
    assert "[dli.same_donor]" in out and "[hpc_boost.chimerism_below_100]" in out
    assert "The donor source for DLI and HPC boost is the same as that for the HSCT." in out
    assert "References: 43" in out
    assert "0 unresolved" in out


def test_copy_of_closed_case_opens_elsewhere(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    other = tmp_path / "laptop2"
    other.mkdir()
    shutil.copy(path, other / path.name)
    with open_case(other / path.name) as c:
        assert c.chain.ok


def test_import_warns_when_the_decision_would_come_after_the_service(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((INTAKE_DIR / "dli-relapsed-aml.json").read_text())
    soon = tmp_path / "soon.json"  # service 2026-12-03, decision due 2026-12-05
    soon.write_text(json.dumps(data))
    status, out, _ = run(capsys, "case", "import", str(soon), "-o", str(tmp_path / "a.umcase"))
    assert status == 0 and "Warning: The decision is due 2026-12-" in out
    assert "after the date of service 2026-12-03" in out
    data["service"]["date_of_service"] = "2027-02-01"
    later = tmp_path / "later.json"
    later.write_text(json.dumps(data))
    status, out, _ = run(capsys, "case", "import", str(later), "-o", str(tmp_path / "b.umcase"))
    assert status == 0 and "Warning" not in out


def test_an_output_that_is_a_folder_is_named_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "cases.umcase"  # a folder, though its name looks like a case file
    folder.mkdir()
    before = tree_digest(tmp_path)
    intake = str(INTAKE_DIR / "dli-relapsed-aml.json")
    status, _, err = run(capsys, "case", "import", intake, "-o", str(folder))
    assert status == 2 and err.count("\n") == 1
    assert "that is a folder" in err and "already exists" not in err
    assert tree_digest(tmp_path) == before


@pytest.mark.parametrize("target", ["existing", "missing", "folder"])
def test_an_output_that_is_a_link_is_named_as_one_and_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    """A link at ``-o`` is refused as a link, whatever it points at (a file it would
    overwrite, nothing, a folder); before, it was reported as a file that exists."""
    aim = tmp_path / "aim"
    if target == "existing":
        aim.write_text("someone else's file")
    elif target == "folder":
        aim.mkdir()
    link = tmp_path / "out.umcase"
    link.symlink_to(aim)
    before = tree_digest(tmp_path)
    intake = str(INTAKE_DIR / "dli-relapsed-aml.json")
    status, _, err = run(capsys, "case", "import", intake, "-o", str(link))
    assert status == 2 and err.count("\n") == 1
    assert "that is a symbolic link" in err and "already exists" not in err
    assert tree_digest(tmp_path) == before
