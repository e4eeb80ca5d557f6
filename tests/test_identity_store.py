"""Who may sign which letter (decisions.authorization.signer_problem) and the index of
identities used on this computer (letters.identity_store), which the sign dialog reads to
offer the identity that fits (issue 22, item 9)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from reviewer_app.decisions.authorization import signer_problem
from reviewer_app.decisions.rules import Decision
from reviewer_app.letters.identity import create_identity, load_identity
from reviewer_app.letters.identity_store import INDEX_FILE, IdentityStore
from reviewer_app.review.engine import Outcome

NOT_MET = Outcome.CRITERIA_NOT_MET


@pytest.mark.parametrize(
    ("role", "credentials", "decision", "outcome", "says"),
    [
        ("nurse_reviewer", "RN", Decision.APPROVE, Outcome.CRITERIA_MET, ""),
        ("medical_director", "DO", Decision.DENY, NOT_MET, ""),
        ("medical_director", "M.D., PhD", Decision.APPROVE, NOT_MET, ""),
        ("nurse_reviewer", "RN", Decision.DENY, NOT_MET, "A nurse reviewer cannot deny"),
        ("nurse_reviewer", "RN", Decision.APPROVE, NOT_MET, "only a medical director may"),
        ("medical_director", "RN", Decision.DENY, NOT_MET, "must carry MD or DO"),
        ("medical_director", "RN", Decision.APPROVE, NOT_MET, "Approving against the checklist"),
        ("", "MD", Decision.APPROVE, Outcome.CRITERIA_MET, "grants no role"),
    ],
)
def test_who_may_sign_which_letter(
    role: str, credentials: str, decision: Decision, outcome: Outcome, says: str
) -> None:
    problem = signer_problem(role, credentials, decision, outcome, training=False)
    assert (says in problem) if says else problem == ""
    assert bool(problem) == bool(says)


@pytest.fixture(scope="module")
def two_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("p12")
    nurse = create_identity("Nia Nurse", "RN", "nurse_reviewer", b"pw", folder / "nia.p12")
    doctor = create_identity("Dr. Dee", "MD", "medical_director", b"pw", folder / "dee.p12")
    return nurse, doctor


def test_the_store_remembers_identities_newest_first_owner_only(
    two_files: tuple[Path, Path], tmp_path: Path
) -> None:
    store = IdentityStore(tmp_path / "ids")
    assert store.identities() == []
    for path in (*two_files, two_files[0]):  # the nurse's again: moved first, not doubled
        store.remember(path, load_identity(path, b"pw").cert_der)
    known = IdentityStore(tmp_path / "ids").identities()
    assert [(k.name, k.credentials, k.role) for k in known] == [
        ("Nia Nurse", "RN", "nurse_reviewer"),
        ("Dr. Dee", "MD", "medical_director"),
    ]
    assert known[0].self_signed and known[0].path == two_files[0]
    index = tmp_path / "ids" / INDEX_FILE
    assert stat.S_IMODE(index.stat().st_mode) == 0o600
    rows = json.loads(index.read_text())["identities"]
    assert [sorted(row) for row in rows] == [["certificate", "path"]] * 2  # no key, no secret


def test_a_moved_file_or_a_damaged_index_lists_nothing_wrong(
    two_files: tuple[Path, Path], tmp_path: Path
) -> None:
    store = IdentityStore(tmp_path)
    gone = tmp_path / "gone.p12"
    gone.write_bytes(two_files[1].read_bytes())
    store.remember(gone, load_identity(gone, b"pw").cert_der)
    gone.unlink()
    assert store.identities() == []
    (tmp_path / INDEX_FILE).write_text('{"identities": [{"path": "x", "certificate": "!!"}]}')
    assert store.identities() == []
    store.remember(two_files[0], load_identity(two_files[0], b"pw").cert_der)  # starts anew
    assert [k.name for k in store.identities()] == ["Nia Nurse"]


def test_recording_a_certificate_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    """The record of identities made here is written through a temporary file of its own:
    a link planted where a fixed temporary name would be is not followed."""
    import hashlib

    from reviewer_app.decisions.trust import TrustStore

    outside = tmp_path / "outside.txt"
    outside.write_text("untouched")
    folder = tmp_path / "config" / "made"
    folder.mkdir(parents=True)
    der = b"0\x03\x02\x01\x00"  # the bytes are only stored, never parsed
    name = hashlib.sha256(der).hexdigest()
    (folder / f"{name}.tmp").symlink_to(outside)
    stored = TrustStore(folder).add(der)
    assert stored.read_bytes() == der and not stored.is_symlink()
    assert outside.read_text() == "untouched"
    assert TrustStore(folder).add(der) == stored  # a second record of it is the same file
