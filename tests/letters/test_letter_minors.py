"""A member under 18 on the notice date: the letter goes to the parent or guardian (issue 20)."""

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
from reviewer_app.letters.content import LetterData, LetterKind, Signer, demo_organization
from reviewer_app.letters.render import render_letter

from helpers import make_case, open_case

Factory = Callable[..., LetterData]
LETTER_DATE = dt.date(2025, 6, 2)


def text_of(data: LetterData) -> str:
    pages = PdfReader(BytesIO(render_letter(data))).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


def born(letter_factory: Factory, day: dt.date) -> LetterData:
    letter = letter_factory(LetterKind.DENIAL)
    return dataclasses.replace(letter, member=dataclasses.replace(letter.member, date_of_birth=day))


def test_a_ten_year_old_s_letter_goes_to_the_parent_or_guardian(letter_factory: Factory) -> None:
    text = text_of(born(letter_factory, dt.date(2015, 3, 9)))
    assert "To the parent or guardian of Ava Demo" in text
    assert "Dear parent or guardian of Ava Demo," in text
    assert "Dear Ava Demo" not in text
    assert "your child, Ava Demo, who is under 18" in text


@pytest.mark.parametrize(
    ("birthday", "to_guardian"),
    [
        (dt.date(2007, 6, 3), True),  # 18 tomorrow
        (dt.date(2007, 6, 2), False),  # 18 today
        (dt.date(1980, 1, 1), False),
    ],
)
def test_the_age_is_taken_on_the_letter_date(
    letter_factory: Factory, birthday: dt.date, to_guardian: bool
) -> None:
    assert born(letter_factory, birthday).to_guardian is to_guardian


def test_an_adult_is_written_to_by_name(letter_factory: Factory) -> None:
    text = text_of(born(letter_factory, dt.date(1980, 1, 1)))
    assert "Dear Ava Demo," in text and "parent or guardian" not in text


def test_a_child_s_case_builds_a_letter_to_the_guardian(tmp_path: Path) -> None:
    path = make_case(tmp_path, "dli-relapsed-aml", member__date_of_birth="2016-05-20")
    with open_case(path) as case:
        case.confirm(None, "test")
        request = LetterRequest(
            Decision.APPROVE,
            "",
            Signer("Nora Nurse", "RN", "nurse_reviewer"),
            demo_organization(),
            dt.date(2026, 11, 22),
        )
        data = build_letter(case, case.evaluate(), request)
    assert data.to_guardian
    name = data.member.name
    assert f"Dear parent or guardian of {name}," in text_of(data)
