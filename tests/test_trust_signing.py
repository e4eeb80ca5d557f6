"""Who may sign comes from the certificate: organization-issued, valid, unrevoked, with the
role and credentials the decision needs; self-signed identities sign training cases only.
And long-term validation: a letter is judged at its signing time, with the clock ours."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import pytest
from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pypdf import PdfReader
from trust_helpers import (
    DENIAL_RATIONALE,
    PASS,
    Org,
    forge,
    identity,
    independent_validation,
    unsigned_letter,
    utc,
)

from reviewer_app.casefile.importer import import_intake
from reviewer_app.cli import main
from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.service import decide
from reviewer_app.intake import parse_intake
from reviewer_app.letters.content import demo_organization
from reviewer_app.letters.identity import create_identity, load_identity
from reviewer_app.letters.signing import sign_letter
from reviewer_app.letters.stamp import TRAINING_MARK

from helpers import intake_data, make_case, open_case, registry


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(folder))
    monkeypatch.setenv("REVIEWER_APP_LOG_DIR", str(tmp_path / "logs"))
    return folder


@pytest.fixture
def org(tmp_path: Path, config: Path) -> Org:
    (tmp_path / "ids").mkdir()
    organization = Org(tmp_path / "ids")
    organization.install(config)
    return organization


@pytest.fixture
def pw(tmp_path: Path) -> Path:
    path = tmp_path / "pw.txt"
    path.write_bytes(PASS + b"\n")
    return path


def cli(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def deny(capsys: pytest.CaptureFixture[str], tmp_path: Path, who: Path, pw: Path) -> str:
    """`case decide --decision deny` with ``who``: refused with exit 2 and one line."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    case = make_case(tmp_path, "dli-after-autologous")
    assert main(["case", "confirm", str(case)]) == 0
    status, out, err = cli(
        capsys,
        *("case", "decide", case, "--decision", "deny", "--rationale", DENIAL_RATIONALE),
        *("--identity", who, "--passphrase-file", pw),
    )
    assert status == 2 and err.count("\n") == 1 and "Traceback" not in err, (out, err)
    with open_case(case, readonly=True) as c:
        assert c.status != "decided"
    return err


def test_organization_md_denial_is_stored_and_verifies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, pw: Path
) -> None:
    case = make_case(tmp_path, "dli-after-autologous")
    assert main(["case", "confirm", str(case)]) == 0
    status, _, err = cli(
        capsys,
        *("case", "decide", case, "--decision", "deny", "--rationale", DENIAL_RATIONALE),
        *("--identity", org.issue(), "--passphrase-file", pw),
    )
    assert status == 0, err
    letter = tmp_path / "letter.pdf"
    assert cli(capsys, "letter", "export", case, "-o", letter)[0] == 0
    status, out, err = cli(capsys, "letter", "verify", letter)
    assert status == 0, err
    assert "Role: Medical Director" in out
    assert independent_validation(letter.read_bytes(), org, utc())


def test_self_signed_medical_director_is_training_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, pw: Path
) -> None:
    made = tmp_path / "self.p12"
    status, out, _ = cli(
        capsys,
        *("identity", "create", "--name", "Dr. Riley Sample", "--credentials", "MD"),
        *("--role", "medical_director", "--passphrase-file", pw, "-o", made),
    )
    assert status == 0 and "training cases only" in out
    err = deny(capsys, tmp_path / "refused", made, pw)
    assert "training cases only" in err and "org issue" in err
    # A letter it signed before (an existing case file) verifies as what it is.
    case = make_case(tmp_path, "dli-after-autologous")
    with open_case(case) as c:
        forge(c, Decision.DENY, identity(made))
    status, _, err = cli(capsys, "letter", "verify", case)
    assert status == 1 and "self-signed: not valid as a determination" in err


