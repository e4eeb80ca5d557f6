"""A Spanish member's signed letter from the command line (issue 21): one signed PDF, the
Spanish letter and then its English version; `letter export --language` writes either."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from trust_helpers import acting_as

from reviewer_app.cli import main

from helpers import INTAKE_DIR

PASS = "correct horse battery staple"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def text(path: Path) -> str:
    pages = PdfReader(BytesIO(path.read_bytes())).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


@pytest.fixture
def signed_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    """The shared Spanish example, approved and signed by a nurse reviewer the
    organization's authority issued."""
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("REVIEWER_APP_LOG_DIR", str(tmp_path / "logs"))
    pw, ca_pw = tmp_path / "pw.txt", tmp_path / "ca-pw.txt"
    pw.write_text(PASS + "\n")
    ca_pw.write_text("the organization's CA passphrase\n")
    ca_key, nurse = tmp_path / "ca-key.pem", tmp_path / "rn.p12"
    assert run(capsys, "org", "init", "--key", ca_key, "--passphrase-file", ca_pw)[0] == 0
    issue = ["org", "issue", "--name", "Nora Nurse", "--credentials", "RN"]
    issue += ["--role", "nurse_reviewer", "--passphrase-file", pw, "--ca-key", ca_key]
    assert run(capsys, *issue, "--ca-passphrase-file", ca_pw, "-o", nurse)[0] == 0
    acting_as(monkeypatch, nurse, PASS.encode())
    case = tmp_path / "es.umcase"
    example = INTAKE_DIR / "hpc-boost-mixed-chimerism.json"
    assert run(capsys, "case", "import", example, "-o", case)[0] == 0
    assert run(capsys, "case", "confirm", case)[0] == 0
    status, _out, err = run(
        capsys, "case", "decide", case, "--decision", "approve", "--rationale", "",
        "--identity", nurse, "--passphrase-file", pw,
    )  # fmt: skip
    assert status == 0, err
    return case


def test_export_writes_the_signed_letter_or_either_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], signed_case: Path
) -> None:
    whole = tmp_path / "whole.pdf"
    assert run(capsys, "letter", "export", signed_case, "-o", whole)[0] == 0
    status, out, err = run(capsys, "letter", "verify", whole, "--case", signed_case)
    assert status == 0, err  # one signature covers the Spanish letter and its English version
    letter = text(whole)
    assert letter.index("Aviso de aprobación") < letter.index("Notice of Approval")

    english = tmp_path / "en.pdf"
    status, out, err = run(
        capsys, "letter", "export", signed_case, "-o", english, "--language", "en"
    )
    assert status == 0, err
    assert "en pages" in out and "unsigned extract" in out
    words = text(english)
    assert "English version of the letter sent in Spanish" in words
    assert "We have approved the request" in words and "Aviso de aprobación" not in words

    spanish = tmp_path / "es.pdf"
    assert run(capsys, "letter", "export", signed_case, "-o", spanish, "--language", "es")[0] == 0
    words = text(spanish)
    assert "Hemos aprobado la solicitud" in words and "Notice of Approval" not in words
    assert len(PdfReader(spanish).pages) + len(PdfReader(english).pages) == len(
        PdfReader(whole).pages
    )

    french = tmp_path / "fr.pdf"
    status, out, err = run(
        capsys, "letter", "export", signed_case, "-o", french, "--language", "fr"
    )
    assert status == 2
    assert err.strip().count("\n") == 0 and "no fr version" in err and "Traceback" not in err
    assert not french.exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_signature_stamp_speaks_the_letters_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], signed_case: Path
) -> None:
    whole = tmp_path / "whole.pdf"
    assert run(capsys, "letter", "export", signed_case, "-o", whole)[0] == 0
    out = subprocess.run(
        ["pdftotext", str(whole), "-"], capture_output=True, text=True, check=True
    ).stdout
    for line in (
        "Firmado digitalmente por Nora Nurse, RN",
        "Función: Enfermero(a) revisor(a)",
        "Significado: Aprobación",
        "Certificado emitido a nombre del firmante",
    ):
        assert line in out
    assert "Digitally signed" not in out
    status, _out, err = run(capsys, "letter", "verify", whole)
    assert status == 0, err
    # The signature's own /Reason stays the English meaning that verification reads.
    assert PdfReader(whole).get_fields()["ReviewerSignature"]["/V"]["/Reason"] == "Approval"
