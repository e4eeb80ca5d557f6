"""The demo library, `reviewer-app demo ...`, the demo workspace and the demo identity."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.casefile import determinations as store
from reviewer_app.casefile.importer import import_intake
from reviewer_app.cli import main
from reviewer_app.decisions.rules import Decision, DecisionNotAllowed
from reviewer_app.decisions.service import decide
from reviewer_app.intake.checks import is_hematologic_malignancy, npi_check_digit_ok
from reviewer_app.letters.content import demo_organization
from reviewer_app.resources import resource
from reviewer_app.review.answers import Answer, Reply
from reviewer_app.review.engine import Outcome, State, evaluate
from reviewer_app.training import (
    DemoCase,
    LibraryError,
    WorkspaceError,
    create_demo_workspace,
    demo_identity,
    load_library,
    reset_demo_workspace,
)
from reviewer_app.training.check import reviewed_answers
from reviewer_app.training.workspace import MARKER

from helpers import open_case, registry, tree_digest

ACTOR = "Test Trainee"
DLI_INDICATIONS = {"dli.relapsed", "dli.persistent", "dli.refractory", "dli.high_risk_of_relapse"}


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var, name in (
        ("REVIEWER_APP_CONFIG_DIR", "config"),
        ("REVIEWER_APP_DATA_DIR", "data"),
        ("REVIEWER_APP_LOG_DIR", "logs"),
    ):
        monkeypatch.setenv(var, str(tmp_path / name))


@pytest.fixture(scope="module")
def library() -> list[DemoCase]:
    return list(load_library(registry()))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def copy_demo(tmp_path: Path) -> Path:
    """A writable copy of resources/demo (library and walkthroughs side by side)."""
    dest = tmp_path / "demo"
    shutil.copytree(resource("demo"), dest, ignore=shutil.ignore_patterns("identity"))
    return dest


def edit_json(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2), "utf-8")


# -- the library ------------------------------------------------------------------------


def _profile(case: DemoCase) -> dict[str, Any]:
    """What the engine makes of a case after review, and the intake facts that matter."""
    ev = evaluate(case.criteria, reviewed_answers(case))
    clinical = case.intake.clinical
    return {
        "service": case.service,
        "outcome": ev.outcome,
        "failed": {n.id for n in ev.failed_items},
        "open": {n.id for n in ev.open_items},
        "satisfied": {k for k, r in ev.results.items() if r.state is State.SATISFIED},
        "transplant": clinical.transplant.type if clinical.transplant else None,
        "malignant": any(is_hematologic_malignancy(d.icd10) for d in case.intake.diagnoses),
        "icd10": {d.icd10 for d in case.intake.diagnoses},
        "indication": clinical.indication,
        "chimerism": case.expected_answer("hpc_boost.chimerism_below_100").number
        if case.service == "HPC_BOOST"
        else None,
        "decision": case.key.decision,
        "urgency": case.intake.urgency.value,
        "lob": case.intake.line_of_business.value,
    }


MET, NOT_MET, OPEN = (
    Outcome.CRITERIA_MET,
    Outcome.CRITERIA_NOT_MET,
    Outcome.INSUFFICIENT_INFORMATION,
)

BRANCHES: dict[str, Callable[[dict[str, Any]], bool]] = {
    "DLI met for relapse": lambda p: (
        p["service"] == "DLI" and p["outcome"] is MET and "dli.relapsed" in p["satisfied"]
    ),
    "DLI met for persistent disease": lambda p: (
        p["service"] == "DLI" and p["outcome"] is MET and "dli.persistent" in p["satisfied"]
    ),
    "DLI met for refractory disease": lambda p: (
        p["service"] == "DLI" and p["outcome"] is MET and "dli.refractory" in p["satisfied"]
    ),
    "DLI met for high risk of relapse": lambda p: (
        p["service"] == "DLI"
        and p["outcome"] is MET
        and "dli.high_risk_of_relapse" in p["satisfied"]
    ),
    "DLI after autologous transplant, not met": lambda p: (
        p["service"] == "DLI"
        and p["outcome"] is NOT_MET
        and p["transplant"] == "autologous"
        and p["failed"] == {"dli.allogeneic_hsct"}
    ),
    "DLI to promote engraftment: any other indication": lambda p: (
        p["service"] == "DLI"
        and p["outcome"] is NOT_MET
        and p["indication"] == "promote_engraftment"
        and p["failed"] == DLI_INDICATIONS
    ),
    "DLI for a non-hematologic cancer": lambda p: (
        p["service"] == "DLI"
        and p["outcome"] is NOT_MET
        and "C50.911" in p["icd10"]
        and p["failed"] == {"dli.hematologic_malignancy"}
    ),
    "DLI from a different donor": lambda p: (
        p["service"] == "DLI" and p["outcome"] is NOT_MET and p["failed"] == {"dli.same_donor"}
    ),
    "HPC boost for engraftment after autologous HSCT": lambda p: (
        p["service"] == "HPC_BOOST"
        and p["outcome"] is MET
        and p["transplant"] == "autologous"
        and "hpc_boost.promote_engraftment" in p["satisfied"]
    ),
    "HPC boost after allogeneic HSCT for a non-malignant disease": lambda p: (
        p["service"] == "HPC_BOOST"
        and p["outcome"] is MET
        and p["transplant"] == "allogeneic"
        and not p["malignant"]
        and "hpc_boost.promote_engraftment" in p["satisfied"]
    ),
    "HPC boost at 100% donor chimerism, not met": lambda p: (
        p["service"] == "HPC_BOOST"
        and p["outcome"] is NOT_MET
        and p["chimerism"] == 100
        and "hpc_boost.chimerism_below_100" in p["failed"]
    ),
    "HPC boost with no chimerism result: pend": lambda p: (
        p["service"] == "HPC_BOOST"
        and p["outcome"] is OPEN
        and p["open"] == {"hpc_boost.chimerism_below_100"}
        and p["decision"] is Decision.PEND
    ),
    "expedited Medicare Advantage": lambda p: (
        p["urgency"] == "expedited" and p["lob"] == "medicare_advantage"
    ),
}


def test_library_has_ten_cases_reaching_every_branch(library: list[DemoCase]) -> None:
    assert len(library) >= 10
    profiles = {c.case_id: _profile(c) for c in library}
    reached = {
        name: sorted(cid for cid, p in profiles.items() if test(p))
        for name, test in BRANCHES.items()
    }
    missing = [name for name, cases in reached.items() if not cases]
    assert not missing, f"no demo case reaches: {missing}"
    # Every outcome leads to its decision, and a denial is a medical director's.
    for case in library:
        expected = {MET: Decision.APPROVE, NOT_MET: Decision.DENY, OPEN: Decision.PEND}
        assert case.key.decision is expected[case.key.outcome], case.case_id
        if case.key.decision is Decision.DENY:
            assert case.key.decided_by.value == "medical_director" and case.key.referred


def test_library_is_synthetic_and_ordered(library: list[DemoCase]) -> None:
    ids = [c.case_id for c in library]
    assert ids == [f"DEMO-{i:04d}" for i in range(1, len(ids) + 1)]
    for case in library:
        intake = case.intake
        assert "SYNTHETIC TRAINING CASE" in intake.clinical.notes
        assert intake.member.id == case.case_id.replace("DEMO-", "DEMO-T-")
        assert "Example Road" in intake.member.address.line1
        assert npi_check_digit_ok(intake.requesting_provider.npi), case.case_id
        assert case.title and case.summary and case.key.teaching_note


def test_demo_check_passes(capsys: pytest.CaptureFixture[str], library: list[DemoCase]) -> None:
    status, out, err = run(capsys, "demo", "check")
    assert status == 0, out + err
    lines = [line for line in out.splitlines() if line.startswith("DEMO-")]
    assert len(lines) == len(library)
    assert all(" OK " in line for line in lines)


def test_broken_key_fails_the_check_naming_the_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = copy_demo(tmp_path)

    def wrong_outcome(key: dict[str, Any]) -> None:
        key["outcome"] = "criteria_met"  # DEMO-0005 is not met: autologous transplant

    edit_json(demo / "library" / "DEMO-0005.key.json", wrong_outcome)
    status, out, _ = run(capsys, "demo", "check", "--library", str(demo / "library"))
    assert status == 1
    bad = [line for line in out.splitlines() if "DIFFERS" in line]
    assert len(bad) == 1
    assert bad[0].startswith("DEMO-0005 DIFFERS: outcome: key says criteria_met")
    assert "criteria_not_met" in bad[0]


def test_a_changed_answer_without_finding_is_named(tmp_path: Path) -> None:
    from reviewer_app.training import check_library

    demo = copy_demo(tmp_path)
    edit_json(demo / "library" / "DEMO-0014.key.json", lambda k: k.update(findings={}))
    checks = {c.case_id: c for c in check_library(registry(), demo / "library")}
    assert not checks["DEMO-0014"].ok
    assert "dli.relapsed: the key answers no where the intake gives yes" in (
        checks["DEMO-0014"].line()
    )
    assert all(c.ok for cid, c in checks.items() if cid != "DEMO-0014")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda k: k["deciding"][0]["sources"][0].update(quote="not a policy sentence"),
            "quote not found in block coverage-policy.p1",
        ),
        (lambda k: k["answers"].pop("dli.same_donor"), "answers: missing dli.same_donor"),
        (lambda k: k["answers"].update({"dli.bogus": "yes"}), "unknown criterion 'dli.bogus'"),
        (lambda k: k.update(outcome="maybe"), "field outcome"),
    ],
)
def test_library_loader_names_the_file_and_problem(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    demo = copy_demo(tmp_path)
    edit_json(demo / "library" / "DEMO-0001.key.json", change)
    with pytest.raises(LibraryError) as info:
        load_library(registry(), demo / "library")
    assert "DEMO-0001.key.json" in str(info.value)
    assert message in str(info.value)


def test_library_refuses_an_unlisted_case(tmp_path: Path) -> None:
    demo = copy_demo(tmp_path)
    shutil.copy(demo / "library" / "DEMO-0001.json", demo / "library" / "DEMO-0099.json")
    with pytest.raises(LibraryError, match=r"DEMO-0099\.json: not listed in index\.json"):
        load_library(registry(), demo / "library")


# -- the demo workspace -----------------------------------------------------------------


def test_demo_create_makes_training_cases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], library: list[DemoCase]
) -> None:
    ws = tmp_path / "classroom"
    status, out, err = run(capsys, "demo", "create", str(ws))
    assert status == 0, err
    cases = sorted(ws.glob("*.umcase"))
    assert len(cases) == len(library) >= 10
    assert (ws / MARKER).is_file()
    for path in cases:
        assert path.name in out
        with open_case(path, readonly=True) as case:
            assert case.header.training is True
            assert case.case_id == path.stem
            assert case.status == "draft"


def test_demo_create_refuses_a_folder_with_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "real-work"
    folder.mkdir()
    (folder / "letter.pdf").write_bytes(b"%PDF-1.7 not ours")
    before = tree_digest(folder)
    status, _, err = run(capsys, "demo", "create", str(folder))
    assert status == 2
    assert "not empty and is not a demo workspace" in err
    assert tree_digest(folder) == before


def test_reset_restores_cases_and_leaves_other_files_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "classroom"
    paths = create_demo_workspace(ws, registry())
    pristine = json.loads((ws / MARKER).read_text("utf-8"))["cases"]
    relapse, other = ws / "DEMO-0001.umcase", ws / "DEMO-0002.umcase"
    with open_case(relapse) as case:
        case.confirm(None, ACTOR)
        decide(case, Decision.APPROVE, "", demo_identity(), demo_organization(), _now())
        assert case.status == "decided"
    with open_case(other) as case:
        case.set_answer("dli.persistent", Answer(reply=Reply.NO), ACTOR)
    (ws / "my-notes.txt").write_text("trainer's own notes", "utf-8")
    (ws / "DEMO-0001.umcase.schema1.bak").write_bytes(b"side file of a demo case")
    notes = (ws / "my-notes.txt").read_bytes()

    status, out, err = run(capsys, "demo", "reset", str(ws))
    assert f"Reset {len(paths)} training case(s)" in out
    assert status == 0, err
    assert sorted(ws.glob("*.umcase")) == sorted(paths)
    assert (ws / "my-notes.txt").read_bytes() == notes
    assert not (ws / "DEMO-0001.umcase.schema1.bak").exists()
    assert not list(ws.glob("*.lock"))
    assert json.loads((ws / MARKER).read_text("utf-8"))["cases"] == pristine
    with open_case(relapse, readonly=True) as case:
        assert case.status == "draft"
        assert store.letters(case) == []
        assert case.evaluate().unconfirmed  # pre-filled answers await confirmation again
        assert case.header.training
    with open_case(other, readonly=True) as case:
        assert case.answers()["dli.persistent"].reply is Reply.YES


def test_reset_refuses_while_a_demo_case_is_open(tmp_path: Path) -> None:
    ws = tmp_path / "classroom"
    create_demo_workspace(ws, registry())
    before = tree_digest(ws)
    with (
        open_case(ws / "DEMO-0003.umcase"),
        pytest.raises(WorkspaceError, match=r"DEMO-0003\.umcase is open"),
    ):
        reset_demo_workspace(ws, registry())
    assert {k: v for k, v in tree_digest(ws).items() if not k.endswith(".lock")} == before


def test_reset_refuses_a_folder_that_is_not_a_demo_workspace(tmp_path: Path) -> None:
    (tmp_path / "case.umcase").write_bytes(b"not ours")
    with pytest.raises(WorkspaceError, match="not a demo workspace"):
        reset_demo_workspace(tmp_path, registry())
    assert (tmp_path / "case.umcase").read_bytes() == b"not ours"


# -- the demo identity ------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def test_demo_identity_signs_a_training_case(tmp_path: Path, library: list[DemoCase]) -> None:
    identity = demo_identity()
    assert (identity.name, identity.credentials, identity.role) == ("Demo Trainer", "MD", "trainer")
    assert not identity.self_signed  # issued by the shipped training authority
    relapse = library[0]
    assert relapse.key.outcome is MET and relapse.key.decision is Decision.APPROVE
    path = tmp_path / "DEMO-0001.umcase"
    with import_intake(relapse.intake, path, registry(), ACTOR, training=True) as case:
        case.confirm(None, ACTOR)
        letter = decide(case, Decision.APPROVE, "", identity, demo_organization(), _now())
        assert letter.kind == "approval"
        assert "Demo Trainer" in letter.signer
        assert case.status == "decided"
        assert store.latest_letter(case) is not None


def test_demo_identity_cannot_decide_a_real_case(tmp_path: Path, library: list[DemoCase]) -> None:
    path = tmp_path / "real.umcase"
    with import_intake(library[0].intake, path, registry(), ACTOR, training=False) as case:
        case.confirm(None, ACTOR)
        with pytest.raises(DecisionNotAllowed, match="training cases only"):
            decide(case, Decision.APPROVE, "", demo_identity(), demo_organization(), _now())
        assert store.letters(case) == []


def test_demo_workspace_is_dated_from_its_creation_with_none_overdue(tmp_path: Path) -> None:
    # Issue 22, item 17: none overdue the moment the workspace is made; one due soon.
    now = dt.datetime(2031, 3, 4, 12, 0, tzinfo=dt.UTC)
    paths = create_demo_workspace(tmp_path / "ws", registry(), now=now)
    dues = []
    for path in paths:
        with open_case(path, readonly=True) as case:
            assert now - dt.timedelta(days=3) < case.received_at < now
            dues.append(case.due_at)
    assert min(dues) > now, "a demo case is overdue from the first minute"
    assert min(dues) < now + dt.timedelta(days=4)
