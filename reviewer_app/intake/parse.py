"""Read and validate a ``umcase-intake/1`` request.

The JSON Schema shipped in ``resources/schemas`` checks the shape; the code here checks
what a schema cannot (real dates, time zones, dates in a sensible order).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

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
from reviewer_app.resources import resource
from reviewer_app.review.deadlines import LineOfBusiness, Urgency

MAX_INTAKE_BYTES = 1_000_000


@cache
def _validator() -> Any:
    import jsonschema  # imported on first use: it is slow to import

    schema = json.loads(resource("schemas", "umcase-intake-1.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def load_intake(path: Path) -> Intake:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise IntakeError("", f"{path}: file not found") from None
    except IsADirectoryError:
        raise IntakeError("", f"{path}: is a folder, not an intake file") from None
    except OSError as exc:
        raise IntakeError("", f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_INTAKE_BYTES:
        raise IntakeError("", f"{path}: too large for an intake request ({len(raw)} bytes)")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise IntakeError("", f"{path}: not a UTF-8 text file") from None
    except json.JSONDecodeError as exc:
        raise IntakeError(
            "", f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    return parse_intake(data)


def _where(path: Any) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


def _describe(error: Any) -> IntakeError:
    field = _where(error.absolute_path)
    validator = error.validator
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return IntakeError(f"{field}.{missing}" if error.absolute_path else missing, "is missing")
    if validator == "enum":
        allowed = " | ".join(str(v) for v in error.validator_value)
        return IntakeError(field, f"unknown value {error.instance!r} (expected {allowed})")
    if validator == "const":
        return IntakeError(
            field, f"unsupported value {error.instance!r} (expected {error.validator_value!r})"
        )
    if validator in ("minimum", "maximum"):
        return IntakeError(field, f"{error.instance} is out of range ({error.message})")
    if validator == "additionalProperties":
        return IntakeError(field, f"unexpected field ({error.message})")
    if validator == "pattern":
        return IntakeError(field, f"{error.instance!r} is not in the expected format")
    if validator == "type":
        return IntakeError(field, f"expected {error.validator_value}, got {error.instance!r}")
    return IntakeError(field, error.message)


def _date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise IntakeError(field, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _datetime(value: str, field: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise IntakeError(field, f"{value!r} is not a date-time (ISO 8601)") from None
    if parsed.tzinfo is None:
        raise IntakeError(field, f"{value!r} has no time zone (add Z or an offset)")
    return parsed.astimezone(dt.UTC)


def parse_intake(data: Any) -> Intake:
    if not isinstance(data, dict):
        raise IntakeError("(top level)", "expected a JSON object")
    if data.get("schema") != SCHEMA_ID:
        got = data.get("schema")
        raise IntakeError(
            "schema",
            "is missing" if got is None else f"unsupported version {got!r} (expected {SCHEMA_ID})",
        )
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise _describe(errors[0])

    m, p, s, c = data["member"], data["requesting_provider"], data["service"], data["clinical"]
    a = m["address"]
    t = c.get("transplant")
    transplant = None
    if t is not None:
        transplant = Transplant(
            type=t["type"],
            date=_date(t["date"], "clinical.transplant.date") if "date" in t else None,
            donor_id=t.get("donor_id"),
        )
    intake = Intake(
        case_id=data.get("case_id"),
        received_at=_datetime(data["received_at"], "received_at"),
        urgency=Urgency(data["urgency"]),
        line_of_business=LineOfBusiness(data["line_of_business"]),
        member=Member(
            id=m["id"],
            name=m["name"],
            date_of_birth=_date(m["date_of_birth"], "member.date_of_birth"),
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
        ),
        raw=data,
    )
    _check_dates(intake)
    return intake


def _check_dates(intake: Intake) -> None:
    dos = intake.service.date_of_service
    t = intake.clinical.transplant
    if t is not None and t.date is not None and dos < t.date:
        raise IntakeError(
            "service.date_of_service",
            f"{dos} is before the transplant date {t.date} (DLI and HPC boost follow a transplant)",
        )
    if intake.member.date_of_birth > dos:
        raise IntakeError(
            "member.date_of_birth", f"{intake.member.date_of_birth} is after the date of service"
        )
