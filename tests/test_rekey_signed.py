"""Changing the workspace passphrase re-encrypts each real case with an audit entry; on a
case whose trail is signed that entry is signed by the session's identity, and without
one the case is left as it is (an unsigned entry there would read as one added by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest
from file_helpers import AML, run
from trust_helpers import PASS, Org

from reviewer_app.casefile import CaseFile
from reviewer_app.casefile.crypto import CaseKey
from reviewer_app.casefile.workspace_keys import looks_encrypted, rekey_workspace
from reviewer_app.decisions.entry_check import checked_with
from reviewer_app.decisions.entry_trust import IdentitySigner
from reviewer_app.decisions.trust import TrustStore
from reviewer_app.letters.identity import load_identity
from reviewer_app.policy import PolicyRegistry

NEW = CaseKey("a new workspace passphrase")


def test_a_signed_case_is_rekeyed_only_with_an_identity_that_signs_the_entry(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    registry: PolicyRegistry,
) -> None:
    (tmp_path / "ids").mkdir()
    org = Org(tmp_path / "ids")
    config = tmp_path / "config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(config))
    org.install(config)
    (tmp_path / "pass.txt").write_bytes(PASS)
    nurse = org.issue("Nia Nurse", "RN", "nurse_reviewer")
    workspace = tmp_path / "cases"
    workspace.mkdir()
    case = workspace / "c.umcase"
    argv = ["case", "import", AML, "-o", case, "--identity", nurse]
    assert run(capsys, *argv, "--passphrase-file", tmp_path / "pass.txt")[0] == 0

    report = rekey_workspace(workspace, None, NEW, registry, "Pat Rivera, RN")
    assert report.needs_identity == [case] and report.changed == []
    assert not looks_encrypted(case)

    signer = IdentitySigner(load_identity(nurse, PASS))
    report = rekey_workspace(workspace, None, NEW, registry, "Pat Rivera, RN", signer)
    assert report.changed == [case] and looks_encrypted(case)
    check = checked_with(TrustStore(config / "trust").anchors)
    with CaseFile.open(case, registry, readonly=True, key=NEW, entry_check=check) as opened:
        assert opened.chain.ok, opened.chain.problem
        last = opened.audit_entries()[-1]
        assert (last.action, last.actor) == ("rekeyed", "Nia Nurse, RN (nurse_reviewer)")
        assert last.seq in opened.entry_signatures()[0]
