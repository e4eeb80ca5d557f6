"""Synthetic letters (fictional people and plan only) and shared, session-wide artefacts.

Rendering and signing take a few tenths of a second each, so each kind of letter is
rendered once and one ECDSA identity is created once per test session.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.letters.content import (
    Diagnosis,
    FailedCriterion,
    LetterData,
    LetterKind,
    Member,
    MissingItem,
    Provider,
    Signer,
    default_decision,
    demo_organization,
)
from reviewer_app.letters.elements import DenialCode
from reviewer_app.letters.organization import PlanSettings, PlanType

AUDIT_HEAD = "4be1c0de" * 8
SIGNED_AT = dt.datetime(2025, 6, 2, 14, 5, tzinfo=dt.UTC)
PASSPHRASE = b"synthetic passphrase for tests"
POLICY = "Coverage Policy 0261, Donor Lymphocyte Infusion and HPC Boost, effective 2025-05-15"
QUOTE_HSCT = (
    "Donor lymphocyte infusion (DLI) is considered medically necessary following an "
    "allogeneic hematopoietic stem cell transplantation (HSCT)"
)
QUOTE_RELAPSE = (
    "for the treatment of a relapsed, persistent or refractory hematologic malignancy or "
    "when there is high risk of relapse of a hematologic malignancy"
)


def make_letter(kind: LetterKind, **changes: Any) -> LetterData:
    """A complete letter of ``kind``; keyword arguments replace fields."""
    common: dict[str, Any] = dict(
        kind=kind,
        organization=demo_organization(),
        letter_date=dt.date(2025, 6, 2),
        case_id="C-2025-000123",
        member=Member("Ava Demo", ("12 Sample Street", "Springfield, ST 00000"), "DHP-000123456"),
        provider=Provider(
            "Dr. Sam Example",
            "Demo Cancer Center",
            "1234567893",
            "1-800-555-0110",
            "1-800-555-0111",
        ),
        service="Donor lymphocyte infusion (DLI)",
        cpt="38242",
        cpt_description="Allogeneic lymphocyte infusions",
        date_of_service=dt.date(2025, 6, 20),
        line_of_business="commercial",
        urgency="standard",
        decision=default_decision(kind, "donor lymphocyte infusion (DLI)"),
        signer=Signer("Riley Sample", "MD", "medical_director"),
        policy_citation=POLICY,
        audit_head_hash=AUDIT_HEAD,
    )
    if kind is LetterKind.DENIAL:
        common.update(
            plan=PlanSettings("DHP-GROUP", PlanType.ERISA, "Demo Employer Group Plan"),
            denial_code=DenialCode(),
            approvable=("Records showing a prior allogeneic (donor) transplant.",),
        )
        common.update(
            rationale=(
                "The records show that Ava Demo received an autologous transplant of her own "
                "stem cells in 2023. DLI uses cells from a donor, so there is no donor graft."
            ),
            failed_criteria=(
                FailedCriterion(
                    "Prior allogeneic HSCT",
                    "The records show an autologous (own-cell) transplant, not a donor transplant.",
                    QUOTE_HSCT,
                    "Coverage Policy, paragraph 1",
                ),
                FailedCriterion(
                    "Relapsed, persistent or refractory disease",
                    "The latest marrow study shows remission without signs of relapse.",
                    QUOTE_RELAPSE,
                    "Coverage Policy, paragraph 1",
                ),
            ),
            diagnoses=(
                Diagnosis("C92.00", "Acute myeloblastic leukemia, not having achieved remission"),
                Diagnosis("Z94.84", "Stem cells transplant status"),
            ),
        )
    elif kind is LetterKind.APPROVAL:
        common.update(
            authorization_number="AUTH-2025-004567",
            authorized_service="Donor lymphocyte infusion (DLI)",
            authorized_from=dt.date(2025, 6, 15),
            authorized_through=dt.date(2025, 9, 15),
            authorized_units=3,
            rationale="All criteria of the policy are met.",
        )
    else:
        common.update(
            missing_items=(
                MissingItem(
                    "Transplant summary with the transplant type and date",
                    "The policy covers DLI only after a donor (allogeneic) transplant.",
                ),
                MissingItem(
                    "Most recent chimerism study", "To confirm relapse or mixed chimerism."
                ),
            ),
            respond_by=dt.date(2025, 7, 17),  # 45 days: a commercial plan's least
        )
    letter = LetterData(**common)
    return dataclasses.replace(letter, **changes) if changes else letter


@pytest.fixture(scope="session")
def letter_factory() -> Callable[..., LetterData]:
    return make_letter


@pytest.fixture(scope="session")
def rendered() -> dict[LetterKind, bytes]:
    from reviewer_app.letters.render import render_letter

    return {kind: render_letter(make_letter(kind)) for kind in LetterKind}


@pytest.fixture(scope="session")
def identity_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reviewer_app.letters.identity import create_identity

    path = tmp_path_factory.mktemp("identity") / "riley.p12"
    return create_identity("Riley Sample", "MD", "medical_director", PASSPHRASE, path)


@pytest.fixture(scope="session")
def identity(identity_path: Path) -> Any:
    from reviewer_app.letters.identity import load_identity

    return load_identity(identity_path, PASSPHRASE)


@pytest.fixture(scope="session")
def signed_denial(rendered: dict[LetterKind, bytes], identity: Any) -> bytes:
    from reviewer_app.letters.signing import sign_letter

    return sign_letter(
        rendered[LetterKind.DENIAL],
        identity,
        meaning="Adverse determination — medical necessity",
        signed_at=SIGNED_AT,
    )


@pytest.fixture(scope="session")
def signed_at() -> dt.datetime:
    return SIGNED_AT


@pytest.fixture(scope="session")
def passphrase() -> bytes:
    return PASSPHRASE
