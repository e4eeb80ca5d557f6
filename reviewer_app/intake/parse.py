"""Read and validate a ``umcase-intake/1`` request.

Every intake is treated as hostile. ``strict_json`` reads the bytes (size, nesting,
numbers, duplicate keys, odd characters), the JSON Schema shipped in ``resources/schemas``
checks the shape and sizes, and the code here checks what a schema cannot: real dates in
sane ranges and a sensible order, and the NPI's check digit.
"""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path
from typing import Any

from reviewer_app.intake.checks import npi_check_digit_ok
from reviewer_app.intake.chimerism import parse_studies
from reviewer_app.intake.direct import parse_direct_answers
from reviewer_app.intake.model import (
    SCHEMA_ID,
    Address,
    Clinical,
    Diagnosis,
    Intake,
    IntakeError,
    Member,
    Provider,
    Service,
    Transplant,
)
from reviewer_app.intake.schema_check import ECHO_FIELDS, check_schema, max_file_bytes
from reviewer_app.intake.strict_json import check_text, read_json_bytes
from reviewer_app.review.deadlines import LineOfBusiness, Urgency

# Years a request can be received in (and a service given): outside them a date is a typo
# or an attack, and due dates computed from it could overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100
FIRST_BIRTH_YEAR = 1900


def load_intake(path: Path) -> Intake:
    from reviewer_app.fhir.reading import MAX_BYTES as FHIR_MAX_BYTES  # fhir imports intake
    from reviewer_app.fhir.reading import looks_like_fhir

    limit = max_file_bytes()
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError
        if not stat.S_ISREG(mode):  # a FIFO or a device could block, or never end
            raise IntakeError("", f"{path}: not a regular file")
        with path.open("rb") as fh:
            raw = fh.read(max(limit, FHIR_MAX_BYTES) + 1)  # never more: 10 GB is refused
    except FileNotFoundError:
        raise IntakeError("", f"{path}: file not found") from None
    except IsADirectoryError:
        raise IntakeError("", f"{path}: is a folder, not an intake file") from None
    except OSError as exc:
        raise IntakeError("", f"{path}: cannot read ({exc.strerror})") from None
    if looks_like_fhir(raw):  # a Da Vinci PAS request Bundle: no flag needed
        from reviewer_app.fhir.request import intake_from_fhir

        return intake_from_fhir(raw, str(path))
    return parse_intake(read_json_bytes(raw, str(path), limit))


def _date(value: str, field: str, first_year: int = FIRST_YEAR) -> dt.date:
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        raise IntakeError(field, "is not a real date (YYYY-MM-DD)") from None
    if not first_year <= parsed.year <= LAST_YEAR:
        raise IntakeError(field, f"is out of range (years {first_year} to {LAST_YEAR})")
    return parsed


def _datetime(value: str, field: str) -> tuple[dt.datetime, dt.date]:
    """The time in UTC, and the calendar date where it was stated."""
    shown = repr(value) if field in ECHO_FIELDS and len(value) <= 40 else "the value"
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise IntakeError(field, f"{shown} is not a date-time (ISO 8601)") from None
    if parsed.tzinfo is None:
        raise IntakeError(field, f"{shown} has no time zone (add Z or an offset)")
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:  # checked before converting: no overflow
        raise IntakeError(
            field, f"{shown} is out of range (years {FIRST_YEAR} to {LAST_YEAR} are accepted)"
        )
    return parsed.astimezone(dt.UTC), parsed.date()


def parse_intake(data: Any, *, schema: bool = True) -> Intake:
    """``data`` as an Intake; ``schema=False`` skips the JSON Schema (for a request read
    back from a case file, which was checked at import and is sealed by its trail: the
    caller then treats any error as "no longer reads")."""
    if not isinstance(data, dict):
        raise IntakeError("(top level)", "expected a JSON object")
    if data.get("schema") != SCHEMA_ID:
        got = data.get("schema")
        shown = f" {got!r}" if isinstance(got, str) and len(got) <= 40 else ""
        raise IntakeError(
            "schema",
            "is missing" if got is None else f"unsupported version{shown} (expected {SCHEMA_ID})",
        )
    check_text(data)  # again: parse_intake is also called with data not read from a file
    if schema:
        check_schema(data)

    m, p, s, c = data["member"], data["requesting_provider"], data["service"], data["clinical"]
    a = m["address"]
    t = c.get("transplant")
    transplant = None
    if t is not None:
        transplant = Transplant(
            type=t["type"],
            date=_date(t["date"], "clinical.transplant.date", FIRST_BIRTH_YEAR)
            if "date" in t
            else None,
            donor_id=t.get("donor_id"),
        )
    received_at, received_on = _datetime(data["received_at"], "received_at")
    intake = Intake(
        case_id=data.get("case_id"),
        received_at=received_at,
        urgency=Urgency(data["urgency"]),
        line_of_business=LineOfBusiness(data["line_of_business"]),
        member=Member(
            id=m["id"],
            name=m["name"],
            date_of_birth=_date(m["date_of_birth"], "member.date_of_birth", FIRST_BIRTH_YEAR),
            sex=m["sex"],
            preferred_language=m["preferred_language"],
            address=Address(
                line1=a["line1"],
                line2=a.get("line2", ""),
                city=a["city"],
                state=a["state"],
                postal_code=a["postal_code"],
            ),
        ),
        requesting_provider=Provider(
            name=p["name"],
            npi=p["npi"],
            organization=p["organization"],
            phone=p["phone"],
            fax=p["fax"],
        ),
        service=Service(
            cpt=s["cpt"],
            date_of_service=_date(s["date_of_service"], "service.date_of_service"),
            units=s["units"],
        ),
        diagnoses=[Diagnosis(d["icd10"].upper(), d["description"]) for d in data["diagnoses"]],
        clinical=Clinical(
            transplant=transplant,
            product_donor_id=c.get("product_donor_id"),
            indication=c.get("indication"),
            chimerism_percent_donor=c.get("chimerism_percent_donor"),
            notes=c.get("notes", ""),
            chimerism_studies=parse_studies(c.get("chimerism_studies", [])),
        ),
        raw=data,
        direct_answers=parse_direct_answers(data.get("questionnaire_answers", [])),
    )
    _check_dates(intake, received_on)
    _check_codes(intake)
    return intake


def _check_dates(intake: Intake, received_on: dt.date) -> None:
    dos = intake.service.date_of_service
    dob = intake.member.date_of_birth
    t = intake.clinical.transplant
    if dob > received_on or dob > dt.date.today():
        raise IntakeError("member.date_of_birth", "is in the future (after the request)")
    if dob > dos:
        raise IntakeError("member.date_of_birth", "is after the date of service")
    if t is not None and t.date is not None:
        if t.date < dob:
            raise IntakeError("clinical.transplant.date", "is before the date of birth")
        if dos < t.date:
            raise IntakeError(
                "service.date_of_service",
                "is before the transplant date (DLI and HPC boost follow a transplant)",
            )


def _check_codes(intake: Intake) -> None:
    if not npi_check_digit_ok(intake.requesting_provider.npi):
        raise IntakeError(
            "requesting_provider.npi", "fails its check digit (not a valid NPI; mistyped?)"
        )
    units = intake.service.units
    if not isinstance(units, int) or isinstance(units, bool):
        raise IntakeError("service.units", "expected a whole number")
