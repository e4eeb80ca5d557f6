"""Every command that writes an audit entry needs an identity (issue 19, the rest of 1).

On a real case the entry is signed by ``--identity`` (or ``REVIEWER_APP_IDENTITY``) and
records its certificate's name; without one the command is refused in one line and
nothing is written. A training case given none is signed by the bundled training
identity. ``REVIEWER_APP_ACTOR`` names nobody any more: relying on it is refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from file_helpers import AML, one_line, run
from trust_helpers import DeploymentIdentity

from reviewer_app.cli.context import IDENTITY_ENV, IDENTITY_PASSPHRASE_ENV

from helpers import tree_digest

TRAINER = "Demo Trainer, MD (trainer)"


@pytest.fixture
def no_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(IDENTITY_ENV)
    monkeypatch.delenv(IDENTITY_PASSPHRASE_ENV)


def audit(capsys: pytest.CaptureFixture[str], case: Path) -> str:
    status, out, err = run(capsys, "case", "audit", case)
    assert status == 0, err
    return out


def test_a_real_import_without_an_identity_is_refused_and_makes_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_identity: None
) -> None:
    (tmp_path / "cases").mkdir()
    before = tree_digest(tmp_path)
    status, out, err = run(capsys, "case", "import", AML, "-o", tmp_path / "cases" / "c.umcase")
    line = one_line(err)
    assert status == 2 and out == ""
    assert "--identity ID.p12 --passphrase-file F" in line and IDENTITY_ENV in line
    assert "Ava Demo" not in line  # no PHI in the refusal
    assert tree_digest(tmp_path) == before  # nothing half-written


def test_a_change_to_a_real_unsigned_case_without_an_identity_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_case: object
) -> None:
    """A case made before signed audit (no signed entry yet) takes no unsigned entry now."""
    case = make_case("dli-relapsed-aml")  # type: ignore[operator]
    assert "1 of 1 entries signed" not in audit(capsys, case)
    before = case.read_bytes()
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(IDENTITY_ENV)
        for argv in (
            ["case", "answer", case, "dli.relapsed", "no"],
            ["case", "confirm", case],
            ["case", "refer", case, "--note", "please review"],
        ):
            status, _, err = run(capsys, *argv)
            assert status == 2 and "--identity" in one_line(err), argv
    assert case.read_bytes() == before


def test_the_deployment_identity_signs_and_names_each_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], deployment_identity: DeploymentIdentity
) -> None:
    case = tmp_path / "c.umcase"
    assert run(capsys, "case", "import", AML, "-o", case)[0] == 0
    assert run(capsys, "case", "answer", case, "dli.relapsed", "yes")[0] == 0
    out = audit(capsys, case)
    assert "2 of 2 entries signed" in out
    assert deployment_identity.label in out


def test_a_training_case_without_an_identity_is_signed_by_the_training_identity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_identity: None
) -> None:
    case = tmp_path / "t.umcase"
    status, _, err = run(capsys, "case", "import", AML, "-o", case, "--training")
    assert status == 0, err
    status, _, err = run(capsys, "case", "answer", case, "dli.relapsed", "yes")
    assert status == 0, err
    out = audit(capsys, case)
    assert "2 of 2 entries signed" in out and TRAINER in out


def test_a_demo_workspace_is_signed_by_the_training_identity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_identity: None
) -> None:
    status, _, err = run(capsys, "demo", "create", tmp_path / "demo")
    assert status == 0, err
    first = sorted((tmp_path / "demo").glob("*.umcase"))[0]
    out = audit(capsys, first)
    assert "1 of 1 entries signed" in out and TRAINER in out


@pytest.mark.parametrize("identity", [True, False], ids=["with-identity", "without"])
def test_reviewer_app_actor_is_refused_not_recorded(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    identity: bool,
) -> None:
    case = tmp_path / "c.umcase"
    assert run(capsys, "case", "import", AML, "-o", case)[0] == 0
    before = case.read_bytes()
    if not identity:
        monkeypatch.delenv(IDENTITY_ENV)
    monkeypatch.setenv("REVIEWER_APP_ACTOR", "Dr. Real Director, MD (medical_director)")
    status, _, err = run(capsys, "case", "answer", case, "dli.relapsed", "no")
    line = one_line(err)
    assert status == 2 and "REVIEWER_APP_ACTOR no longer names who acts" in line
    assert case.read_bytes() == before
    status, _, err = run(capsys, "case", "import", AML, "-o", tmp_path / "d.umcase")
    assert status == 2 and "REVIEWER_APP_ACTOR" in one_line(err)
    assert not (tmp_path / "d.umcase").exists()
