"""Decide, sign, store, export and verify: the whole letter path from the command line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from trust_helpers import acting_as

from reviewer_app.casefile import determinations as store
from reviewer_app.cli import main
from reviewer_app.decisions.rules import Decision, Role, allowed_decisions
from reviewer_app.review.engine import Outcome

from helpers import INTAKE_DIR, make_case, open_case, tree_digest

PASS = "correct horse battery staple"
# A rationale needs at least 20 words (issue 20).
AUTOLOGOUS = (
    "Only an autologous transplant is documented. DLI uses lymphocytes from the donor of an "
    "allogeneic transplant, so this member has no donor graft to draw them from."
)


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(folder))
    monkeypatch.setenv("REVIEWER_APP_LOG_DIR", str(tmp_path / "logs"))
    return folder


@pytest.fixture
def ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, Path]:
    """Identities issued by the organization's authority (`org init`, `org issue`); the
    nurse's is the command line's identity (``REVIEWER_APP_IDENTITY``)."""
    folder = tmp_path / "ids"
    folder.mkdir()
    pw = folder / "pw.txt"
    pw.write_text(PASS + "\n")
    ca_pw = folder / "ca-pw.txt"
    ca_pw.write_text("the organization's CA passphrase\n")
    ca_key = folder / "ca-key.pem"
    assert main(["org", "init", "--key", str(ca_key), "--passphrase-file", str(ca_pw)]) == 0
    out = {"pw": pw}
    for key, name, creds, role in [
        ("md", "Dr. Riley Sample", "MD", "medical_director"),
        ("rn", "Nora Nurse", "RN", "nurse_reviewer"),
    ]:
        out[key] = folder / f"{key}.p12"
        status = main(
            [
                "org",
                "issue",
                "--name",
                name,
                "--credentials",
                creds,
                "--role",
                role,
                "--passphrase-file",
                str(pw),
                "--ca-key",
                str(ca_key),
                "--ca-passphrase-file",
                str(ca_pw),
                "-o",
                str(out[key]),
            ]
        )
        assert status == 0
    capsys.readouterr()
    acting_as(monkeypatch, out["rn"], PASS.encode())
    return out


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def decide(
    capsys: pytest.CaptureFixture[str],
    case: Path,
    decision: str,
    who: Path,
    pw: Path,
    rationale: str = "",
) -> tuple[int, str, str]:
    return run(
        capsys,
        "case",
        "decide",
        case,
        "--decision",
        decision,
        "--rationale",
        rationale,
        "--identity",
        who,
        "--passphrase-file",
        pw,
    )


def test_role_rules() -> None:
    nurse, md = Role.NURSE_REVIEWER, Role.MEDICAL_DIRECTOR
    assert allowed_decisions(nurse, Outcome.CRITERIA_MET, training=False) == [
        Decision.APPROVE,
        Decision.REFER,
    ]
    assert allowed_decisions(nurse, Outcome.CRITERIA_NOT_MET, training=False) == [Decision.REFER]
    assert allowed_decisions(nurse, Outcome.INSUFFICIENT_INFORMATION, training=False) == [
        Decision.PEND,
        Decision.REFER,
    ]
    assert allowed_decisions(md, Outcome.CRITERIA_NOT_MET, training=False) == [
        Decision.APPROVE,
        Decision.DENY,
    ]
    assert Decision.DENY not in allowed_decisions(
        md, Outcome.INSUFFICIENT_INFORMATION, training=False
    )
    assert allowed_decisions(Role.TRAINER, Outcome.CRITERIA_MET, training=False) == []


@pytest.mark.parametrize(
    ("name", "decision", "who", "rationale", "kind"),
    [
        ("dli-relapsed-aml", "approve", "rn", "", "approval"),
        ("hpc-boost-mixed-chimerism", "approve", "rn", "", "approval"),
        (
            "dli-after-autologous",
            "deny",
            "md",
            AUTOLOGOUS,
            "denial",
        ),
    ],
)
def test_full_path_for_each_example(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    ids: dict[str, Path],
    name: str,
    decision: str,
    who: str,
    rationale: str,
    kind: str,
) -> None:
    case = tmp_path / f"{name}.umcase"
    assert run(capsys, "case", "import", INTAKE_DIR / f"{name}.json", "-o", case)[0] == 0
    assert run(capsys, "case", "confirm", case)[0] == 0
    status, out, err = decide(capsys, case, decision, ids[who], ids["pw"], rationale)
    assert status == 0, err
    letter = tmp_path / "letter.pdf"
    assert run(capsys, "letter", "export", case, "-o", letter)[0] == 0
    assert letter.read_bytes().startswith(b"%PDF")
    status, out, err = run(capsys, "letter", "verify", case)
    assert status == 0, err
    assert "Valid" in out
    status, out, err = run(capsys, "letter", "verify", letter, "--case", case)
    assert status == 0, err
    with open_case(case, readonly=True) as c:
        assert c.status == "decided"
        row = store.latest_letter(c)
        assert row is not None and row.kind == kind
        det = store.current_determination(c)
        assert det is not None and det.locked and det.decided_by and det.credentials and det.role


def test_pyhanko_reports_intact_and_valid(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    ids: dict[str, Path],
    isolated_config: Path,
) -> None:
    from cryptography.hazmat.primitives import serialization
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from reviewer_app.decisions.trust import read_bundle

    case = make_case(tmp_path)
    run(capsys, "case", "confirm", case)
    decide(capsys, case, "approve", ids["rn"], ids["pw"])
    letter = tmp_path / "l.pdf"
    run(capsys, "letter", "export", case, "-o", letter)
    (ca,), _ = read_bundle(isolated_config)  # the organization's CA, nothing from the case
    ca_file = tmp_path / "ca.der"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.DER))
    with letter.open("rb") as fh:
        sig = PdfFileReader(fh).embedded_signatures[0]
        status = validate_pdf_signature(
            sig,
            ValidationContext(
                trust_roots=[load_cert_from_pemder(str(ca_file))], allow_fetching=False
            ),
        )
    assert status.intact and status.valid and status.bottom_line


def test_nurse_cannot_deny(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ids: dict[str, Path]
) -> None:
    case = make_case(tmp_path, "dli-after-autologous")
    run(capsys, "case", "confirm", case)
    before = tree_digest(tmp_path)
    status, _, err = decide(capsys, case, "deny", ids["rn"], ids["pw"], "no")
    assert status == 2
    assert "a medical director must decide" in err
    with open_case(case, readonly=True) as c:
        assert store.letters(c) == [] and c.status != "decided"
    assert tree_digest(tmp_path) == before


def test_unconfirmed_answers_block_a_decision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ids: dict[str, Path]
) -> None:
    case = make_case(tmp_path)
    status, _, err = decide(capsys, case, "approve", ids["rn"], ids["pw"])
    assert status == 2 and "not confirmed" in err


def test_flipped_byte_in_a_stored_letter_is_detected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ids: dict[str, Path]
) -> None:
    case = make_case(tmp_path)
    run(capsys, "case", "confirm", case)
    decide(capsys, case, "approve", ids["rn"], ids["pw"])
    conn = sqlite3.connect(case)
    pdf = bytearray(conn.execute("SELECT pdf FROM letter").fetchone()[0])
    pdf[len(pdf) // 2] ^= 0x01
    conn.execute("UPDATE letter SET pdf = ?", (bytes(pdf),))
    conn.commit()
    conn.close()
    status, _, err = run(capsys, "letter", "verify", case)
    assert status == 1
    assert "does not match its recorded SHA-256" in err
    status, _, err = run(capsys, "letter", "export", case, "-o", tmp_path / "x.pdf")
    assert status == 1 and not (tmp_path / "x.pdf").exists()


def test_tampered_exported_pdf_fails_verification(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ids: dict[str, Path]
) -> None:
    case = make_case(tmp_path)
    run(capsys, "case", "confirm", case)
    decide(capsys, case, "approve", ids["rn"], ids["pw"])
    letter = tmp_path / "l.pdf"
    run(capsys, "letter", "export", case, "-o", letter)
    data = bytearray(letter.read_bytes())
    idx = data.find(b"Ava Demo")
    data[idx] = ord("E")
    letter.write_bytes(bytes(data))
    status, _, err = run(capsys, "letter", "verify", letter)
    assert status == 1 and "not valid" in err
    status, _, err = run(capsys, "letter", "verify", letter, "--case", case)
    assert status == 1 and "does not match any letter" in err


def test_pend_letter_for_missing_information(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ids: dict[str, Path]
) -> None:
    # standard: an urgent request pended weeks after receipt is refused (24-hour notice)
    case = make_case(
        tmp_path,
        "hpc-boost-mixed-chimerism",
        clinical__chimerism_percent_donor=None,
        urgency="standard",
    )
    run(capsys, "case", "confirm", case)
    status, _, err = decide(capsys, case, "pend", ids["rn"], ids["pw"])
    assert status == 0, err
    with open_case(case, readonly=True) as c:
        assert c.status == "in_review"  # a pend is not a final determination
        assert store.latest_letter(c).kind == "pend"  # type: ignore[union-attr]


def test_decided_case_is_locked_until_a_medical_director_reopens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ids: dict[str, Path]
) -> None:
    case = make_case(tmp_path, "dli-after-autologous")
    run(capsys, "case", "confirm", case)
    assert decide(capsys, case, "deny", ids["md"], ids["pw"], AUTOLOGOUS)[0] == 0
    by_nurse = ["--identity", ids["rn"], "--passphrase-file", ids["pw"]]  # its trail is signed
    status, _, err = run(capsys, "case", "answer", case, "dli.allogeneic_hsct", "yes", *by_nurse)
    assert status == 2 and "must reopen" in err
    status, _, err = run(
        capsys,
        "case",
        "reopen",
        case,
        "--reason",
        "records show a later allo HSCT",
        "--identity",
        ids["rn"],
        "--passphrase-file",
        ids["pw"],
    )
    assert status == 2 and "Only a medical director" in err
    status, _, err = run(
        capsys,
        "case",
        "reopen",
        case,
        "--reason",
        "records show a later allo HSCT",
        "--identity",
        ids["md"],
        "--passphrase-file",
        ids["pw"],
    )
    assert status == 0, err
    assert run(capsys, "case", "answer", case, "dli.allogeneic_hsct", "yes", *by_nurse)[0] == 0
    status, _, err = decide(
        capsys, case, "approve", ids["md"], ids["pw"], "Overturned on new records: " + AUTOLOGOUS
    )
    assert status == 0, err
    with open_case(case, readonly=True) as c:
        rows = store.letters(c)
        assert [r.version for r in rows] == [2, 1]
        assert rows[0].supersedes_id == rows[1].id
        assert c.status == "decided"
    status, out, _ = run(capsys, "case", "audit", case)
    assert status == 0 and "reopened" in out


def test_rewritten_trail_no_longer_matches_the_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ids: dict[str, Path]
) -> None:
    case = make_case(tmp_path)
    run(capsys, "case", "confirm", case)
    decide(capsys, case, "approve", ids["rn"], ids["pw"])
    conn = sqlite3.connect(case)
    conn.execute("UPDATE audit SET actor = 'someone else' WHERE seq = 1")
    conn.commit()
    conn.close()
    status, _, err = run(capsys, "letter", "verify", case)
    assert status == 1 and "audit trail is broken" in err


def _pdf_text(pdf: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages)


def test_denial_letter_names_the_criterion_quotes_the_policy_and_its_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ids: dict[str, Path]
) -> None:
    case = make_case(tmp_path, "dli-after-autologous")
    run(capsys, "case", "confirm", case)
    decide(capsys, case, "deny", ids["md"], ids["pw"], AUTOLOGOUS)
    letter = tmp_path / "denial.pdf"
    run(capsys, "letter", "export", case, "-o", letter)
    text = _pdf_text(letter)
    for expected in [
        "Prior allogeneic HSCT — not met",
        "only after an allogeneic stem cell transplant",
        "considered medically necessary following an allogeneic hematopoietic stem cell",
        "Coverage Policy 0261, Donor Lymphocyte Infusion and HPC Boost, effective 2025-05-15",
        "Coverage Policy",  # the section the sentence comes from
        "Only an autologous transplant is documented.",  # the rationale, in the letter
        "Dr. Riley Sample, MD",
        "Cora Fixture",
        "DEMO-M-0003",
        "UM-2026-100003",
        "C90.02",
        "180 days",
    ]:
        assert expected in text, expected


def test_any_other_indication_is_one_reason_with_the_closing_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ids: dict[str, Path]
) -> None:
    case = make_case(tmp_path, clinical__indication="promote_engraftment")
    run(capsys, "case", "confirm", case)
    engraftment = (
        "The request states that the infusion is to promote engraftment, which is not relapsed, "
        "persistent or refractory disease and not a high risk of relapse."
    )
    assert decide(capsys, case, "deny", ids["md"], ids["pw"], engraftment)[0] == 0
    letter = tmp_path / "denial.pdf"
    run(capsys, "letter", "export", case, "-o", letter)
    text = _pdf_text(letter)
    assert text.count("— not met") == 1
    assert (
        "DLI and HPC boost are considered not medically necessary for any other indication." in text
    )


@pytest.mark.parametrize("rationale", ["x", "Autologous only."])
def test_a_rationale_under_20_words_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ids: dict[str, Path], rationale: str
) -> None:
    case = make_case(tmp_path, "dli-after-autologous")
    run(capsys, "case", "confirm", case)
    status, out, err = decide(capsys, case, "deny", ids["md"], ids["pw"], rationale)
    assert status == 2
    assert not out.strip() and len(err.strip().splitlines()) == 1
    assert "write at least 20" in err
    with open_case(case, readonly=True) as c:
        assert store.latest_letter(c) is None