def test_rn_with_a_forged_medical_director_role_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, pw: Path
) -> None:
    self_made = create_identity("Pat Notadoc", "RN", "medical_director", PASS, tmp_path / "a.p12")
    assert "training cases only" in deny(capsys, tmp_path / "x", self_made, pw)
    (tmp_path / "evil").mkdir()
    evil = Org(tmp_path / "evil", name=org.name)  # a look-alike authority
    look_alike = evil.issue("Pat Notadoc", "RN", "medical_director")
    assert "not issued by this machine's organization authority" in deny(
        capsys, tmp_path / "y", look_alike, pw
    )
    # Even the organization's own authority cannot make an RN sign a denial.
    mistake = org.issue("Pat Notadoc", "RN", "medical_director")
    assert "MD or DO" in deny(capsys, tmp_path / "z", mistake, pw)
    nurse = org.issue("Nora Nurse", "RN", "nurse_reviewer")
    assert "cannot deny" in deny(capsys, tmp_path / "w", nurse, pw)


def test_expired_revoked_and_foreign_identities_are_refused_at_signing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, config: Path, pw: Path
) -> None:
    expired = org.issue(issued=utc(-40), valid_days=30)
    assert "expired" in deny(capsys, tmp_path / "a", expired, pw)
    early = org.issue(not_before=utc(3))
    assert "not valid until" in deny(capsys, tmp_path / "b", early, pw)
    revoked = org.issue()
    org.revoke(revoked, utc(-1))
    org.install(config)  # the CRL reaches this machine with the bundle
    assert "revoked" in deny(capsys, tmp_path / "c", revoked, pw)
    (tmp_path / "other").mkdir()
    other = Org(tmp_path / "other", name="Other Health Plan").issue()
    assert "not issued by this machine's organization authority" in deny(
        capsys, tmp_path / "d", other, pw
    )


def test_a_letter_signed_before_expiry_verifies_after_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org
) -> None:
    """Issued 40 days ago for 30 days, signed 35 days ago: expired now, valid then."""
    md = identity(org.issue(issued=utc(-40), valid_days=30))
    signed_at = utc(-35)
    with open_case(make_case(tmp_path, "dli-after-autologous")) as case:
        pdf, meaning = unsigned_letter(case, Decision.DENY, md)
    signed = sign_letter(pdf, md, meaning=meaning, signed_at=signed_at, validation=org.validation())
    letter = tmp_path / "l.pdf"
    letter.write_bytes(signed)
    status, out, err = cli(capsys, "letter", "verify", letter)
    assert status == 0, err
    assert f"Signed: {signed_at:%Y-%m-%d %H:%M:%S}" in out
    assert independent_validation(signed, org, signed_at)
    assert not independent_validation(signed, org, utc())  # the clock is what matters
    dss = DocumentSecurityStore.read_dss(PdfFileReader(BytesIO(signed)))
    assert len(list(dss.load_certs())) >= 2 and len(dss.crls) == 1  # chain and CRL inside


def test_revocation_after_signing_keeps_the_letter_signing_after_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, config: Path
) -> None:
    path = org.issue(issued=utc(-60), valid_days=365)
    md = identity(path)
    with open_case(make_case(tmp_path, "dli-after-autologous")) as case:
        pdf, meaning = unsigned_letter(case, Decision.DENY, md)
    before = sign_letter(pdf, md, meaning=meaning, signed_at=utc(-20))
    after = sign_letter(pdf, md, meaning=meaning, signed_at=utc(-5))
    org.revoke(path, utc(-10))
    org.install(config)
    (tmp_path / "before.pdf").write_bytes(before)
    (tmp_path / "after.pdf").write_bytes(after)
    assert cli(capsys, "letter", "verify", tmp_path / "before.pdf")[0] == 0
    status, _, err = cli(capsys, "letter", "verify", tmp_path / "after.pdf")
    assert status == 1 and "revoked" in err


