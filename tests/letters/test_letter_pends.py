"""Requests for information that follow the law and do not threaten (issue 20)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from reviewer_app.decisions.letter_builder import LetterRequest, build_letter
from reviewer_app.decisions.rules import Decision
from reviewer_app.letters.content import (
    LetterData,
    LetterKind,
    Signer,
    check_letter,
    demo_organization,
)
from reviewer_app.letters.render import render_letter

from helpers import make_case, open_case

Factory = Callable[..., LetterData]
LETTER_DATE = dt.date(2026, 11, 22)
THREATS = ("could then be denied", "will be denied", "may be denied", "could be denied")


def text_of(data: LetterData) -> str:
    pages = PdfReader(BytesIO(render_letter(data))).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


def pend_of(tmp_path: Path, **changes: object) -> LetterData:
    path = make_case(
        tmp_path, "hpc-boost-mixed-chimerism", clinical__chimerism_percent_donor=None, **changes
    )
    with open_case(path) as case:
        case.confirm(None, "test")
        request = LetterRequest(
            Decision.PEND,
            "",
            Signer("Nora Nurse", "RN", "nurse_reviewer"),
            demo_organization(),
            LETTER_DATE,
        )
        return build_letter(case, case.evaluate(), request)


def test_a_standard_commercial_pend_gives_45_days_and_the_decision_date(tmp_path: Path) -> None:
    data = pend_of(tmp_path, urgency="standard")
    assert data.respond_by == dt.date(2027, 1, 6)  # 45 days after November 22, 2026
    assert check_letter(data) == []
    text = text_of(data)
    assert "Please send it by January 6, 2027." in text
    assert "within 15 days of receiving the information, and no later than January 21, 2027" in (
        text
    )
    assert not any(threat in text for threat in THREATS)


def test_an_urgent_commercial_pend_gives_48_hours_and_decides_48_hours_after(
    tmp_path: Path,
) -> None:
    data = pend_of(tmp_path)  # the example is expedited
    assert data.respond_by == dt.date(2026, 11, 24)
    text = text_of(data)
    assert "Please send it by November 24, 2026." in text
    assert "within 48 hours of receiving the information, and no later than November 26" in text
    assert not any(threat in text for threat in THREATS)


@pytest.mark.parametrize(
    ("urgency", "days", "shortfall"), [("standard", 44, "45 days"), ("expedited", 1, "48 hours")]
)
def test_a_commercial_pend_with_too_little_time_is_refused_by_the_letter_check(
    letter_factory: Factory, urgency: str, days: int, shortfall: str
) -> None:
    letter = letter_factory(LetterKind.PEND, urgency=urgency)
    short = dataclasses.replace(letter, respond_by=letter.letter_date + dt.timedelta(days=days))
    assert f"respond-by date (at least {shortfall} after the letter date)" in check_letter(short)


def test_medicare_advantage_keeps_its_14_day_extension(letter_factory: Factory) -> None:
    letter = letter_factory(
        LetterKind.PEND,
        line_of_business="medicare_advantage",
        respond_by=dt.date(2025, 6, 16),
        extension_reason="the records asked for could show the request meets the policy.",
    )
    assert check_letter(letter) == []
    assert "no later than June 16, 2025" in text_of(letter)
