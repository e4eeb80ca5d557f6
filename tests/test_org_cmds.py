"""`org init|issue|revoke|join` from the command line: the administrator's machine makes
the authority and identities, a reviewer's machine joins with the bundle alone."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from cryptography import x509
from trust_helpers import acting_as

from reviewer_app.cli import main
from reviewer_app.decisions.trust import read_bundle
from reviewer_app.letters.identity import load_identity

from helpers import make_case

RATIONALE = (  # at least 20 words (issue 20)
    "Only an autologous transplant is documented; DLI needs lymphocytes from an allogeneic "
    "donor, and this member has no such donor graft."
)

SECRET = b"identity passphrase for tests"


def cli(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def admin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """The administrator's machine after `org init`."""
    config = tmp_path / "admin-config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(config))
    monkeypatch.setenv("REVIEWER_APP_LOG_DIR", str(tmp_path / "logs"))
    files = {"config": config, "key": tmp_path / "ca-key.pem", "capw": tmp_path / "capw"}
    files["capw"].write_bytes(b"the authority's own passphrase\n")
    files["pw"] = tmp_path / "pw"
    files["pw"].write_bytes(SECRET + b"\n")
    assert main(["org", "init", "--name", "Demo Health Plan", "--key", str(files["key"]),
                 "--passphrase-file", str(files["capw"])]) == 0  # fmt: skip
    return files


def issue(
    capsys: pytest.CaptureFixture[str], admin: dict[str, Path], out: Path, *extra: str
) -> str:
    status, stdout, err = cli(
        capsys,
        *("org", "issue", "--name", "Dr. Riley Sample", "--credentials", "MD"),
        *("--role", "medical_director", "--passphrase-file", admin["pw"]),
        *("--ca-key", admin["key"], "--ca-passphrase-file", admin["capw"], "-o", out, *extra),
    )
    assert status == 0, err
    return stdout


def test_init_writes_an_encrypted_private_key_and_the_bundle(
    capsys: pytest.CaptureFixture[str], admin: dict[str, Path]
) -> None:
    key = admin["key"].read_bytes()
    assert key.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert stat.S_IMODE(os.stat(admin["key"]).st_mode) == 0o600
    (ca,), (crl,) = read_bundle(admin["config"])
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert list(crl) == []
    data = json.loads((admin["config"] / "organization.json").read_text("utf-8"))
    assert data["name"] == "Demo Health Plan"
    status, _, err = cli(
        capsys, "org", "init", "--key", admin["key"], "--passphrase-file", admin["capw"]
    )
    assert status == 2 and "already holds an organization authority" in err


def test_issue_then_revoke_by_file_and_by_serial(
    capsys: pytest.CaptureFixture[str], admin: dict[str, Path], tmp_path: Path
) -> None:
    first, second = tmp_path / "md.p12", tmp_path / "md2.p12"
    out = issue(capsys, admin, first, "--npi", "1234567893", "--valid-days", "30")
    assert stat.S_IMODE(os.stat(first).st_mode) == 0o600
    who = load_identity(first, SECRET)
    assert (who.role, who.npi) == ("medical_director", "1234567893")
    assert (who.not_after - who.not_before).days in (29, 30)
    assert "serial" in out
    serial = out.split("serial ")[1].split(",")[0]
    issue(capsys, admin, second)
    status, _, err = cli(
        capsys,
        *("org", "revoke", first, "--passphrase-file", admin["pw"]),
        *("--ca-key", admin["key"], "--ca-passphrase-file", admin["capw"]),
    )
    assert status == 0, err
    status, _, err = cli(
        capsys,
        *("org", "revoke", serial, "--ca-key", admin["key"]),
        *("--ca-passphrase-file", admin["capw"]),
    )
    assert status == 2 and "already revoked" in err
    _, (crl,) = read_bundle(admin["config"])
    assert [entry.serial_number for entry in crl] == [int(serial, 16)]