def test_validation_data_added_in_a_later_revision_is_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org
) -> None:
    """What an archive's LTV step does: only a DSS update after the signature."""
    md = identity(org.issue())
    with open_case(make_case(tmp_path, "dli-after-autologous")) as case:
        pdf, meaning = unsigned_letter(case, Decision.DENY, md)
    signed = sign_letter(pdf, md, meaning=meaning, signed_at=utc(-1))
    assert b"/DSS" not in signed
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    DocumentSecurityStore.supply_dss_in_writer(
        writer,
        None,
        certs=[asn1_x509.Certificate.load(org.authority.cert.public_bytes(Encoding.DER))],
        crls=[asn1_crl.CertificateList.load(org.crl().public_bytes(Encoding.DER))],
    )
    out = BytesIO()
    writer.write(out)
    extended = out.getvalue()
    assert len(extended) > len(signed)
    (tmp_path / "ltv.pdf").write_bytes(extended)
    status, _, err = cli(capsys, "letter", "verify", tmp_path / "ltv.pdf")
    assert status == 0, err


def _stamp_text(pdf: bytes) -> bytes:
    """The signature appearance's content (pyHanko writes each line's ActualText)."""
    embedded = PdfFileReader(BytesIO(pdf)).embedded_signatures[0]
    return bytes(embedded.sig_field["/AP"]["/N"].data)


def test_self_signed_identity_signs_a_training_case_with_a_visible_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org
) -> None:
    made = create_identity("Tara Trainee", "MD", "medical_director", PASS, tmp_path / "t.p12")
    trainee = load_identity(made, PASS)
    path = tmp_path / "training.umcase"
    intake = parse_intake(intake_data("dli-after-autologous"))
    with import_intake(intake, path, registry(), "test", training=True) as case:
        case.confirm(None, "test")
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        row = decide(case, Decision.DENY, DENIAL_RATIONALE, trainee, demo_organization(), now)
        assert row.id is not None
    status, _, err = cli(capsys, "letter", "verify", path)
    assert status == 1 and "self-signed: not valid as a determination" in err
    letter = tmp_path / "training.pdf"
    assert cli(capsys, "letter", "export", path, "-o", letter)[0] == 0
    # "TRAINING — NOT A DETERMINATION" opens the stamp (the dash in PDFDocEncoding)...
    assert TRAINING_MARK == "TRAINING — NOT A DETERMINATION"
    assert b"(TRAINING \\204 NOT A DETERMINATION)" in _stamp_text(letter.read_bytes())
    # ...and the page carries the training watermark beside it.
    text = " ".join(page.extract_text() for page in PdfReader(letter).pages)
    assert "TRAINING — NOT A" in text


def test_an_organization_letter_has_no_training_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org
) -> None:
    md = identity(org.issue())
    with open_case(make_case(tmp_path, "dli-after-autologous")) as case:
        pdf, meaning = unsigned_letter(case, Decision.DENY, md)
    signed = sign_letter(pdf, md, meaning=meaning, signed_at=utc(), validation=org.validation())
    assert b"TRAINING" not in _stamp_text(signed)
    assert b"Certificate issued to the signer" in _stamp_text(signed)


def test_the_training_authority_signs_training_letters_that_are_never_determinations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org
) -> None:
    from reviewer_app.decisions.trust import TrustAnchors
    from reviewer_app.letters.verify import Verdict, verify_letter
    from reviewer_app.training import demo_identity

    trainer = demo_identity()
    assert not trainer.self_signed and trainer.role == "trainer"
    path = tmp_path / "training.umcase"
    intake = parse_intake(intake_data("dli-relapsed-aml"))
    with import_intake(intake, path, registry(), "test", training=True) as case:
        case.confirm(None, "test")
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        row = decide(case, Decision.APPROVE, "", trainer, demo_organization(), now)
        assert row.id is not None
    status, _, err = cli(capsys, "letter", "verify", path)
    assert status == 1 and "training authority" in err and "not a determination" in err
    letter = tmp_path / "training.pdf"
    assert cli(capsys, "letter", "export", path, "-o", letter)[0] == 0
    classroom = verify_letter(letter.read_bytes(), TrustAnchors(), training=True)
    assert classroom.ok and classroom.verdict is Verdict.TRAINING
    # Without the training authority (another build, say) it is simply not trusted.
    bare = verify_letter(letter.read_bytes(), TrustAnchors(training_roots=()), training=True)
    assert not bare.ok
