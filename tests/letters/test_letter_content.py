"""check_letter names every empty required element, and the appeal windows are right."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from reviewer_app.letters.content import (
    APPEAL_RULES,
    LetterData,
    LetterKind,
    MissingItem,
    Signer,
    check_letter,
)

Factory = Callable[..., LetterData]


@pytest.mark.parametrize("kind", list(LetterKind))
def test_complete_letter_has_nothing_missing(letter_factory: Factory, kind: LetterKind) -> None:
    assert check_letter(letter_factory(kind)) == []


def _without_org(field: str) -> Callable[[LetterData], dict[str, Any]]:
    def change(letter: LetterData) -> dict[str, Any]:
        blank: Any = () if field.endswith("lines") else ""
        return {"organization": dataclasses.replace(letter.organization, **{field: blank})}

    return change


EMPTY_ELEMENT_CASES: list[tuple[LetterKind, Any, str]] = [
    (LetterKind.APPROVAL, {"authorization_number": ""}, "authorization number"),
    (LetterKind.APPROVAL, {"authorized_units": None}, "authorized units"),
    (LetterKind.APPROVAL, {"authorized_units": 0}, "authorized units"),
    (LetterKind.APPROVAL, {"authorized_service": ""}, "authorized service"),
    (LetterKind.APPROVAL, {"authorized_from": None}, "authorization period start"),
    (LetterKind.APPROVAL, {"authorized_through": None}, "authorization period end"),
    (
        LetterKind.APPROVAL,
        {"authorized_through": dt.date(2025, 6, 1)},
        "authorization period (ends before it starts)",
    ),
    (LetterKind.DENIAL, {"failed_criteria": ()}, "denial reason (failed criterion)"),
    (
        LetterKind.DENIAL,
        {"signer": Signer("Riley Sample", "", "medical_director")},
        "reviewing physician credentials",
    ),
    (
        LetterKind.DENIAL,
        {"signer": Signer("", "MD", "medical_director")},
        "reviewing physician name",
    ),
    (
        LetterKind.DENIAL,
        {"signer": Signer("Jordan Placeholder", "RN", "nurse_reviewer")},
        "reviewing physician (a denial must be signed by a medical director)",
    ),
    (LetterKind.DENIAL, {"rationale": ""}, "clinical rationale"),
    (LetterKind.DENIAL, {"policy_citation": ""}, "policy citation"),
    (LetterKind.DENIAL, {"diagnoses": ()}, "diagnosis codes with meanings"),
    (LetterKind.DENIAL, {"line_of_business": "unknown"}, "appeal deadline"),
    (LetterKind.DENIAL, {"letter_date": None}, "appeal deadline"),
    (LetterKind.DENIAL, _without_org("peer_to_peer_phone"), "peer-to-peer phone"),
    (LetterKind.DENIAL, _without_org("appeals_address_lines"), "appeal address"),
    (LetterKind.DENIAL, _without_org("appeals_phone"), "appeal phone"),
    (LetterKind.DENIAL, _without_org("appeals_fax"), "appeal fax"),
    (LetterKind.DENIAL, _without_org("consumer_assistance"), "consumer-assistance contact"),
    (LetterKind.PEND, {"missing_items": ()}, "missing items"),
    (
        LetterKind.PEND,
        {"missing_items": (MissingItem("Chimerism study", ""),)},
        "missing item 1: why it is needed",
    ),
    (LetterKind.PEND, {"respond_by": None}, "respond-by date"),
    (
        LetterKind.PEND,
        {"respond_by": dt.date(2025, 6, 1)},
        "respond-by date (must be after the letter date)",
    ),
    (LetterKind.PEND, {"audit_head_hash": ""}, "audit chain head hash"),
    (LetterKind.APPROVAL, {"letter_date": None}, "letter date"),
    (LetterKind.APPROVAL, {"case_id": " "}, "case number"),
    (LetterKind.APPROVAL, {"cpt": ""}, "CPT code"),
    (LetterKind.APPROVAL, {"date_of_service": None}, "date of service"),
    (LetterKind.APPROVAL, {"decision": ""}, "decision"),
    (LetterKind.PEND, _without_org("address_lines"), "organization address"),
    (LetterKind.PEND, _without_org("phone"), "organization phone"),
    (
        LetterKind.APPROVAL,
        {"signer": Signer("Taylor Trainer", "MD", "trainer")},
        "signer (a trainer identity may sign training letters only)",
    ),
]


@pytest.mark.parametrize(
    ("kind", "change", "expected"),
    EMPTY_ELEMENT_CASES,
    ids=[f"{kind.value}-{expected}" for kind, _, expected in EMPTY_ELEMENT_CASES],
)
def test_empty_required_element_is_named(
    letter_factory: Factory, kind: LetterKind, change: Any, expected: str
) -> None:
    letter = letter_factory(kind)
    changes = change(letter) if callable(change) else change
    assert expected in check_letter(dataclasses.replace(letter, **changes))


def test_trainer_may_sign_a_training_letter(letter_factory: Factory) -> None:
    letter = letter_factory(
        LetterKind.PEND, training=True, signer=Signer("Taylor Trainer", "MD", "trainer")
    )
    assert check_letter(letter) == []


def test_missing_member_name_and_id_are_named(letter_factory: Factory) -> None:
    letter = letter_factory(LetterKind.DENIAL)
    member = dataclasses.replace(letter.member, name="", member_id="")
    missing = check_letter(dataclasses.replace(letter, member=member))
    assert "member name" in missing
    assert "member ID" in missing


@pytest.mark.parametrize(
    ("line_of_business", "days"),
    [("commercial", 180), ("medicare_advantage", 65), ("medicaid", 60)],
)
def test_appeal_deadline_counts_days_from_the_letter_date(
    letter_factory: Factory, line_of_business: str, days: int
) -> None:
    letter = letter_factory(LetterKind.DENIAL, line_of_business=line_of_business)
    assert APPEAL_RULES[line_of_business].appeal_days == days
    assert letter.appeal_deadline == dt.date(2025, 6, 2) + dt.timedelta(days=days)


def test_signature_meaning_marks_training(letter_factory: Factory) -> None:
    assert letter_factory(LetterKind.DENIAL).signature_meaning == (
        "Adverse determination — medical necessity"
    )
    assert letter_factory(LetterKind.APPROVAL, training=True).signature_meaning == (
        "Training only — Approval"
    )