def test_wrong_authority_passphrase_and_bad_values_are_one_line(
    capsys: pytest.CaptureFixture[str], admin: dict[str, Path], tmp_path: Path
) -> None:
    admin["pw"].write_bytes(b"not the authority's\n")
    status, _, err = cli(
        capsys,
        *("org", "issue", "--name", "X", "--credentials", "MD", "--role", "nurse_reviewer"),
        *("--passphrase-file", admin["pw"], "--ca-key", admin["key"]),
        *("--ca-passphrase-file", admin["pw"], "-o", tmp_path / "x.p12"),
    )
    assert status == 2 and err.count("\n") == 1 and "passphrase is wrong" in err
    status, _, err = cli(
        capsys,
        *("org", "issue", "--name", "X", "--credentials", "MD", "--role", "nurse_reviewer"),
        *("--npi", "12345", "--passphrase-file", admin["pw"], "--ca-key", admin["key"]),
        *("--ca-passphrase-file", admin["capw"], "-o", tmp_path / "x.p12"),
    )
    assert status == 2 and "ten digits" in err
    assert not (tmp_path / "x.p12").exists()


def test_a_reviewer_machine_joins_with_the_bundle_and_then_trusts_its_letters(
    capsys: pytest.CaptureFixture[str],
    admin: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    identity = tmp_path / "md.p12"
    issue(capsys, admin, identity)
    bundle = tmp_path / "handed-over.json"
    bundle.write_bytes((admin["config"] / "organization.json").read_bytes())
    laptop = tmp_path / "laptop-config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(laptop))
    acting_as(monkeypatch, identity, admin["pw"].read_bytes())
    case = make_case(tmp_path, "dli-after-autologous")
    status, _, err = cli(capsys, "case", "confirm", case)
    assert status == 2 and "org join" in err  # nothing installed: no change can be signed
    decide = (
        *("case", "decide", case, "--decision", "deny", "--rationale", RATIONALE),
        *("--identity", identity, "--passphrase-file", admin["pw"]),
    )
    status, _, err = cli(capsys, *decide)
    assert status == 2 and "org join" in err  # nothing installed: refused, says how
    status, out, err = cli(capsys, "org", "join", bundle)
    assert status == 0 and "Demo Health Plan" in out, err
    status, out, err = cli(capsys, "identity", "import", identity, "--passphrase-file", admin["pw"])
    assert status == 0 and "valid until" in out, err
    assert main(["case", "confirm", str(case)]) == 0
    assert cli(capsys, *decide)[0] == 0
    status, out, err = cli(capsys, "letter", "verify", case)
    assert status == 0 and "Organization: Demo Health Plan" in out, err
    not_json = tmp_path / "junk.json"
    not_json.write_text("{")
    status, _, err = cli(capsys, "org", "join", not_json)
    assert status == 2 and err.count("\n") == 1
    assert (laptop / "organization.json").read_bytes() == bundle.read_bytes()  # unchanged


def test_trust_root_adds_a_ca_certificate_to_the_bundle(
    capsys: pytest.CaptureFixture[str],
    admin: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    (ca,), _ = read_bundle(admin["config"])
    pem = tmp_path / "root.pem"
    pem.write_bytes(ca.public_bytes(Encoding.PEM))
    laptop = tmp_path / "laptop-config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(laptop))
    status, out, err = cli(capsys, "identity", "trust-root", pem)
    assert status == 0 and "trust bundle" in out, err
    assert read_bundle(laptop) == ([ca], [])
    assert cli(capsys, "identity", "trust-root", pem)[0] == 0  # once is enough
    assert read_bundle(laptop) == ([ca], [])
    identity = tmp_path / "md.p12"
    issue(capsys, admin, identity)
    status, _, err = cli(capsys, "identity", "import", identity, "--passphrase-file", admin["pw"])
    assert status == 2 and "no revocation list" in err  # a certificate alone is not enough
    pem.write_text("not a certificate")
    status, _, err = cli(capsys, "identity", "trust-root", pem)
    assert status == 2 and err.count("\n") == 1
