"""An authorized representative named in the intake gets their own signed copy of the
letter (issue 20, item 5): the same decision addressed to them and saying it is a copy,
stored beside the member's letter with the same version, both verifiable and exportable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from trust_helpers import DENIAL_RATIONALE, PASS, Org

from reviewer_app.casefile import determinations as store
from reviewer_app.cli import main
from reviewer_app.ui.case.audit_text import detail_text

from helpers import make_case, open_case

REPRESENTATIVE = {
    "name": "Jordan Sample",
    "relationship": "spouse",
    "address": {
        "line1": "77 Helper Lane",
        "city": "Springfield",
        "state": "ST",
        "postal_code": "00001",
    },
}


@pytest.fixture
def doctor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    config = tmp_path / "config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(config))
    monkeypatch.setenv("REVIEWER_APP_LOG_DIR", str(tmp_path / "logs"))
    (tmp_path / "ids").mkdir()
    org = Org(tmp_path / "ids")
    org.install(config)
    pw = tmp_path / "pw.txt"
    pw.write_bytes(PASS + b"\n")
    return org.issue(), pw


def cli(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def text_of(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def denied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, doctor: tuple[Path, Path], **changes: object
) -> Path:
    case = make_case(tmp_path, "dli-after-autologous", **changes)
    assert main(["case", "confirm", str(case)]) == 0
    status, _, err = cli(
        capsys,
        *("case", "decide", case, "--decision", "deny", "--rationale", DENIAL_RATIONALE),
        *("--identity", doctor[0], "--passphrase-file", doctor[1]),
    )
    assert status == 0, err
    return case


def test_the_representative_gets_a_signed_copy_stored_beside_the_members_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doctor: tuple[Path, Path]
) -> None:
    case = denied(capsys, tmp_path, doctor, authorized_representative=REPRESENTATIVE)
    with open_case(case, readonly=True) as c:
        assert c.chain.ok, c.chain.problem  # the replay expects both letters
        rows = store.letters(c)
        assert [(r.version, r.kind) for r in rows] == [(1, "denial"), (1, "denial")]
        assert store.representative_copies(c) == {rows[1].id}
        assert store.latest_letter(c) == rows[0]  # the member's letter stays the newest
        entry = c.audit_entries()[-1]
        detail = json.loads(entry.detail)
        assert [detail["letter_sha256"], detail["copy_sha256"]] == [r.sha256 for r in rows]
        words = detail_text(entry.action, entry.detail, {})  # the Audit tab's words
        assert "with the authorized representative's signed copy" in words
    member, copy = tmp_path / "member.pdf", tmp_path / "copy.pdf"
    status, out, _ = cli(capsys, "letter", "export", case, "-o", member)
    assert status == 0 and out.strip().endswith(f"(denial) to {member}")
    status, out, _ = cli(capsys, "letter", "export", case, "--representative-copy", "-o", copy)
    assert status == 0 and "(denial, the authorized representative's copy)" in out
    member_text, copy_text = text_of(member), text_of(copy)
    assert "Jordan Sample, authorized representative of" in copy_text
    assert "77 Helper Lane" in copy_text and "77 Helper Lane" not in member_text
    assert "Copy for Jordan Sample, the authorized representative of" in copy_text
    assert "A copy of this letter was sent to your authorized representative, Jordan" in (
        member_text
    )
    # The same decision: the reasons and the rationale read the same in both.
    assert "Only an autologous transplant is documented" in copy_text
    for pdf in (member, copy):
        status, out, err = cli(capsys, "letter", "verify", pdf, "--case", case)
        assert status == 0, err
        assert "Matches the case file." in out and "Role: Medical Director" in out


def test_without_a_representative_there_is_one_letter_and_no_copy_to_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doctor: tuple[Path, Path]
) -> None:
    case = denied(capsys, tmp_path, doctor)
    with open_case(case, readonly=True) as c:
        assert len(store.letters(c)) == 1 and store.representative_copies(c) == set()
    out_pdf = tmp_path / "copy.pdf"
    status, _, err = cli(capsys, "letter", "export", case, "--representative-copy", "-o", out_pdf)
    assert status == 2 and "has no authorized representative's copy" in err
    assert err.count("\n") == 1 and not out_pdf.exists()
