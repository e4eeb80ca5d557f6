"""Each forgery `letter verify` used to accept is now rejected: exit 1, one line, a reason.

The verifying machine trusts its organization's bundle only. The attacker may write the
case file and the PDF, make certificates and sign with pyHanko directly.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from trust_helpers import (
    DENIAL_RATIONALE,
    PASS,
    Org,
    forge,
    identity,
    independent_validation,
    now,
    utc,
)

from reviewer_app.casefile import determinations as store
from reviewer_app.cli import main
from reviewer_app.decisions.rules import Decision
from reviewer_app.decisions.service import decide
from reviewer_app.decisions.trust import TrustAnchors
from reviewer_app.letters.content import demo_organization
from reviewer_app.letters.identity import create_identity, load_identity

from helpers import make_case, open_case


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(folder))
    monkeypatch.setenv("REVIEWER_APP_LOG_DIR", str(tmp_path / "logs"))
    return folder


@pytest.fixture
def org(tmp_path: Path) -> Org:
    (tmp_path / "ids").mkdir()
    return Org(tmp_path / "ids")


@pytest.fixture
def anchors(org: Org, config: Path) -> TrustAnchors:
    return org.install(config)


def verify(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["letter", "verify", *(str(a) for a in argv)])
    out, err = capsys.readouterr()
    return status, out, err


def rejected(capsys: pytest.CaptureFixture[str], *argv: object) -> str:
    status, out, err = verify(capsys, *argv)
    assert status == 1, (out, err)
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("reviewer-app: error: letter not valid: ")
    return err


def genuine_denial(tmp_path: Path, org: Org, anchors: TrustAnchors) -> tuple[Path, bytes]:
    """A denial decided and signed through the app by an organization-issued MD."""
    case = make_case(tmp_path, "dli-after-autologous")
    _confirm_path(case)
    md = identity(org.issue())
    with open_case(case) as c:
        row = decide(c, Decision.DENY, DENIAL_RATIONALE, md, demo_organization(), now(), anchors)
        assert row.id is not None
        pdf = store.letter_pdf(c, row.id)
    return case, pdf


def export(tmp_path: Path, pdf: bytes, name: str = "letter.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


# -- untouched letters ---------------------------------------------------------------


def test_untouched_denial_verifies_and_pyhanko_agrees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, anchors: TrustAnchors
) -> None:
    case, pdf = genuine_denial(tmp_path, org, anchors)
    letter = export(tmp_path, pdf)
    for argv in ((case,), (letter,), (letter, "--case", case)):
        status, out, err = verify(capsys, *argv)
        assert status == 0, err
        assert "Signer: Dr. Riley Sample, MD" in out and "Role: Medical Director" in out
        assert "Organization: Demo Health Plan" in out and "Verdict: valid" in out
    assert independent_validation(pdf, org, utc())


# -- the forgeries ---------------------------------------------------------------------


def test_planted_certificate_in_the_case_is_not_trust(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], config: Path, org: Org
) -> None:
    """A look-alike "Dr. Mia Director" signs; her certificate sits in signer_cert."""
    case = make_case(tmp_path, "dli-after-autologous")
    _confirm_path(case)
    mia = load_identity(
        create_identity("Dr. Mia Director", "MD", "medical_director", PASS, tmp_path / "mia.p12"),
        PASS,
    )
    with open_case(case) as c:
        forge(c, Decision.DENY, mia)
    # A fresh machine, nothing installed: nothing is trusted.
    assert "self-signed" in rejected(capsys, case)
    # The same with the organization's bundle installed.
    org.install(config)
    assert "self-signed: not valid as a determination" in rejected(capsys, case)


def test_attacker_built_case_with_a_look_alike_authority(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, anchors: TrustAnchors
) -> None:
    """Another CA with the very same name issues "Dr. Mia Director"; the attacker builds
    the case that goes with the letter and passes it as --case."""
    (tmp_path / "evil").mkdir()
    evil = Org(tmp_path / "evil", name=org.name)
    mia = identity(evil.issue("Dr. Mia Director"))
    case = make_case(tmp_path, "dli-after-autologous")
    _confirm_path(case)
    with open_case(case) as c:
        pdf = forge(c, Decision.DENY, mia, validation=evil.validation())
    letter = export(tmp_path, pdf)
    reason = "not issued by this organization's authority"
    assert reason in rejected(capsys, letter, "--case", case)
    assert reason in rejected(capsys, case)
    assert reason in rejected(capsys, letter)


def test_overlay_and_a_second_signature(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, anchors: TrustAnchors
) -> None:
    """A "DENIED" overlay is added in an incremental update, then signed by another
    identity the organization did issue: the first signature no longer covers the letter."""
    _, pdf = genuine_denial(tmp_path, org, anchors)
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    overlay = generic.StreamObject(stream_data=b"BT /F1 72 Tf 100 400 Td (DENIED) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(overlay))
    second = identity(org.issue("Dr. Other Director"))
    meta = signers.PdfSignatureMetadata(
        field_name="Second", subfilter=fields.SigSeedSubFilter.PADES
    )
    out = BytesIO()
    signers.PdfSigner(
        meta, second.signer, new_field_spec=fields.SigFieldSpec("Second", box=(10, 10, 50, 50))
    ).sign_pdf(writer, output=out)
    assert "Modified after signing" in rejected(capsys, export(tmp_path, out.getvalue()))
    # The overlay alone (no second signature) is caught by the difference analysis.
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    writer.add_stream_to_page(0, writer.add_object(overlay))
    alone = BytesIO()
    writer.write(alone)
    assert "Modified after signing" in rejected(capsys, export(tmp_path, alone.getvalue(), "o.pdf"))


def test_nurse_signed_denial(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, anchors: TrustAnchors
) -> None:
    nurse = identity(org.issue("Nora Nurse", "RN", "nurse_reviewer"))
    case = make_case(tmp_path, "dli-after-autologous")
    _confirm_path(case)
    with open_case(case) as c:
        pdf = forge(c, Decision.DENY, nurse, validation=org.validation())
    assert "only a medical director may deny" in rejected(capsys, export(tmp_path, pdf))
    assert "only a medical director may deny" in rejected(capsys, case)


def test_medical_director_without_md_or_do_cannot_deny(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, anchors: TrustAnchors
) -> None:
    rn_director = identity(org.issue("Pat Notadoc", "RN", "medical_director"))
    case = make_case(tmp_path, "dli-after-autologous")
    _confirm_path(case)
    with open_case(case) as c:
        pdf = forge(c, Decision.DENY, rn_director, validation=org.validation())
    assert "without MD or DO" in rejected(capsys, export(tmp_path, pdf))


@pytest.mark.parametrize(
    ("issue", "signed_at", "reason"),
    [
        (dict(issued=utc(-40), valid_days=30), utc(), "after the signer's certificate expired"),
        (
            dict(issued=utc(-1), not_before=utc(10)),
            utc(),
            "before the signer's certificate was valid",
        ),
        (dict(issued=utc(-1)), dt.datetime(2020, 3, 1, 9, tzinfo=dt.UTC), "before the signer"),
    ],
    ids=["expired", "not-yet-valid", "backdated-2020"],
)
def test_signing_time_outside_the_certificate(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    org: Org,
    anchors: TrustAnchors,
    issue: dict[str, object],
    signed_at: dt.datetime,
    reason: str,
) -> None:
    who = identity(org.issue(**issue))  # type: ignore[arg-type]
    case = make_case(tmp_path, "dli-after-autologous")
    _confirm_path(case)
    with open_case(case) as c:
        pdf = forge(c, Decision.DENY, who, signed_at=signed_at)
    assert reason in rejected(capsys, export(tmp_path, pdf))
    assert reason in rejected(capsys, case)


def test_backdated_before_the_case_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, anchors: TrustAnchors
) -> None:
    """Within the certificate's validity, but before the case's audit entry the letter
    was made from: the trail bounds the signing time."""
    who = identity(org.issue(issued=utc(-300), valid_days=900))
    case = make_case(tmp_path, "dli-after-autologous")
    _confirm_path(case)
    with open_case(case) as c:
        pdf = forge(c, Decision.DENY, who, signed_at=utc(-100), validation=None)
    assert "Backdated" in rejected(capsys, case)
    status, _, _ = verify(capsys, export(tmp_path, pdf))
    assert status == 0  # the PDF alone cannot know the case's history; the case can


def _confirm_path(case: Path) -> None:
    """Confirmed as the forger's case is: unsigned entries, before any signed one (a
    signed one would make the forger's unsigned letter entry a change outside the app)."""
    with open_case(case) as c:
        c.confirm(None, "Test Runner (tests)")


def test_overlay_in_a_new_empty_signature_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], org: Org, anchors: TrustAnchors
) -> None:
    """A document timestamp may add a signature field; one that paints over the letter
    is not validation data."""
    _, pdf = genuine_denial(tmp_path, org, anchors)
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    fields.append_signature_field(writer, fields.SigFieldSpec("Cover", box=(50, 300, 550, 500)))
    paint = generic.StreamObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/XObject"),
            generic.NameObject("/Subtype"): generic.NameObject("/Form"),
            generic.NameObject("/BBox"): generic.ArrayObject(
                [generic.FloatObject(v) for v in (0, 0, 500, 200)]
            ),
        },
        stream_data=b"1 1 1 rg 0 0 500 200 re f",
    )
    for ref in writer.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == "Cover":
            field[generic.NameObject("/AP")] = generic.DictionaryObject(
                {generic.NameObject("/N"): writer.add_object(paint)}
            )
            writer.update_container(field)
    out = BytesIO()
    writer.write(out)
    assert "Modified after signing" in rejected(capsys, export(tmp_path, out.getvalue()))
