"""A validated intake request, as typed Python values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reviewer_app.review.deadlines import LineOfBusiness, Urgency

SCHEMA_ID = "umcase-intake/1"


class IntakeError(ValueError):
    """The intake is wrong; the message starts with the field and says the problem."""

    def __init__(self, field_path: str, problem: str) -> None:
        self.field = field_path
        self.problem = problem
        super().__init__(f"{field_path}: {problem}" if field_path else problem)


@dataclass(frozen=True)
class Address:
    line1: str
    city: str
    state: str
    postal_code: str
    line2: str = ""

    def lines(self) -> list[str]:
        first = [self.line1] + ([self.line2] if self.line2 else [])
        return [*first, f"{self.city}, {self.state} {self.postal_code}"]


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    date_of_birth: dt.date
    sex: str
    preferred_language: str
    address: Address


@dataclass(frozen=True)
class Provider:
    name: str
    npi: str
    organization: str
    phone: str
    fax: str


@dataclass(frozen=True)
class Service:
    cpt: str
    date_of_service: dt.date
    units: int


@dataclass(frozen=True)
class Diagnosis:
    icd10: str
    description: str


@dataclass(frozen=True)
class Transplant:
    type: str
    date: dt.date | None = None
    donor_id: str | None = None


@dataclass(frozen=True)
class ChimerismStudy:
    """One lineage of a chimerism study: whole blood, CD3 (T cells), CD33, marrow..."""

    date: dt.date
    lineage: str
    percent_donor: float


@dataclass(frozen=True)
class Clinical:
    transplant: Transplant | None = None
    product_donor_id: str | None = None
    indication: str | None = None
    chimerism_percent_donor: float | None = None
    notes: str = ""
    chimerism_studies: tuple[ChimerismStudy, ...] = ()


@dataclass(frozen=True)
class DirectAnswer:
    """An answer the request gives to one criterion itself, as a Da Vinci DTR
    QuestionnaireResponse does: ``origin`` is DTR's information origin (auto, override,
    manual, or "not stated"). It pre-fills unconfirmed, like any fact from intake."""

    criterion: str
    value: bool | float
    origin: str
    authored: dt.date | None = None


@dataclass(frozen=True)
class Intake:
    case_id: str | None
    received_at: dt.datetime
    urgency: Urgency
    line_of_business: LineOfBusiness
    member: Member
    requesting_provider: Provider
    service: Service
    diagnoses: list[Diagnosis]
    clinical: Clinical
    raw: dict[str, object] = field(repr=False, compare=False, default_factory=dict)
    direct_answers: tuple[DirectAnswer, ...] = ()
