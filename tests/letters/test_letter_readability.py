"""Member-facing reason text above reading grade 8 is flagged, never blocked (issue 20,
item 4): the letter check still passes, and `case decide` signs and names the text."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from trust_helpers import PASS, Org

from reviewer_app.cli import main
from reviewer_app.letters.content import LetterData, LetterKind, check_letter
from reviewer_app.letters.readability import reading_grade, reading_warnings

from helpers import make_case

Factory = Callable[..., LetterData]
PLAIN = (
    "The records show you had a transplant of your own cells. This treatment needs cells "
    "from a donor. So the policy does not cover it."
)
DENSE = (
    "Documentation substantiating antecedent allogeneic hematopoietic progenitor cell "
    "transplantation, prerequisite for administration of donor-derived lymphocytes, was "
    "unavailable notwithstanding comprehensive evaluation of the submitted documentation."
)


def test_plain_words_pass_and_dense_ones_are_named(letter_factory: Factory) -> None:
    assert reading_grade(PLAIN) <= 8 < reading_grade(DENSE)
    letter = letter_factory(LetterKind.DENIAL, rationale=PLAIN)
    reasons = tuple(
        dataclasses.replace(c, plain_reason=PLAIN, branches=()) for c in letter.failed_criteria
    )
    plain = dataclasses.replace(letter, failed_criteria=reasons)
    assert reading_warnings(plain) == []
    dense = dataclasses.replace(plain, rationale=DENSE)
    warnings = reading_warnings(dense)
    assert len(warnings) == 1
    assert warnings[0].startswith("the clinical rationale reads at grade ")
    assert check_letter(dense) == []  # a warning, not a block


def test_a_dense_reason_is_named_by_its_criterion(letter_factory: Factory) -> None:
    letter = letter_factory(LetterKind.DENIAL, rationale=PLAIN)
    first = dataclasses.replace(letter.failed_criteria[0], plain_reason=DENSE)
    warnings = reading_warnings(dataclasses.replace(letter, failed_criteria=(first,)))
    assert [w.split(" reads")[0] for w in warnings] == ["the reason for failed criterion 1"]


def test_case_decide_signs_and_warns_about_a_dense_rationale(
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
    case = make_case(tmp_path, "dli-after-autologous")
    assert main(["case", "confirm", str(case)]) == 0
    capsys.readouterr()
    status = main(
        [
            *("case", "decide", str(case), "--decision", "deny", "--rationale", DENSE),
            *("--identity", str(org.issue()), "--passphrase-file", str(pw)),
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "deny signed by" in out
    assert "warning: the clinical rationale reads at grade" in err
