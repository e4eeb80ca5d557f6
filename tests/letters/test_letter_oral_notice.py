"""An expedited Medicare Advantage denial needs its oral notice on record (issue 20, item
2): `case decide` refuses it with one line until `case oral-notice` records who told whom
and when; then the letter says so, and the call is in the audit trail."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from trust_helpers import DENIAL_RATIONALE, PASS, Org

from reviewer_app.cli import main

from helpers import make_case, open_case


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_an_expedited_ma_denial_is_signed_only_after_its_oral_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    monkeypatch.setenv("REVIEWER_APP_CONFIG_DIR", str(config))
    monkeypatch.setenv("REVIEWER_APP_LOG_DIR", str(tmp_path / "logs"))
    (tmp_path / "ids").mkdir()
    org = Org(tmp_path / "ids")
    org.install(config)
    pw = tmp_path / "pw.txt"
    pw.write_bytes(PASS + b"\n")
    doctor = org.issue()
    case = make_case(
        tmp_path, "dli-after-autologous", line_of_business="medicare_advantage",
        urgency="expedited",
    )  # fmt: skip
    assert main(["case", "confirm", str(case)]) == 0
    decide = ("case", "decide", case, "--decision", "deny", "--rationale", DENIAL_RATIONALE,
              "--identity", doctor, "--passphrase-file", pw)  # fmt: skip
    status, _, err = run(capsys, *decide)
    assert status == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "oral notice of the expedited denial (who, when, to whom)" in err

    future = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)).isoformat()
    status, _, err = run(capsys, "case", "oral-notice", case, "--by", "Dr. Riley Sample",
                         "--to", "the member", "--at", future)  # fmt: skip
    assert status == 2 and err.strip().endswith(
        "oral notice: the time of the call is in the future"
    )

    called = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30)
    status, out, _ = run(capsys, "case", "oral-notice", case, "--by", "Dr. Riley Sample",
                         "--to", "the member", "--at", called.isoformat())  # fmt: skip
    assert status == 0 and "the written notice is due by" in out
    status, _, err = run(capsys, *decide)
    assert status == 0, err
    letter = tmp_path / "letter.pdf"
    with open_case(case, readonly=True) as opened:
        actions = [e.action for e in opened.audit_entries()]
        assert actions.index("oral notice") < actions.index("decided")
    status, _, err = run(capsys, "letter", "export", case, "-o", letter)
    assert status == 0, err
    text = " ".join((p.extract_text() or "") for p in PdfReader(BytesIO(letter.read_bytes())).pages)
    assert "We told the member about this decision by telephone on" in " ".join(text.split())
