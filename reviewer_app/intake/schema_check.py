"""The intake's JSON Schema, and its first error as one line that quotes no case data.

jsonschema's own messages repeat the offending value (a member's name, a 20,000-character
note); these name the field and the rule instead. Values are quoted only for the fields in
``ECHO_FIELDS``, which hold codes and enumerations rather than anything about a person.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from reviewer_app.intake.model import IntakeError
from reviewer_app.intake.strict_json import field_path, safe_name
from reviewer_app.resources import resource

SCHEMA_FILE = "umcase-intake-1.schema.json"
ECHO_FIELDS = frozenset(
    {
        "schema",
        "received_at",
        "urgency",
        "line_of_business",
        "service.cpt",
        "service.units",
        "clinical.indication",
        "clinical.transplant.type",
        "clinical.chimerism_percent_donor",
    }
)
_MAX_ERRORS_SORTED = 50  # the first few by path; a hostile file can yield thousands


@cache
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource("schemas", SCHEMA_FILE).read_text("utf-8"))
    return data


def max_file_bytes() -> int:
    """The largest intake file read, as the schema states it (``x-maxFileBytes``)."""
    return int(schema()["x-maxFileBytes"])


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # ECMA-262 semantics, as JSON Schema means them: '$' ends the text. Python's '$' also
    # matches before a final line break, which let "38242\n" through.
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield ValidationError("does not match the pattern")


@cache
def _validator() -> Any:
    import jsonschema  # imported on first use: it is slow to import

    strict = jsonschema.validators.extend(
        jsonschema.Draft202012Validator, validators={"pattern": _pattern}
    )
    return strict(schema())


def check_schema(data: Any) -> None:
    """Raise the first schema error (by field path) as an ``IntakeError``."""
    found = itertools.islice(_validator().iter_errors(data), _MAX_ERRORS_SORTED)
    errors = sorted(found, key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise describe(errors[0])


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _echo(field: str, value: Any) -> str:
    """``value`` quoted if its field may be quoted and it is short, else ''."""
    if field not in ECHO_FIELDS or isinstance(value, dict | list):
        return ""
    text = repr(value)
    return text if len(text) <= 40 else ""


def describe(error: Any) -> IntakeError:
    """One line for a jsonschema error: the field, then the problem, no case data."""
    field = field_path(error.absolute_path)
    rule, limit, value = error.validator, error.validator_value, error.instance
    shown = _echo(field, value)  # '' when the value may not be quoted
    if rule == "required":
        missing = next((k for k in limit if isinstance(value, dict) and k not in value), "")
        name = missing if not error.absolute_path else f"{field}.{missing}"
        return IntakeError(name, "is missing")
    if rule == "additionalProperties":
        extra = next((k for k in value if k not in error.schema.get("properties", {})), "")
        name = safe_name(extra) if not error.absolute_path else f"{field}.{safe_name(extra)}"
        return IntakeError(name, "unexpected field (not part of umcase-intake/1)")
    if rule in ("enum", "const"):
        allowed = " | ".join(str(v) for v in (limit if rule == "enum" else [limit]))
        what = f"unknown value {shown}" if shown else "unknown value"
        return IntakeError(field, f"{what} (expected {allowed})")
    if rule in ("minimum", "maximum"):
        bound = f"at least {limit}" if rule == "minimum" else f"at most {limit}"
        return IntakeError(field, f"{shown or 'the number'} is out of range ({bound})")
    if rule == "type":
        return IntakeError(field, f"expected {limit}, got {_kind(value)}")
    if rule == "minLength":
        return IntakeError(field, "is empty" if limit == 1 else f"is shorter than {limit}")
    if rule == "maxLength":
        return IntakeError(field, f"is too long ({len(value)} characters; at most {limit})")
    if rule == "maxItems":
        return IntakeError(field, f"has too many items ({len(value)}; at most {limit})")
    if rule == "pattern":
        if limit == r"\S":
            return IntakeError(field, "is blank (whitespace only)")
        hint = error.schema.get("description")
        text = f"{shown} is not in the expected format".strip()
        return IntakeError(field, f"{text} ({hint})" if hint else text)
    return IntakeError(field, f"is not allowed here ({rule})")
