"""An encrypted case given no passphrase says how to give one (issue 22, item 20), rather
than that the file "may be damaged, or encrypted"."""

from __future__ import annotations

from pathlib import Path

import pytest
from file_helpers import one_line, run

from reviewer_app.casefile.crypto import CaseKey

from helpers import make_case

SECRET = "correct horse battery staple"


@pytest.mark.parametrize(
    "argv",
    [("letter", "export", "{case}", "-o", "{out}"), ("case", "show", "{case}")],
)
def test_an_encrypted_case_without_its_passphrase_says_how_to_give_it(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: tuple[str, ...],
) -> None:
    monkeypatch.delenv("REVIEWER_APP_PASSPHRASE", raising=False)
    case = make_case(tmp_path, key=CaseKey(SECRET))
    out = tmp_path / "letter.pdf"
    status, _, err = run(capsys, *(a.format(case=case, out=out) for a in argv))
    line = one_line(err)
    assert status == 2
    assert "--case-passphrase-file" in line and "REVIEWER_APP_PASSPHRASE" in line
    assert "may be damaged" not in line
    assert not out.exists()


def test_a_damaged_plain_file_is_still_called_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REVIEWER_APP_PASSPHRASE", raising=False)
    case = tmp_path / "odd.umcase"
    case.write_bytes(b"not a database at all" * 10)  # not whole pages: not encrypted-looking
    status, _, err = run(capsys, "case", "show", case)
    assert status == 2 and "--case-passphrase-file" not in one_line(err)
